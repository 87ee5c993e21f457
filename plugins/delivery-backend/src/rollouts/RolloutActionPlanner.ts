import { isDeepStrictEqual } from 'node:util';
import { JsonObject } from '@backstage/types';
import { DeliveryAction, ReleaseStep } from '@internal/plugin-delivery-common';
import {
  PodTemplate,
  POD_TEMPLATE_HASH_LABEL,
  podTemplateHashOf,
  ReplicaSet,
  revisionOf,
  Rollout,
} from './kubernetesTypes';
import {
  canaryStepsOf,
  currentCanaryStep,
  isFullyPromoted,
  isPaused,
  isStatusObserved,
  strategyOf,
} from './rolloutState';
import { findRollbackTarget, isRunningTemplate } from './revisions';
import { promotionStep } from './rolloutStep';

/**
 * The patches `kubectl argo rollouts` sends for an action, in the order it
 * sends them: first `status` to the status subresource, then `spec` to the
 * Rollout itself. When the status subresource is missing (404), the CLI sends
 * `unified` to the Rollout instead of `spec`.
 */
export interface MergePatchPlan {
  type: 'merge';
  status?: JsonObject;
  spec?: JsonObject;
  unified: JsonObject;
}

/** `undo`: replace `/spec/template` with an earlier revision's template. */
export interface TemplatePatchPlan {
  type: 'template';
  template: PodTemplate;
}

export interface ActionPlan {
  action: DeliveryAction;
  patch: MergePatchPlan | TemplatePatchPlan;
  /** The canary steps a promotion moves the rollout across. */
  step?: ReleaseStep;
  /** Revision the action moves traffic away from. */
  revisionBefore?: number;
  /** Revision the action moves traffic towards. */
  revisionAfter?: number;
}

export type PlanResult =
  | { ok: true; plan: ActionPlan }
  | { ok: false; reason: string; notFound?: boolean };

const refuse = (reason: string): PlanResult => ({ ok: false, reason });

function revisionForHash(owned: ReplicaSet[], hash?: string) {
  const replicaSet = owned.find(rs => podTemplateHashOf(rs) === hash);
  return replicaSet ? revisionOf(replicaSet) : undefined;
}

/** The step index after the current one, as the CLI computes it. */
function nextStepIndex(rollout: Rollout): number | undefined {
  const { index } = currentCanaryStep(rollout);
  if (index === undefined) {
    return undefined;
  }
  const steps = rollout.spec?.strategy?.canary?.steps ?? [];
  return index < steps.length ? index + 1 : index;
}

function isInconclusive(rollout: Rollout): boolean {
  return (
    strategyOf(rollout) === 'canary' &&
    rollout.status?.canary?.currentStepAnalysisRunStatus?.status ===
      'Inconclusive'
  );
}

/**
 * The step index a single promote leads to: the CLI moves the index on
 * itself, or clears a pause the controller then completes (a pause step, an
 * inconclusive analysis); any other pause only lifts, on the same step.
 */
function promotedStepIndex(rollout: Rollout): number | undefined {
  const { step, index } = currentCanaryStep(rollout);
  const pauseConditions = rollout.status?.pauseConditions ?? [];
  const advances =
    pauseConditions.length === 0 ||
    isInconclusive(rollout) ||
    Boolean(step?.pause);
  return advances ? nextStepIndex(rollout) : index;
}

/** promote.go `getPatches`, default (single step) branch. */
function promotePatch(rollout: Rollout): MergePatchPlan {
  const pauseConditions = rollout.status?.pauseConditions ?? [];
  const spec = rollout.spec?.paused ? { spec: { paused: false } } : undefined;
  let unified: JsonObject = {
    spec: { paused: false },
    status: { pauseConditions: null },
  };
  let status: JsonObject | undefined;
  const next = nextStepIndex(rollout);
  if (
    isInconclusive(rollout) &&
    pauseConditions.length > 0 &&
    rollout.status?.controllerPause
  ) {
    if (next !== undefined) {
      status = {
        status: {
          pauseConditions: null,
          controllerPause: false,
          currentStepIndex: next,
        },
      };
    }
  } else if (pauseConditions.length > 0) {
    status = { status: { pauseConditions: null } };
  } else if (strategyOf(rollout) === 'canary' && next !== undefined) {
    status = { status: { pauseConditions: null, currentStepIndex: next } };
    unified = {
      spec: { paused: false },
      status: { pauseConditions: null, currentStepIndex: next },
    };
  }
  return { type: 'merge', status, spec, unified };
}

/** promote.go `getPatches`, `--full` branch. */
function promoteFullPatch(rollout: Rollout): MergePatchPlan {
  return {
    type: 'merge',
    spec: rollout.spec?.paused ? { spec: { paused: false } } : undefined,
    status: isFullyPromoted(rollout)
      ? undefined
      : { status: { promoteFull: true } },
    unified: { spec: { paused: false }, status: { promoteFull: true } },
  };
}

