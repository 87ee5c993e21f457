import {
  BackstageCredentials,
  BackstageUserPrincipal,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DeliveryAction,
  deliveryReleaseApprovePermission,
} from '@internal/plugin-delivery-common';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { fetchEntity } from '../entities/fetchEntity';
import {
  EntityRolloutTarget,
  readEntityRollout,
} from '../entities/readEntityRollout';
import { ReleaseHistoryStore } from '../history/ReleaseHistoryStore';
import {
  podTemplateHashOf,
  ReplicaSet,
  revisionOf,
  Rollout,
} from '../rollouts/kubernetesTypes';
import { ownedReplicaSets } from '../rollouts/revisions';
import { imagesOf } from '../rollouts/rolloutState';
import { evaluateSafely, GateCheck, GateRevision } from './GateCheck';
import { GateDecision, GateDecisionStore } from './GateDecisionStore';
import { GateNotifier } from './GateNotifier';
import { limitsForEntity } from './gateLimits';
import {
  crossesGate,
  gatePositionOf,
  isBeforeOrAtGate,
  isWaitingAtGate,
} from './gatePosition';
import { GateSettings } from './GateSettings';
import {
  blockingChecks,
  GateState,
  verdictOf,
  withOverrides,
} from './gateState';

export type GateDecisionRequest =
  | { decision: 'approve'; reason?: string }
  | { decision: 'refuse'; reason: string }
  | { decision: 'override'; checkId: string; reason: string };

export type GateTarget = EntityRolloutTarget;

/** How each request is recorded. */
const RECORDED = {
  approve: 'approved',
  refuse: 'refused',
  override: 'overridden',
} as const;

function revisionFrom(replicaSet?: ReplicaSet): GateRevision | undefined {
  const hash = replicaSet && podTemplateHashOf(replicaSet);
  if (!replicaSet || !hash) return undefined;
  return {
    podTemplateHash: hash,
    revision: revisionOf(replicaSet),
    images: imagesOf(replicaSet.spec?.template),
  };
}

/**
 * The release manager's gate: which releases it holds, its readiness checks,
 * and the decisions release managers take on it. The action service asks it
 * before a promotion; everything else about the gate lives here.
 */
export class ReleaseGateService {
  readonly #settings: GateSettings;
  readonly #checks: GateCheck[];
  readonly #decisions: GateDecisionStore;
  readonly #history: ReleaseHistoryStore;
  readonly #permissions: PermissionsService;
  readonly #clusters: ClusterRegistry;
  readonly #catalog: CatalogService;
  readonly #notifier?: GateNotifier;

  constructor(options: {
    settings: GateSettings;
    checks: GateCheck[];
    decisions: GateDecisionStore;
    history: ReleaseHistoryStore;
    permissions: PermissionsService;
    clusters: ClusterRegistry;
    catalog: CatalogService;
    notifier?: GateNotifier;
  }) {
    this.#settings = options.settings;
    this.#checks = options.checks;
    this.#decisions = options.decisions;
    this.#history = options.history;
    this.#permissions = options.permissions;
    this.#clusters = options.clusters;
    this.#catalog = options.catalog;
    this.#notifier = options.notifier;
  }

  get settings(): GateSettings {
    return this.#settings;
  }

  get checkIds(): string[] {
    return this.#checks.map(c => c.id);
  }

  isGated(cluster: string): boolean {
    return this.#settings.environments.includes(cluster);
  }

