import { ResponseError } from '@backstage/errors';
import { errorMessage } from './errorMessage';
import { DeliveryClient } from './DeliveryClient';

describe('DeliveryClient', () => {
  const discoveryApi = {
    getBaseUrl: async () => 'http://portal.test/api/delivery',
  };

  it('posts an action with its idempotency key to the rollout of the entity', async () => {
    const fetch = jest.fn(
      async (_url: RequestInfo | URL, _init?: RequestInit) =>
        new Response(JSON.stringify({ record: { id: 'r1' } }), {
          status: 201,
          headers: { 'content-type': 'application/json' },
        }),
    );
    const client = new DeliveryClient({ discoveryApi, fetchApi: { fetch } });
    const result = await client.performAction({
      rollout: {
        entity: { kind: 'Component', namespace: 'default', name: 'cart-api' },
        cluster: 'production',
        namespace: 'checkout',
        name: 'cart-api',
      },
      request: { action: 'rollback', revision: 3, reason: 'errors up' },
      idempotencyKey: 'key-1',
    });
    expect(result.record.id).toBe('r1');
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(
      'http://portal.test/api/delivery/entities/Component/default/cart-api/rollouts/production/checkout/cart-api/actions',
    );
    expect(init?.method).toBe('POST');
    expect((init?.headers as Record<string, string>)['Idempotency-Key']).toBe(
      'key-1',
    );
    expect(JSON.parse(String(init?.body))).toEqual({
      action: 'rollback',
      revision: 3,
      reason: 'errors up',
    });
  });

  it('surfaces the backend error message', async () => {
    const fetch = jest.fn(
      async () =>
        new Response(
          JSON.stringify({
            error: {
              name: 'ConflictError',
              message: 'Nothing is paused: there is no step to promote',
            },
            response: { statusCode: 409 },
          }),
          { status: 409, headers: { 'content-type': 'application/json' } },
        ),
    );
    const client = new DeliveryClient({ discoveryApi, fetchApi: { fetch } });
    const error = await client
      .getEntityRollouts({
        kind: 'Component',
        namespace: 'default',
        name: 'cart-api',
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(409);
    expect(errorMessage(error)).toBe(
      'Nothing is paused: there is no step to promote',
    );
  });

  it('asks for history of one entity, page by page', async () => {
    const fetch = jest.fn(
      async (_url: RequestInfo | URL) =>
        new Response(JSON.stringify({ items: [] }), { status: 200 }),
    );
    const client = new DeliveryClient({ discoveryApi, fetchApi: { fetch } });
    await client.getHistory({
      entityRef: 'component:default/cart-api',
      limit: 20,
      cursor: 'abc',
    });
    expect(fetch.mock.calls[0][0]).toBe(
      'http://portal.test/api/delivery/history?entityRef=component%3Adefault%2Fcart-api&limit=20&cursor=abc',
    );
  });
});
