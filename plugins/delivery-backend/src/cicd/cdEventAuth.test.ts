import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import knexFactory from 'knex';
import request from 'supertest';
import { deliveryPlugin } from '../plugin';
import { cdEvent } from './__fixtures__/cdEvents';
import { cicdEntities } from './__fixtures__/cicdEntities';

jest.setTimeout(60_000);

const TOKEN = 'ci-token-with-enough-length-0123456789';

/**
 * With Backstage's own auth services: a CI system authenticates with an
 * external-access static token from config, and nothing else gets in.
 */
describe('POST /cdevents authentication', () => {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  afterAll(() => knex.destroy());

  async function start() {
    return startTestBackend({
      features: [
        deliveryPlugin,
        // The catalog the delivery plugin asks for the entity's annotations.
        catalogServiceMock.factory({ entities: cicdEntities() }),
        authServiceFactory,
        httpAuthServiceFactory,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            backend: {
              baseUrl: 'http://localhost:7007',
              auth: {
                externalAccess: [
                  {
                    type: 'static',
                    options: { token: TOKEN, subject: 'sandbox-ci' },
                  },
                ],
              },
            },
          },
        }),
      ],
    });
  }

  const body = JSON.stringify(
    cdEvent('pipelinerun.started.0.2.0', {
      id: '1',
      content: { pipelineName: 'ci', url: 'https://ci.example.com/1' },
    }),
  );

  it('answers 401 without a token or with a wrong one, and stores with the configured token', async () => {
    const backend = await start();
    try {
      const post = () =>
        request(backend.server)
          .post('/api/delivery/cdevents')
          .set('Content-Type', 'application/cloudevents+json');

      expect((await post().send(body)).status).toBe(401);
      expect(
        (await post().set('Authorization', 'Bearer not-the-token').send(body))
          .status,
      ).toBe(401);
      expect(await knex('cicd_events').count({ n: '*' })).toEqual([{ n: 0 }]);

      const res = await post()
        .set('Authorization', `Bearer ${TOKEN}`)
        .send(body);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ stored: 1 });
    } finally {
      await backend.stop();
    }
  });
});
