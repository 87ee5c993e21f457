/** A canary verdict, as the canary judge gives it. */
export type CanaryVerdict = 'Pass' | 'Marginal' | 'Fail' | 'Inconclusive';

export interface CanaryVerdictFinding {
  verdict: CanaryVerdict;
  /** What the judge says about it, e.g. the failing metric. */
  summary?: string;
  /** Where the verdict's evidence can be seen. */
  link?: string;
}

/**
 * Where the gate learns a revision's canary verdict. Until the canary judge
 * is wired in, there is no source and the checks that need a verdict say
 * "no canary verdict available" — never a pass.
 */
export interface CanaryVerdictSource {
  verdictFor(revision: {
    cluster: string;
    namespace: string;
    rollout: string;
    podTemplateHash: string;
  }): Promise<CanaryVerdictFinding | undefined>;
}
