import {
  DeployedCanaryService,
  deployCanaryService,
  waitFor,
} from './__testUtils__/deployedCanaryService';

// Scaffolding runs real kustomize; the canary's analysis waits for real scrapes.
jest.setTimeout(300_000);

/*
 * A service fresh from the canary golden path with the form's defaults,
 * published to the sandbox's git host and deployed by its CI to staging and
 * production, then released in production: the release takes the shape the
 * practice describes — one canary pod on 5 % of the traffic through the
 * NGINX canary Ingress, judged, then the release manager's decision.
 */

const NAME = 'basket';
const ORG = 'checkout';
/** The 5m judgement lasts 30 s, a 1m analysis interval 6 s. */
const SPEED = 10;

describe('the release shape of a fresh canary golden-path service', () => {
  let service: DeployedCanaryService;
  const rollout = (cluster: string) => service.rollout(cluster);
  const api = (cluster: string, apiPath: string) =>
    service.api(cluster, apiPath);

  beforeAll(async () => {
    service = await deployCanaryService({
      name: NAME,
      org: ORG,
      description: 'Keeps baskets',
      speed: SPEED,
    });
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('becomes Healthy in both clusters after its first deployment', async () => {
    for (const cluster of ['staging', 'production']) {
      const ro = await waitFor(`Healthy in ${cluster}`, async () => {
        const r = await rollout(cluster);
        return r?.status?.phase === 'Healthy' && r;
      });
      expect(ro.spec.strategy.canary.trafficRouting).toEqual({
        nginx: { stableIngress: NAME },
      });
    }
  });

  it('releases in production as one judged canary pod on 5 %, then waits for the decision', async () => {
    const { podTemplateHash: hash } = await service.sandbox.startRelease({
      cluster: 'production',
      namespace: NAME,
      service: NAME,
      image: `registry.acme.example/${NAME}:2.0.0`,
      profile: 'healthy',
    });
    const judged = await waitFor('the canary to be judged', async () => {
      const ro = await rollout('production');
      return ro?.status?.currentStepIndex === 2 && ro;
    });
    expect(judged.status.canary.weights.canary).toMatchObject({
      weight: 5,
      podTemplateHash: hash,
    });
    const replicaSets = async () =>
      (
        await api('production', `/apis/apps/v1/namespaces/${NAME}/replicasets`)
      ).items.map((rs: any) => ({
        hash: rs.metadata.labels['rollouts-pod-template-hash'],
        replicas: rs.spec.replicas,
      }));
    // Production runs three replicas; the canary is a single pod.
    expect(await replicaSets()).toEqual(
      expect.arrayContaining([
        { hash, replicas: 1 },
        { hash: judged.status.stableRS, replicas: 3 },
      ]),
    );
    const canaryIngress = await api(
      'production',
      `/apis/networking.k8s.io/v1/namespaces/${NAME}/ingresses/${NAME}-${NAME}-canary`,
    );
    expect(canaryIngress.metadata.annotations).toMatchObject({
      'nginx.ingress.kubernetes.io/canary': 'true',
      'nginx.ingress.kubernetes.io/canary-weight': '5',
    });

    const atDecision = await waitFor(
      "the release manager's decision",
      async () => {
        const ro = await rollout('production');
        return (
          ro?.status?.currentStepIndex === 3 &&
          ro.status.phase === 'Paused' &&
          ro
        );
      },
    );
    expect(atDecision.spec.strategy.canary.steps[3]).toEqual({ pause: {} });
    expect(atDecision.status.abort).toBeFalsy();
    // Still one pod on 5 % while the decision is pending.
    expect(atDecision.status.canary.weights.canary.weight).toBe(5);
    expect(await replicaSets()).toContainEqual({ hash, replicas: 1 });
  });
});
