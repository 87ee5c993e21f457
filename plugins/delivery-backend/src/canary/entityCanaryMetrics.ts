import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { DELIVERY_ANNOTATIONS } from '@internal/plugin-delivery-common';
import { CanaryMetricDefinition } from '@internal/plugin-delivery-node';
import { parse } from 'yaml';
import { z } from 'zod';
import { DEFAULT_CANARY_METRICS } from './defaultCanaryMetrics';

/** Without `{{selector}}` both sides would run the same query: no comparison. */
const query = z
  .string()
  .min(1)
  .refine(q => /\{\{\s*selector\s*\}\}/.test(q), {
    message:
      "must contain {{selector}}, where the canary's or the stable's label matchers go",
  });

const common = {
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, {
    message: 'must be lower-case letters, digits and dashes',
  }),
  group: z.string().min(1).optional(),
  direction: z.enum(['increase', 'decrease', 'either']).default('increase'),
  critical: z.boolean().optional(),
  mustHaveData: z.boolean().optional(),
  tolerance: z.number().positive().optional(),
};

const metricSchema = z.discriminatedUnion('kind', [
  z
    .object({
      ...common,
      kind: z.literal('errorRatio'),
      requestsQuery: query,
      errorsQuery: query,
    })
    .strict(),
  z
    .object({
      ...common,
      kind: z.literal('samples'),
      query,
      unit: z.string().optional(),
    })
    .strict(),
]);

const metricsSchema = z
  .array(metricSchema)
  .min(1, {
    message: 'declares no metric; leave the annotation out for the defaults',
  })
  .superRefine((metrics, ctx) => {
    const seen = new Set<string>();
    metrics.forEach((metric, index) => {
      if (seen.has(metric.name)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [index, 'name'],
          message: `'${metric.name}' is declared twice`,
        });
      }
      seen.add(metric.name);
    });
  });

function describe(issue: z.ZodIssue): string {
  const where = issue.path
    .map(part => (typeof part === 'number' ? `[${part}]` : `.${part}`))
    .join('');
  return `metrics${where} ${issue.message}`;
}

/**
 * The canary metrics an entity declares in `delivery/canary-metrics` (a YAML
 * or JSON list of metric definitions, see the README), or the defaults when
 * it declares none. A declaration that does not hold is an InputError naming
 * the entity and each field to fix: the portal never judges on metrics it
 * half understood.
 */
export function entityCanaryMetrics(entity: Entity): CanaryMetricDefinition[] {
  const raw = entity.metadata.annotations?.[DELIVERY_ANNOTATIONS.canaryMetrics];
  if (raw === undefined) return DEFAULT_CANARY_METRICS;
  const prefix = `The annotation ${
    DELIVERY_ANNOTATIONS.canaryMetrics
  } of ${stringifyEntityRef(entity)}`;
  let value: unknown;
  try {
    value = parse(raw);
  } catch (error) {
    throw new InputError(
      `${prefix} is not YAML or JSON: ${(error as Error).message}`,
    );
  }
  const result = metricsSchema.safeParse(value);
  if (!result.success) {
    throw new InputError(
      `${prefix} is invalid: ${result.error.issues.map(describe).join('; ')}`,
    );
  }
  return result.data.map(metric => ({
    ...metric,
    group: metric.group ?? metric.name,
  }));
}
