import { Sandbox } from '../sandbox';
import { clients, ROLLOUT, startTestSandbox } from '../__testUtils__/sandbox';

describe('control API', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startTestSandbox({
      clusters: ['staging', 'production'],
      seed: true,
    });
  });
  afterAll(() => sandbox.stop());

  const post = (body: unknown) =>
    fetch(`${sandbox.controlUrl}/releases`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('reports health and cluster URLs', async () => {
    expect(await (await fetch(`${sandbox.controlUrl}/healthz`)).json()).toEqual(
      { status: 'ok' },
    );
    expect(
      await (await fetch(`${sandbox.controlUrl}/clusters`)).json(),
    ).toEqual({
      staging: sandbox.clusters.staging.url,
      production: sandbox.clusters.production.url,
    });
  });

  it.each([
    [{ service: 'cart-api', image: 'x/y:1' }, 'cluster'],
    [{ cluster: 'qa', service: 'cart-api', image: 'x/y:1' }, 'cluster'],
    [{ cluster: 'staging', image: 'x/y:1' }, 'service'],
    [{ cluster: 'staging', service: 'cart-api', image: '' }, 'image'],
    [
      { cluster: 'staging', service: 'cart-api', image: 'Not An Image' },
      'image',
    ],
    [
      {
        cluster: 'staging',
        service: 'cart-api',
        image: 'x/y:1',
        profile: 'weird',
      },
      'profile',
    ],
    [
      {
        cluster: 'staging',
        service: 'cart-api',
        image: 'x/y:1',
        profile: { errorRatio: 2 },
      },
      'profile',
    ],
  ])('rejects %j with 400 naming %s', async (body, field) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    const json = await res.json();
    expect(json.field).toBe(field);
    expect(json.error).toMatch(new RegExp(`^${field}`));
  });

  it('answers 404 for an unknown service', async () => {
    const res = await post({
      cluster: 'staging',
      service: 'nope',
      image: 'x/y:1',
    });
    expect(res.status).toBe(404);
    expect((await res.json()).field).toBe('service');
  });

  it('starts a release by updating the pod template', async () => {
    const res = await post({
      cluster: 'staging',
      service: 'orders-api',
      image: 'registry.acme.example/orders-api:2.4.0',
      profile: 'slow',
    });
    expect(res.status).toBe(201);
    const result = await res.json();
    expect(result).toMatchObject({
      namespace: 'checkout',
      rollout: 'orders-api',
      profile: 'slow',
      changed: true,
      previousImage: 'registry.acme.example/orders-api:2.3.0',
    });
    const ro: any = await clients(
      sandbox,
      'staging',
    ).custom.getNamespacedCustomObject({
      ...ROLLOUT,
      namespace: 'checkout',
      name: 'orders-api',
    });
    expect(ro.spec.template.spec.containers[0].image).toBe(
      'registry.acme.example/orders-api:2.4.0',
    );
    expect(ro.metadata.generation).toBe(result.generation);
  });

  it('exposes traffic as a snapshot and as Prometheus metrics', async () => {
    const snapshot = sandbox.getTrafficSnapshot('production');
    const shipping = snapshot.series.filter(s => s.service === 'shipping-api');
    expect(shipping.length).toBeGreaterThan(0);
    expect(shipping[0]).toMatchObject({
      namespace: 'fulfilment',
      rollout: 'shipping-api',
      profile: 'healthy',
    });
    const remote = await (
      await fetch(`${sandbox.controlUrl}/traffic/production`)
    ).json();
    expect(remote.series.length).toBe(snapshot.series.length);
    sandbox.metrics();
    await new Promise(resolve => setTimeout(resolve, 20));
    const text = await (await fetch(`${sandbox.controlUrl}/metrics`)).text();
    expect(text).toContain('# TYPE http_requests_total counter');
    expect(text).toMatch(
      /http_requests_total\{app_kubernetes_io_name="storefront-web",backstage_io_kubernetes_id="storefront-web",rollouts_pod_template_hash="\w+",namespace="storefront",pod="storefront-web-\w+-\w+",node="[\w-]+",code="200"\} [\d.]+/,
    );
    expect(text).toMatch(
      /http_request_duration_seconds_bucket\{.*le="0\.1"\} [\d.]+/,
    );
  });
});
