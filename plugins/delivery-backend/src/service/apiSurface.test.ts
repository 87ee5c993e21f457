import { mockCredentials } from '@backstage/backend-test-utils';
import { Sandbox } from '@internal/sandbox';
import request from 'supertest';
import { singlyClaimedEntities } from '../__testUtils__/catalogEntities';
import {
  DeliveryTestBackend,
  startDeliveryTestBackend,
  USERS,
} from '../__testUtils__/deliveryTestBackend';
import { startActionSandbox } from '../__testUtils__/sandboxClient';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const actions =
  '/api/delivery/entities/component/default/cart-api/rollouts/production/checkout/cart-api/actions';

describe('what the API answers to requests it does not take', () => {
  let sandbox: Sandbox;
  let backend: DeliveryTestBackend;

  beforeAll(async () => {
    sandbox = await startActionSandbox();
    backend = await startDeliveryTestBackend({
      knex: await databases.init('SQLITE_3'),
      clusters: sandbox.clusters,
      entities: singlyClaimedEntities(),
      // The spec-checking proxy would refuse these before the backend does.
      checkAgainstSpec: false,
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await sandbox?.stop();
  });

  const auth = mockCredentials.user.header(USERS.checkout);

  it('answers 413 to a body over the limit, saying what to send', async () => {
    const res = await request(backend.server)
      .post(actions)
      .set('Authorization', auth)
      .send({ action: 'abort', reason: 'x'.repeat(200_000) });
    expect(res.status).toBe(413);
    expect(res.body.error.name).toBe('PayloadTooLargeError');
    expect(res.body.error.message).toMatch(
      /over the limit of 100kb; an action request is a small JSON object/,
    );
  });

  it('answers 415 to a body that is not JSON, naming the content type to send', async () => {
    const res = await request(backend.server)
      .post(actions)
      .set('Authorization', auth)
      .set('Content-Type', 'text/plain')
      .send('action=abort');
    expect(res.status).toBe(415);
    expect(res.body.error.message).toBe(
      `POST ${actions.replace(
        '/api/delivery',
        '',
      )} takes a JSON body (Content-Type: application/json), not 'text/plain'`,
    );
  });

  it('answers 405 to a method the path does not take, naming the ones it does', async () => {
    const res = await request(backend.server)
      .put(actions)
      .set('Authorization', auth)
      .send({ action: 'abort' });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST');
    expect(res.body.error.message).toMatch(/does not take PUT; use POST$/);

    const rollouts = await request(backend.server)
      .delete('/api/delivery/entities/component/default/cart-api/rollouts')
      .set('Authorization', auth);
    expect(rollouts.status).toBe(405);
    expect(rollouts.headers.allow).toBe('GET, HEAD');
  });

  it('still acts on a well-formed request', async () => {
    const res = await request(backend.server)
      .post(actions)
      .set('Authorization', auth)
      .send({ action: 'abort' });
    expect(res.status).toBe(201);
  });
});
