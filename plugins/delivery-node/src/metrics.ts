import { createExtensionPoint } from '@backstage/backend-plugin-api';

/**
 * Which change of a metric is a regression.
 *
 * @public
 */
export type CanaryMetricDirection = 'increase' | 'decrease' | 'either';

/**
 * A canary metric an entity declares (or the delivery backend's defaults):
 * what to measure for the canary and the stable side, and how to judge it.
 * Queries are templates: `{{selector}}` is replaced by the label matchers of
 * one side (namespace, rollout and pod-template hash), `{{step}}` by the
 * step of the window, e.g. `30s`.
 *
 * @public
 */
export type CanaryMetricDefinition = {
  name: string;
  /** Metrics are scored in groups; see the judge's group weights. */
  group: string;
  direction: CanaryMetricDirection;
  critical?: boolean;
  mustHaveData?: boolean;
  tolerance?: number;
} & (
  | {
      /** Failed requests out of all requests, per step. */
      kind: 'errorRatio';
      requestsQuery: string;
      errorsQuery: string;
    }
  | {
      /** One value per step (a latency quantile, CPU seconds…). */
      kind: 'samples';
      query: string;
      /** What the value is, for display: `s`, `ms`, `%`… */
      unit?: string;
    }
);

/**
 * One side of the comparison: the canary (or blue/green preview) or the
 * stable (or active) revision.
 *
 * @public
 */
export interface CanarySide {
  /** The pod-template hash of the revision's ReplicaSet. */
  podTemplateHash: string;
}

/**
 * What a metric provider is asked for.
 *
 * @public
 */
export interface CanaryObservationRequest {
  cluster: string;
  namespace: string;
  rollout: string;
  canary: CanarySide;
  stable: CanarySide;
  metrics: CanaryMetricDefinition[];
  /** Epoch milliseconds. */
  start: number;
  end: number;
  stepSeconds: number;
}

/**
 * One step of an error-ratio metric.
 *
 * @public
 */
export interface CanaryRequestCounts {
  /** Epoch milliseconds at the end of the step. */
  timestamp: number;
  requests: number;
  errors: number;
}

/**
 * One step of a samples metric.
 *
 * @public
 */
export interface CanarySample {
  timestamp: number;
  value: number;
}

/**
 * What a provider observed for one metric, canary beside stable, step by
 * step; steps without data on a side are left out of that side.
 *
 * @public
 */
export type CanaryMetricObservation = {
  name: string;
  /** Where to look at the data in the metrics system itself, if it has a UI. */
  link?: string;
} & (
  | {
      kind: 'errorRatio';
      canary: CanaryRequestCounts[];
      stable: CanaryRequestCounts[];
    }
  | { kind: 'samples'; canary: CanarySample[]; stable: CanarySample[] }
);

/**
 * A source of canary metrics (Prometheus, Datadog, CloudWatch…). A query the
 * metrics system rejects is thrown, with the system's message.
 *
 * @public
 */
export interface CanaryMetricProvider {
  /** Which clusters this provider has metrics for. */
  supportsCluster(cluster: string): boolean;
  observe(
    request: CanaryObservationRequest,
  ): Promise<CanaryMetricObservation[]>;
}

/**
 * Lets a module add canary metric providers to the delivery backend.
 *
 * @public
 */
export interface DeliveryCanaryMetricsExtensionPoint {
  addCanaryMetricProvider(...providers: CanaryMetricProvider[]): void;
}

/**
 * The extension point for canary metric providers.
 *
 * @public
 */
export const deliveryCanaryMetricsExtensionPoint =
  createExtensionPoint<DeliveryCanaryMetricsExtensionPoint>({
    id: 'delivery.canary-metrics',
  });