function withoutHashLabel(template: PodTemplate = {}): PodTemplate {
  const copy: PodTemplate = structuredClone(template);
  if (copy.metadata?.labels) {
    delete copy.metadata.labels[POD_TEMPLATE_HASH_LABEL];
  }
  return copy;
}

/**
 * Decides whether an action makes sense for the Rollout as just read, and
 * which patches carry it out. A refusal says why, in words for the person who
 * clicked.
 */
export function planAction(
  rollout: Rollout,
  owned: ReplicaSet[],
  action: DeliveryAction,
  toRevision?: number,
): PlanResult {
  const name = `${rollout.metadata.namespace}/${rollout.metadata.name}`;
  if (!isStatusObserved(rollout)) {
    return refuse(
      `The Argo Rollouts controller has not yet observed generation ${
        rollout.metadata.generation
      } of rollout ${name} (observed: ${
        rollout.status?.observedGeneration ?? 'none'
      }); wait for it and try again.`,
    );
  }
  const status = rollout.status ?? {};
  const stableRevision = revisionForHash(owned, status.stableRS);
  const desiredRevision = revisionForHash(owned, status.currentPodHash);
  const promotion = {
    revisionBefore: stableRevision,
    revisionAfter: desiredRevision,
  };

  switch (action) {
    case 'promote':
      if (status.abort) {
        return refuse(`Rollout ${name} is aborted; retry it to resume.`);
      }
      if (!isPaused(rollout)) {
        return refuse(
          `Rollout ${name} is not paused, so there is nothing to promote.`,
        );
      }
      return {
        ok: true,
        plan: {
          action,
          patch: promotePatch(rollout),
          step: promotionStep(rollout, promotedStepIndex(rollout)),
          ...promotion,
        },
      };
    case 'promoteFull':
      if (status.abort) {
        return refuse(`Rollout ${name} is aborted; retry it before promoting.`);
      }
      if (isFullyPromoted(rollout)) {
        return refuse(
          `Rollout ${name} is already fully promoted: revision ${
            stableRevision ?? status.stableRS
          } is stable.`,
        );
      }
      return {
        ok: true,
        plan: {
          action,
          patch: promoteFullPatch(rollout),
          step: promotionStep(rollout, canaryStepsOf(rollout).length),
          ...promotion,
        },
      };
    case 'abort':
      if (status.abort) {
        return refuse(`Rollout ${name} is already aborted.`);
      }
      if (isFullyPromoted(rollout)) {
        return refuse(`Rollout ${name} has no update in progress to abort.`);
      }
      return {
        ok: true,
        plan: {
          action,
          patch: {
            type: 'merge',
            status: { status: { abort: true } },
            unified: { status: { abort: true } },
          },
          revisionBefore: desiredRevision,
          revisionAfter: stableRevision,
        },
      };
    case 'retry':
      if (!status.abort) {
        return refuse(
          `Rollout ${name} is not aborted; only an aborted rollout can be retried.`,
        );
      }
      return {
        ok: true,
        plan: {
          action,
          patch: {
            type: 'merge',
            status: { status: { abort: false } },
            unified: { status: { abort: false } },
          },
          ...promotion,
        },
      };
    case 'rollback': {
      const workloadRef = rollout.spec?.workloadRef;
      if (workloadRef) {
        return refuse(
          `Rollout ${name} takes its pod template from ${workloadRef.kind}/${workloadRef.name}; roll that back instead.`,
        );
      }
      const target = findRollbackTarget(owned, toRevision);
      if (!target) {
        if (toRevision === undefined) {
          return refuse(
            `Rollout ${name} has no earlier revision to roll back to.`,
          );
        }
        const known = owned.map(revisionOf).filter(Boolean).join(', ');
        return {
          ok: false,
          notFound: true,
          reason: `Rollout ${name} has no revision ${toRevision}; revisions known to the cluster: ${
            known || 'none'
          }.`,
        };
      }
      const template = withoutHashLabel(target.spec?.template);
      if (
        isRunningTemplate(rollout, target) ||
        isDeepStrictEqual(template, withoutHashLabel(rollout.spec?.template))
      ) {
        return refuse(
          `Revision ${revisionOf(
            target,
          )} is already the running revision of rollout ${name}.`,
        );
      }
      return {
        ok: true,
        plan: {
          action,
          patch: { type: 'template', template },
          revisionBefore: desiredRevision,
          revisionAfter: revisionOf(target),
        },
      };
    }
    default:
      return refuse(`Unknown action ${action satisfies never}`);
  }
}
