/**
 * The `prometheus` metric provider, as Argo Rollouts' metricproviders/
 * prometheus: an instant query at the time of the measurement over the
 * Prometheus HTTP API. A vector is evaluated as a list of floats and shown as
 * `[v1,v2]`, a scalar as a float; any other result type, a query Prometheus
 * rejects, or an unreachable server is a measurement Error with the message
 * Prometheus gave.
 *
 * The sandbox has no cluster DNS, so every `address` (e.g.
 * `http://prometheus.monitoring.svc:9090`) is resolved to the one Prometheus
 * the sandbox was started with; without one, measurements report an Error
 * saying so.
 *
 * Argo's controller blocks on the query; the sandbox's reconcile is
 * synchronous, so the query runs in the background and the run is queued
 * again when the answer is in. Only then is the measurement written, so that
 * no half-taken measurement ever shows up in the status.
 */

export type PrometheusOutcome =
  | {
      phase: 'value';
      value: string;
      result: number | number[];
      startedAt: number;
    }
  | { phase: 'Error'; message: string; startedAt: number };

export const NO_PROMETHEUS =
  "the portal sandbox was started without Prometheus (install Debian's prometheus package or pass --prometheus), so prometheus metrics cannot be measured";

/** Formats a sample value as Prometheus' model.SampleValue.String() does. */
export function formatSample(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

export class PrometheusQueries {
  private readonly inFlight = new Set<string>();
  private readonly answered = new Map<string, PrometheusOutcome>();

  constructor(
    private readonly baseUrl: string | undefined,
    private readonly now: () => number,
  ) {}

  /**
   * The answer to the measurement `key` if it is in (consumed by the call);
   * otherwise starts the query and calls `whenAnswered` once it is.
   */
  take(
    key: string,
    address: unknown,
    query: string,
    whenAnswered: () => void,
  ): PrometheusOutcome | undefined {
    const answer = this.answered.get(key);
    if (answer) {
      this.answered.delete(key);
      return answer;
    }
    if (this.inFlight.has(key)) return undefined;
    const startedAt = this.now();
    const error = this.refusal(address);
    if (error) return { phase: 'Error', message: error, startedAt };
    this.inFlight.add(key);
    this.instantQuery(query)
      .then(
        outcome => ({ ...outcome, startedAt }),
        (e: Error) => ({
          phase: 'Error' as const,
          message: e.message,
          startedAt,
        }),
      )
      .then(outcome => {
        this.inFlight.delete(key);
        this.answered.set(key, outcome);
        whenAnswered();
      });
    return undefined;
  }

  private refusal(address: unknown): string | undefined {
    if (address !== undefined && address !== '') {
      try {
        const url = new URL(String(address));
        if (!url.protocol || !url.host) throw new Error();
      } catch {
        return 'prometheus address is not is url format';
      }
    }
    if (!this.baseUrl) return NO_PROMETHEUS;
    return undefined;
  }

  private async instantQuery(
    query: string,
  ): Promise<
    | Omit<Extract<PrometheusOutcome, { phase: 'value' }>, 'startedAt'>
    | Omit<Extract<PrometheusOutcome, { phase: 'Error' }>, 'startedAt'>
  > {
    const body = new URLSearchParams({
      query,
      time: String(this.now() / 1000),
    });
    const response = await fetch(`${this.baseUrl}/api/v1/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      return {
        phase: 'Error',
        message: `prometheus answered ${response.status}: ${text.slice(
          0,
          200,
        )}`,
      };
    }
    if (json.status !== 'success') {
      return {
        phase: 'Error',
        message: `${json.errorType ?? 'error'}: ${
          json.error ?? text.slice(0, 200)
        }`,
      };
    }
    const { resultType, result } = json.data ?? {};
    if (resultType === 'scalar') {
      const value = Number(result[1]);
      return { phase: 'value', value: formatSample(value), result: value };
    }
    if (resultType === 'vector') {
      const values = (result as Array<{ value: [number, string] }>).map(s =>
        Number(s.value[1]),
      );
      return {
        phase: 'value',
        value: `[${values.map(formatSample).join(',')}]`,
        result: values,
      };
    }
    return { phase: 'Error', message: 'Prometheus metric type not supported' };
  }
}
