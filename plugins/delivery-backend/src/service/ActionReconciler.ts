import { LoggerService } from '@backstage/backend-plugin-api';
import { ReleaseRecord } from '@internal/plugin-delivery-common';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import {
  ActionOutcome,
  ReleaseHistoryStore,
} from '../history/ReleaseHistoryStore';
import { ActionEvidence, judgeAction } from '../rollouts/actionEvidence';
import { Rollout } from '../rollouts/kubernetesTypes';

const VERBS: Record<ReleaseRecord['action'], string> = {
  promote: 'promote',
  promoteFull: 'full promotion',
  abort: 'abort',
  retry: 'retry',
  rollback: 'rollback',
};

/** How an action the cluster did not answer turned out. */
export interface Settlement {
  record: ReleaseRecord;
  /** In words for the person who asked, to follow the cluster's error. */
  summary: string;
}

/**
 * How often, and how far apart, a lost answer's Rollout is read again while
 * the controller has not yet observed a changed template: it usually does
 * within a second, and the person is waiting for the answer.
 */
const OBSERVATION_READS = 4;
const OBSERVATION_INTERVAL_MS = 250;

const STOPPED =
  'The portal stopped while sending the action to the cluster, before it could record the answer';

/**
 * Settles actions whose outcome nobody knows: the cluster's answer was lost
 * (a timeout, a dropped connection, a 5xx that may have come after the
 * write), or the backend instance sending the patch stopped between claiming
 * the Rollout and recording the answer. It reads the Rollout back and
 * records the action as applied or not; where the Rollout cannot be read,
 * the action stays `unknown` and is read again on the next run.
 */
export class ActionReconciler {
  readonly #clusters: ClusterRegistry;
  readonly #history: ReleaseHistoryStore;
  readonly #claimExpiryMs: number;
  readonly #logger?: LoggerService;

  constructor(options: {
    clusters: ClusterRegistry;
    history: ReleaseHistoryStore;
    /** After this long a claim belongs to an instance that stopped. */
    claimExpiryMs: number;
    logger?: LoggerService;
  }) {
    this.#clusters = options.clusters;
    this.#history = options.history;
    this.#claimExpiryMs = options.claimExpiryMs;
    this.#logger = options.logger;
  }

  /** Settles an action whose answer was just lost with `cause`. */
  async settleLost(
    id: string,
    record: ReleaseRecord,
    evidence: ActionEvidence,
    cause: string,
  ): Promise<Settlement> {
    // Written first, so that the history says "may have been applied" even
    // if this instance stops before the read below answers.
    await this.#history.complete(id, {
      ...this.#revisions(record),
      outcome: 'unknown',
      error: cause,
    });
    let settlement = await this.#settle(id, record, evidence, cause);
    for (
      let read = 1;
      read < OBSERVATION_READS && settlement.awaitsController;
      read++
    ) {
      await new Promise(r => setTimeout(r, OBSERVATION_INTERVAL_MS));
      settlement = await this.#settle(id, record, evidence, cause);
    }
    return settlement;
  }

  /**
   * Settles every action left open: recorded `unknown`, or left `pending`
   * by an instance that stopped mid-action. Run at start-up and on a
   * schedule; returns how many it settled.
   */
  async settleOpen(): Promise<number> {
    const open = await this.#history.unresolved({
      claimedBefore: new Date(Date.now() - this.#claimExpiryMs),
      limit: 100,
    });
    let settled = 0;
    for (const action of open) {
      const evidence = JSON.parse(action.evidence) as ActionEvidence;
      const cause =
        action.record.outcome === 'unknown' && action.record.error
          ? action.record.error
          : STOPPED;
      const { record, summary } = await this.#settle(
        action.id,
        action.record,
        evidence,
        cause,
      );
      if (record.outcome !== 'unknown') settled += 1;
      this.#logger?.info(
        `Settled ${record.action} of ${record.cluster}/${record.namespace}/${record.rollout} by ${record.actor}: ${summary}`,
      );
    }
    return settled;
  }

  async #settle(
    id: string,
    record: ReleaseRecord,
    evidence: ActionEvidence,
    cause: string,
  ): Promise<Settlement & { awaitsController?: boolean }> {
    const verb = VERBS[record.action];
    let now: Rollout | undefined;
    try {
      now = await this.#clusters
        .get(record.cluster)
        .findRollout(record.namespace, record.rollout, '');
    } catch (error) {
      const outcome: ActionOutcome = {
        ...this.#revisions(record),
        outcome: 'unknown',
        error: cause,
      };
      return {
        record: await this.#history.complete(id, outcome),
        summary: `the rollout could not be read back (${
          (error as Error).message
        }), so the ${verb} may have been applied; the release history shows it as unknown until it can be`,
      };
    }
    const at = new Date().toISOString();
    const verdict = now
      ? judgeAction(evidence, now)
      : { applied: 'unknown' as const, why: 'the rollout no longer exists' };
    if (!verdict) {
      // Not yet observed by the controller: read again on the next run.
      return {
        record: await this.#history.complete(id, {
          ...this.#revisions(record),
          outcome: 'unknown',
          error: cause,
        }),
        summary: `the rollout does not show yet whether the ${verb} was applied; the release history shows it as unknown until it does`,
        awaitsController: true,
      };
    }
    if (verdict.applied === 'unknown') {
      return {
        record: await this.#history.complete(id, {
          ...this.#revisions(record),
          outcome: 'unknown',
          error: cause,
          reconciliation: `Read back at ${at}: ${verdict.why}, so whether the ${verb} was applied cannot be told; check the rollout`,
        }),
        summary: `${verdict.why}, so whether the ${verb} was applied cannot be told; check the rollout`,
      };
    }
    const result = verdict.applied ? 'was applied' : 'was not applied';
    return {
      record: await this.#history.complete(id, {
        ...this.#revisions(record),
        outcome: verdict.applied ? 'succeeded' : 'failed',
        error: verdict.applied ? undefined : cause,
        reconciliation: `${cause}. Read back at ${at}: ${verdict.why}, so the ${verb} ${result}`,
      }),
      summary: `reading the rollout back shows the ${verb} ${result} (${
        verdict.why
      }); the release history records it as ${
        verdict.applied ? 'succeeded' : 'failed'
      }`,
    };
  }

  #revisions(record: ReleaseRecord) {
    return {
      revisionBefore: record.revisionBefore,
      revisionAfter: record.revisionAfter,
    };
  }
}
