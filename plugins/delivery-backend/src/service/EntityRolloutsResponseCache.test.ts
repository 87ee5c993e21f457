import { mockCredentials } from '@backstage/backend-test-utils';
import { EntityRolloutsResponse } from '@internal/plugin-delivery-common';
import express from 'express';
import request from 'supertest';
import {
  callerKey,
  EntityRolloutsResponseCache,
} from './EntityRolloutsResponseCache';

const entity = { kind: 'component', namespace: 'default', name: 'orders-api' };

function answers() {
  let built = 0;
  const build = jest.fn(
    async (): Promise<EntityRolloutsResponse> => ({
      entityRef: `component:default/orders-api#${++built}`,
      clusters: [],
    }),
  );
  return build;
}

describe('EntityRolloutsResponseCache', () => {
  let now = 0;
  const cache = () =>
    new EntityRolloutsResponseCache({ ttlMs: 1_000, now: () => now });

  beforeEach(() => {
    now = 10_000;
  });

  it('answers the same caller from memory within the TTL, then builds again', async () => {
    const responses = cache();
    const build = answers();
    const first = await responses.get('user:user:default/ada', entity, build);
    now += 999;
    expect(await responses.get('user:user:default/ada', entity, build)).toBe(
      first,
    );
    now += 1;
    const third = await responses.get('user:user:default/ada', entity, build);
    expect(third.entityRef).toBe('component:default/orders-api#2');
    expect(build).toHaveBeenCalledTimes(2);
  });

  it('keeps callers and entities apart', async () => {
    const responses = cache();
    const build = answers();
    await responses.get('user:user:default/ada', entity, build);
    await responses.get('user:user:default/bob', entity, build);
    await responses.get(
      'user:user:default/ada',
      { ...entity, name: 'x' },
      build,
    );
    expect(build).toHaveBeenCalledTimes(3);
  });

  it('builds once for reads that arrive together', async () => {
    const responses = cache();
    const build = answers();
    const all = await Promise.all(
      [1, 2, 3].map(() =>
        responses.get('user:user:default/ada', entity, build),
      ),
    );
    expect(new Set(all).size).toBe(1);
    expect(build).toHaveBeenCalledTimes(1);
  });

  it('forgets every answer on a change, also one still being built', async () => {
    const responses = cache();
    const build = answers();
    const pending = responses.get('user:user:default/ada', entity, build);
    responses.invalidate();
    await pending;
    const after = await responses.get('user:user:default/ada', entity, build);
    expect(after.entityRef).toBe('component:default/orders-api#2');
  });

  it('does not keep a failure', async () => {
    const responses = cache();
    const failing = jest.fn().mockRejectedValueOnce(new Error('catalog down'));
    await expect(
      responses.get('user:user:default/ada', entity, failing),
    ).rejects.toThrow('catalog down');
    const build = answers();
    await expect(
      responses.get('user:user:default/ada', entity, build),
    ).resolves.toMatchObject({ clusters: [] });
  });

  it('holds at most maxEntries answers, dropping the oldest', async () => {
    const responses = new EntityRolloutsResponseCache({
      ttlMs: 1_000,
      maxEntries: 2,
      now: () => now,
    });
    const build = answers();
    for (const name of ['a', 'b', 'c']) {
      await responses.get('user:user:default/ada', { ...entity, name }, build);
    }
    await responses.get(
      'user:user:default/ada',
      { ...entity, name: 'c' },
      build,
    );
    await responses.get(
      'user:user:default/ada',
      { ...entity, name: 'a' },
      build,
    );
    expect(build).toHaveBeenCalledTimes(4);
  });

  it('is invalidated by a write request once it has finished, not by a read', async () => {
    const responses = cache();
    const build = answers();
    const app = express();
    app.use(responses.invalidateOnWrites());
    app.get('/x', (_req, res) => res.json({}));
    app.post('/x', (_req, res) => res.status(201).json({}));

    await responses.get('user:user:default/ada', entity, build);
    await request(app).get('/x');
    await responses.get('user:user:default/ada', entity, build);
    expect(build).toHaveBeenCalledTimes(1);
    await request(app).post('/x');
    await responses.get('user:user:default/ada', entity, build);
    expect(build).toHaveBeenCalledTimes(2);
  });

  it('names users by their entity and services by their subject', () => {
    expect(callerKey(mockCredentials.user('user:default/ada'))).toBe(
      'user:user:default/ada',
    );
    expect(callerKey(mockCredentials.service('plugin:catalog'))).toBe(
      'service:plugin:catalog',
    );
  });
});
