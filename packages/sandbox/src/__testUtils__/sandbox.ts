import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  NetworkingV1Api,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { Sandbox, SandboxOptions, startSandbox } from '../sandbox';

/** A sandbox on free ports, fast clock, no seed, one cluster called `test`. */
export function startTestSandbox(
  options: SandboxOptions = {},
): Promise<Sandbox> {
  return startSandbox({
    clusters: ['test'],
    seed: false,
    speed: 500,
    ports: { control: 0 },
    ...options,
  });
}

export function kubeConfig(
  sandbox: Sandbox,
  cluster = 'test',
  token?: string,
): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: cluster,
        server: sandbox.clusters[cluster].url,
        skipTLSVerify: true,
      },
    ],
    users: [{ name: 'user', token: token ?? sandbox.clusters[cluster].token }],
    contexts: [{ name: cluster, cluster, user: 'user' }],
    currentContext: cluster,
  });
  return kc;
}

export function clients(sandbox: Sandbox, cluster = 'test', token?: string) {
  const kc = kubeConfig(sandbox, cluster, token);
  return {
    kc,
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    custom: kc.makeApiClient(CustomObjectsApi),
    networking: kc.makeApiClient(NetworkingV1Api),
  };
}

export const mergePatch = setHeaderOptions(
  'Content-Type',
  PatchStrategy.MergePatch,
);
export const jsonPatch = setHeaderOptions(
  'Content-Type',
  PatchStrategy.JsonPatch,
);
export const strategicPatch = setHeaderOptions(
  'Content-Type',
  PatchStrategy.StrategicMergePatch,
);
export const applyPatch = setHeaderOptions(
  'Content-Type',
  PatchStrategy.ServerSideApply,
);

/** Polls until `fn` returns a truthy value without throwing. */
export async function waitFor<T>(
  fn: () => T | Promise<T>,
  what = 'condition',
  timeoutMs = 8000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${what}${
          lastError ? `: ${(lastError as Error).message}` : ''
        }`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 15));
  }
}

/** The parsed Status body of a failed client-node call. */
export async function statusOf(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (e: any) {
    const body = typeof e.body === 'string' ? JSON.parse(e.body) : e.body;
    return { code: e.code, ...body };
  }
  throw new Error('expected the call to fail');
}

export const ROLLOUT = {
  group: 'argoproj.io',
  version: 'v1alpha1',
  plural: 'rollouts',
};
