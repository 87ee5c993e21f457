import { ReplicaSet, Rollout } from '../kubernetesTypes';

/**
 * A canary Rollout of `checkout/cart-api` paused at step 1 of 4 on its way
 * from revision 1 (hash `stable1`) to revision 2 (hash `canary2`), shaped
 * like what the API server returns.
 */
export function pausedCanary(
  overrides: {
    spec?: Partial<NonNullable<Rollout['spec']>>;
    status?: Partial<NonNullable<Rollout['status']>>;
    generation?: number;
  } = {},
): Rollout {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: {
      name: 'cart-api',
      namespace: 'checkout',
      uid: 'uid-cart-api',
      generation: overrides.generation ?? 2,
      resourceVersion: '1042',
      labels: { 'backstage.io/kubernetes-id': 'cart-api' },
    },
    spec: {
      replicas: 4,
      selector: { matchLabels: { app: 'cart-api' } },
      template: {
        metadata: { labels: { app: 'cart-api' } },
        spec: { containers: [{ name: 'app', image: 'cart-api:1.9.0' }] },
      },
      strategy: {
        canary: {
          steps: [
            { setWeight: 25 },
            { pause: {} },
            { setWeight: 50 },
            { pause: { duration: '30s' } },
          ],
        },
      },
      ...overrides.spec,
    },
    status: {
      observedGeneration: '2',
      phase: 'Paused',
      message: 'CanaryPauseStep',
      currentStepIndex: 1,
      currentPodHash: 'canary2',
      stableRS: 'stable1',
      controllerPause: true,
      pauseConditions: [
        { reason: 'CanaryPauseStep', startTime: '2026-11-28T10:00:00Z' },
      ],
      replicas: 5,
      readyReplicas: 5,
      updatedReplicas: 1,
      availableReplicas: 5,
      ...overrides.status,
    },
  };
}

export function replicaSet(
  revision: number,
  hash: string,
  image: string,
  available: number,
): ReplicaSet {
  return {
    metadata: {
      name: `cart-api-${hash}`,
      namespace: 'checkout',
      annotations: { 'rollout.argoproj.io/revision': String(revision) },
      labels: { app: 'cart-api', 'rollouts-pod-template-hash': hash },
      ownerReferences: [
        { kind: 'Rollout', name: 'cart-api', uid: 'uid-cart-api' },
      ],
      creationTimestamp: `2026-11-2${revision}T10:00:00Z`,
    },
    spec: {
      replicas: available,
      template: {
        metadata: {
          labels: { app: 'cart-api', 'rollouts-pod-template-hash': hash },
        },
        spec: { containers: [{ name: 'app', image }] },
      },
    },
    status: {
      replicas: available,
      readyReplicas: available,
      availableReplicas: available,
    },
  };
}

/** Revision 2 (the canary, 1 pod) and revision 1 (stable, 4 pods). */
export function cartApiReplicaSets(): ReplicaSet[] {
  return [
    replicaSet(2, 'canary2', 'cart-api:1.9.0', 1),
    replicaSet(1, 'stable1', 'cart-api:1.8.2', 4),
  ];
}
