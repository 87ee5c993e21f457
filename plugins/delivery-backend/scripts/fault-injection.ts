/*
 * Sends release actions through the delivery backend while the clusters
 * misbehave, and checks every action against what the cluster really did:
 *
 *   cd plugins/delivery-backend
 *   yarn faults [--actions 1000] [--fault-rate 0.2] [--seed 11]
 *
 * It starts the sandbox and an in-process backend (a SQLite file, the
 * portal's permission policy) whose clusters sit behind the sandbox's fault
 * proxy (packages/sandbox/src/control/faultProxy.ts). Actions are sent one at
 * a time, as a release manager, each on a random demo rollout with a random
 * action (a release is started first where the rollout offers none, as CD
 * would); for the chosen share of them the proxy injects one fault: a timeout
 * before or after the write, a 5xx before or after it, a dropped connection
 * before or after it, the Rollout deleted just before the write, a failed
 * read, or the backend stopping between claiming the Rollout and recording
 * the answer (before the write or after the cluster applied it). A deleted
 * Rollout is put back afterwards.
 *
 * The stop is a crash as far as the database is concerned: at that moment
 * the instance's database connection is destroyed, so nothing it does after
 * is written (its claim on the Rollout stays taken, its answer is lost); it
 * is then shut down and a new instance starts on the same database, which
 * settles what the first left open once the claim has expired.
 *
 * Each action is then classified by what the proxy saw (did the cluster
 * accept a write?), what the release history holds for it (found by its
 * reason) and the audit events it produced. The goal: no action applied but
 * unrecorded, none recorded as succeeded but not applied, every one audited
 * (but those of a stopped instance, which a crash takes with it).
 */
import {
  createServiceFactory,
  coreServices,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import {
  DeliveryAction,
  ReleaseRecord,
} from '@internal/plugin-delivery-common';
import portalPolicyModule from '@internal/plugin-permission-backend-module-portal-policy';
import { DEMO_SERVICES, startSandbox } from '@internal/sandbox';
import {
  FAULT_KINDS,
  FaultKind,
  FaultProxy,
  startFaultProxy,
} from '@internal/sandbox/src/control/faultProxy';
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

const ACTIONS = Number(option('actions', '1000'));
const FAULT_RATE = Number(option('fault-rate', '0.2'));
let seed = Number(option('seed', '11'));
const CLUSTER_TIMEOUT_MS = 300;
/** The claim expiry: how long a stopped instance's claim holds the Rollout. */
const CLAIM_EXPIRY_MS = 2000;
/** The injected faults: the proxy's, and a backend stopping mid-action. */
type InjectedFault = FaultKind | 'crash-before' | 'crash-after';
const INJECTED: InjectedFault[] = [
  ...FAULT_KINDS,
  'crash-before',
  'crash-after',
];
const RELEASE_MANAGER = 'user:default/dora.nagy';
const ACTION_KINDS: DeliveryAction[] = [
  'promote',
  'promoteFull',
  'abort',
  'retry',
  'rollback',
];

/** A small seeded generator (mulberry32), so that a run can be repeated. */
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];

function out(line = '') {
  process.stdout.write(`${line}\n`);
}

function entityOf(name: string, namespace: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/kubernetes-id': name,
        'backstage.io/kubernetes-namespace': namespace,
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-x' },
  };
}

interface AuditCount {
  success: number;
  fail: number;
}

