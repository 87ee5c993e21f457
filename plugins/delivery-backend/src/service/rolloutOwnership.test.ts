import { mockCredentials } from '@backstage/backend-test-utils';
import { Sandbox } from '@internal/sandbox';
import request from 'supertest';
import {
  DeliveryTestBackend,
  startDeliveryTestBackend,
  USERS,
} from '../__testUtils__/deliveryTestBackend';
import { startActionSandbox } from '../__testUtils__/sandboxClient';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const databases = createTestDatabases();

/** Sets the owning-entity annotation on a Rollout, as a golden path does. */
async function annotateOwner(
  sandbox: Sandbox,
  namespace: string,
  name: string,
  owner: string,
) {
  const { url, token } = sandbox.clusters.production;
  const res = await fetch(
    `${url}/apis/argoproj.io/v1alpha1/namespaces/${namespace}/rollouts/${name}`,
    {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/merge-patch+json',
      },
      body: JSON.stringify({
        metadata: { annotations: { 'delivery/owning-entity': owner } },
      }),
    },
  );
  expect(res.status).toBe(200);
}

describe.each(databases.ids)('whose rollout it is, on %s', databaseId => {
  let sandbox: Sandbox;
  let backend: DeliveryTestBackend;

  beforeEach(async () => {
    sandbox = await startActionSandbox();
    // The default catalog has payments-api claimed twice: by payments-api
    // (kubernetes-id) and by payments-api-production (a label selector).
    backend = await startDeliveryTestBackend({
      knex: await databases.init(databaseId),
      clusters: sandbox.clusters,
      config: { delivery: { gate: { environments: [] } } },
    });
  });

  afterEach(async () => {
    await backend?.stop();
    await sandbox?.stop();
  });

  const act = (entity: string, namespace: string, rollout: string) =>
    request(backend.server)
      .post(
        `/api/delivery/entities/component/default/${entity}/rollouts/production/${namespace}/${rollout}/actions`,
      )
      .set('Authorization', mockCredentials.user.header(USERS.checkout))
      .send({ action: 'promoteFull' });

  it('refuses to act on a rollout two entities claim, naming both', async () => {
    const res = await act('payments-api', 'checkout', 'payments-api');
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe(
      "Rollout checkout/payments-api in cluster 'production' is claimed by more than one catalog entity (component:default/payments-api, component:default/payments-api-production), so it is not clear whose owners may act on it; remove the kubernetes annotations from the entities it does not belong to, or set the annotation 'delivery/owning-entity' on the Rollout",
    );
    const via = await act(
      'payments-api-production',
      'checkout',
      'payments-api',
    );
    expect(via.status).toBe(409);
  });

  it('acts only through the entity the rollout names as its owner', async () => {
    await annotateOwner(
      sandbox,
      'checkout',
      'payments-api',
      'component:default/payments-api',
    );
    const other = await act(
      'payments-api-production',
      'checkout',
      'payments-api',
    );
    expect(other.status).toBe(403);
    expect(other.body.error.message).toBe(
      "Rollout checkout/payments-api in cluster 'production' belongs to component:default/payments-api (annotation 'delivery/owning-entity'), not to component:default/payments-api-production; act on it through component:default/payments-api",
    );

    const owner = await act('payments-api', 'checkout', 'payments-api');
    expect(owner.status).toBe(201);
  });

  it('refuses an entity whose kubernetes-id matches but that the rollout does not name', async () => {
    await annotateOwner(
      sandbox,
      'checkout',
      'cart-api',
      'component:default/orders-api',
    );
    const res = await act('cart-api', 'checkout', 'cart-api');
    expect(res.status).toBe(403);
    expect(res.body.error.name).toBe('NotAllowedError');
    expect(res.body.error.message).toContain(
      'belongs to component:default/orders-api',
    );
  });
});
