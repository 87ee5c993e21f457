import { KubeObject } from '../../k8s/types';
import {
  replicaCountsForBasicCanary,
  replicaCountsForTrafficRoutedCanary,
} from './canaryReplicas';

function rollout(
  replicas: number,
  weight: number,
  surge: number | string,
  unavailable: number | string,
): KubeObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'r' },
    spec: {
      replicas,
      strategy: {
        canary: {
          maxSurge: surge,
          maxUnavailable: unavailable,
          steps: [{ setWeight: weight }, { pause: {} }],
        },
      },
    },
    status: {
      stableRS: 'stable',
      currentPodHash: 'canary',
      currentStepIndex: 0,
    },
  };
}

function rs(name: string, replicas: number, available = replicas): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name },
    spec: { replicas },
    status: { replicas, availableReplicas: available },
  };
}

describe('canary replica arithmetic (utils/replicaset/canary.go)', () => {
  // Cases from TestCalculateReplicaCountsForCanary upstream:
  // replicas, weight, maxSurge, maxUnavailable, stable spec/available, canary spec/available -> [canary, stable]
  it.each([
    [10, 100, 3, 0, [7, 8], [6, 3], [6, 7]],
    [10, 20, 2, 0, [10, 10], [0, 0], [2, 10]],
    [10, 5, 0, 1, [10, 10], [0, 0], [0, 9]],
    [10, 5, 0, 1, [9, 9], [0, 0], [1, 9]],
    [5, 40, 1, 0, [5, 5], [0, 0], [1, 5]],
  ])(
    'replicas %i weight %i surge %i unavailable %i stable %j canary %j -> %j',
    (replicas, weight, surge, unavailable, stable, canary, expected) => {
      const r = rollout(replicas, weight, surge, unavailable);
      expect(
        replicaCountsForBasicCanary(
          r,
          rs('canary', canary[0], canary[1]),
          rs('stable', stable[0], stable[1]),
          [],
        ),
      ).toEqual(expected);
    },
  );

  it('keeps stable fully scaled with traffic routing and rounds the canary up', () => {
    const r = rollout(4, 25, '25%', '25%');
    r.spec.strategy.canary.trafficRouting = { smi: {} };
    expect(replicaCountsForTrafficRoutedCanary(r, undefined)).toEqual([1, 4]);
    r.spec.strategy.canary.steps = [{ setWeight: 30 }];
    expect(replicaCountsForTrafficRoutedCanary(r, undefined)).toEqual([2, 4]);
  });
});
