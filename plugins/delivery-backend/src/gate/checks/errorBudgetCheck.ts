import { UrlReaderService } from '@backstage/backend-plugin-api';
import YAML from 'yaml';
import { GateCheck, GateCheckResult, GateContext } from '../GateCheck';
import { GATE_ANNOTATIONS } from '../gateAnnotations';
import { SOURCE_LOCATION_ANNOTATION } from '../sourceRepository';

interface RatioSlo {
  name: string;
  target: number;
  window: string;
  good?: string;
  bad?: string;
  total: string;
}

/** The first ratio objective of an OpenSLO v1 document. */
export function readOpenSlo(text: string): RatioSlo {
  const slo = YAML.parseAllDocuments(text)
    .map(d => d.toJS())
    .find(d => d?.kind === 'SLO');
  const ratio = slo?.spec?.indicator?.spec?.ratioMetric;
  const target = Number(slo?.spec?.objectives?.[0]?.target);
  const window = slo?.spec?.timeWindow?.[0]?.duration;
  const query = (metric: any) =>
    metric?.metricSource?.spec?.query as string | undefined;
  const total = query(ratio?.total);
  if (ratio && ratio.counter === false) {
    throw new Error(
      'the SLO ratio metric has counter: false; only counters (counter: true), whose increase over the window is counted, are supported',
    );
  }
  if (
    !ratio ||
    !total ||
    !(target > 0 && target < 1) ||
    typeof window !== 'string'
  ) {
    throw new Error(
      'the SLO file has no OpenSLO ratio objective (spec.indicator.spec.ratioMetric with total and good or bad, spec.objectives[0].target, spec.timeWindow[0].duration)',
    );
  }
  return {
    name: slo.metadata?.name ?? 'slo',
    target,
    window,
    good: query(ratio.good),
    bad: query(ratio.bad),
    total,
  };
}

async function instantQuery(prometheusUrl: string, query: string) {
  const url = new URL('api/v1/query', prometheusUrl.replace(/\/?$/, '/'));
  url.searchParams.set('query', query);
  const response = await fetch(url, {
    signal: AbortSignal.timeout(15_000),
  }).catch(error => {
    throw new Error(
      `Prometheus at ${prometheusUrl} could not be read (${error.message})`,
    );
  });
  const body = (await response.json().catch(() => ({}))) as any;
  if (!response.ok || body.status !== 'success') {
    throw new Error(
      `Prometheus refused ${query}: ${body.error ?? response.status}`,
    );
  }
  const value = body.data?.result?.[0]?.value?.[1];
  return value === undefined ? undefined : Number(value);
}

/**
 * *Error budget*: the budget of the service's SLO left over its window,
 * from Prometheus; closed when spent, unknown without an SLO, without
 * Prometheus or without traffic in the window.
 */
export function errorBudgetCheck(options: {
  urlReader: UrlReaderService;
  prometheusUrl?: string;
}): GateCheck {
  return {
    id: 'error-budget',
    title: 'Error budget left',
    async evaluate(ctx: GateContext): Promise<GateCheckResult> {
      const annotations = ctx.entity.metadata.annotations ?? {};
      const location = annotations[SOURCE_LOCATION_ANNOTATION]?.replace(
        /^url:/,
        '',
      );
      if (!location) {
        return {
          state: 'unknown',
          summary: `No SLO declared: the entity has no ${SOURCE_LOCATION_ANNOTATION} to read its SLO file from`,
          evidence: [],
        };
      }
      const sloPath = annotations[GATE_ANNOTATIONS.sloPath] ?? 'slo.yaml';
      const sloUrl = new URL(
        sloPath,
        location.endsWith('/') ? location : `${location}/`,
      ).href;
      let slo: RatioSlo;
      try {
        const file = await options.urlReader.readUrl(sloUrl);
        slo = readOpenSlo((await file.buffer()).toString('utf8'));
      } catch (error) {
        return {
          state: 'unknown',
          summary: `No SLO to judge the budget by: ${(error as Error).message}`,
          evidence: [`SLO file: ${sloUrl}`],
          link: sloUrl,
        };
      }
      const evidence = [
        `SLO ${slo.name}: ${(slo.target * 100).toFixed(2)} % over ${
          slo.window
        }`,
      ];
      if (!options.prometheusUrl) {
        return {
          state: 'unknown',
          summary:
            'No Prometheus is configured to measure the error budget (delivery.gate.prometheusUrl)',
          evidence,
          link: sloUrl,
        };
      }
      // OpenSLO's `counter: true`: each query selects counters, and the
      // events of the window are their increase over it, taken per series
      // (per pod) before summing, so that a pod replaced by a release, whose
      // counters start again from zero, is counted rather than read as a
      // reset of a sum. Only a series selector can take a range; Prometheus
      // itself refuses anything else, and says why.
      const increase = (q: string) => `sum(increase(${q}[${slo.window}]))`;
      const measure = async (q: string) => {
        try {
          return {
            value: await instantQuery(options.prometheusUrl!, increase(q)),
          };
        } catch (error) {
          return { error: error as Error };
        }
      };
      const [totalAnswer, countedAnswer] = await Promise.all([
        measure(slo.total),
        measure((slo.bad ?? slo.good)!),
      ]);
      const refused = totalAnswer.error ?? countedAnswer.error;
      if (refused) {
        // An unreachable Prometheus measures nothing either, without the hint.
        const hint = refused.message.includes('parse error')
          ? '. A counter query must be a series selector such as http_requests_total{namespace="…",code!~"5.."}'
          : '';
        return {
          state: 'unknown',
          summary: `The SLO's queries could not be measured: ${refused.message}${hint}`,
          evidence,
          link: sloUrl,
        };
      }
      const total = totalAnswer.value;
      if (!total) {
        return {
          state: 'unknown',
          summary: `No requests recorded in the last ${slo.window}, so the budget cannot be measured`,
          evidence,
        };
      }
      // Extrapolation at the window's edges can put good a hair above total.
      const counted = countedAnswer.value ?? 0;
      const bad = Math.max(0, slo.bad ? counted : total - counted);
      const budget = (1 - slo.target) * total;
      const left = 1 - bad / budget;
      evidence.push(
        `${Math.round(bad)} failed of ${Math.round(
          total,
        )} requests; budget ${Math.round(budget)}`,
      );
      const graph = new URL(
        'graph',
        options.prometheusUrl.replace(/\/?$/, '/'),
      );
      graph.searchParams.set('g0.expr', increase(slo.total));
      return {
        state: left > 0 ? 'open' : 'closed',
        summary:
          left > 0
            ? `${Math.round(left * 100)} % of the error budget left`
            : `Error budget spent (${Math.round(-left * 100)} % over)`,
        evidence,
        link: graph.href,
      };
    },
  };
}
