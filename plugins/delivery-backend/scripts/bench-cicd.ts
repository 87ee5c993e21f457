/*
 * Measures CDEvents ingestion and the CI/CD summary read, on SQLite and on
 * PostgreSQL:
 *
 *   cd plugins/delivery-backend
 *   yarn bench:cicd [--events 100000] [--entities 100] [--batch 500] \
 *     [--concurrency 4] [--reads 300]
 *
 * An in-process backend with the delivery plugin receives the events over
 * HTTP (POST /api/delivery/cdevents, batches of CloudEvents, an external
 * caller's token) spread over --entities services: pipeline runs with their
 * task runs, artifacts and deployments. Then one entity's summary is read
 * --reads times, one request after another. It prints events/s and the
 * summary read's p50/p99 per database as it goes, then both databases side
 * by side against the targets (≥ 2,000 events/s, p99 < 100 ms).
 *
 * PostgreSQL comes from PORTAL_TEST_POSTGRES_URL (scripts/system-deps.sh,
 * ensure_postgres); without it only SQLite is measured, and it says so.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import knexFactory, { Knex } from 'knex';
import fs from 'node:fs';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { deliveryPlugin } from '../src/plugin';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : fallback;
}

const totalEvents = Number(option('events', '100000'));
const entityCount = Number(option('entities', '100'));
const batchSize = Number(option('batch', '500'));
const concurrency = Number(option('concurrency', '4'));
const reads = Number(option('reads', '300'));

const out = (line: string) => process.stdout.write(`${line}\n`);
const sourceOf = (i: number) =>
  `https://git.example.com/acme/svc-${String(i).padStart(4, '0')}`;

function entity(i: number): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: `svc-${String(i).padStart(4, '0')}`,
      namespace: 'default',
      annotations: { 'platform-portal/cdevents-source': sourceOf(i) },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

/** The n-th event of the history: runs of 10 events for entity n % entities. */
function event(n: number) {
  const service = Math.floor(n / 10) % entityCount;
  const runNo = Math.floor(n / 10 / entityCount);
  const step = n % 10;
  const source = `${sourceOf(service)}/actions/runs/${runNo}`;
  const at = new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString();
  const pipelineRun = { id: String(runNo), source };
  const image = `registry.example.com/svc-${service}:${runNo}`;
  const [type, subject] = (
    [
      [
        'pipelinerun.started.0.2.0',
        { ...pipelineRun, content: { pipelineName: 'ci', url: source } },
      ],
      [
        'taskrun.started.0.2.0',
        {
          id: 'build',
          source,
          content: { taskName: 'build', url: source, pipelineRun },
        },
      ],
      [
        'taskrun.finished.0.2.0',
        { id: 'build', source, content: { pipelineRun, outcome: 'success' } },
      ],
      [
        'taskrun.started.0.2.0',
        {
          id: 'test',
          source,
          content: { taskName: 'test', url: source, pipelineRun },
        },
      ],
      [
        'taskrun.finished.0.2.0',
        { id: 'test', source, content: { pipelineRun, outcome: 'success' } },
      ],
      [
        'artifact.packaged.0.2.0',
        { id: image, content: { change: { id: `c${runNo}` } } },
      ],
      ['artifact.published.0.2.0', { id: image, content: {} }],
      [
        'service.deployed.0.2.0',
        {
          id: 'svc',
          content: { environment: { id: 'staging' }, artifactId: image },
        },
      ],
      [
        'service.deployed.0.2.0',
        {
          id: 'svc',
          content: { environment: { id: 'production' }, artifactId: image },
        },
      ],
      [
        'pipelinerun.finished.0.2.0',
        {
          ...pipelineRun,
          content: {
            pipelineName: 'ci',
            outcome: runNo % 7 ? 'success' : 'failure',
          },
        },
      ],
    ] as const
  )[step];
  const id = `e-${n}`;
  const fullType = `dev.cdevents.${type}`;
  return {
    specversion: '1.0',
    id,
    source,
    type: fullType,
    time: at,
    datacontenttype: 'application/json',
    data: {
      context: { version: '0.4.1', id, source, type: fullType, timestamp: at },
      subject,
      customData: { branch: 'main', commit: 'f'.repeat(40) },
    },
  };
}

/**
 * Posts one batch; a request the connection dropped is sent again, as a CI
 * would: the events are stored once whatever the number of deliveries.
 */
async function send(url: string, body: string): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, {
        method: 'POST',
        headers: {
          authorization: mockCredentials.service.header(),
          'content-type': 'application/cloudevents-batch+json',
        },
        body,
      });
    } catch (error) {
      if (attempt >= 5) throw error;
      out(`  resending a batch: ${(error as Error).cause ?? error}`);
    }
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

interface Figures {
  label: string;
  eventsPerSecond: number;
  p50: number;
  p99: number;
}

