import fs from 'node:fs';
import path from 'node:path';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { GateCheckResult, GateContext } from '../GateCheck';
import {
  completedWith,
  SERVICE,
  startGatedServiceSandbox,
  waitForRollout,
} from '../__testUtils__/gatedServiceSandbox';
import { errorBudgetCheck, readOpenSlo } from './errorBudgetCheck';

jest.setTimeout(180_000);

const GOLDEN_PATH_SLO = path.resolve(
  __dirname,
  '../../../../catalog-backend-module-golden-paths/templates/http-service/skeleton/slo.yaml.njk',
);

/**
 * The golden path's SLO as the scaffolder renders it for a service named
 * `name`: the template's only expression is the service's name.
 */
function renderGoldenPathSlo(name: string) {
  const text = fs
    .readFileSync(GOLDEN_PATH_SLO, 'utf8')
    .replace(/\$\{\{\s*values\.name\s*\}\}/g, name);
  expect(text).not.toMatch(/\$\{\{|\{%/);
  return text;
}

/** The fixture's own slo.yaml, then the golden path's rendered for it. */
const BOTH_SLOS: Array<Record<string, string>> = [
  {},
  { 'delivery/slo-path': 'golden-path-slo.yaml' },
];

/*
 * The error budget of gated-svc's SLO (the fixture's slo.yaml, and the
 * golden path's rendered for it), from a real Prometheus scraping the
 * sandbox's pods as the usual kubernetes-pods job does: a fresh service's
 * traffic is measured from its first scrapes.
 */
describe('the error budget check', () => {
  let env: Awaited<ReturnType<typeof startGatedServiceSandbox>>;

  beforeAll(async () => {
    env = await startGatedServiceSandbox({ prometheus: true });
    const first = await env.push('First release', root => {
      const write = (file: string, text: string) =>
        fs.writeFileSync(path.join(root, file), text);
      write('golden-path-slo.yaml', renderGoldenPathSlo(SERVICE));
      // The golden path's SLO of a service that serves nothing.
      write('silent-slo.yaml', renderGoldenPathSlo('nobody-calls'));
      // A sum cannot be taken over a window per series.
      write(
        'summed-slo.yaml',
        renderGoldenPathSlo(SERVICE).replace(
          /query: (.*)$/gm,
          'query: sum($1)',
        ),
      );
    });
    await waitForRollout(
      env.sandbox,
      'production',
      completedWith(first),
      'first release',
    );
  });
  afterAll(async () => {
    await env?.stop();
  });

  const check = (prometheusUrl?: string) =>
    errorBudgetCheck({
      urlReader: UrlReaders.default({
        config: new ConfigReader(env.config),
        logger: mockServices.logger.mock(),
      }),
      prometheusUrl,
    });
  const context = (annotations: Record<string, string> = {}) =>
    ({ entity: env.entity(SERVICE, annotations) } as GateContext);

  /** Evaluates until `done` holds or 60 s pass; the last result either way. */
  async function evaluateUntil(
    annotations: Record<string, string>,
    done: (result: GateCheckResult) => boolean,
  ) {
    const budget = check(env.sandbox.prometheusUrls.production);
    const deadline = Date.now() + 60_000;
    let result = await budget.evaluate(context(annotations));
    while (!done(result) && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 1000));
      result = await budget.evaluate(context(annotations));
    }
    return result;
  }

  it('leaves the budget unknown without a Prometheus, with one it cannot reach, or without traffic, never open', async () => {
    const noPrometheus = await check(undefined).evaluate(context());
    expect(noPrometheus.state).toBe('unknown');
    expect(noPrometheus.summary).toContain('No Prometheus is configured');

    // Nothing listens on port 9 (discard) of this host.
    const unreachable = await check('http://127.0.0.1:9').evaluate(context());
    expect(unreachable.state).toBe('unknown');
    expect(unreachable.summary).toBe(
      "The SLO's queries could not be measured: Prometheus at http://127.0.0.1:9 could not be read (fetch failed)",
    );

    const silent = await evaluateUntil(
      { 'delivery/slo-path': 'silent-slo.yaml' },
      () => true,
    );
    expect(silent).toMatchObject({
      state: 'unknown',
      summary:
        'No requests recorded in the last 28d, so the budget cannot be measured',
    });
  });

  it('says why when Prometheus cannot take the increase of an SLO query', async () => {
    const summed = await evaluateUntil(
      { 'delivery/slo-path': 'summed-slo.yaml' },
      () => true,
    );
    expect(summed.state).toBe('unknown');
    expect(summed.summary).toContain("The SLO's queries could not be measured");
    expect(summed.summary).toContain('must be a series selector');
  });

  it("opens on a healthy fresh service's traffic, by its own SLO and by the golden path's", async () => {
    for (const annotations of BOTH_SLOS) {
      const result = await evaluateUntil(
        annotations,
        r => r.state !== 'unknown',
      );
      expect(result).toMatchObject({
        state: 'open',
        summary: expect.stringMatching(/^\d+ % of the error budget left$/),
      });
      expect(result.evidence.join('\n')).toMatch(
        /SLO gated-svc-availability: 99\.50 % over 28d\n\d+ failed of \d+ requests; budget \d+/,
      );
      expect(result.link).toMatch(/\/graph\?g0\.expr=/);
    }
  });

  it('closes once a bad release has spent the budget', async () => {
    // Half its answers fail, on the canary's tenth of production's traffic:
    // some 5 % of all requests against a budget of 0.5 %.
    await env.sandbox.startRelease({
      cluster: 'production',
      namespace: SERVICE,
      service: SERVICE,
      image: `registry.acme.example/${SERVICE}:bad`,
      profile: { errorRatio: 0.5 },
    });
    for (const annotations of BOTH_SLOS) {
      const result = await evaluateUntil(
        annotations,
        r => r.state === 'closed',
      );
      expect(result).toMatchObject({
        state: 'closed',
        summary: expect.stringMatching(/^Error budget spent \(\d+ % over\)$/),
      });
    }
  });
});

describe('readOpenSlo', () => {
  it("reads the golden path's objective", () => {
    expect(readOpenSlo(renderGoldenPathSlo('payments'))).toEqual({
      name: 'payments-availability',
      target: 0.995,
      window: '28d',
      good: 'http_requests_total{namespace="payments",app_kubernetes_io_name="payments",code!~"5.."}',
      bad: undefined,
      total:
        'http_requests_total{namespace="payments",app_kubernetes_io_name="payments"}',
    });
  });

  it('refuses a ratio of values that are not counters, saying what it supports', () => {
    const gauges = renderGoldenPathSlo('payments').replace(
      'counter: true',
      'counter: false',
    );
    expect(() => readOpenSlo(gauges)).toThrow(
      'the SLO ratio metric has counter: false; only counters (counter: true), whose increase over the window is counted, are supported',
    );
  });
});
