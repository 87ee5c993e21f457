import { mockServices } from '@backstage/backend-test-utils';
import { Sandbox, startSandbox } from '@internal/sandbox';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTcpProxy, TcpProxy } from '../__testUtils__/tcpProxy';
import { ClusterRegistry } from './ClusterRegistry';
import { RolloutChange } from './ClusterWatchCache';
import { KubernetesClusterClient } from './KubernetesClusterClient';
import { RolloutInformerCache } from './RolloutInformerCache';

jest.setTimeout(60_000);

/** Polls until `check` passes, as a person refreshing a page would. */
async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise(resolve => setTimeout(resolve, 50));
    }
  }
}

const CART = 'backstage.io/kubernetes-id=cart-api';

describe('RolloutInformerCache against a sandbox cluster', () => {
  let snapshotDir: string;
  let sandbox: Sandbox;
  let proxy: TcpProxy;
  let client: KubernetesClusterClient;
  let cache: RolloutInformerCache;
  const changes: RolloutChange[] = [];
  let stagingPort: number;

  const startStaging = (port: number) =>
    startSandbox({
      clusters: ['staging'],
      ports: { control: 0, clusters: { staging: port } },
      speed: 50,
      podStartupSeconds: 0,
      gitHost: false,
      // Short history, so that a watch that was away for a while gets 410 Gone.
      watchCacheSize: 5,
      snapshotFile: path.join(snapshotDir, 'sandbox.json'),
    });

  beforeAll(async () => {
    snapshotDir = fs.mkdtempSync(path.join(os.tmpdir(), 'informer-cache-'));
    sandbox = await startStaging(0);
    stagingPort = Number(new URL(sandbox.clusters.staging.url).port);
    proxy = await startTcpProxy(sandbox.clusters.staging.url);
    client = KubernetesClusterClient.create(
      {
        name: 'staging',
        url: proxy.url,
        serviceAccountToken: sandbox.adminToken,
        skipTLSVerify: false,
      },
      { timeoutMs: 5_000 },
    );
    cache = new RolloutInformerCache({
      clusters: new ClusterRegistry([client]),
      logger: mockServices.logger.mock(),
      timings: { retryMs: { initial: 50, max: 200 } },
    });
    cache.onChange(change => changes.push(change));
    cache.start();
  });

  afterAll(async () => {
    await cache?.stop();
    await proxy?.close();
    await sandbox?.stop();
    fs.rmSync(snapshotDir, { recursive: true, force: true });
  });

  const staging = () => cache.cluster('staging');
  const imageOf = async (selector: string) => {
    const [rollout] = await staging().listRollouts({ labelSelector: selector });
    return rollout?.spec?.template?.spec?.containers?.[0]?.image;
  };

  it('lists once, then answers reads from memory, ReplicaSets and AnalysisRuns included', async () => {
    const rollouts = await staging().listRollouts({ labelSelector: CART });
    expect(rollouts.map(r => r.metadata.name)).toEqual(['cart-api']);
    const namespace = rollouts[0].metadata.namespace!;
    const selector = Object.entries(rollouts[0].spec!.selector!.matchLabels!)
      .map(([key, value]) => `${key}=${value}`)
      .join(',');
    const replicaSets = await staging().listReplicaSets(namespace, selector);
    expect(replicaSets.length).toBeGreaterThan(0);
    expect(
      replicaSets.every(rs =>
        rs.metadata.ownerReferences?.some(o => o.name === 'cart-api'),
      ),
    ).toBe(true);
    expect(staging().health()).toEqual({ synced: true });
  });

  it('follows an added Rollout', async () => {
    await sandbox.seedSyntheticServices(1);
    await eventually(async () =>
      expect(
        await staging().listRollouts({
          labelSelector: 'backstage.io/kubernetes-id=svc-0001',
        }),
      ).toHaveLength(1),
    );
  });

  it('follows an update and says which entity changed', async () => {
    changes.length = 0;
    await sandbox.startRelease({
      cluster: 'staging',
      service: 'cart-api',
      image: 'registry.acme.example/cart-api:9.0.0',
    });
    await eventually(async () =>
      expect(await imageOf(CART)).toBe('registry.acme.example/cart-api:9.0.0'),
    );
    expect(changes).toContainEqual(
      expect.objectContaining({
        cluster: 'staging',
        rollout: 'cart-api',
        kubernetesId: 'cart-api',
      }),
    );
  });

  it('follows a deleted Rollout', async () => {
    const [rollout] = await staging().listRollouts({
      labelSelector: 'backstage.io/kubernetes-id=svc-0001',
    });
    const res = await fetch(
      `${sandbox.clusters.staging.url}/apis/argoproj.io/v1alpha1/namespaces/${rollout.metadata.namespace}/rollouts/svc-0001`,
      {
        method: 'DELETE',
        headers: { authorization: `Bearer ${sandbox.adminToken}` },
      },
    );
    expect(res.ok).toBe(true);
    await eventually(async () =>
      expect(
        await staging().listRollouts({
          labelSelector: 'backstage.io/kubernetes-id=svc-0001',
        }),
      ).toEqual([]),
    );
  });

  it('shows stale data while the cluster cannot be reached, then lists again after 410 Gone', async () => {
    const lists = jest.spyOn(client, 'listAll');
    proxy.cut();
    await eventually(() =>
      expect(staging().health().staleSince).toBeInstanceOf(Date),
    );
    // What is shown meanwhile is the last state, marked stale.
    expect(await imageOf(CART)).toBe('registry.acme.example/cart-api:9.0.0');
    expect(staging().health().error).toMatch(
      /Cluster 'staging' could not be watched/,
    );

    // More changes than the cluster keeps for resuming watches.
    for (const version of ['9.1.0', '9.2.0', '9.3.0']) {
      await sandbox.startRelease({
        cluster: 'staging',
        service: 'cart-api',
        image: `registry.acme.example/cart-api:${version}`,
      });
      await sandbox.settle();
    }
    proxy.restore();
    await eventually(async () =>
      expect(await imageOf(CART)).toBe('registry.acme.example/cart-api:9.3.0'),
    );
    await eventually(() =>
      expect(staging().health()).toEqual({ synced: true }),
    );
    // The resumed watches were refused as too old, so the informers listed again.
    expect(lists.mock.calls.map(([resource]) => resource)).toEqual(
      expect.arrayContaining(['rollouts']),
    );
    lists.mockRestore();
  });

  it('reconnects after the cluster restarts and follows changes made since', async () => {
    await sandbox.stop();
    await eventually(() =>
      expect(staging().health().staleSince).toBeInstanceOf(Date),
    );
    expect(await imageOf(CART)).toBe('registry.acme.example/cart-api:9.3.0');

    sandbox = await startStaging(stagingPort);
    await sandbox.startRelease({
      cluster: 'staging',
      service: 'cart-api',
      image: 'registry.acme.example/cart-api:10.0.0',
    });
    await eventually(async () =>
      expect(await imageOf(CART)).toBe('registry.acme.example/cart-api:10.0.0'),
    );
    await eventually(() =>
      expect(staging().health()).toEqual({ synced: true }),
    );
  });
});
