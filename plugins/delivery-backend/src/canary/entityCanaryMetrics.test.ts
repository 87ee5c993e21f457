import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { DEFAULT_CANARY_METRICS } from './defaultCanaryMetrics';
import { entityCanaryMetrics } from './entityCanaryMetrics';

const withAnnotation = (value?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments',
    namespace: 'default',
    annotations:
      value === undefined ? {} : { 'delivery/canary-metrics': value },
  },
});

const errorOf = (value: string) => {
  try {
    entityCanaryMetrics(withAnnotation(value));
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('the annotation was accepted');
};

describe('entityCanaryMetrics', () => {
  it('gives the default HTTP metrics to an entity that declares none', () => {
    expect(entityCanaryMetrics(withAnnotation())).toBe(DEFAULT_CANARY_METRICS);
  });

  it('reads a YAML list, as the golden paths write it', () => {
    const metrics = entityCanaryMetrics(
      withAnnotation(`
- name: error-ratio
  kind: errorRatio
  critical: true
  requestsQuery: sum(increase(http_requests_total{ {{selector}} }[{{step}}]))
  errorsQuery: sum(increase(http_requests_total{ {{selector}}, code=~"5.." }[{{step}}]))
- name: queue-depth
  kind: samples
  direction: either
  tolerance: 0.5
  query: max(queue_depth{ {{selector}} })
`),
    );
    expect(metrics).toEqual([
      expect.objectContaining({
        name: 'error-ratio',
        group: 'error-ratio',
        kind: 'errorRatio',
        direction: 'increase',
        critical: true,
      }),
      expect.objectContaining({
        name: 'queue-depth',
        group: 'queue-depth',
        kind: 'samples',
        direction: 'either',
        tolerance: 0.5,
        query: 'max(queue_depth{ {{selector}} })',
      }),
    ]);
  });

  it('reads JSON', () => {
    expect(
      entityCanaryMetrics(
        withAnnotation(
          JSON.stringify([
            {
              name: 'p99',
              group: 'latency',
              kind: 'samples',
              unit: 's',
              query:
                'histogram_quantile(0.99, sum by (le) (rate(x{ {{selector}} }[{{step}}])))',
            },
          ]),
        ),
      ),
    ).toEqual([expect.objectContaining({ name: 'p99', group: 'latency' })]);
  });

  it('names the entity and every field to fix', () => {
    const message = errorOf(`
- name: Errors
  kind: errorRatio
  requestsQuery: sum(rate(http_requests_total[1m]))
- name: latency
  kind: histogram
  query: x
`);
    expect(message).toContain(
      'The annotation delivery/canary-metrics of component:default/payments is invalid',
    );
    expect(message).toContain(
      'metrics[0].name must be lower-case letters, digits and dashes',
    );
    expect(message).toContain(
      "metrics[0].requestsQuery must contain {{selector}}, where the canary's or the stable's label matchers go",
    );
    expect(message).toContain('metrics[0].errorsQuery Required');
    expect(message).toMatch(/metrics\[1\]\.kind Invalid discriminator value/);
  });

  it('refuses a metric declared twice, an empty list, unknown fields and text that is not YAML', () => {
    const metric = {
      name: 'cpu',
      kind: 'samples',
      query: 'sum(rate(cpu{ {{selector}} }[1m]))',
    };
    expect(errorOf(JSON.stringify([metric, metric]))).toContain(
      "metrics[1].name 'cpu' is declared twice",
    );
    expect(errorOf('[]')).toContain(
      'metrics declares no metric; leave the annotation out for the defaults',
    );
    expect(errorOf(JSON.stringify([{ ...metric, treshold: 2 }]))).toContain(
      "Unrecognized key(s) in object: 'treshold'",
    );
    expect(errorOf('- name: [unclosed')).toContain('is not YAML or JSON');
  });
});
