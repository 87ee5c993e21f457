import { Sandbox, startSandbox } from '@internal/sandbox';

/**
 * A sandbox for action tests: pods start at once and timed pauses last ten
 * times longer than written, so a paused rollout stays paused for the test.
 */
export function startActionSandbox(): Promise<Sandbox> {
  return startSandbox({
    ports: { control: 0, clusters: { staging: 0, production: 0 } },
    speed: 0.1,
    podStartupSeconds: 0,
  });
}

/** Reads a Rollout straight from a sandbox cluster, to check what changed. */
export async function readRollout(
  sandbox: Sandbox,
  cluster: string,
  namespace: string,
  name: string,
): Promise<any> {
  const { url, token } = sandbox.clusters[cluster];
  const res = await fetch(
    `${url}/apis/argoproj.io/v1alpha1/namespaces/${namespace}/rollouts/${name}`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  if (!res.ok) {
    throw new Error(`reading rollout ${namespace}/${name}: ${res.status}`);
  }
  return res.json();
}
