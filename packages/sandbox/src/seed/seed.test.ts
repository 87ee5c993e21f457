import { Sandbox } from '../sandbox';
import { ROLLOUT, clients, startTestSandbox } from '../__testUtils__/sandbox';
import { ArgoRolloutsPlugin } from '../__testUtils__/rollouts';
import { SERVICES } from './catalog';
import { syntheticServices } from './seed';

jest.setTimeout(20000);

describe('seed', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startTestSandbox({
      clusters: ['staging', 'production'],
      seed: true,
    });
  });
  afterAll(() => sandbox.stop());

  const rollouts = async (cluster: string) => {
    const list: any = await clients(
      sandbox,
      cluster,
    ).custom.listClusterCustomObject(ROLLOUT);
    return Object.fromEntries(list.items.map((r: any) => [r.metadata.name, r]));
  };
  const imageTag = (ro: any) =>
    ro.spec.template.spec.containers[0].image.split(':')[1];

  it('deploys every service Healthy to staging', async () => {
    const staging = await rollouts('staging');
    expect(Object.keys(staging).sort()).toEqual(
      SERVICES.map(s => s.name).sort(),
    );
    for (const seed of SERVICES) {
      const ro = staging[seed.name];
      expect(ro.status.phase).toBe('Healthy');
      expect(imageTag(ro)).toBe(seed.clusters.staging.version);
      expect(ro.metadata.namespace).toBe(seed.namespace);
      expect(ro.metadata.labels).toEqual({
        'app.kubernetes.io/name': seed.name,
        'backstage.io/kubernetes-id': seed.name,
      });
      expect(ro.spec.replicas).toBeGreaterThanOrEqual(2);
      expect(ro.spec.replicas).toBeLessThanOrEqual(4);
    }
    expect(imageTag(staging['storefront-web'])).toBe('2.8.0');
  });

  it('leaves production mid-release as scripted', async () => {
    const production = await rollouts('production');
    expect(production['storefront-web'].status.phase).toBe('Healthy');
    expect(imageTag(production['storefront-web'])).toBe('2.7.3');

    const catalog = production['product-catalog'].status;
    expect(catalog).toMatchObject({
      phase: 'Paused',
      message: 'CanaryPauseStep',
      currentStepIndex: 1,
      canary: { weights: { canary: { weight: 20 }, stable: { weight: 80 } } },
    });
    expect(imageTag(production['product-catalog'])).toBe('1.12.0');

    expect(production['payments-api'].status).toMatchObject({
      phase: 'Paused',
      message: 'BlueGreenPause',
      blueGreen: { prePromotionAnalysisRunStatus: { status: 'Successful' } },
    });
    expect(production['payments-api'].status.blueGreen.activeSelector).not.toBe(
      production['payments-api'].status.currentPodHash,
    );

    expect(production['shipping-api'].status.phase).toBe('Degraded');
    expect(production['shipping-api'].status.message).toMatch(
      /^RolloutAborted: Rollout aborted update to revision 2: Step-based analysis phase error\/failed/,
    );

    for (const name of ['search-api', 'orders-api', 'inventory-api']) {
      expect(production[name].status.phase).toBe('Healthy');
    }
    // cart-api walks its timed pauses on its own and ends Healthy at the new version.
    const plugin = new ArgoRolloutsPlugin(
      clients(sandbox, 'production'),
      'checkout',
    );
    const cart = await plugin.waitFor(
      'cart-api',
      'Healthy',
      ro =>
        ro.status?.phase === 'Healthy' &&
        ro.status.stableRS === ro.status.currentPodHash,
    );
    expect(imageTag(cart)).toBe('1.9.0');
  });

  it('labels Services and creates a success-rate AnalysisTemplate per namespace', async () => {
    const { core, custom } = clients(sandbox, 'production');
    const services = await core.listNamespacedService({
      namespace: 'checkout',
      labelSelector: 'backstage.io/kubernetes-id=payments-api',
    });
    expect(services.items.map(s => s.metadata!.name).sort()).toEqual([
      'payments-api',
      'payments-api-active',
      'payments-api-preview',
    ]);
    const templates: any = await custom.listNamespacedCustomObject({
      group: 'argoproj.io',
      version: 'v1alpha1',
      plural: 'analysistemplates',
      namespace: 'fulfilment',
    });
    expect(
      templates.items[0].spec.metrics[0].provider.prometheus.query,
    ).toContain('http_requests_total');
  });

  it('generates synthetic services for load tests', () => {
    const seeds = syntheticServices(120, ['a', 'b']);
    expect(seeds).toHaveLength(120);
    expect(seeds[0]).toMatchObject({
      name: 'svc-0001',
      namespace: 'synthetic-01',
    });
    expect(seeds[119].namespace).toBe('synthetic-03');
  });
});
