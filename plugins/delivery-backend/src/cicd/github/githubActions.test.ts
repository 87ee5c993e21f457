import { mockCredentials } from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import {
  DeliveryTestBackend,
  USERS,
  startDeliveryTestBackend,
} from '../../__testUtils__/deliveryTestBackend';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import { cicdEntities } from '../__fixtures__/cicdEntities';
import {
  API,
  notFound,
  pagedRunsHandlers,
  rateLimited,
} from './__testUtils__/githubHandlers';
import { deliveryModuleGithubActions } from './githubActionsModule';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const github = setupServer();
const CART = '/api/delivery/entities/component/default/cart-api/cicd';

beforeAll(() => github.listen({ onUnhandledRequest: 'bypass' }));
afterEach(() => github.resetHandlers());
afterAll(() => github.close());

describe.each(databases.ids)('GitHub Actions provider on %s', databaseId => {
  let backend: DeliveryTestBackend;
  afterEach(() => backend?.stop());

  async function start() {
    backend = await startDeliveryTestBackend({
      knex: await databases.init(databaseId),
      clusters: {},
      entities: cicdEntities(),
      features: [deliveryModuleGithubActions],
      config: {
        integrations: { github: [{ host: 'github.com', token: 'ghp_test' }] },
      },
    });
  }
  const summary = (user: string = USERS.checkout) =>
    request(backend.server)
      .get(CART)
      .set('Authorization', mockCredentials.user.header(user));

  it('shows runs from every page, with their jobs, using the configured token', async () => {
    const calls: string[] = [];
    const auth: Array<string | null> = [];
    github.use(
      http.get(`${API}/*`, ({ request: r }) => {
        auth.push(r.headers.get('authorization'));
        return undefined;
      }),
      ...pagedRunsHandlers(calls),
    );
    await start();
    const res = await summary();
    expect(res.status).toBe(200);
    const runs = res.body.recentRuns.filter(
      (r: { provider: string }) => r.provider === 'github-actions',
    );
    expect(runs.map((r: { id: string }) => r.id)).toEqual([
      '105',
      '104',
      '103',
      '102',
      '101',
    ]);
    expect(calls).toHaveLength(2);
    expect(runs[0]).toMatchObject({
      name: 'CI/CD',
      status: 'failed',
      branch: 'fix-cart',
      actor: 'ben-okafor',
      durationMs: 7 * 60_000,
      url: 'https://github.com/acme/cart-api/actions/runs/105',
      stages: [
        { name: 'Build and test', status: 'failed' },
        { name: 'Deploy to staging', status: 'unknown' },
      ],
    });
    expect(
      auth.every(a => a === 'token ghp_test' || a === 'Bearer ghp_test'),
    ).toBe(true);
    expect(res.body.providers).toContainEqual(
      expect.objectContaining({ provider: 'github-actions', stale: false }),
    );
  });

  it('keeps the last runs, marked stale, when GitHub rate-limits, and says until when', async () => {
    github.use(...pagedRunsHandlers());
    await start();
    expect((await summary()).status).toBe(200);

    const reset = Math.floor(Date.now() / 1000) + 600;
    github.use(rateLimited(reset));
    const res = await summary();
    expect(res.status).toBe(200);
    expect(
      res.body.recentRuns.filter(
        (r: { provider: string }) => r.provider === 'github-actions',
      ),
    ).toHaveLength(5);
    const state = res.body.providers.find(
      (p: { provider: string }) => p.provider === 'github-actions',
    );
    expect(state).toMatchObject({
      stale: true,
      retryAt: new Date(reset * 1000).toISOString(),
    });
    expect(state.message).toMatch(/rate limit is reached for acme\/cart-api/);
  });

  it('says the repository was not found, without failing the page', async () => {
    github.use(notFound());
    await start();
    const res = await summary();
    expect(res.status).toBe(200);
    expect(res.body.providers).toContainEqual(
      expect.objectContaining({
        provider: 'github-actions',
        stale: true,
        message: expect.stringMatching(
          /GitHub has no repository acme\/cart-api/,
        ),
      }),
    );
  });

  it('re-runs a failed run for an owner and a release manager, refuses others, and audits each', async () => {
    const reruns: string[] = [];
    github.use(
      http.post(
        `${API}/actions/runs/:runId/rerun-failed-jobs`,
        ({ params }) => {
          reruns.push(String(params.runId));
          return new HttpResponse(null, { status: 201 });
        },
      ),
    );
    await start();
    const rerun = (user: string) =>
      request(backend.server)
        .post(`${CART}/runs/github-actions/105/rerun`)
        .set('Authorization', mockCredentials.user.header(user));

    expect((await rerun(USERS.checkout)).status).toBe(202);
    expect((await rerun(USERS.releaseManager)).status).toBe(202);
    const denied = await rerun(USERS.storefront);
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toMatch(/may not re-run pipelines/);
    expect(reruns).toEqual(['105', '105']);

    const audits = backend.auditEvents.filter(
      e => e.options.eventId === 'cicd-rerun',
    );
    expect(audits).toHaveLength(3);
    expect(audits.filter(a => a.success.mock.calls.length)).toHaveLength(2);
    expect(audits.filter(a => a.fail.mock.calls.length)).toHaveLength(1);
  });
});
