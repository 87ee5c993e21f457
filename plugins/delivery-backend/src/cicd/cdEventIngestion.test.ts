import { mockCredentials } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import request from 'supertest';
import {
  DeliveryTestBackend,
  USERS,
  startDeliveryTestBackend,
} from '../__testUtils__/deliveryTestBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { CART_SOURCE, cdEvent } from './__fixtures__/cdEvents';
import { cicdEntities } from './__fixtures__/cicdEntities';
import { CICD_EVENTS_TABLE } from './store/CicdEventStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const CI_TOKEN = mockCredentials.service.header();
const CART = '/api/delivery/entities/component/default/cart-api/cicd';
const run = `${CART_SOURCE}/actions/runs/42`;
const image = `registry.example.com/cart-api:${'a'.repeat(40)}`;
const t = (minutes: number) => Date.UTC(2026, 10, 20, 9, minutes);

/** One event of every supported type: a run from queue to deployment. */
function allTypes() {
  const pipelineRun = { id: '42', source: run };
  const custom = { branch: 'main', commit: 'a'.repeat(40), actor: 'ben' };
  return [
    cdEvent(
      'pipelinerun.queued.0.2.0',
      { ...pipelineRun, content: { pipelineName: 'ci' } },
      { source: run, at: t(0), customData: custom },
    ),
    cdEvent(
      'pipelinerun.started.0.2.0',
      { ...pipelineRun, content: { pipelineName: 'ci', url: run } },
      { source: run, at: t(1), customData: custom },
    ),
    cdEvent(
      'taskrun.started.0.2.0',
      {
        id: 'build',
        source: run,
        content: { taskName: 'build', url: `${run}/build`, pipelineRun },
      },
      { source: run, at: t(1) },
    ),
    cdEvent(
      'taskrun.finished.0.2.0',
      {
        id: 'build',
        source: run,
        content: { taskName: 'build', pipelineRun, outcome: 'success' },
      },
      { source: run, at: t(4) },
    ),
    cdEvent(
      'change.merged.0.2.0',
      { id: 'pr-7', content: { repository: { id: 'acme/cart-api' } } },
      { source: run, at: t(0), customData: custom },
    ),
    cdEvent(
      'artifact.packaged.0.2.0',
      { id: image, content: { change: { id: 'pr-7' } } },
      { source: run, at: t(4) },
    ),
    cdEvent(
      'artifact.published.0.2.0',
      { id: image },
      { source: run, at: t(5) },
    ),
    cdEvent(
      'environment.created.0.2.0',
      { id: 'staging', content: { name: 'staging' } },
      { source: run, at: t(5) },
    ),
    cdEvent(
      'service.deployed.0.2.0',
      {
        id: 'cart-api',
        content: { environment: { id: 'staging' }, artifactId: image },
      },
      { source: run, at: t(6) },
    ),
    cdEvent(
      'service.upgraded.0.2.0',
      {
        id: 'cart-api',
        content: { environment: { id: 'production' }, artifactId: image },
      },
      { source: run, at: t(8), spec: '0.5' },
    ),
    cdEvent(
      'incident.detected.0.2.0',
      {
        id: 'inc-1',
        content: { environment: { id: 'production' }, description: '5xx' },
      },
      { source: run, at: t(9) },
    ),
    cdEvent(
      'service.rolledback.0.2.0',
      {
        id: 'cart-api',
        content: {
          environment: { id: 'production' },
          artifactId: 'registry.example.com/cart-api:v1',
        },
      },
      { source: run, at: t(10) },
    ),
    cdEvent(
      'incident.resolved.0.2.0',
      { id: 'inc-1', content: { environment: { id: 'production' } } },
      { source: run, at: t(11) },
    ),
    cdEvent(
      'service.removed.0.2.0',
      { id: 'cart-api', content: { environment: { id: 'preview' } } },
      { source: run, at: t(11) },
    ),
    cdEvent(
      'pipelinerun.finished.0.2.0',
      { ...pipelineRun, content: { pipelineName: 'ci', outcome: 'failure' } },
      { source: run, at: t(12), customData: custom },
    ),
  ];
}

