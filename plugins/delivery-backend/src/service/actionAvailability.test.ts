import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  ActionAvailability,
  RolloutSummary,
} from '@internal/plugin-delivery-common';
import { Sandbox, startSandbox } from '@internal/sandbox';
import request from 'supertest';
import { catalogEntities } from '../__testUtils__/catalogEntities';
import {
  DeliveryTestBackend,
  USERS,
} from '../__testUtils__/deliveryTestBackend';
import { startDeliveryTestBackend } from '../__testUtils__/deliveryTestBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const databases = createTestDatabases();

/** Someone signed in who belongs to no team. */
const GUEST = 'user:default/guest';

/** The storefront team as the catalog names it, so reasons can name it. */
const storefrontTeam: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-storefront', namespace: 'default' },
  spec: {
    type: 'team',
    profile: { displayName: 'Storefront team' },
    children: [],
  },
};

describe('the rollouts read tells each caller which actions they may take', () => {
  let sandbox: Sandbox;
  let server: DeliveryTestBackend['server'];
  let stopBackend: () => Promise<void>;

  beforeAll(async () => {
    sandbox = await startSandbox({
      ports: { control: 0, clusters: { staging: 0, production: 0 } },
    });
    // Reading writes nothing; SQLite is enough.
    const backend = await startDeliveryTestBackend({
      knex: await databases.init('SQLITE_3'),
      clusters: sandbox.clusters,
      entities: [...catalogEntities(), storefrontTeam],
    });
    server = backend.server;
    stopBackend = () => backend.stop();
  });

  afterAll(async () => {
    await stopBackend?.();
    await sandbox?.stop();
  });

  async function actionsOf(
    caller: string,
    entity: string,
    cluster = 'production',
  ): Promise<Record<string, ActionAvailability>> {
    const res = await request(server)
      .get(`/api/delivery/entities/component/default/${entity}/rollouts`)
      .set('Authorization', mockCredentials.user.header(caller));
    expect(res.status).toBe(200);
    const entry = res.body.clusters.find((c: any) => c.cluster === cluster);
    const [rollout] = entry.rollouts as RolloutSummary[];
    expect(rollout.actions?.map(a => a.action)).toEqual([
      'promote',
      'promoteFull',
      'abort',
      'retry',
      'rollback',
    ]);
    return Object.fromEntries(rollout.actions!.map(a => [a.action, a]));
  }

  it('tells someone outside the owning team who may act, for every action', async () => {
    for (const caller of [USERS.checkout, GUEST]) {
      const actions = await actionsOf(caller, 'product-catalog');
      expect(actions.promoteFull).toEqual({
        action: 'promoteFull',
        allowed: false,
        refusedBy: 'permission',
        reason:
          'Only the owners (Storefront team) and release managers may fully promote this service.',
      });
      expect(actions.abort).toMatchObject({
        allowed: false,
        refusedBy: 'permission',
        reason:
          'Only the owners (Storefront team) and release managers may abort this service.',
      });
    }
  });

  it('lets an owner abort, and says which state or gate rules out the rest', async () => {
    const actions = await actionsOf(USERS.storefront, 'product-catalog');
    expect(actions.abort).toEqual({ action: 'abort', allowed: true });
    expect(actions.rollback).toEqual({ action: 'rollback', allowed: true });
    expect(actions.retry).toMatchObject({
      allowed: false,
      refusedBy: 'state',
      reason: expect.stringContaining('only an aborted rollout can be retried'),
    });
    // Paused at the gate's pause step of production, not yet approved.
    for (const action of ['promote', 'promoteFull']) {
      expect(actions[action]).toMatchObject({
        allowed: false,
        refusedBy: 'gate',
        reason: expect.stringMatching(
          /gate of production is closed .*not approved by a release manager/,
        ),
      });
    }
  });

  it('lets a release manager act on any service, within the same rules', async () => {
    const actions = await actionsOf(USERS.releaseManager, 'shipping-api');
    expect(actions.retry).toEqual({ action: 'retry', allowed: true });
    expect(actions.promote).toMatchObject({
      allowed: false,
      refusedBy: 'state',
      reason: expect.stringContaining('is aborted; retry it to resume'),
    });
  });

  it('refuses every action through an entity when two entities claim the rollout', async () => {
    const actions = await actionsOf(USERS.checkout, 'payments-api');
    for (const entry of Object.values(actions)) {
      expect(entry).toMatchObject({
        allowed: false,
        refusedBy: 'ownership',
        reason: expect.stringContaining(
          'claimed by more than one catalog entity (component:default/payments-api, component:default/payments-api-production)',
        ),
      });
    }
  });

  it('names the owner by its ref when the catalog has no group for it', async () => {
    const actions = await actionsOf(USERS.storefront, 'shipping-api');
    expect(actions.retry.reason).toBe(
      'Only the owners (group:default/team-fulfilment) and release managers may retry this service.',
    );
  });

  it('tells a service caller that only people act', async () => {
    const res = await request(server)
      .get('/api/delivery/entities/component/default/shipping-api/rollouts')
      .set('Authorization', mockCredentials.service.header());
    expect(res.status).toBe(200);
    const production = res.body.clusters.find(
      (c: any) => c.cluster === 'production',
    );
    for (const entry of production.rollouts[0].actions) {
      expect(entry).toMatchObject({
        allowed: false,
        refusedBy: 'permission',
        reason: expect.stringContaining('Only a signed-in person may act'),
      });
    }
  });
});
