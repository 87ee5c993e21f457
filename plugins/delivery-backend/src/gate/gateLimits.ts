import { Entity } from '@backstage/catalog-model';
import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds } from '@backstage/types';
import { GATE_ANNOTATIONS } from './gateAnnotations';

/** How small and quick a release must be to pass the gate. */
export interface GateLimits {
  maxCommits: number;
  maxFiles: number;
  maxLines: number;
  maxRemainingDurationMs: number;
  /** Paths allowed to differ between the gated and the staging environment. */
  environmentSpecificFields: string[];
}

/**
 * Fields that differ between environments by design. Replicas, resources,
 * autoscaling bounds and hosts are sized per environment; the canary steps
 * differ because only gated environments have the release manager's pause.
 */
export const DEFAULT_ENVIRONMENT_SPECIFIC_FIELDS = [
  'metadata.labels.app.kubernetes.io/environment',
  'spec.template.metadata.labels.app.kubernetes.io/environment',
  'spec.replicas',
  'spec.minReplicas',
  'spec.maxReplicas',
  'spec.template.spec.containers.*.resources',
  'spec.strategy.canary.steps',
  'spec.rules.*.host',
  'spec.tls.*.hosts',
];

export const DEFAULT_LIMITS: GateLimits = {
  maxCommits: 20,
  maxFiles: 30,
  maxLines: 500,
  maxRemainingDurationMs: 3 * 24 * 3600_000,
  environmentSpecificFields: DEFAULT_ENVIRONMENT_SPECIFIC_FIELDS,
};

const UNITS_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3600_000,
  d: 86400_000,
  w: 7 * 86400_000,
};

/**
 * A duration as Argo Rollouts writes it: a Go `time.ParseDuration` string
 * (`30s`, `1h30m`) or a bare number of seconds, plus `d` and `w` for the
 * cut-over paces of days. Written here because `ms` reads no compound
 * durations such as `1h30m`. Undefined when unreadable.
 */
export function parseDurationMs(value: string | number): number | undefined {
  if (typeof value === 'number') return value * 1000;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)];
  if (parts.length > 0 && parts.map(p => p[0]).join('') === text) {
    return parts.reduce((sum, p) => sum + Number(p[1]) * UNITS_MS[p[2]], 0);
  }
  return undefined;
}

function positiveInteger(entity: Entity, annotation: string) {
  const raw = entity.metadata.annotations?.[annotation];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new InputError(
      `Annotation ${annotation} of ${entity.metadata.name} must be a whole number, not '${raw}'`,
    );
  }
  return value;
}

/** The configured defaults (`delivery.gate.limits`). */
export function readLimitDefaults(config?: Config): GateLimits {
  const limits = config?.getOptionalConfig('limits');
  return {
    maxCommits:
      limits?.getOptionalNumber('maxCommits') ?? DEFAULT_LIMITS.maxCommits,
    maxFiles: limits?.getOptionalNumber('maxFiles') ?? DEFAULT_LIMITS.maxFiles,
    maxLines: limits?.getOptionalNumber('maxLines') ?? DEFAULT_LIMITS.maxLines,
    maxRemainingDurationMs: limits?.has('maxRemainingDuration')
      ? durationToMilliseconds(
          readDurationFromConfig(limits, { key: 'maxRemainingDuration' }),
        )
      : DEFAULT_LIMITS.maxRemainingDurationMs,
    environmentSpecificFields:
      config?.getOptionalStringArray('environmentSpecificFields') ??
      DEFAULT_ENVIRONMENT_SPECIFIC_FIELDS,
  };
}

/** The defaults with the entity's own annotations applied. */
export function limitsForEntity(
  entity: Entity,
  defaults: GateLimits,
): GateLimits {
  const annotations = entity.metadata.annotations ?? {};
  const durationText = annotations[GATE_ANNOTATIONS.maxRemainingDuration];
  let maxRemainingDurationMs = defaults.maxRemainingDurationMs;
  if (durationText !== undefined) {
    const parsed = parseDurationMs(durationText);
    if (parsed === undefined) {
      throw new InputError(
        `Annotation ${GATE_ANNOTATIONS.maxRemainingDuration} of ${entity.metadata.name} must be a duration such as 2h or 3d, not '${durationText}'`,
      );
    }
    maxRemainingDurationMs = parsed;
  }
  const extraFields = (
    annotations[GATE_ANNOTATIONS.environmentSpecificFields] ?? ''
  )
    .split(',')
    .map(f => f.trim())
    .filter(Boolean);
  return {
    maxCommits:
      positiveInteger(entity, GATE_ANNOTATIONS.maxCommits) ??
      defaults.maxCommits,
    maxFiles:
      positiveInteger(entity, GATE_ANNOTATIONS.maxFiles) ?? defaults.maxFiles,
    maxLines:
      positiveInteger(entity, GATE_ANNOTATIONS.maxLines) ?? defaults.maxLines,
    maxRemainingDurationMs,
    environmentSpecificFields: [
      ...defaults.environmentSpecificFields,
      ...extraFields,
    ],
  };
}
