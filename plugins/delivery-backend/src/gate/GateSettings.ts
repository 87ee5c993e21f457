import { Config } from '@backstage/config';
import { KustomizeCommand } from '@internal/kustomize';
import { GateLimits, readLimitDefaults } from './gateLimits';

/** The `delivery.gate` configuration, with its defaults. */
export interface GateSettings {
  /** Clusters whose releases wait for a release manager. */
  environments: string[];
  /** The cluster a release is tried in first; none when not configured. */
  stagingEnvironment?: string;
  /** Whether whoever started or last promoted a release may approve it. */
  fourEyes: boolean;
  /** Overlay directory per environment; `{environment}` is replaced. */
  overlayPath: string;
  /** Real kustomize: `delivery.gate.kustomizeCommand`, else `kustomize build` or `kubectl kustomize` on PATH. */
  kustomize: KustomizeCommand;
  /** Prometheus for the error budget; the check says so when absent. */
  prometheusUrl?: string;
  limits: GateLimits;
}

export const DEFAULT_GATED_ENVIRONMENTS = ['production'];

export function readGateSettings(config: Config): GateSettings {
  const gate = config.getOptionalConfig('delivery.gate');
  const staging = gate?.getOptionalString('stagingEnvironment');
  return {
    environments:
      gate?.getOptionalStringArray('environments') ??
      DEFAULT_GATED_ENVIRONMENTS,
    // An empty string switches the staging check's environment off.
    stagingEnvironment:
      staging === undefined ? 'staging' : staging || undefined,
    fourEyes: gate?.getOptionalBoolean('fourEyes') ?? true,
    overlayPath:
      gate?.getOptionalString('overlayPath') ?? 'deploy/overlays/{environment}',
    kustomize: KustomizeCommand.fromSetting(
      gate?.getOptionalString('kustomizeCommand'),
      'delivery.gate.kustomizeCommand',
    ),
    prometheusUrl: gate?.getOptionalString('prometheusUrl'),
    limits: readLimitDefaults(gate),
  };
}
