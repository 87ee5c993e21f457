#!/usr/bin/env node
// Measures how long a new service takes from "Create" to being visible in the
// catalog: the scaffolder task is created the way the Create button creates
// it, then the catalog API is polled until the new component is served.
//
// Needs a running portal with its sandbox: `./portal start`, then
//   node scripts/bench-scaffold.mjs [runs=5]
// Prints each run and the median.

const BACKEND = process.env.PORTAL_BACKEND_URL ?? 'http://localhost:7007';
const runs = Number(process.argv[2] ?? 5);

async function json(res) {
  const body = await res.text();
  if (!res.ok) throw new Error(`${res.status} ${res.url}: ${body}`);
  return JSON.parse(body);
}

async function guestToken() {
  const session = await json(
    await fetch(`${BACKEND}/api/auth/guest/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    }),
  );
  return session.backstageIdentity.token;
}

async function once(token, index) {
  const name = `bench-${Date.now().toString(36)}-${index}`;
  const headers = {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
  };
  const started = performance.now();
  const { id } = await json(
    await fetch(`${BACKEND}/api/scaffolder/v2/tasks`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        templateRef: 'template:default/http-service-canary',
        values: {
          name,
          description: 'Created by the scaffolding benchmark.',
          owner: 'group:default/team-checkout',
          system: 'system:default/checkout',
          // What the form sends when its defaults are kept.
          lifecycle: 'experimental',
          strategy: 'canary',
          canarySteps: [
            { weight: 10, pause: '2m' },
            { weight: 25, pause: '5m' },
            { weight: 50, pause: '10m' },
          ],
          successRate: 0.99,
          manualPromotion: true,
          environments: ['staging', 'production'],
          dataStore: 'none',
          repoUrl: `localhost:7030?owner=checkout&repo=${name}`,
        },
      }),
    }),
  );
  let taskDone;
  let visible;
  while (!visible || !taskDone) {
    if (!taskDone) {
      const task = await json(
        await fetch(`${BACKEND}/api/scaffolder/v2/tasks/${id}`, { headers }),
      );
      if (task.status === 'failed' || task.status === 'cancelled') {
        throw new Error(`task ${id} ${task.status}`);
      }
      if (task.status === 'completed') taskDone = performance.now();
    }
    if (!visible) {
      const res = await fetch(
        `${BACKEND}/api/catalog/entities/by-name/component/default/${name}`,
        { headers },
      );
      if (res.ok) visible = performance.now();
    }
    await new Promise(r => setTimeout(r, 100));
  }
  return {
    name,
    taskMs: Math.round(taskDone - started),
    visibleMs: Math.round(visible - started),
  };
}

const token = await guestToken();
const results = [];
for (let i = 0; i < runs; i++) {
  const r = await once(token, i);
  results.push(r);
  console.log(
    `run ${i + 1}: task finished after ${r.taskMs} ms, ${
      r.name
    } in the catalog after ${r.visibleMs} ms`,
  );
}
const median = values => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
console.log(
  `median of ${runs}: task ${median(
    results.map(r => r.taskMs),
  )} ms, Create -> visible in catalog ${median(
    results.map(r => r.visibleMs),
  )} ms`,
);