async function measure(label: string, knex: Knex): Promise<Figures> {
  const entities = Array.from({ length: entityCount }, (_, i) => entity(i));
  const backend = await startTestBackend({
    features: [
      deliveryPlugin,
      catalogServiceMock.factory({ entities }),
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({ data: {} }),
    ],
  });
  const base = `http://127.0.0.1:${
    (backend.server.address() as AddressInfo).port
  }/api/delivery`;
  try {
    const batches: number[] = [];
    for (let start = 0; start < totalEvents; start += batchSize) {
      batches.push(start);
    }
    // Bodies are built before the clock starts: the sender shares this
    // process with the backend, and its work is not the backend's.
    const bodies = batches.map(start =>
      JSON.stringify(
        Array.from(
          { length: Math.min(batchSize, totalEvents - start) },
          (_, k) => event(start + k),
        ),
      ),
    );
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < batches.length) {
          const body = bodies[next++];
          const res = await send(`${base}/cdevents`, body);
          if (res.status !== 200) {
            throw new Error(
              `ingest answered ${res.status}: ${await res.text()}`,
            );
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    // CPU time of this process (backend, SQLite and the sender) while
    // ingesting: on a shared machine it moves far less than the wall clock.
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMsPer1000 = (cpu.user + cpu.system) / totalEvents;
    const loadAfter = os.loadavg()[0];
    const [{ n }] = await knex('cicd_events').count({ n: '*' });
    if (Number(n) !== totalEvents) {
      throw new Error(`stored ${n} events, expected ${totalEvents}`);
    }

    const url = `${base}/entities/component/default/svc-0042/cicd`;
    const times: number[] = [];
    for (let i = 0; i < reads; i++) {
      const t0 = performance.now();
      const res = await fetch(url, {
        headers: { authorization: mockCredentials.user.header() },
      });
      const summary = await res.json();
      times.push(performance.now() - t0);
      if (res.status !== 200 || summary.recentRuns.length === 0) {
        throw new Error(`summary answered ${res.status}`);
      }
    }
    times.sort((a, b) => a - b);
    const figures = {
      label,
      eventsPerSecond: totalEvents / seconds,
      p50: percentile(times, 0.5),
      p99: percentile(times, 0.99),
    };
    out(
      `${label}: ingested ${totalEvents} events in ${seconds.toFixed(
        1,
      )} s = ${Math.round(
        totalEvents / seconds,
      )} events/s (batches of ${batchSize}, ${concurrency} at a time; ${cpuMsPer1000.toFixed(
        0,
      )} ms of this process's CPU per 1000 events; load average ${loadAfter.toFixed(
        1,
      )} after); ` +
        `summary of one entity (${
          totalEvents / entityCount
        } events) over ${reads} reads: ` +
        `p50 ${percentile(times, 0.5).toFixed(1)} ms, p99 ${percentile(
          times,
          0.99,
        ).toFixed(1)} ms`,
    );
    return figures;
  } finally {
    await backend.stop();
  }
}

/** Both databases in one table, each figure beside its target. */
function printTable(results: Figures[]) {
  const rate = (f: Figures) =>
    `${Math.round(f.eventsPerSecond)} events/s ${
      f.eventsPerSecond >= 2000 ? '(meets ≥ 2000)' : '(below 2000)'
    }`;
  const p99 = (f: Figures) =>
    `${f.p99.toFixed(1)} ms ${f.p99 < 100 ? '(meets < 100)' : '(above 100)'}`;
  const rows = [
    ['', ...results.map(r => r.label)],
    [`ingest ${totalEvents} events`, ...results.map(rate)],
    ['summary read p50', ...results.map(r => `${r.p50.toFixed(1)} ms`)],
    ['summary read p99', ...results.map(p99)],
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map(r => r[c].length)));
  out('');
  for (const row of rows) {
    out(
      row
        .map((cell, c) => cell.padEnd(widths[c]))
        .join('   ')
        .trimEnd(),
    );
  }
}

async function measureSqlite(): Promise<Figures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cicd-'));
  const sqlite = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: path.join(dir, 'delivery.sqlite') },
    useNullAsDefault: true,
  });
  try {
    return await measure('SQLite', sqlite);
  } finally {
    await sqlite.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function measurePostgres(pgUrl: string): Promise<Figures> {
  const database = `bench_cicd_${Date.now()}`;
  const admin = knexFactory({ client: 'pg', connection: pgUrl });
  await admin.raw(`create database ${database}`);
  const url = new URL(pgUrl);
  url.pathname = `/${database}`;
  const pg = knexFactory({ client: 'pg', connection: url.toString() });
  try {
    return await measure('PostgreSQL', pg);
  } finally {
    await pg.destroy();
    await admin.raw(`drop database ${database}`);
    await admin.destroy();
  }
}

async function main() {
  out(
    `load average before: ${os
      .loadavg()
      .map(l => l.toFixed(1))
      .join(' ')} on ${os.cpus().length} cores`,
  );
  const results = [await measureSqlite()];
  const pgUrl = process.env.PORTAL_TEST_POSTGRES_URL;
  if (pgUrl) {
    results.push(await measurePostgres(pgUrl));
  } else {
    out(
      'PostgreSQL: not measured, PORTAL_TEST_POSTGRES_URL is not set (source scripts/system-deps.sh; ensure_postgres)',
    );
  }
  printTable(results);
}

main().then(
  () => process.exit(0),
  error => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  },
);
