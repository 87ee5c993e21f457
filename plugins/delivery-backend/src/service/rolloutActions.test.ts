import { mockCredentials } from '@backstage/backend-test-utils';
import { ActionRequest, ReleaseRecord } from '@internal/plugin-delivery-common';
import { Sandbox } from '@internal/sandbox';
import request from 'supertest';
import {
  AuditedEvent,
  DeliveryTestBackend,
  startDeliveryTestBackend,
  USERS,
} from '../__testUtils__/deliveryTestBackend';
import {
  readRollout,
  startActionSandbox,
} from '../__testUtils__/sandboxClient';
import { singlyClaimedEntities } from '../__testUtils__/catalogEntities';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.ids)('rollout actions on %s', databaseId => {
  let sandbox: Sandbox;
  let backend: DeliveryTestBackend;
  let keys = 0;

  beforeAll(async () => {
    sandbox = await startActionSandbox();
    backend = await startDeliveryTestBackend({
      knex: await databases.init(databaseId),
      clusters: sandbox.clusters,
      entities: singlyClaimedEntities(),
      // The release gate has its own tests; here production is not gated.
      config: { delivery: { gate: { environments: [] } } },
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await sandbox?.stop();
  });

  /** POSTs an action as a user, with a fresh Idempotency-Key unless given. */
  function act(
    user: string,
    target: {
      entity: string;
      cluster: string;
      namespace: string;
      rollout?: string;
    },
    body: ActionRequest | Record<string, unknown>,
    idempotencyKey: string | null = `key-${++keys}`,
  ) {
    const rollout = target.rollout ?? target.entity;
    const req = request(backend.server)
      .post(
        `/api/delivery/entities/component/default/${target.entity}/rollouts/${target.cluster}/${target.namespace}/${rollout}/actions`,
      )
      .set('Authorization', mockCredentials.user.header(user));
    if (idempotencyKey) {
      req.set('Idempotency-Key', idempotencyKey);
    }
    return req.send(body);
  }

  const history = (query: string) =>
    request(backend.server)
      .get(`/api/delivery/history?${query}`)
      .set('Authorization', mockCredentials.user.header(USERS.checkout));

  const lastAuditEvent = (): AuditedEvent =>
    backend.auditEvents
      .filter(e => e.options.eventId === 'rollout-action')
      .at(-1)!;

  const productCatalog = {
    entity: 'product-catalog',
    cluster: 'production',
    namespace: 'storefront',
  };

  describe('authorization', () => {
    it('forbids a user who neither owns the entity nor manages releases, and audits the attempt', async () => {
      const res = await act(USERS.checkout, productCatalog, {
        action: 'promote',
      });
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({
        name: 'NotAllowedError',
        message:
          'Only the owners (group:default/team-storefront) and release managers may promote this service.',
      });
      const event = lastAuditEvent();
      expect(event.options).toMatchObject({
        eventId: 'rollout-action',
        severityLevel: 'medium',
        meta: expect.objectContaining({
          entityRef: 'component:default/product-catalog',
          action: 'promote',
        }),
      });
      expect(event.fail).toHaveBeenCalledWith({
        error: expect.objectContaining({ name: 'NotAllowedError' }),
      });
      const rollout = await readRollout(
        sandbox,
        'production',
        'storefront',
        'product-catalog',
      );
      expect(rollout.status.pauseConditions).toHaveLength(1);
      expect(
        (await history('entityRef=component:default/product-catalog')).body
          .items,
      ).toEqual([]);
    });

    it('lets an owner promote a paused canary, recording and auditing it', async () => {
      const before = await readRollout(
        sandbox,
        'production',
        'storefront',
        'product-catalog',
      );
      const res = await act(USERS.storefront, productCatalog, {
        action: 'promote',
        reason: 'canary metrics look good',
      });
      expect(res.status).toBe(201);
      expect(res.body.record).toMatchObject({
        entityRef: 'component:default/product-catalog',
        cluster: 'production',
        namespace: 'storefront',
        rollout: 'product-catalog',
        action: 'promote',
        actor: USERS.storefront,
        reason: 'canary metrics look good',
        revisionBefore: 1,
        revisionAfter: 2,
        outcome: 'succeeded',
        // From the indefinite pause (step 2) on to the analysis (step 3).
        step: {
          from: 2,
          to: 3,
          count: 5,
          target: { type: 'analysis', templates: ['success-rate'] },
        },
      });
      expect(res.body.rollout.pauseConditions).toEqual([]);

      // `promote` clears the pause conditions on the status subresource,
      // exactly as `kubectl argo rollouts promote` does.
      const after = await readRollout(
        sandbox,
        'production',
        'storefront',
        'product-catalog',
      );
      expect(after.status.pauseConditions ?? []).toEqual([]);
      expect(Number(after.metadata.resourceVersion)).toBeGreaterThan(
        Number(before.metadata.resourceVersion),
      );

      const event = lastAuditEvent();
      expect(event.success).toHaveBeenCalledWith({
        meta: expect.objectContaining({
          recordId: res.body.record.id,
          outcome: 'succeeded',
        }),
      });
      const page = await history('entityRef=component:default/product-catalog');
      expect(page.body.items).toEqual([res.body.record]);
    });

    it('lets a release manager act on any entity', async () => {
      const res = await act(
        USERS.releaseManager,
        {
          entity: 'payments-api',
          cluster: 'production',
          namespace: 'checkout',
        },
        { action: 'promoteFull' },
      );
      expect(res.status).toBe(201);
      expect(res.body.record).toMatchObject({
        action: 'promoteFull',
        actor: USERS.releaseManager,
        revisionBefore: 1,
        revisionAfter: 2,
      });
      const after = await readRollout(
        sandbox,
        'production',
        'checkout',
        'payments-api',
      );
      expect(
        after.status.promoteFull === true ||
          after.status.stableRS === after.status.currentPodHash,
      ).toBe(true);
    });
  });

  describe('actions that make no sense in the current state', () => {
    it.each([
      [
        'promote',
        'search-api',
        'storefront',
        USERS.storefront,
        /is not paused, so there is nothing to promote/,
      ],
      [
        'promoteFull',
        'search-api',
        'storefront',
        USERS.storefront,
        /already fully promoted: revision 1 is stable/,
      ],
      [
        'abort',
        'orders-api',
        'checkout',
        USERS.checkout,
        /has no update in progress to abort/,
      ],
      [
        'retry',
        'inventory-api',
        'fulfilment',
        USERS.fulfilment,
        /is not aborted; only an aborted rollout can be retried/,
      ],
      [
        'rollback',
        'search-api',
        'storefront',
        USERS.storefront,
        /has no earlier revision to roll back to/,
      ],
    ] as const)(
      'refuses %s of %s with 409 and the reason',
      async (action, entity, namespace, user, reason) => {
        const res = await act(
          user,
          { entity, cluster: 'production', namespace },
          { action },
        );
        expect(res.status).toBe(409);
        expect(res.body.error.name).toBe('ConflictError');
        expect(res.body.error.message).toMatch(reason);
        expect(lastAuditEvent().fail).toHaveBeenCalled();
        const page = await history(`entityRef=component:default/${entity}`);
        expect(page.body.items).toEqual([]);
      },
    );

    it('refuses a second promote once nothing is paused', async () => {
      const res = await act(USERS.storefront, productCatalog, {
        action: 'promote',
      });
      expect(res.status).toBe(409);
    });
  });

  describe('abort, retry and rollback', () => {
    const cartApi = {
      entity: 'cart-api',
      cluster: 'production',
      namespace: 'checkout',
    };
    const shippingApi = {
      entity: 'shipping-api',
      cluster: 'production',
      namespace: 'fulfilment',
    };

    it('aborts a canary in progress, then refuses to abort it again', async () => {
      const res = await act(USERS.checkout, cartApi, { action: 'abort' });
      expect(res.status).toBe(201);
      expect(res.body.record).toMatchObject({
        action: 'abort',
        revisionBefore: 2,
        revisionAfter: 1,
      });
      expect(
        (await readRollout(sandbox, 'production', 'checkout', 'cart-api'))
          .status.abort,
      ).toBe(true);

      const again = await act(USERS.checkout, cartApi, { action: 'abort' });
      expect(again.status).toBe(409);
      expect(again.body.error.message).toMatch(/is already aborted/);
    });

    it('refuses to roll back to the running revision, and to a revision the cluster does not know', async () => {
      const running = await act(USERS.fulfilment, shippingApi, {
        action: 'rollback',
        revision: 2,
      });
      expect(running.status).toBe(409);
      expect(running.body.error.message).toMatch(
        /Revision 2 is already the running revision/,
      );

      const unknown = await act(USERS.fulfilment, shippingApi, {
        action: 'rollback',
        revision: 99,
      });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toMatch(
        /has no revision 99; revisions known to the cluster: 2, 1/,
      );
    });

    it('retries an aborted rollout', async () => {
      const res = await act(USERS.fulfilment, shippingApi, { action: 'retry' });
      expect(res.status).toBe(201);
      const after = await readRollout(
        sandbox,
        'production',
        'fulfilment',
        'shipping-api',
      );
      expect(after.status.abort).toBeFalsy();
    });

    it('rolls back to the previous revision with its template, minus the pod-template-hash label', async () => {
      const before = await readRollout(
        sandbox,
        'production',
        'storefront',
        'product-catalog',
      );
      const res = await act(USERS.storefront, productCatalog, {
        action: 'rollback',
      });
      expect(res.status).toBe(201);
      expect(res.body.record).toMatchObject({
        action: 'rollback',
        revisionBefore: 2,
        revisionAfter: 1,
      });

      const after = await readRollout(
        sandbox,
        'production',
        'storefront',
        'product-catalog',
      );
      expect(after.spec.template.spec.containers[0].image).toMatch(
        /product-catalog:1\.11\.4$/,
      );
      expect(before.spec.template.spec.containers[0].image).toMatch(
        /product-catalog:1\.12\.0$/,
      );
      expect(after.spec.template.metadata.labels).not.toHaveProperty(
        'rollouts-pod-template-hash',
      );
      expect(after.metadata.generation).toBe(before.metadata.generation + 1);
      // The template read back from the ReplicaSet keeps its resources, so
      // it matches that ReplicaSet again: revision 1 is the stable one, and
      // the rollout goes straight back to it, Healthy, without a new one.
      expect(after.spec.template.spec.containers[0].resources).toEqual(
        before.spec.template.spec.containers[0].resources,
      );
      await sandbox.settle();
      const settled = await readRollout(
        sandbox,
        'production',
        'storefront',
        'product-catalog',
      );
      expect(settled.status).toMatchObject({
        phase: 'Healthy',
        stableRS: before.status.stableRS,
        currentPodHash: before.status.stableRS,
      });
    });
  });

  describe('concurrency and idempotency', () => {
    const stagingCart = {
      entity: 'cart-api',
      cluster: 'staging',
      namespace: 'checkout',
    };

    beforeAll(async () => {
      await sandbox.startRelease({
        cluster: 'staging',
        service: 'cart-api',
        image: 'registry.acme.example/cart-api:1.10.0',
      });
      await sandbox.settle();
    });

    it('applies exactly one of two promotes sent at once from the same view; the other gets 409', async () => {
      const seen = await readRollout(
        sandbox,
        'staging',
        'checkout',
        'cart-api',
      );
      expect(seen.status.pauseConditions).toHaveLength(1);
      const body = {
        action: 'promote',
        resourceVersion: seen.metadata.resourceVersion,
      } as const;

      const responses = await Promise.all([
        act(USERS.checkout, stagingCart, body),
        act(USERS.releaseManager, stagingCart, body),
      ]);
      expect(responses.map(r => r.status).sort()).toEqual([201, 409]);
      const loser = responses.find(r => r.status === 409)!;
      expect(loser.body.error.message).toMatch(
        /changed since (it was read|you looked at it)|being applied to rollout checkout\/cart-api|acted on after your request arrived/,
      );

      const page = await history(
        'entityRef=component:default/cart-api&cluster=staging&outcome=succeeded',
      );
      expect(page.body.items.map((r: ReleaseRecord) => r.action)).toEqual([
        'promote',
      ]);
    });

    it('refuses an action decided on a view of the rollout that is out of date', async () => {
      await sandbox.settle();
      const historyBefore = await history(
        'entityRef=component:default/cart-api&cluster=staging',
      );
      // The controller has moved on to the next pause since `seen`: promoting
      // now would skip a step nobody looked at.
      const res = await act(USERS.checkout, stagingCart, {
        action: 'promote',
        resourceVersion: '1',
      });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(
        /^Rollout checkout\/cart-api in cluster 'staging' changed since you looked at it \(resourceVersion 1, now \d+\); reload it and decide again$/,
      );
      // Refused before acting: audited, not history.
      const page = await history(
        'entityRef=component:default/cart-api&cluster=staging',
      );
      expect(page.body.items).toEqual(historyBefore.body.items);
    });

    it('answers a retried request with the recorded result, without acting twice', async () => {
      await sandbox.settle();
      const first = await act(
        USERS.checkout,
        stagingCart,
        { action: 'abort' },
        'abort-once',
      );
      expect(first.status).toBe(201);
      const afterFirst = await readRollout(
        sandbox,
        'staging',
        'checkout',
        'cart-api',
      );

      const second = await act(
        USERS.checkout,
        stagingCart,
        { action: 'abort' },
        'abort-once',
      );
      expect(second.status).toBe(200);
      expect(second.body.record).toEqual(first.body.record);
      const afterSecond = await readRollout(
        sandbox,
        'staging',
        'checkout',
        'cart-api',
      );
      expect(afterSecond.metadata.resourceVersion).toBe(
        afterFirst.metadata.resourceVersion,
      );

      const page = await history(
        'entityRef=component:default/cart-api&action=abort',
      );
      expect(
        page.body.items.filter((r: ReleaseRecord) => r.cluster === 'staging'),
      ).toHaveLength(1);
      expect(lastAuditEvent().success).toHaveBeenCalledWith({
        meta: expect.objectContaining({
          replayed: true,
          recordId: first.body.record.id,
        }),
      });
    });

    it('refuses a key reused for a different request', async () => {
      const res = await act(
        USERS.checkout,
        stagingCart,
        { action: 'retry' },
        'abort-once',
      );
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(
        /Idempotency-Key 'abort-once' was already used for a different request \(abort of staging\/checkout\/cart-api/,
      );
    });

    it('keys are per user: the same key from someone else is a new request', async () => {
      const res = await act(
        USERS.releaseManager,
        stagingCart,
        { action: 'retry' },
        'abort-once',
      );
      expect(res.status).toBe(201);
    });

    it('acts once when the same key arrives twice at the same time', async () => {
      await sandbox.settle();
      const responses = await Promise.all([
        act(USERS.checkout, stagingCart, { action: 'abort' }, 'double-click'),
        act(USERS.checkout, stagingCart, { action: 'abort' }, 'double-click'),
      ]);
      // The second either finds the first finished (200, its record) or
      // still under way (409, retry later); it never acts itself.
      const first = responses.find(r => r.status === 201)!;
      expect(first).toBeDefined();
      const second = responses.find(r => r !== first)!;
      const answer =
        second.status === 200
          ? { status: 200, id: second.body.record.id }
          : { status: second.status, message: second.body.error.message };
      expect([
        { status: 200, id: first.body.record.id },
        {
          status: 409,
          message:
            "A request with Idempotency-Key 'double-click' is still being carried out; retry shortly to get its result",
        },
      ]).toContainEqual(answer);
      const page = await history(
        'entityRef=component:default/cart-api&action=abort&outcome=succeeded',
      );
      expect(
        page.body.items.filter((r: ReleaseRecord) => r.cluster === 'staging'),
      ).toHaveLength(2);
    });
  });

  describe('requests the API rejects', () => {
    it.each([
      [
        { action: 'deploy' },
        /request\/body\/action must be equal to one of the allowed values/,
      ],
      [{}, /request\/body must have required property 'action'/],
      [
        { action: 'rollback', revision: 0 },
        /request\/body\/revision must be >= 1/,
      ],
      [
        { action: 'promote', force: true },
        /request\/body must NOT have additional properties/,
      ],
    ])('answers 400 naming the field for %j', async (body, message) => {
      const res = await act(USERS.storefront, productCatalog, body);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toMatch(message);
    });

    it('answers 404 for an unknown entity, cluster or rollout', async () => {
      const entity = await act(
        USERS.releaseManager,
        { ...productCatalog, entity: 'nope', rollout: 'product-catalog' },
        { action: 'promote' },
      );
      expect(entity.status).toBe(404);
      expect(entity.body.error.message).toBe(
        'No entity component:default/nope in the catalog',
      );

      const cluster = await act(
        USERS.releaseManager,
        { ...productCatalog, cluster: 'moon' },
        { action: 'promote' },
      );
      expect(cluster.status).toBe(404);
      expect(cluster.body.error.message).toMatch(
        /No cluster named 'moon' is configured; known clusters: staging, production/,
      );

      // A rollout of another entity is out of reach, whoever asks.
      const other = await act(
        USERS.storefront,
        {
          entity: 'product-catalog',
          cluster: 'production',
          namespace: 'checkout',
          rollout: 'payments-api',
        },
        { action: 'promote' },
      );
      expect(other.status).toBe(404);
      expect(other.body.error.message).toBe(
        "No rollout checkout/payments-api of entity component:default/product-catalog in cluster 'production'",
      );
    });

    it('answers 404 naming the annotation for an entity without one', async () => {
      const res = await act(
        USERS.releaseManager,
        {
          entity: 'legacy-monolith',
          cluster: 'production',
          namespace: 'checkout',
        },
        { action: 'promote' },
      );
      expect(res.status).toBe(404);
      expect(res.body.error.message).toMatch(
        /has no 'backstage.io\/kubernetes-id' annotation/,
      );
    });

    it('acts only for signed-in users', async () => {
      const res = await request(backend.server)
        .post(
          '/api/delivery/entities/component/default/product-catalog/rollouts/production/storefront/product-catalog/actions',
        )
        .set('Authorization', mockCredentials.service.header())
        .send({ action: 'promote' });
      expect(res.status).toBe(403);
    });
  });

  describe('history', () => {
    it('lists actions newest first, a page at a time, filtered', async () => {
      const all = await history('limit=100');
      expect(all.status).toBe(200);
      const items: ReleaseRecord[] = all.body.items;
      expect(items.length).toBeGreaterThanOrEqual(8);
      const times = items.map(r => r.createdAt);
      expect([...times].sort().reverse()).toEqual(times);

      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await history(
          `limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(page.body.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.body.items.map((r: ReleaseRecord) => r.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(items.map(r => r.id));

      const failed = await history('outcome=failed');
      expect(
        failed.body.items.every((r: ReleaseRecord) => r.outcome === 'failed'),
      ).toBe(true);
      const rollbacks = await history('action=rollback');
      expect(rollbacks.body.items.map((r: ReleaseRecord) => r.rollout)).toEqual(
        ['product-catalog'],
      );
    });

    it('rejects a bad limit or cursor with 400', async () => {
      const limit = await history('limit=0');
      expect(limit.status).toBe(400);
      expect(limit.body.error.message).toMatch(
        /request\/query\/limit must be >= 1/,
      );
      const tooMany = await history('limit=101');
      expect(tooMany.status).toBe(400);
      const cursor = await history('cursor=bogus');
      expect(cursor.status).toBe(400);
      expect(cursor.body.error.message).toBe(
        "Query parameter 'cursor' is not a cursor this API returned",
      );
    });
  });
});
