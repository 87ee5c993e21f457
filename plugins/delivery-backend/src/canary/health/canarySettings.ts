import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { PrometheusTarget } from '../prometheus/PrometheusCanaryMetrics';

/** Ten seconds: a few scrapes per point at the usual intervals. */
const DEFAULT_STEP_SECONDS = 10;

export interface CanarySettings {
  /** One Prometheus per cluster that has one. */
  prometheus: PrometheusTarget[];
  stepSeconds: number;
}

/** Reads `delivery.canary`; a malformed value stops the backend with the key to fix. */
export function readCanarySettings(config: Config): CanarySettings {
  const canary = config.getOptionalConfig('delivery.canary');
  const byCluster = canary?.getOptionalConfig('prometheus');
  const prometheus = (byCluster?.keys() ?? []).map(cluster => ({
    cluster,
    baseUrl: byCluster!.getString(cluster),
  }));
  for (const target of prometheus) {
    try {
      new URL(target.baseUrl); // eslint-disable-line no-new
    } catch {
      throw new InputError(
        `delivery.canary.prometheus.${target.cluster} must be a URL, got '${target.baseUrl}'`,
      );
    }
  }
  const stepSeconds =
    canary?.getOptionalNumber('stepSeconds') ?? DEFAULT_STEP_SECONDS;
  if (!(stepSeconds > 0)) {
    throw new InputError('delivery.canary.stepSeconds must be above 0');
  }
  return { prometheus, stepSeconds };
}