  /** The gate of a Rollout as read now, with every check evaluated. */
  async state(
    target: GateTarget,
    credentials: BackstageCredentials,
  ): Promise<GateState> {
    const { entity, rollout, replicaSets } = await this.#read(
      target,
      credentials,
    );
    return this.evaluate({
      entity,
      cluster: target.cluster,
      rollout,
      replicaSets,
      credentials,
    });
  }

  /** The gate of a Rollout already read. */
  async evaluate(options: {
    entity: Entity;
    cluster: string;
    rollout: Rollout;
    replicaSets: ReplicaSet[];
    credentials: BackstageCredentials;
  }): Promise<GateState> {
    const { entity, cluster, rollout, credentials } = options;
    const entityRef = stringifyEntityRef(entity);
    const namespace = rollout.metadata.namespace ?? 'default';
    const name = rollout.metadata.name ?? '';
    const owned = ownedReplicaSets(rollout, options.replicaSets);
    const status = rollout.status ?? {};
    const candidate = revisionFrom(
      owned.find(rs => podTemplateHashOf(rs) === status.currentPodHash),
    );
    const runningHash = rollout.spec?.strategy?.blueGreen
      ? status.blueGreen?.activeSelector
      : status.stableRS;
    const running = revisionFrom(
      owned.find(rs => podTemplateHashOf(rs) === runningHash),
    );
    const position = gatePositionOf(rollout);
    const base: GateState = {
      entityRef,
      cluster,
      namespace,
      rollout: name,
      gated: this.isGated(cluster),
      position,
      stage: 'none',
      candidate,
      running:
        running && running.podTemplateHash !== candidate?.podTemplateHash
          ? running
          : undefined,
      checks: [],
      decisions: [],
      open: true,
      blockers: [],
    };
    if (!base.gated || !position || !candidate) return base;
    if (!isBeforeOrAtGate(rollout, position)) {
      const inFlight = status.stableRS !== status.currentPodHash;
      return { ...base, stage: inFlight ? 'passed' : 'none' };
    }
    const stage = isWaitingAtGate(rollout, position)
      ? 'waiting'
      : 'approaching';
    const context = {
      entity,
      entityRef,
      environment: cluster,
      stagingEnvironment: this.#settings.stagingEnvironment,
      rollout,
      replicaSets: owned,
      candidate,
      running: base.running,
      gateStepIndex: position.stepIndex,
      limits: limitsForEntity(entity, this.#settings.limits),
      credentials,
    };
    const results = await Promise.all(
      this.#checks.map(async check => ({
        id: check.id,
        title: check.title,
        ...(await evaluateSafely(check, context)),
      })),
    );
    const decisions = await this.#decisions.forRevision(
      { cluster, namespace, rollout: name },
      candidate.podTemplateHash,
    );
    const checks = withOverrides(results, decisions);
    const { approval, refusal } = verdictOf(decisions);
    const blockers = blockingChecks(checks).map(
      c => `${c.id} is ${c.state}: ${c.summary}`,
    );
    if (refusal) {
      blockers.unshift(
        `refused by ${refusal.by}${
          refusal.reason ? `: ${refusal.reason}` : ''
        }`,
      );
    } else if (!approval) {
      blockers.unshift('not approved by a release manager');
    }
    return {
      ...base,
      stage,
      checks,
      approval,
      refusal,
      decisions,
      open: blockers.length === 0,
      blockers,
    };
  }

  /**
   * Why each of the actions may not take the release past the gate now,
   * naming each closed check; no entry for an action the gate does not hold.
   * The gate is evaluated once, however many actions cross it.
   */
  async whyClosed(options: {
    entity: Entity | CompoundEntityRef;
    cluster: string;
    rollout: Rollout;
    replicaSets: ReplicaSet[];
    actions: readonly DeliveryAction[];
    credentials: BackstageCredentials;
  }): Promise<Map<DeliveryAction, string>> {
    const reasons = new Map<DeliveryAction, string>();
    const position = this.isGated(options.cluster)
      ? gatePositionOf(options.rollout)
      : undefined;
    const crossing = position
      ? options.actions.filter(a => crossesGate(options.rollout, position, a))
      : [];
    if (crossing.length === 0) return reasons;
    const entity =
      'metadata' in options.entity
        ? options.entity
        : await fetchEntity(this.#catalog, options.entity, options.credentials);
    const state = await this.evaluate({ ...options, entity });
    if (!state.open) {
      const reason = `The release manager's gate of ${
        options.cluster
      } is closed for ${state.namespace}/${state.rollout} (revision ${
        state.candidate?.revision ?? state.candidate?.podTemplateHash
      }): ${state.blockers.join('; ')}`;
      crossing.forEach(action => reasons.set(action, reason));
    }
    return reasons;
  }

  /**
   * Refuses (409) an action that would take a release past a closed gate.
   * Called with the Rollout just read, right before it is patched.
   */
  async assertOpen(options: {
    entity: Entity | CompoundEntityRef;
    cluster: string;
    rollout: Rollout;
    replicaSets: ReplicaSet[];
    action: DeliveryAction;
    credentials: BackstageCredentials;
  }): Promise<void> {
    const closed = await this.whyClosed({
      ...options,
      actions: [options.action],
    });
    const reason = closed.get(options.action);
    if (reason) {
      throw new ConflictError(reason);
    }
  }

  /** Approve, refuse or override a check, as a release manager. */
  async decide(
    target: GateTarget,
    request: GateDecisionRequest,
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): Promise<{ decision: GateDecision; state: GateState }> {
    const entityRef = stringifyEntityRef(target.entity);
    const actor = credentials.principal.userEntityRef;
    const verb = {
      approve: 'approve',
      refuse: 'refuse',
      override: 'override checks of',
    }[request.decision];
    const [authorized] = await this.#permissions.authorize(
      [
        {
          permission: deliveryReleaseApprovePermission,
          resourceRef: entityRef,
        },
      ],
      { credentials },
    );
    if (authorized.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You may not ${verb} releases of ${entityRef}; only release managers may`,
      );
    }
    if (request.decision !== 'approve' && !request.reason?.trim()) {
      throw new InputError(`A reason is required to ${request.decision}`);
    }
    if (!this.isGated(target.cluster)) {
      throw new ConflictError(
        `Cluster '${
          target.cluster
        }' is not a gated environment; gated: ${this.#settings.environments.join(
          ', ',
        )}`,
      );
    }
    const read = await this.#read(target, credentials);
    const state = await this.evaluate({
      ...read,
      cluster: target.cluster,
      credentials,
    });
    if (
      !state.candidate ||
      (state.stage !== 'waiting' && state.stage !== 'approaching')
    ) {
      throw new ConflictError(
        `No release of ${target.namespace}/${target.rollout} is waiting at ${target.cluster}'s gate`,
      );
    }
    if (this.#settings.fourEyes) {
      const involved = await this.#releaseActors(target, state);
      if (involved.includes(actor)) {
        throw new NotAllowedError(
          `You started or promoted this release of ${target.namespace}/${target.rollout}; another release manager must ${verb} it (four eyes)`,
        );
      }
    }
    if (request.decision === 'override') {
      const check = state.checks.find(c => c.id === request.checkId);
      if (!check) {
        throw new InputError(
          `Unknown check '${
            request.checkId
          }'; the gate's checks are ${this.checkIds.join(', ')}`,
        );
      }
      if (check.state === 'open') {
        throw new ConflictError(
          `Check ${check.id} is open; there is nothing to override`,
        );
      }
    }
    if (request.decision === 'approve') {
      const blocking = blockingChecks(state.checks);
      if (blocking.length > 0) {
        throw new ConflictError(
          `Cannot approve while checks are not open: ${blocking
            .map(c => `${c.id} is ${c.state}: ${c.summary}`)
            .join('; ')}; override them with a reason first`,
        );
      }
    }
    const decision = await this.#decisions.add({
      entityRef,
      cluster: target.cluster,
      namespace: target.namespace,
      rollout: target.rollout,
      podTemplateHash: state.candidate.podTemplateHash,
      images: state.candidate.images,
      decision: RECORDED[request.decision],
      checkId: request.decision === 'override' ? request.checkId : undefined,
      reason: request.reason?.trim() || undefined,
      actor,
    });
    await this.#notifier?.decided(
      decision,
      (read.entity.spec as { owner?: string } | undefined)?.owner,
    );
    return {
      decision,
      state: await this.evaluate({
        ...read,
        cluster: target.cluster,
        credentials,
      }),
    };
  }

  /** An entity's gate decisions, newest first, for its timeline. */
  decisionsOf(entityRef: string, limit?: number): Promise<GateDecision[]> {
    return this.#decisions.forEntity(entityRef, limit);
  }

  /**
   * Who started or promoted this release through the portal: promotions,
   * retries and rollbacks recorded for the candidate's revision. Matched by
   * Argo's revision number, not by time: a cluster's clock is not ours.
   */
  async #releaseActors(
    target: GateTarget,
    state: GateState,
  ): Promise<string[]> {
    const revision = state.candidate?.revision;
    if (revision === undefined) return [];
    const page = await this.#history.list({
      entityRef: state.entityRef,
      cluster: target.cluster,
      limit: 100,
    });
    return page.items
      .filter(
        r =>
          r.namespace === target.namespace &&
          r.rollout === target.rollout &&
          r.action !== 'abort' &&
          (r.revisionBefore === revision || r.revisionAfter === revision),
      )
      .map(r => r.actor);
  }

  #read(target: GateTarget, credentials: BackstageCredentials) {
    return readEntityRollout(
      { catalog: this.#catalog, clusters: this.#clusters },
      target,
      credentials,
    );
  }
}
