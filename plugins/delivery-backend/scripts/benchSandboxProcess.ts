/*
 * The sandbox of bench-rollouts.ts, in a process of its own: clusters are
 * other machines, so their work (serving lists, running controllers) must not
 * share the measured backend's event loop.
 *
 * Started with `fork()`; argv: <synthetic services per cluster> <every Nth
 * service releasing, 0 for none>. It sends `{ type: 'ready', ... }` once
 * seeded, answers `{ type: 'counts' }` with the clusters' request counts and
 * stops on `{ type: 'stop' }`.
 */
import { startSandbox } from '@internal/sandbox';

async function main() {
  const services = Number(process.argv[2]);
  const releasingEvery = Number(process.argv[3] ?? '0');
  const sandbox = await startSandbox({
    ports: { control: 0, clusters: { staging: 0, production: 0 } },
    gitHost: false,
  });
  const seeds = await sandbox.seedSyntheticServices(services);
  const names = seeds.map(s => s.name);
  const releasing = releasingEvery
    ? names.filter((_, i) => i % releasingEvery === 0)
    : [];
  for (const name of releasing) {
    for (const cluster of Object.keys(sandbox.clusters)) {
      await sandbox.startRelease({
        cluster,
        service: name,
        image: `registry.acme.example/${name}:2.0.0`,
        profile: 'slow',
      });
    }
  }
  // A benchmark that dies leaves no sandbox behind.
  process.on('disconnect', () => process.exit(0));
  process.on('message', async (message: { type: string; id?: number }) => {
    if (message.type === 'counts') {
      process.send!({
        type: 'counts',
        id: message.id,
        counts: sandbox.requestCounts(),
      });
    } else if (message.type === 'stop') {
      await sandbox.stop();
      process.exit(0);
    }
  });
  process.send!({
    type: 'ready',
    clusters: sandbox.clusters,
    names,
    releasing: releasing.length,
  });
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
