import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clients, ROLLOUT, startTestSandbox } from './__testUtils__/sandbox';

describe('snapshot file', () => {
  it('restores the state after a restart', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-snapshot-'));
    const file = path.join(dir, 'state.json');
    try {
      const first = await startTestSandbox({
        snapshotFile: file,
        seed: true,
        clusters: ['staging', 'production'],
      });
      const created = await clients(
        first,
        'staging',
      ).core.createNamespacedConfigMap({
        namespace: 'checkout',
        body: { metadata: { name: 'kept' }, data: { a: '1' } },
      });
      const before: any = await clients(
        first,
        'production',
      ).custom.getNamespacedCustomObject({
        ...ROLLOUT,
        namespace: 'storefront',
        name: 'product-catalog',
      });
      await first.stop();

      const second = await startTestSandbox({
        snapshotFile: file,
        seed: true,
        clusters: ['staging', 'production'],
      });
      try {
        const kept = await clients(
          second,
          'staging',
        ).core.readNamespacedConfigMap({ name: 'kept', namespace: 'checkout' });
        expect(kept.metadata!.uid).toBe(created.metadata!.uid);
        const after: any = await clients(
          second,
          'production',
        ).custom.getNamespacedCustomObject({
          ...ROLLOUT,
          namespace: 'storefront',
          name: 'product-catalog',
        });
        expect(after.metadata.uid).toBe(before.metadata.uid);
        expect(after.status.phase).toBe('Paused');
        expect(Number(after.metadata.resourceVersion)).toBeGreaterThanOrEqual(
          Number(before.metadata.resourceVersion),
        );
      } finally {
        await second.stop();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
