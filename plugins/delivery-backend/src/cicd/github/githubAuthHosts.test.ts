import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { generateKeyPairSync } from 'node:crypto';
import request from 'supertest';
import {
  DeliveryTestBackend,
  USERS,
  startDeliveryTestBackend,
} from '../../__testUtils__/deliveryTestBackend';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import { cicdEntities } from '../__fixtures__/cicdEntities';
import { pagedRunsHandlers, workflowRun } from './__testUtils__/githubHandlers';
import { deliveryModuleGithubActions } from './githubActionsModule';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const github = setupServer();
const CART = '/api/delivery/entities/component/default/cart-api/cicd';

/** A GitHub Enterprise Server: its REST API lives under /api/v3. */
const GHE_HOST = 'ghe.acme.example';
const GHE_API = `https://${GHE_HOST}/api/v3`;

// Every outbound request must be one the test answers: a request to
// another host (such as api.github.com for an Enterprise repository) fails
// the test. Requests to the test backend itself pass through.
beforeAll(() =>
  github.listen({
    onUnhandledRequest: (req, print) => {
      const { hostname } = new URL(req.url);
      if (hostname !== 'localhost' && hostname !== '127.0.0.1') print.error();
    },
  }),
);
afterEach(() => github.resetHandlers());
afterAll(() => github.close());

/** cart-api, its source on the Enterprise host. */
function enterpriseEntities(): Entity[] {
  return cicdEntities().map(entity =>
    entity.metadata.name === 'cart-api'
      ? {
          ...entity,
          metadata: {
            ...entity.metadata,
            annotations: {
              ...entity.metadata.annotations,
              'backstage.io/source-location': `url:https://${GHE_HOST}/acme/cart-api/tree/main/`,
            },
          },
        }
      : entity,
  );
}

describe.each(databases.ids)(
  'GitHub Actions hosts and auth on %s',
  databaseId => {
    let backend: DeliveryTestBackend;
    afterEach(() => backend?.stop());

    const summary = () =>
      request(backend.server)
        .get(CART)
        .set('Authorization', mockCredentials.user.header(USERS.checkout));

    it('reads runs from a GitHub Enterprise host named by the source location, with its token', async () => {
      const auth: Array<string | null> = [];
      const repo = `${GHE_API}/repos/acme/cart-api`;
      github.use(
        http.get(`${repo}/actions/runs`, ({ request: r }) => {
          auth.push(r.headers.get('authorization'));
          return HttpResponse.json({
            total_count: 1,
            workflow_runs: [
              workflowRun(301, {
                url: `${repo}/actions/runs/301`,
                html_url: `https://${GHE_HOST}/acme/cart-api/actions/runs/301`,
              }),
            ],
          });
        }),
        http.get(`${repo}/actions/runs/301/jobs`, ({ request: r }) => {
          auth.push(r.headers.get('authorization'));
          return HttpResponse.json({ total_count: 0, jobs: [] });
        }),
      );
      backend = await startDeliveryTestBackend({
        knex: await databases.init(databaseId),
        clusters: {},
        entities: enterpriseEntities(),
        features: [deliveryModuleGithubActions],
        config: {
          integrations: {
            github: [
              { host: 'github.com', token: 'ghp_public' },
              { host: GHE_HOST, apiBaseUrl: GHE_API, token: 'ghe_enterprise' },
            ],
          },
        },
      });

      const res = await summary();
      expect(res.status).toBe(200);
      const runs = res.body.recentRuns.filter(
        (r: { provider: string }) => r.provider === 'github-actions',
      );
      expect(runs).toEqual([
        expect.objectContaining({
          id: '301',
          url: `https://${GHE_HOST}/acme/cart-api/actions/runs/301`,
        }),
      ]);
      expect(auth.length).toBeGreaterThan(0);
      expect(
        auth.every(
          a => a === 'token ghe_enterprise' || a === 'Bearer ghe_enterprise',
        ),
      ).toBe(true);
    });

    it('authenticates as a GitHub App installation: a JWT for the installation token, the token for the runs', async () => {
      const { privateKey } = generateKeyPairSync('rsa', {
        modulusLength: 2048,
        privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
        publicKeyEncoding: { type: 'spki', format: 'pem' },
      });
      const appAuth: Array<string | null> = [];
      const runsAuth: Array<string | null> = [];
      const apps = 'https://api.github.com/app';
      github.use(
        http.get(`${apps}/installations`, ({ request: r }) => {
          appAuth.push(r.headers.get('authorization'));
          return HttpResponse.json([
            {
              id: 4242,
              app_id: 1,
              account: { login: 'acme', id: 9, type: 'Organization' },
              target_type: 'Organization',
              repository_selection: 'all',
              suspended_by: null,
            },
          ]);
        }),
        http.post(
          `${apps}/installations/4242/access_tokens`,
          ({ request: r }) => {
            appAuth.push(r.headers.get('authorization'));
            return HttpResponse.json(
              {
                token: 'ghs_installation4242',
                expires_at: new Date(Date.now() + 3_600_000).toISOString(),
                permissions: { actions: 'write', metadata: 'read' },
                repository_selection: 'all',
              },
              { status: 201 },
            );
          },
        ),
        http.get('https://api.github.com/repos/*', ({ request: r }) => {
          runsAuth.push(r.headers.get('authorization'));
          return undefined;
        }),
        ...pagedRunsHandlers(),
      );
      backend = await startDeliveryTestBackend({
        knex: await databases.init(databaseId),
        clusters: {},
        entities: cicdEntities(),
        features: [deliveryModuleGithubActions],
        config: {
          integrations: {
            github: [
              {
                host: 'github.com',
                apps: [
                  {
                    appId: 1,
                    privateKey,
                    clientId: 'Iv1.portaltest',
                    clientSecret: 'client-secret',
                    webhookSecret: 'webhook-secret',
                  },
                ],
              },
            ],
          },
        },
      });

      const res = await summary();
      expect(res.status).toBe(200);
      expect(
        res.body.recentRuns.filter(
          (r: { provider: string }) => r.provider === 'github-actions',
        ),
      ).toHaveLength(5);
      // The app's own requests carry a signed JWT (header.payload.signature).
      expect(appAuth.length).toBeGreaterThanOrEqual(2);
      for (const header of appAuth) {
        expect(header).toMatch(/^bearer [\w-]+\.[\w-]+\.[\w-]+$/i);
      }
      expect(runsAuth.length).toBeGreaterThan(0);
      expect(
        runsAuth.every(
          a =>
            a === 'token ghs_installation4242' ||
            a === 'Bearer ghs_installation4242',
        ),
      ).toBe(true);
    });
  },
);
