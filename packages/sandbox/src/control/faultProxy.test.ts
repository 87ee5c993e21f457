import http from 'node:http';
import { AddressInfo } from 'node:net';
import { FaultProxy, startFaultProxy } from './faultProxy';

/** A stand-in cluster API that counts the writes it applied. */
async function startTarget() {
  const writes: string[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.method !== 'GET') writes.push(`${req.method} ${req.url}`);
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end('{"kind":"Rollout"}');
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, writes, server };
}

describe('startFaultProxy', () => {
  let target: Awaited<ReturnType<typeof startTarget>>;
  let proxy: FaultProxy;

  beforeEach(async () => {
    target = await startTarget();
    proxy = await startFaultProxy({
      target: target.url,
      token: 't',
      holdMs: 200,
    });
  });

  afterEach(async () => {
    await proxy.stop();
    target.server.closeAllConnections();
    await new Promise(resolve => target.server.close(resolve));
  });

  const patch = () =>
    fetch(`${proxy.url}/apis/argoproj.io/v1alpha1/rollouts/r/status`, {
      method: 'PATCH',
      body: '{}',
    });

  it('drops the connection after the cluster applied the write, calling back in between', async () => {
    const seenByHook: number[] = [];
    proxy.arm('drop-after', {
      whenInjected: async () => {
        seenByHook.push(target.writes.length);
      },
    });
    await expect(patch()).rejects.toThrow();
    expect(target.writes).toHaveLength(1);
    expect(seenByHook).toEqual([1]);
    expect(proxy.disarm()).toBe('drop-after');
    expect(proxy.takeLog()).toEqual([
      expect.objectContaining({
        method: 'PATCH',
        fault: 'drop-after',
        clusterStatus: 200,
      }),
    ]);
  });

  it('drops the connection before the write reaches the cluster, calling back first', async () => {
    const seenByHook: number[] = [];
    proxy.arm('drop-before', {
      whenInjected: async () => {
        seenByHook.push(target.writes.length);
      },
    });
    await expect(patch()).rejects.toThrow();
    expect(target.writes).toHaveLength(0);
    expect(seenByHook).toEqual([0]);
    // Unarmed, the next write goes through.
    expect((await patch()).status).toBe(200);
    expect(target.writes).toHaveLength(1);
  });
});
