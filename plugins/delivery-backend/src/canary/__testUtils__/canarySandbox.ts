import { ProfileInput, Sandbox, startSandbox } from '@internal/sandbox';
import { readRollout } from '../../__testUtils__/sandboxClient';

/** The demo service the canary tests release: it has no analysis steps. */
export const NAMESPACE = 'checkout';
export const NAME = 'orders-api';
/** Heavy traffic with 1 % errors on both sides, so evidence builds in seconds. */
export const BUSY = { requestRate: 3000, errorRatio: 0.01 };

/** The sandbox, a real Prometheus scraping it, and orders-api's releases in production. */
export interface CanarySandbox {
  sandbox: Sandbox;
  prometheusUrl: string;
  rollout(): Promise<any>;
  waitForRollout(what: string, predicate: (ro: any) => boolean): Promise<any>;
  /** Starts a release and returns once its canary takes traffic. */
  release(
    version: string,
    profile: ProfileInput,
  ): Promise<{ podTemplateHash: string; since: number }>;
  /** Promotes the release in flight to stable and waits until it is. */
  promoteFull(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A sandbox with a real Prometheus (Debian's package) scraping it, whose
 * production orders-api already runs a busy stable revision (2.4.0) to
 * compare canaries with. Pauses last ten times longer than written, so a
 * canary stays in flight for the test.
 */
export async function startCanarySandbox(
  clusters: string[] = ['production'],
): Promise<CanarySandbox> {
  const sandbox = await startSandbox({
    clusters,
    ports: { control: 0 },
    speed: 0.1,
    podStartupSeconds: 0,
    gitHost: false,
    prometheus: {},
  });
  const rolloutPath = `/apis/argoproj.io/v1alpha1/namespaces/${NAMESPACE}/rollouts/${NAME}`;
  const rollout = () => readRollout(sandbox, 'production', NAMESPACE, NAME);

  async function waitForRollout(what: string, predicate: (ro: any) => boolean) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ro = await rollout();
      if (predicate(ro)) return ro;
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what}`);
      }
      await new Promise(r => setTimeout(r, 200));
    }
  }

  async function release(version: string, profile: ProfileInput) {
    const { podTemplateHash } = await sandbox.startRelease({
      cluster: 'production',
      namespace: NAMESPACE,
      service: NAME,
      image: `registry.acme.example/${NAME}:${version}`,
      profile,
    });
    await waitForRollout(
      `${version} taking canary traffic`,
      ro =>
        (ro.status?.canary?.weights?.canary?.weight ?? 0) > 0 &&
        ro.status?.currentPodHash === podTemplateHash,
    );
    return { podTemplateHash, since: Date.now() };
  }

  async function promoteFull() {
    const { url, token } = sandbox.clusters.production;
    const res = await fetch(`${url}${rolloutPath}/status`, {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/merge-patch+json',
      },
      body: JSON.stringify({ status: { promoteFull: true } }),
    });
    if (!res.ok) throw new Error(`promoteFull: ${res.status}`);
    const { currentPodHash } = (await res.json()).status;
    await waitForRollout(
      'the release to be stable',
      ro =>
        ro.status?.phase === 'Healthy' &&
        ro.status?.stableRS === currentPodHash,
    );
  }

  try {
    await release('2.4.0', BUSY);
    await promoteFull();
  } catch (error) {
    await sandbox.stop();
    throw error;
  }
  return {
    sandbox,
    prometheusUrl: sandbox.prometheusUrls.production,
    rollout,
    waitForRollout,
    release,
    promoteFull,
    stop: () => sandbox.stop(),
  };
}
