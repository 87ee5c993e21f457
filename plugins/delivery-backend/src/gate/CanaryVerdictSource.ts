import { Entity } from '@backstage/catalog-model';

/** A canary verdict, as the canary judge gives it. */
export type CanaryVerdict = 'Pass' | 'Marginal' | 'Fail' | 'Inconclusive';

export interface CanaryVerdictFinding {
  verdict: CanaryVerdict;
  /** What the judge says about it, e.g. the failing metric. */
  summary?: string;
  /** Where the verdict's evidence can be seen. */
  link?: string;
}

/** One revision (pod template) of a Rollout in a cluster. */
export interface CanaryRevision {
  cluster: string;
  namespace: string;
  rollout: string;
  podTemplateHash: string;
}

/**
 * Where the gate learns a revision's canary verdict. Without a source the
 * checks that need a verdict say "no canary verdict available" — never a
 * pass.
 */
export interface CanaryVerdictSource {
  /**
   * The verdict on `revision` of the entity's Rollout, judged by the metrics
   * the entity declares (`delivery/canary-metrics`) as the Delivery tab
   * judges it, so that the gate and the page never disagree.
   */
  verdictFor(
    revision: CanaryRevision,
    entity: Entity,
  ): Promise<CanaryVerdictFinding | undefined>;
}
