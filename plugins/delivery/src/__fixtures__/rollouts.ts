import { Entity } from '@backstage/catalog-model';
import {
  EntityRolloutsResponse,
  RolloutSummary,
} from '@internal/plugin-delivery-common';

export const paymentsEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'product-catalog',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': 'product-catalog',
      'backstage.io/kubernetes-namespace': 'storefront',
    },
  },
  spec: { type: 'service', owner: 'team-storefront', lifecycle: 'production' },
};

export const pausedCanary: RolloutSummary = {
  cluster: 'production',
  namespace: 'storefront',
  name: 'product-catalog',
  strategy: 'canary',
  phase: 'Paused',
  message: 'CanaryPauseStep',
  statusObserved: true,
  aborted: false,
  paused: true,
  pauseConditions: [
    { reason: 'CanaryPauseStep', startTime: '2026-11-28T10:00:00Z' },
  ],
  steps: [
    { type: 'setWeight', weight: 20 },
    { type: 'pause' },
    { type: 'analysis', templates: ['success-rate'] },
    { type: 'setWeight', weight: 50 },
    { type: 'pause', duration: '60s' },
  ],
  currentStepIndex: 1,
  weights: { canary: 20, stable: 80 },
  replicas: { desired: 4, ready: 4, updated: 1, available: 4 },
  stableRevision: {
    revision: 3,
    podTemplateHash: 'aaa111',
    images: ['registry.acme.example/product-catalog:1.11.4'],
    replicas: 3,
    readyReplicas: 3,
    role: 'stable',
  },
  canaryRevision: {
    revision: 4,
    podTemplateHash: 'bbb222',
    images: ['registry.acme.example/product-catalog:1.12.0'],
    replicas: 1,
    readyReplicas: 1,
    role: 'canary',
  },
  revisions: [
    {
      revision: 4,
      podTemplateHash: 'bbb222',
      images: ['registry.acme.example/product-catalog:1.12.0'],
      replicas: 1,
      readyReplicas: 1,
      role: 'canary',
    },
    {
      revision: 3,
      podTemplateHash: 'aaa111',
      images: ['registry.acme.example/product-catalog:1.11.4'],
      replicas: 3,
      readyReplicas: 3,
      role: 'stable',
    },
    {
      revision: 2,
      podTemplateHash: 'ccc333',
      images: ['registry.acme.example/product-catalog:1.11.0'],
      replicas: 0,
      readyReplicas: 0,
      role: 'old',
    },
  ],
  rollbackTargets: [3, 2],
  analysisRuns: [
    {
      name: 'product-catalog-4-2',
      phase: 'Successful',
      revision: 4,
      metrics: [
        {
          name: 'success-rate',
          phase: 'Successful',
          successful: 3,
          failed: 0,
          inconclusive: 0,
          error: 0,
          measurements: [{ phase: 'Successful', value: '[0.997]' }],
        },
      ],
    },
  ],
  availableActions: ['promote', 'promoteFull', 'abort', 'rollback'],
  // As the backend answers an owner.
  actions: [
    { action: 'promote', allowed: true },
    { action: 'promoteFull', allowed: true },
    { action: 'abort', allowed: true },
    {
      action: 'retry',
      allowed: false,
      refusedBy: 'state',
      reason:
        'Rollout storefront/product-catalog is not aborted; only an aborted rollout can be retried.',
    },
    { action: 'rollback', allowed: true },
  ],
  resourceVersion: '42',
};

/** The same rollout as the backend answers someone outside its owners. */
export const pausedCanaryForNonOwner: RolloutSummary = {
  ...pausedCanary,
  actions: pausedCanary.actions!.map(({ action }) => ({
    action,
    allowed: false,
    refusedBy: 'permission' as const,
    reason: `Only the owners (Storefront team) and release managers may ${
      {
        promote: 'promote',
        promoteFull: 'fully promote',
        abort: 'abort',
        retry: 'retry',
        rollback: 'roll back',
      }[action]
    } this service.`,
  })),
};

export function rolloutsResponse(
  ...rollouts: RolloutSummary[]
): EntityRolloutsResponse {
  return {
    entityRef: 'component:default/product-catalog',
    clusters: [
      { cluster: 'production', rollouts },
      {
        cluster: 'staging',
        rollouts: [],
        error: { message: 'connect ECONNREFUSED 127.0.0.1:7021' },
      },
    ],
  };
}
