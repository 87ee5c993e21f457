import { Watch } from '@kubernetes/client-node';
import { Sandbox } from '../sandbox';
import {
  clients,
  mergePatch,
  startTestSandbox,
  waitFor,
} from '../__testUtils__/sandbox';

describe('watch', () => {
  let sandbox: Sandbox;
  let api: ReturnType<typeof clients>;

  beforeAll(async () => {
    // A short history, so that an old resourceVersion expires quickly.
    sandbox = await startTestSandbox({
      watchCacheSize: 200,
      bookmarkIntervalSeconds: 0.05,
    });
    api = clients(sandbox);
    await api.core.createNamespace({
      body: { metadata: { name: 'api-test' } },
    });
  });

  afterAll(() => sandbox.stop());

  it('streams watch events, resumes from a resourceVersion and answers 410 when too old', async () => {
    const events: Array<[string, string]> = [];
    const watch = new Watch(api.kc);
    const start = await api.core.listNamespacedConfigMap({
      namespace: 'api-test',
    });
    const rv = start.metadata!.resourceVersion!;
    const controller = await watch.watch(
      '/api/v1/namespaces/api-test/configmaps',
      { resourceVersion: rv, labelSelector: 'watched=yes' },
      (type, obj) => events.push([type, obj.metadata.name]),
      () => {},
    );
    await api.core.createNamespacedConfigMap({
      namespace: 'api-test',
      body: { metadata: { name: 'w1', labels: { watched: 'yes' } } },
    });
    await api.core.createNamespacedConfigMap({
      namespace: 'api-test',
      body: { metadata: { name: 'w2' } },
    });
    await api.core.patchNamespacedConfigMap(
      { name: 'w1', namespace: 'api-test', body: { data: { a: '1' } } },
      mergePatch,
    );
    await api.core.patchNamespacedConfigMap(
      {
        name: 'w1',
        namespace: 'api-test',
        body: { metadata: { labels: { watched: 'no' } } },
      },
      mergePatch,
    );
    await api.core.deleteNamespacedConfigMap({
      name: 'w2',
      namespace: 'api-test',
    });
    await waitFor(() => events.length >= 3, 'watch events');
    controller.abort();
    // Leaving the selector is reported as DELETED, like the watch cache does.
    expect(events).toEqual([
      ['ADDED', 'w1'],
      ['MODIFIED', 'w1'],
      ['DELETED', 'w1'],
    ]);

    // Resuming from the old version replays the same history.
    const replayed: string[] = [];
    const again = await watch.watch(
      '/api/v1/namespaces/api-test/configmaps',
      { resourceVersion: rv, allowWatchBookmarks: true },
      type => replayed.push(type),
      () => {},
    );
    await waitFor(() => replayed.length >= 5, 'replay');
    again.abort();
    expect(replayed.slice(0, 5)).toEqual([
      'ADDED',
      'ADDED',
      'MODIFIED',
      'MODIFIED',
      'DELETED',
    ]);

    // Push the start version out of the (200 entries) history window.
    for (let i = 0; i < 260; i++) {
      await api.core.patchNamespacedConfigMap(
        { name: 'w1', namespace: 'api-test', body: { data: { n: String(i) } } },
        mergePatch,
      );
    }
    const expiredEvents: any[] = [];
    let done = false;
    await watch.watch(
      '/api/v1/namespaces/api-test/configmaps',
      { resourceVersion: rv },
      (type, obj) => expiredEvents.push({ type, obj }),
      () => {
        done = true;
      },
    );
    await waitFor(() => done, 'expired watch to end');
    expect(expiredEvents).toEqual([
      {
        type: 'ERROR',
        obj: expect.objectContaining({
          kind: 'Status',
          code: 410,
          reason: 'Expired',
          message: expect.stringMatching(
            /^too old resource version: \d+ \(\d+\)$/,
          ),
        }),
      },
    ]);
  });

  it('sends BOOKMARKs and the initial-events-end marker when asked', async () => {
    const events: Array<[string, any]> = [];
    const controller = await new Watch(api.kc).watch(
      '/api/v1/namespaces/api-test/configmaps',
      {
        sendInitialEvents: true,
        resourceVersionMatch: 'NotOlderThan',
        allowWatchBookmarks: true,
      },
      (type, obj) => events.push([type, obj]),
      () => {},
    );
    await waitFor(
      () => events.filter(([t]) => t === 'BOOKMARK').length >= 2,
      'bookmarks',
    );
    controller.abort();
    const firstBookmark = events.findIndex(([t]) => t === 'BOOKMARK');
    expect(events.slice(0, firstBookmark).every(([t]) => t === 'ADDED')).toBe(
      true,
    );
    expect(events[firstBookmark][1].metadata.annotations).toEqual({
      'k8s.io/initial-events-end': 'true',
    });
    expect(events[firstBookmark][1]).toMatchObject({
      kind: 'ConfigMap',
      apiVersion: 'v1',
    });
  });
});