const post = (
  backend: DeliveryTestBackend,
  body: unknown,
  contentType = 'application/cloudevents-batch+json',
) =>
  request(backend.unvalidatedServer)
    .post('/api/delivery/cdevents')
    .set('Authorization', CI_TOKEN)
    .set('Content-Type', contentType)
    .send(typeof body === 'string' ? body : JSON.stringify(body));

describe.each(databases.ids)('CDEvents ingestion on %s', databaseId => {
  let knex: Knex;
  let backend: DeliveryTestBackend;
  const rows = async () =>
    Number((await knex(CICD_EVENTS_TABLE).count({ n: '*' }))[0].n);

  beforeEach(async () => {
    knex = await databases.init(databaseId);
    backend = await startDeliveryTestBackend({
      knex,
      clusters: {},
      entities: cicdEntities(),
    });
  });
  afterEach(() => backend?.stop());

  it('stores every supported type once and shows it in the summary and timeline', async () => {
    const events = allTypes();
    const res = await post(backend, events);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      received: 15,
      stored: 15,
      duplicates: 0,
      unmatched: 0,
    });

    const summary = await request(backend.server)
      .get(CART)
      .set('Authorization', mockCredentials.user.header(USERS.checkout));
    expect(summary.status).toBe(200);
    const [latest] = summary.body.recentRuns;
    expect(latest).toMatchObject({
      provider: 'cdevents',
      name: 'ci',
      status: 'failed',
      branch: 'main',
      commit: 'a'.repeat(40),
      actor: 'ben',
      url: run,
      queuedAt: new Date(t(0)).toISOString(),
      durationMs: 11 * 60_000,
      stages: [{ id: 'build', name: 'build', status: 'succeeded' }],
    });
    expect(
      summary.body.deployedByEnvironment.map(
        (d: { environment: string; action: string; version: string }) =>
          `${d.environment} ${d.action} ${d.version}`,
      ),
    ).toEqual([
      `staging deployed ${'a'.repeat(40)}`,
      'production rolledback v1',
    ]);
    expect(summary.body.deployedByEnvironment[0].pipelineRunId).toBe(
      `${run}#42`,
    );

    const timeline = await request(backend.server)
      .get(`${CART}/timeline`)
      .set('Authorization', mockCredentials.user.header(USERS.checkout));
    expect(timeline.status).toBe(200);
    expect(
      timeline.body.items.map((i: { kind: string }) => i.kind).sort(),
    ).toEqual(
      [
        'artifact-packaged',
        'artifact-published',
        'change-merged',
        'deployed',
        'environment-created',
        'incident-detected',
        'incident-resolved',
        'pipeline-finished',
        'pipeline-started',
        'removed',
        'rolledback',
        'upgraded',
      ].sort(),
    );
  });

  it('accepts a single event in binary mode', async () => {
    const event = cdEvent(
      'pipelinerun.started.0.2.0',
      { id: '7', content: { pipelineName: 'ci', url: run } },
      { source: run, spec: '0.5' },
    );
    const res = await request(backend.unvalidatedServer)
      .post('/api/delivery/cdevents')
      .set('Authorization', CI_TOKEN)
      .set('Content-Type', 'application/json')
      .set('ce-specversion', '1.0')
      .set('ce-id', event.id)
      .set('ce-source', event.source)
      .set('ce-type', event.type)
      .set('ce-time', event.time)
      .send(JSON.stringify(event.data));
    expect(res.status).toBe(200);
    expect(res.body.stored).toBe(1);
    const summary = await request(backend.server)
      .get(CART)
      .set('Authorization', mockCredentials.user.header(USERS.checkout));
    expect(summary.body.recentRuns[0]).toMatchObject({
      status: 'running',
      name: 'ci',
    });
  });

  it('answers a redelivery with 200 and stores nothing new', async () => {
    const events = allTypes();
    await post(backend, events);
    const again = await post(
      backend,
      events[3],
      'application/cloudevents+json',
    );
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ stored: 0, duplicates: 1 });
    expect(await rows()).toBe(15);
  });

  it('refuses people: only services send events', async () => {
    const person = await request(backend.unvalidatedServer)
      .post('/api/delivery/cdevents')
      .set('Authorization', mockCredentials.user.header(USERS.checkout))
      .set('Content-Type', 'application/cloudevents+json')
      .send(JSON.stringify(allTypes()[0]));
    expect(person.status).toBe(403);
    expect(await rows()).toBe(0);
  });

  const deployed = () =>
    cdEvent(
      'service.deployed.0.2.0',
      {
        id: 'cart-api',
        content: { environment: { id: 'staging' }, artifactId: image },
      },
      { source: run },
    );

  it.each([
    [
      'a missing field',
      () => {
        const e = deployed();
        delete (e.data.subject.content as { environment?: unknown })
          .environment;
        return e;
      },
      /subject\.content\.environment: is required/,
    ],
    [
      'a field of the wrong type',
      () => {
        const e = deployed();
        (e.data.subject as { id: unknown }).id = 42;
        return e;
      },
      /subject\.id: must be a string, got a number/,
    ],
    [
      'an unknown type',
      () => {
        const e = deployed();
        e.type = 'dev.cdevents.service.teleported.0.1.0';
        e.data.context.type = e.type;
        return e;
      },
      /"dev\.cdevents\.service\.teleported\.0\.1\.0" is not a supported CDEvents type/,
    ],
    [
      'a bad timestamp',
      () => {
        const e = deployed();
        e.data.context.timestamp = 'yesterday';
        return e;
      },
      /context\.timestamp: "yesterday" is not an RFC 3339 date-time/,
    ],
    [
      'no CDEvents version',
      () => {
        const e = deployed();
        delete e.data.context.version;
        return e;
      },
      /context\.version: is required/,
    ],
  ])(
    'answers 400 for %s and stores nothing of the batch',
    async (_, make, message) => {
      const res = await post(backend, [allTypes()[0], make()]);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/^Nothing was stored: event 1/);
      expect(res.body.error.message).toMatch(message);
      expect(await rows()).toBe(0);
    },
  );

  it('answers 400 for a CloudEvent without its required attributes', async () => {
    const e: Partial<ReturnType<typeof deployed>> = deployed();
    delete e.source;
    const res = await post(backend, e, 'application/cloudevents+json');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/not a valid CloudEvent/);
    expect(await rows()).toBe(0);
  });

  it('answers 400 for a body that is not JSON, or too large', async () => {
    const broken = await post(
      backend,
      '{"specversion":',
      'application/cloudevents+json',
    );
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toMatch(/not valid JSON/);

    const big = deployed();
    big.data.customData = { padding: 'x'.repeat(1100 * 1024) };
    const oversized = await post(backend, big, 'application/cloudevents+json');
    expect(oversized.status).toBe(400);
    expect(oversized.body.error.message).toMatch(/larger than 1048576 bytes/);
    expect(await rows()).toBe(0);
  });

  it('keeps events of unknown sources and lists them as unmatched', async () => {
    const stray = cdEvent(
      'pipelinerun.started.0.2.0',
      {
        id: '1',
        content: { pipelineName: 'ci', url: 'https://ci.example.com/x' },
      },
      { source: 'https://ci.example.com/unknown-repo/runs/1' },
    );
    const res = await post(backend, stray, 'application/cloudevents+json');
    expect(res.body).toMatchObject({ stored: 1, unmatched: 1 });
    const list = await request(backend.server)
      .get('/api/delivery/cicd/unmatched')
      .set('Authorization', mockCredentials.user.header(USERS.checkout));
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({
        source: 'https://ci.example.com/unknown-repo/runs/1',
        type: 'pipelinerun.started.0.2.0',
      }),
    ]);
  });
});