async function main() {
  const sandbox = await startSandbox({
    ports: { control: 0, clusters: { staging: 0, production: 0 } },
    speed: 0.1,
    podStartupSeconds: 0,
  });
  const proxies: Record<string, FaultProxy> = {};
  for (const [name, cluster] of Object.entries(sandbox.clusters)) {
    proxies[name] = await startFaultProxy({
      target: cluster.url,
      token: cluster.token,
      holdMs: CLUSTER_TIMEOUT_MS * 3,
    });
  }

  let audit: AuditCount = { success: 0, fail: 0 };
  const auditorFactory = createServiceFactory({
    service: coreServices.auditor,
    deps: {},
    factory: () => ({
      async createEvent() {
        return {
          async success() {
            audit.success += 1;
          },
          async fail() {
            audit.fail += 1;
          },
        };
      },
    }),
  });
  const userInfoFactory = createServiceFactory({
    service: coreServices.userInfo,
    deps: {},
    factory: () => ({
      async getUserInfo() {
        return {
          userEntityRef: RELEASE_MANAGER,
          ownershipEntityRefs: [
            RELEASE_MANAGER,
            'group:default/release-managers',
          ],
        };
      },
    }),
  });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'delivery-faults-'));
  const startInstance = async () => {
    // Its own connection to the shared file, so that cutting it is this
    // instance's crash alone.
    const knex: Knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: path.join(dataDir, 'delivery.sqlite') },
      useNullAsDefault: true,
    });
    // Kept, so that the script can run the settling task as the real
    // scheduler would a little later.
    const scheduler = mockServices.scheduler() as SchedulerService & {
      triggerTask(id: string): Promise<void>;
    };
    const backend = await startTestBackend({
      features: [
        createServiceFactory({
          service: coreServices.scheduler,
          deps: {},
          factory: () => scheduler,
        }),
        deliveryPlugin,
        permissionPlugin,
        portalPolicyModule,
        catalogServiceMock.factory({
          entities: DEMO_SERVICES.map(s => entityOf(s.name, s.namespace)),
        }),
        userInfoFactory,
        auditorFactory,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            delivery: {
              clusterRequestTimeout: `${CLUSTER_TIMEOUT_MS}ms`,
              actionClaimExpiry: `${CLAIM_EXPIRY_MS}ms`,
              gate: { environments: [] },
            },
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: Object.entries(proxies).map(([name, proxy]) => ({
                    name,
                    url: proxy.url,
                    authProvider: 'serviceAccount',
                    serviceAccountToken: sandbox.clusters[name].token,
                  })),
                },
              ],
            },
          },
        }),
      ],
    });
    const base = `http://127.0.0.1:${
      (backend.server.address() as AddressInfo).port
    }/api/delivery`;
    return { knex, backend, base, scheduler };
  };
  let instance = await startInstance();
  let restarts = 0;
  /** The backend stops mid-action: from now on nothing it does is written. */
  const crash = async () => {
    await instance.knex.destroy();
  };
  const restart = async () => {
    await instance.backend.stop().catch(() => undefined);
    // Until the stopped instance's claim expires, nobody may settle or act.
    await new Promise(r => setTimeout(r, CLAIM_EXPIRY_MS + 100));
    instance = await startInstance();
    restarts += 1;
  };
  const headers = {
    authorization: mockCredentials.user.header(RELEASE_MANAGER),
    'content-type': 'application/json',
  };

  const readView = async (
    entity: string,
    cluster: string,
    namespace: string,
  ): Promise<
    { availableActions: DeliveryAction[]; resourceVersion: string } | undefined
  > => {
    const res = await fetch(
      `${instance.base}/entities/component/default/${entity}/rollouts`,
      { headers },
    );
    if (!res.ok) return undefined;
    const body = await res.json();
    const inCluster = body.clusters?.find((c: any) => c.cluster === cluster);
    return inCluster?.rollouts?.find((r: any) => r.namespace === namespace);
  };

  const rolloutUrl = (cluster: string, namespace: string, name: string) =>
    `${sandbox.clusters[cluster].url}/apis/argoproj.io/v1alpha1/namespaces/${namespace}/rollouts/${name}`;
  const clusterHeaders = (cluster: string) => ({
    authorization: `Bearer ${sandbox.clusters[cluster].token}`,
    'content-type': 'application/json',
  });

  /** The history row of an action, found by its reason. */
  const findRecord = async (entity: string, reason: string) => {
    const page = await fetch(
      `${instance.base}/history?entityRef=component:default/${entity}&limit=5`,
      { headers },
    );
    const records: ReleaseRecord[] = (await page.json()).items ?? [];
    return records.find(r => r.reason === reason);
  };

  const counts = {
    faultsArmed: 0,
    faultsUsed: {} as Record<string, number>,
    applied: 0,
    appliedRecordedSucceeded: 0,
    appliedRecordedFailed: 0,
    appliedUnrecorded: 0,
    notApplied: 0,
    notAppliedRefused: 0,
    notAppliedRecordedFailed: 0,
    notAppliedRecordedSucceeded: 0,
    statuses: {} as Record<number, number>,
    auditSuccess: 0,
    auditFail: 0,
    unaudited: 0,
    historyRows: 0,
    unknownUnsettled: 0,
  };
  /** Per outcome as the person sees it: how many, history rows, audit events. */
  const CATEGORIES = [
    'applied',
    'refused',
    'failed',
    'unknown, reconciled as applied',
    'unknown, reconciled as not applied',
    'unknown, not settled',
  ] as const;
  type Category = (typeof CATEGORIES)[number];
  const byCategory = Object.fromEntries(
    CATEGORIES.map(c => [
      c,
      { actions: 0, historyRows: 0, auditSuccess: 0, auditFail: 0 },
    ]),
  ) as Record<
    Category,
    {
      actions: number;
      historyRows: number;
      auditSuccess: number;
      auditFail: number;
    }
  >;
  const findings: string[] = [];
  const stillUnknown: string[] = [];
  let settledByTask = 0;
  const refusals = new Map<string, number>();
  const started = Date.now();

  for (let i = 0; i < ACTIONS; i++) {
    const service = pick(DEMO_SERVICES);
    const cluster = pick(Object.keys(proxies));
    const proxy = proxies[cluster];
    // As the Delivery tab does: an action the page offers for the rollout as
    // it was read, with that resourceVersion; now and then one it does not
    // offer, or none, as a script might send.
    let view = await readView(service.name, cluster, service.namespace);
    if (view && view.availableActions.length === 0) {
      // Nothing to act on: start a release, as CD would, and act on it.
      await sandbox
        .startRelease({
          cluster,
          namespace: service.namespace,
          service: service.name,
          image: `registry.acme.example/${service.name}:run-${i}`,
        })
        .catch(() => undefined);
      await new Promise(r => setTimeout(r, 500));
      view = await readView(service.name, cluster, service.namespace);
    }
    const offered = view?.availableActions ?? [];
    const action =
      offered.length > 0 && random() < 0.8 ? pick(offered) : pick(ACTION_KINDS);
    const resourceVersion =
      view && random() < 0.8 ? view.resourceVersion : undefined;
    const reason = `fault-run ${i}`;
    proxy.takeLog();
    audit = { success: 0, fail: 0 };

    let saved: any;
    let fault: InjectedFault | undefined;
    let crashed = false;
    if (random() < FAULT_RATE) {
      fault = pick(INJECTED);
      counts.faultsArmed += 1;
      if (fault === 'deleted') {
        const res = await fetch(
          rolloutUrl(cluster, service.namespace, service.name),
          { headers: clusterHeaders(cluster) },
        );
        saved = res.ok ? await res.json() : undefined;
      }
      if (fault === 'crash-before' || fault === 'crash-after') {
        // The connection drops as the instance dies: before the write is
        // forwarded, or after the cluster applied it.
        proxy.arm(fault === 'crash-before' ? 'drop-before' : 'drop-after', {
          whenInjected: async () => {
            crashed = true;
            await crash();
          },
        });
      } else {
        proxy.arm(fault);
      }
    }

    let status: number;
    try {
      const res = await fetch(
        `${instance.base}/entities/component/default/${service.name}/rollouts/${cluster}/${service.namespace}/${service.name}/actions`,
        {
          method: 'POST',
          headers,
          body: JSON.stringify({ action, reason, resourceVersion }),
        },
      );
      status = res.status;
      const text = await res.text();
      if (status >= 400) {
        let message = text;
        try {
          message = JSON.parse(text).error.message;
        } catch {
          // not JSON: counted as it is
        }
        // The kind of refusal, without the names and numbers that vary.
        const kind = message
          .replace(/[a-z-]+\/[a-z0-9-]+/g, '<rollout>')
          .replace(/\d+/g, 'N')
          .slice(0, 90);
        refusals.set(kind, (refusals.get(kind) ?? 0) + 1);
      }
    } catch {
      status = 0;
    }
    const proxyFault = proxy.disarm();
    const used: InjectedFault | undefined =
      proxyFault && crashed ? fault : proxyFault;
    if (used) {
      counts.faultsUsed[used] = (counts.faultsUsed[used] ?? 0) + 1;
    }
    if (crashed) {
      await restart();
    }
    // Answers held back by a timeout fault arrive after the client gave up;
    // the cluster may still apply them, so wait them out before judging.
    await new Promise(r => setTimeout(r, used ? CLUSTER_TIMEOUT_MS * 3 : 0));
    const writes = proxy
      .takeLog()
      .filter(r => r.method !== 'GET' && r.method !== 'DELETE');
    const applied = writes.some(
      w => w.clusterStatus !== undefined && w.clusterStatus < 300,
    );

    let record = await findRecord(service.name, reason);
    // The new instance settles what the stopped one left at start-up.
    for (let wait = 0; crashed && !record && wait < 50; wait++) {
      await new Promise(r => setTimeout(r, 100));
      record = await findRecord(service.name, reason);
    }
    if (record?.outcome === 'unknown' && !record.reconciliation) {
      // What the scheduled task does on its next run.
      await new Promise(r => setTimeout(r, 1000));
      await instance.scheduler.triggerTask('delivery-settle-release-actions');
      record = await findRecord(service.name, reason);
      if (record?.outcome !== 'unknown') settledByTask += 1;
    }

    counts.statuses[status] = (counts.statuses[status] ?? 0) + 1;
    counts.auditSuccess += audit.success;
    counts.auditFail += audit.fail;
    // A stopped instance takes the audit event of its last action with it.
    if (!crashed && audit.success + audit.fail !== 1) counts.unaudited += 1;
    if (record) counts.historyRows += 1;

    const label = `#${i} ${action} ${cluster}/${service.namespace}/${
      service.name
    }${used ? ` [${used}]` : ''} -> ${status}`;
    let category: Category;
    if (record?.outcome === 'unknown') {
      counts.unknownUnsettled += 1;
      stillUnknown.push(
        `${label}${applied ? ' (applied)' : ''}: ${
          record.reconciliation ?? record.error
        }`,
      );
      category = 'unknown, not settled';
    } else if (record?.reconciliation) {
      category =
        record.outcome === 'succeeded'
          ? 'unknown, reconciled as applied'
          : 'unknown, reconciled as not applied';
    } else if (record) {
      category = record.outcome === 'succeeded' ? 'applied' : 'failed';
    } else {
      category = 'refused';
    }
    const tally = byCategory[category];
    tally.actions += 1;
    tally.historyRows += record ? 1 : 0;
    tally.auditSuccess += audit.success;
    tally.auditFail += audit.fail;

    if (applied) {
      counts.applied += 1;
      if (!record) {
        counts.appliedUnrecorded += 1;
        findings.push(`applied but not recorded: ${label}`);
      } else if (record.outcome === 'succeeded') {
        counts.appliedRecordedSucceeded += 1;
      } else {
        counts.appliedRecordedFailed += 1;
      }
    } else {
      counts.notApplied += 1;
      if (!record) {
        counts.notAppliedRefused += 1;
      } else if (record.outcome !== 'succeeded') {
        counts.notAppliedRecordedFailed += 1;
      } else {
        counts.notAppliedRecordedSucceeded += 1;
        findings.push(`recorded as succeeded but not applied: ${label}`);
      }
    }

    if (saved) {
      const gone = await fetch(
        rolloutUrl(cluster, service.namespace, service.name),
        { headers: clusterHeaders(cluster) },
      );
      if (gone.status === 404) {
        // A new object: the server assigns these again.
        const {
          resourceVersion: _rv,
          uid: _uid,
          creationTimestamp: _created,
          ...metadata
        } = saved.metadata;
        await fetch(
          `${sandbox.clusters[cluster].url}/apis/argoproj.io/v1alpha1/namespaces/${service.namespace}/rollouts`,
          {
            method: 'POST',
            headers: clusterHeaders(cluster),
            body: JSON.stringify({ ...saved, metadata, status: undefined }),
          },
        );
      }
    }
  }

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  out(
    `${ACTIONS} actions in ${seconds}s, faults armed for ${
      counts.faultsArmed
    } (${((counts.faultsArmed / ACTIONS) * 100).toFixed(
      1,
    )} %), used by the action's requests:`,
  );
  for (const kind of INJECTED) {
    out(`  ${kind.padEnd(15)} ${counts.faultsUsed[kind] ?? 0}`);
  }
  out(`backend restarts: ${restarts}`);
  out('HTTP answers:');
  for (const [code, n] of Object.entries(counts.statuses)) {
    out(`  ${code === '0' ? 'no answer' : code}: ${n}`);
  }
  out(`applied (the cluster accepted a write):  ${counts.applied}`);
  out(
    `  recorded as succeeded:                 ${counts.appliedRecordedSucceeded}`,
  );
  out(
    `  recorded as failed or unknown:         ${counts.appliedRecordedFailed}`,
  );
  out(`  not recorded:                          ${counts.appliedUnrecorded}`);
  out(`not applied:                             ${counts.notApplied}`);
  out(`  refused, not in the history:           ${counts.notAppliedRefused}`);
  out(
    `  recorded as failed or unknown:         ${counts.notAppliedRecordedFailed}`,
  );
  out(
    `  recorded as succeeded:                 ${counts.notAppliedRecordedSucceeded}`,
  );
  out(`history rows: ${counts.historyRows}`);
  out(
    'by outcome:                           actions  history rows  audit success  audit fail',
  );
  for (const category of CATEGORIES) {
    const t = byCategory[category];
    out(
      `  ${category.padEnd(36)} ${String(t.actions).padStart(6)} ${String(
        t.historyRows,
      ).padStart(13)} ${String(t.auditSuccess).padStart(14)} ${String(
        t.auditFail,
      ).padStart(11)}`,
    );
  }
  out(
    `applied but unrecorded: ${counts.appliedUnrecorded}; recorded as succeeded but not applied: ${counts.notAppliedRecordedSucceeded}; still unknown: ${counts.unknownUnsettled}`,
  );
  out(
    `audit events: ${counts.auditSuccess} success, ${counts.auditFail} fail; actions without exactly one: ${counts.unaudited}`,
  );
  out('most frequent refusals:');
  for (const [kind, n] of [...refusals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)) {
    out(`  ${String(n).padStart(4)}  ${kind}`);
  }
  out(`settled by the scheduled task, not at once: ${settledByTask}`);
  for (const note of stillUnknown) out(`still unknown: ${note}`);
  for (const finding of findings) out(`FINDING ${finding}`);

  await instance.backend.stop();
  await instance.knex.destroy();
  fs.rmSync(dataDir, { recursive: true, force: true });
  for (const proxy of Object.values(proxies)) await proxy.stop();
  await sandbox.stop();
  process.exit(
    counts.appliedUnrecorded +
      counts.notAppliedRecordedSucceeded +
      counts.unaudited
      ? 1
      : 0,
  );
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(2);
});
