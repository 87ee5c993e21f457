import { DatabaseService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { Sandbox } from '@internal/sandbox';
import knexFactory, { Knex } from 'knex';
import { catalogEntities } from '../__testUtils__/catalogEntities';
import {
  readRollout,
  startActionSandbox,
} from '../__testUtils__/sandboxClient';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { ReleaseHistoryStore } from '../history/ReleaseHistoryStore';
import { CanaryVerdictSource } from './CanaryVerdictSource';
import { GateDecisionStore } from './GateDecisionStore';
import { GateNotifier } from './GateNotifier';
import { GateWatchTask, PORTAL_ACTOR } from './GateWatchTask';
import { WaitingReleases } from './WaitingReleases';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const asDatabase = (knex: Knex): DatabaseService => ({
  getClient: async () => knex,
});

/**
 * Stands in for the canary judge's verdicts, which the gate reads through
 * this interface: product-catalog's canary in production fails.
 */
function failingProductCatalog(sandbox: Sandbox): CanaryVerdictSource {
  return {
    async verdictFor(revision) {
      const rollout = await readRollout(
        sandbox,
        'production',
        'storefront',
        'product-catalog',
      );
      return revision.cluster === 'production' &&
        revision.rollout === 'product-catalog' &&
        revision.podTemplateHash === rollout.status.currentPodHash
        ? { verdict: 'Fail', summary: 'error ratio 12.9 % against 0.4 %' }
        : undefined;
    },
  };
}

describe.each(databases.ids)('the automatic abort policy on %s', databaseId => {
  let sandbox: Sandbox;
  const extraKnex: Knex[] = [];

  beforeAll(async () => {
    sandbox = await startActionSandbox();
  });
  afterAll(async () => {
    await sandbox?.stop();
    await Promise.all(extraKnex.map(k => k.destroy()));
  });

  it('aborts a failing canary of an opted-in service once, with two backend instances', async () => {
    const first = await databases.init(databaseId);
    // A second instance: its own connection pool to the same database.
    const second =
      databaseId === 'SQLITE_3'
        ? first
        : knexFactory({
            client: 'pg',
            connection: (first.client as any).config.connection,
          });
    if (second !== first) extraKnex.push(second);

    const entities = catalogEntities().map(entity =>
      entity.metadata.name === 'product-catalog'
        ? {
            ...entity,
            metadata: {
              ...entity.metadata,
              annotations: {
                ...entity.metadata.annotations,
                'delivery/abort-on-canary-fail': 'true',
              },
            },
          }
        : entity,
    );
    const sent: NotificationSendOptions[] = [];
    const config = new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: Object.entries(sandbox.clusters).map(([name, c]) => ({
              name,
              url: c.url,
              authProvider: 'serviceAccount',
              serviceAccountToken: c.token,
            })),
          },
        ],
      },
    });
    const logger = mockServices.logger.mock();
    const instance = async (knex: Knex) => {
      const clusters = ClusterRegistry.fromConfig(config, {
        logger,
        timeoutMs: 10_000,
      });
      const catalog = catalogServiceMock({ entities });
      const history = await ReleaseHistoryStore.create({
        database: asDatabase(knex),
      });
      return {
        history,
        task: new GateWatchTask({
          auth: mockServices.auth(),
          catalog,
          clusters,
          history,
          decisions: await GateDecisionStore.create({
            database: asDatabase(knex),
          }),
          waiting: new WaitingReleases({
            catalog,
            clusters,
            environments: ['production'],
          }),
          notifier: new GateNotifier({
            notifications: { send: async n => void sent.push(n) },
            releaseManagers: ['release-managers'],
            logger,
          }),
          logger,
          verdicts: failingProductCatalog(sandbox),
        }),
      };
    };
    const a = await instance(first);
    const b = await instance(second);

    await Promise.all([
      a.task.abortFailedCanaries(),
      b.task.abortFailedCanaries(),
    ]);
    await Promise.all([
      a.task.abortFailedCanaries(),
      b.task.abortFailedCanaries(),
    ]);

    const rollout = await readRollout(
      sandbox,
      'production',
      'storefront',
      'product-catalog',
    );
    expect(rollout.status.abort).toBe(true);
    const page = await a.history.list({
      entityRef: 'component:default/product-catalog',
      limit: 10,
    });
    expect(page.items).toEqual([
      expect.objectContaining({
        action: 'abort',
        actor: PORTAL_ACTOR,
        outcome: 'succeeded',
        cluster: 'production',
        reason: 'Canary verdict Fail: error ratio 12.9 % against 0.4 %',
      }),
    ]);
    const aborted = sent.filter(n => n.payload.title.includes('aborted'));
    expect(aborted).toEqual([
      expect.objectContaining({
        recipients: {
          type: 'entity',
          entityRef: 'group:default/team-storefront',
        },
      }),
    ]);
    // Services that did not opt in are left alone, whatever their canary.
    const cart = await readRollout(
      sandbox,
      'production',
      'checkout',
      'cart-api',
    );
    expect(cart.status.abort).toBeFalsy();
  });
});
