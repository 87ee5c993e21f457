import fs from 'node:fs';
import path from 'node:path';
import {
  createServiceFactory,
  SchedulerServiceTaskInvocationDefinition,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import request from 'supertest';
import { catalogEntities } from '../__testUtils__/catalogEntities';
import {
  DeliveryTestBackend,
  startDeliveryTestBackend,
  USERS,
} from '../__testUtils__/deliveryTestBackend';
import { readRollout } from '../__testUtils__/sandboxClient';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  atGate,
  completedWith,
  SERVICE,
  startGatedServiceSandbox,
  waitForRollout,
} from './__testUtils__/gatedServiceSandbox';

jest.setTimeout(240_000);

const databases = createTestDatabases();

const as = (user: string) => ({
  Authorization: mockCredentials.user.header(user),
});

const gatePath = (entity: string) =>
  `/api/delivery/entities/component/default/${entity}/rollouts/production/${SERVICE}/${SERVICE}/gate`;
const actionPath = (entity: string) =>
  `/api/delivery/entities/component/default/${entity}/rollouts/production/${SERVICE}/${SERVICE}/actions`;

const stateOf = (body: any, id: string) =>
  body.checks.find((c: any) => c.id === id)?.state;

describe.each(databases.ids)('the release gate on %s', databaseId => {
  let env: Awaited<ReturnType<typeof startGatedServiceSandbox>>;
  let backend: DeliveryTestBackend;
  let second: string;
  const sent: NotificationSendOptions[] = [];
  // The scheduled tasks, run by the test when it wants them to run.
  const tasks = new Map<string, SchedulerServiceTaskInvocationDefinition>();
  const runTask = (id: string) =>
    tasks.get(id)!.fn(new AbortController().signal);

  beforeAll(async () => {
    env = await startGatedServiceSandbox();
    const first = await env.push('First release');
    await waitForRollout(
      env.sandbox,
      'production',
      completedWith(first),
      'first release',
    );
    second = await env.push('Log the order id', root =>
      fs.appendFileSync(
        path.join(root, 'README.md'),
        '\nOrders are logged with their id.\n',
      ),
    );
    await waitForRollout(
      env.sandbox,
      'staging',
      completedWith(second),
      'staging rollout',
    );
    await waitForRollout(
      env.sandbox,
      'production',
      atGate(second),
      'wait at the gate',
    );

    backend = await startDeliveryTestBackend({
      knex: await databases.init(databaseId),
      clusters: {
        staging: env.sandbox.clusters.staging,
        production: env.sandbox.clusters.production,
      },
      entities: [
        ...catalogEntities(),
        // Declares the log level environment-specific, as the service does.
        env.entity(SERVICE, {
          'delivery/environment-specific-fields':
            'spec.template.spec.containers.*.env',
        }),
        // The same release judged by strict limits and no declared fields.
        env.entity('gated-svc-strict', {
          'delivery/gate-max-lines': '0',
          'delivery/gate-max-remaining-duration': '1s',
        }),
      ],
      config: env.config,
      features: [
        mockServices.scheduler.mock({
          scheduleTask: jest.fn(async task => {
            tasks.set(task.id, task);
          }),
        }).factory,
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({
            send: async (notification: NotificationSendOptions) => {
              sent.push(notification);
            },
          }),
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await env?.stop();
  });

  it('computes each check from the git host, the clusters and the rendered overlays', async () => {
    const res = await request(backend.server)
      .get(gatePath(SERVICE))
      .set(as(USERS.checkout));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      gated: true,
      stage: 'waiting',
      open: false,
    });
    expect(stateOf(res.body, 'change-small')).toBe('open');
    const change = res.body.checks.find((c: any) => c.id === 'change-small');
    expect(change.evidence.join('\n')).toContain(
      '1 commits, 1 files, +2/−0 lines',
    );
    expect(change.link).toContain(`/compare/`);
    expect(stateOf(res.body, 'environments-consistent')).toBe('open');
    expect(stateOf(res.body, 'quick-to-implement')).toBe('open');
    // Completed in staging, but no canary judge answers: not open.
    const staging = res.body.checks.find(
      (c: any) => c.id === 'tested-in-staging',
    );
    expect(staging.state).toBe('unknown');
    expect(staging.summary).toContain('no canary verdict available');
    // The SLO file is read; without Prometheus the budget is unknown.
    const budget = res.body.checks.find((c: any) => c.id === 'error-budget');
    expect(budget.state).toBe('unknown');
    expect(budget.evidence.join('\n')).toContain('99.50 % over 28d');

    const strict = await request(backend.server)
      .get(gatePath('gated-svc-strict'))
      .set(as(USERS.checkout));
    expect(stateOf(strict.body, 'change-small')).toBe('closed');
    expect(stateOf(strict.body, 'quick-to-implement')).toBe('closed');
    const drift = strict.body.checks.find(
      (c: any) => c.id === 'environments-consistent',
    );
    expect(drift.state).toBe('closed');
    expect(drift.evidence.join('\n')).toContain(
      'Rollout/gated-svc spec.template.spec.containers.0.env.0.value: production "warn", staging "info"',
    );
  });

  it('refuses a promotion past the closed gate with 409 naming each closed check', async () => {
    const res = await request(backend.server)
      .post(actionPath(SERVICE))
      .set(as(USERS.checkout))
      .send({ action: 'promote' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain(
      'not approved by a release manager',
    );
    expect(res.body.error.message).toContain('tested-in-staging is unknown');
    expect(res.body.error.message).toContain('error-budget is unknown');
    const full = await request(backend.server)
      .post(actionPath(SERVICE))
      .set(as(USERS.checkout))
      .send({ action: 'promoteFull' });
    expect(full.status).toBe(409);
    const rollout = await readRollout(
      env.sandbox,
      'production',
      SERVICE,
      SERVICE,
    );
    expect(rollout.status.currentStepIndex).toBe(3);
  });

  it('lets only release managers decide, overrides need a reason and are audited', async () => {
    const decide = (user: string, body: object, entity = SERVICE) =>
      request(backend.server)
        .post(`${gatePath(entity)}/decisions`)
        .set(as(user))
        .send(body);

    const byOwner = await decide(USERS.checkout, { decision: 'approve' });
    expect(byOwner.status).toBe(403);
    expect(byOwner.body.error.message).toContain('only release managers may');

    const tooEarly = await decide(USERS.releaseManager, {
      decision: 'approve',
    });
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body.error.message).toContain(
      'override them with a reason first',
    );

    const noReason = await decide(USERS.releaseManager, {
      decision: 'override',
      checkId: 'error-budget',
    });
    expect(noReason.status).toBe(400);

    for (const checkId of ['tested-in-staging', 'error-budget']) {
      const res = await decide(USERS.releaseManager, {
        decision: 'override',
        checkId,
        reason: 'Judged by hand from the staging dashboards',
      });
      expect(res.status).toBe(201);
    }
    const approved = await decide(USERS.releaseManager, {
      decision: 'approve',
      reason: 'Small and tested',
    });
    expect(approved.status).toBe(201);
    expect(approved.body.gate).toMatchObject({
      open: true,
      approval: { by: USERS.releaseManager, reason: 'Small and tested' },
    });
    const audited = backend.auditEvents.filter(
      e => e.options.eventId === 'release-gate-decision',
    );
    expect(audited.map(e => e.options.meta?.decision)).toEqual([
      'approve',
      'approve',
      'override',
      'override',
      'override',
      'approve',
    ]);
    expect(audited[3].success).toHaveBeenCalled();
    expect(audited[0].fail).toHaveBeenCalled();
    // The owners hear of the approval; overrides alone notify no one.
    expect(sent).toContainEqual({
      recipients: {
        type: 'entity',
        entityRef: 'group:default/team-checkout',
        excludeEntityRef: USERS.releaseManager,
      },
      payload: expect.objectContaining({
        title: 'Release of gated-svc approved for production',
        link: '/catalog/default/component/gated-svc/delivery',
      }),
    });
  });

  it('lets the owner promote once approved; an approval lapses with a new candidate', async () => {
    const third = await env.push('Log the cart id', root =>
      fs.appendFileSync(path.join(root, 'README.md'), 'Carts too.\n'),
    );
    await waitForRollout(
      env.sandbox,
      'staging',
      completedWith(third),
      'staging rollout',
    );
    await waitForRollout(
      env.sandbox,
      'production',
      atGate(third),
      'wait at the gate',
    );

    const lapsed = await request(backend.server)
      .get(gatePath(SERVICE))
      .set(as(USERS.checkout));
    expect(lapsed.body.open).toBe(false);
    expect(lapsed.body.approval).toBeUndefined();
    expect(lapsed.body.blockers).toContain('not approved by a release manager');
    const refused = await request(backend.server)
      .post(actionPath(SERVICE))
      .set(as(USERS.checkout))
      .send({ action: 'promote' });
    expect(refused.status).toBe(409);

    for (const checkId of ['tested-in-staging', 'error-budget']) {
      await request(backend.server)
        .post(`${gatePath(SERVICE)}/decisions`)
        .set(as(USERS.releaseManager))
        .send({ decision: 'override', checkId, reason: 'Judged by hand' })
        .expect(201);
    }
    await request(backend.server)
      .post(`${gatePath(SERVICE)}/decisions`)
      .set(as(USERS.releaseManager))
      .send({ decision: 'approve' })
      .expect(201);
    const promoted = await request(backend.server)
      .post(actionPath(SERVICE))
      .set(as(USERS.checkout))
      .send({ action: 'promote' });
    expect(promoted.status).toBe(201);
    await waitForRollout(
      env.sandbox,
      'production',
      completedWith(third),
      'cut-over',
    );
  });

  it('tells release managers once that a release waits, and owners when it is refused', async () => {
    const before = sent.length;
    const fifth = await env.push('Log the shipment id', root =>
      fs.appendFileSync(path.join(root, 'README.md'), 'Shipments too.\n'),
    );
    await waitForRollout(
      env.sandbox,
      'production',
      atGate(fifth),
      'wait at the gate',
    );
    const waitingNow = await request(backend.server)
      .get('/api/delivery/gate/waiting')
      .set(as(USERS.releaseManager));
    // Both entities claiming the rollout see it waiting.
    expect(waitingNow.body.items).toContainEqual(
      expect.objectContaining({
        entityRef: 'component:default/gated-svc',
        cluster: 'production',
        rollout: SERVICE,
      }),
    );
    const waitingNotices = () =>
      sent
        .slice(before)
        .filter(n =>
          n.payload.title.endsWith('waits for approval in production'),
        );
    // Run twice, as the scheduler would: the notice goes out once.
    await runTask('delivery-release-gate-watch');
    await runTask('delivery-release-gate-watch');
    expect(waitingNotices()).toEqual([
      expect.objectContaining({
        recipients: {
          type: 'entity',
          entityRef: ['group:default/release-managers'],
        },
      }),
    ]);

    const refused = await request(backend.server)
      .post(`${gatePath(SERVICE)}/decisions`)
      .set(as(USERS.releaseManager))
      .send({ decision: 'refuse', reason: 'Not during the sale' });
    expect(refused.status).toBe(201);
    expect(refused.body.gate.refusal).toMatchObject({
      by: USERS.releaseManager,
    });
    expect(sent.slice(before)).toContainEqual(
      expect.objectContaining({
        recipients: expect.objectContaining({
          entityRef: 'group:default/team-checkout',
        }),
        payload: expect.objectContaining({
          title: 'Release of gated-svc refused for production',
          description: expect.stringContaining('Not during the sale'),
        }),
      }),
    );
    expect(waitingNotices()).toHaveLength(1);
  });

  it("shows the release manager's approvals, overrides and refusals in the service's timeline", async () => {
    const timeline = await request(backend.server)
      .get(`/api/delivery/entities/component/default/${SERVICE}/cicd/timeline`)
      .set(as(USERS.checkout));
    expect(timeline.status).toBe(200);
    const gateEntries = timeline.body.items.filter((e: any) =>
      e.kind.startsWith('gate-'),
    );
    // Newest first: the refusal of the last test, the approvals and
    // overrides before it.
    expect(gateEntries[0]).toMatchObject({
      kind: 'gate-refused',
      environment: 'production',
      actor: USERS.releaseManager,
      sources: ['portal'],
      title: `dora.nagy refused ${SERVICE} in production: Not during the sale`,
    });
    expect(gateEntries.map((e: any) => e.kind)).toEqual(
      expect.arrayContaining(['gate-approved', 'gate-overridden']),
    );
    expect(
      gateEntries.find((e: any) => e.kind === 'gate-overridden').title,
    ).toMatch(
      new RegExp(
        `^dora\\.nagy overrode a gate check of ${SERVICE} in production \\([a-z-]+\\): .+`,
      ),
    );
    // Another entity's timeline does not show them.
    const other = await request(backend.server)
      .get('/api/delivery/entities/component/default/orders-api/cicd/timeline')
      .set(as(USERS.checkout));
    expect(other.status).toBe(200);
    expect(
      other.body.items.filter((e: any) => e.kind.startsWith('gate-')),
    ).toEqual([]);
  });

  it('refuses the decision of a release manager who started the release (four eyes)', async () => {
    const fourth = await env.push('Log the payment id', root =>
      fs.appendFileSync(path.join(root, 'README.md'), 'Payments too.\n'),
    );
    await waitForRollout(
      env.sandbox,
      'production',
      atGate(fourth),
      'wait at the gate',
    );
    // The release manager aborts and restarts the release: now it is theirs.
    for (const action of ['abort', 'retry']) {
      await request(backend.server)
        .post(actionPath(SERVICE))
        .set(as(USERS.releaseManager))
        .send({ action })
        .expect(201);
    }
    await waitForRollout(
      env.sandbox,
      'production',
      atGate(fourth),
      'wait at the gate again',
    );
    const res = await request(backend.server)
      .post(`${gatePath(SERVICE)}/decisions`)
      .set(as(USERS.releaseManager))
      .send({ decision: 'override', checkId: 'error-budget', reason: 'mine' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('four eyes');
  });
});
