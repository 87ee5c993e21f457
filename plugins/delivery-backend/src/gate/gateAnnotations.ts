/**
 * Catalog annotations a service sets to tune its gate. Each is optional; the
 * `delivery.gate` config gives the defaults.
 */
export const GATE_ANNOTATIONS = {
  /** Most commits between what runs and the candidate, e.g. `20`. */
  maxCommits: 'delivery/gate-max-commits',
  /** Most files changed, e.g. `30`. */
  maxFiles: 'delivery/gate-max-files',
  /** Most lines added plus removed, e.g. `500`. */
  maxLines: 'delivery/gate-max-lines',
  /** Longest the remaining steps may take, e.g. `2h`, `3d`. */
  maxRemainingDuration: 'delivery/gate-max-remaining-duration',
  /**
   * Fields allowed to differ between environments, beyond the configured
   * ones: comma-separated paths such as `spec.replicas` or
   * `spec.template.spec.containers.*.env` (`*` matches any key or index).
   */
  environmentSpecificFields: 'delivery/environment-specific-fields',
  /** Path of the service's OpenSLO file in its repository; `slo.yaml` by default. */
  sloPath: 'delivery/slo-path',
  /** `true`: the backend aborts the rollout itself on a Fail canary verdict. */
  abortOnCanaryFail: 'delivery/abort-on-canary-fail',
} as const;
