import { mockCredentials } from '@backstage/backend-test-utils';
import { execFile } from 'node:child_process';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import {
  DeliveryTestBackend,
  USERS,
  startDeliveryTestBackend,
} from '../__testUtils__/deliveryTestBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { cicdEntities } from './__fixtures__/cicdEntities';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const exec = promisify(execFile);

/** The script the golden-path workflow runs to report each stage. */
const SCRIPT = path.resolve(
  __dirname,
  "../../../catalog-backend-module-golden-paths/templates/http-service/skeleton/${{'.github'}}/scripts/cdevent.sh",
);

describe.each(databases.ids)(
  "the golden-path workflow's cdevent.sh on %s",
  databaseId => {
    let backend: DeliveryTestBackend;
    afterEach(() => backend?.stop());

    it('is accepted for every event the workflow sends, and ties them to the service', async () => {
      backend = await startDeliveryTestBackend({
        knex: await databases.init(databaseId),
        clusters: {},
        entities: cicdEntities(),
      });
      const port = (backend.unvalidatedServer.address() as AddressInfo).port;
      const run = 'https://git.example.com/acme/cart-api/actions/runs/77';
      const env = {
        ...process.env,
        PORTAL_EVENTS_URL: `http://127.0.0.1:${port}/api/delivery/cdevents`,
        PORTAL_EVENTS_TOKEN: mockCredentials.service.token(),
        GITHUB_SERVER_URL: 'https://git.example.com',
        GITHUB_REPOSITORY: 'acme/cart-api',
        GITHUB_RUN_ID: '77',
      };
      const image = `registry.example.com/cart-api:${'b'.repeat(40)}`;
      // The arguments of each `sh .github/scripts/cdevent.sh` line of
      // ci.yaml.njk, with the workflow's variables filled in.
      const calls = [
        [
          'pipelinerun.started.0.2.0',
          '77',
          JSON.stringify({ pipelineName: 'cart-api', url: run }),
        ],
        ['artifact.published.0.2.0', image],
        [
          'service.deployed.0.2.0',
          'cart-api',
          JSON.stringify({ environment: { id: 'staging' }, artifactId: image }),
        ],
        [
          'service.deployed.0.2.0',
          'cart-api',
          JSON.stringify({
            environment: { id: 'production' },
            artifactId: image,
          }),
        ],
        [
          'pipelinerun.finished.0.2.0',
          '77',
          JSON.stringify({
            pipelineName: 'cart-api',
            outcome: 'success',
            url: run,
          }),
        ],
      ];
      for (const args of calls) {
        await exec('sh', [SCRIPT, ...args], { env });
      }

      const summary = await request(backend.server)
        .get('/api/delivery/entities/component/default/cart-api/cicd')
        .set('Authorization', mockCredentials.user.header(USERS.checkout));
      expect(summary.body.recentRuns[0]).toMatchObject({
        name: 'cart-api',
        status: 'succeeded',
        url: run,
      });
      expect(
        summary.body.deployedByEnvironment.map(
          (d: { environment: string; commit: string }) =>
            `${d.environment} ${d.commit}`,
        ),
      ).toEqual([`staging ${'b'.repeat(40)}`, `production ${'b'.repeat(40)}`]);
    });

    it('fails the step with a clear message when the token is missing', async () => {
      await expect(
        exec('sh', [SCRIPT, 'pipelinerun.started.0.2.0', '1'], {
          env: { ...process.env, PORTAL_EVENTS_URL: 'http://127.0.0.1:9/x' },
        }),
      ).rejects.toMatchObject({
        stderr: expect.stringContaining('PORTAL_EVENTS_TOKEN is not set'),
      });
    });
  },
);
