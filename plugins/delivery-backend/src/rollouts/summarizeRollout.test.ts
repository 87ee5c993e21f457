import { summarizeRollout } from './summarizeRollout';
import { cartApiReplicaSets, pausedCanary } from './__fixtures__/rollouts';

describe('summarizeRollout', () => {
  it('derives step, weights, revisions and actions as the CLI does', () => {
    const summary = summarizeRollout(
      'production',
      pausedCanary(),
      cartApiReplicaSets(),
      [],
    );
    expect(summary).toMatchObject({
      cluster: 'production',
      namespace: 'checkout',
      name: 'cart-api',
      strategy: 'canary',
      phase: 'Paused',
      statusObserved: true,
      paused: true,
      currentStepIndex: 1,
      // Without a traffic router the canary's share is its share of
      // available pods: 1 of 5.
      weights: { canary: 20, stable: 80 },
      replicas: { desired: 4, ready: 5, updated: 1, available: 5 },
      stableRevision: {
        revision: 1,
        role: 'stable',
        images: ['cart-api:1.8.2'],
      },
      canaryRevision: {
        revision: 2,
        role: 'canary',
        images: ['cart-api:1.9.0'],
      },
      rollbackTargets: [1],
      availableActions: ['promote', 'promoteFull', 'abort', 'rollback'],
      resourceVersion: '1042',
    });
    expect(summary.steps).toEqual([
      { type: 'setWeight', weight: 25 },
      { type: 'pause' },
      { type: 'setWeight', weight: 50 },
      { type: 'pause', duration: '30s' },
    ]);
  });

  it('takes the weights from the traffic router when there is one', () => {
    const rollout = pausedCanary({
      spec: {
        strategy: {
          canary: {
            steps: [{ setWeight: 25 }, { pause: {} }],
            trafficRouting: { nginx: { stableIngress: 'cart-api' } },
          },
        },
      },
      status: {
        canary: { weights: { canary: { weight: 25 }, stable: { weight: 75 } } },
      },
    });
    const summary = summarizeRollout(
      'production',
      rollout,
      cartApiReplicaSets(),
      [],
    );
    expect(summary.weights).toEqual({ canary: 25, stable: 75 });
  });

  it('says when the weight is approximated by pods, and by how many', () => {
    const summary = summarizeRollout(
      'production',
      pausedCanary(),
      cartApiReplicaSets(),
      [],
    );
    // The step says 25%; with no traffic router Argo scales pods instead.
    expect(summary.weights).toEqual({
      canary: 20,
      stable: 80,
      replicaBased: { canaryPods: 1, availablePods: 5 },
    });
  });

  it('gives each metric the thresholds its AnalysisRun judges it by', () => {
    const summary = summarizeRollout(
      'production',
      pausedCanary(),
      cartApiReplicaSets(),
      [
        {
          metadata: {
            name: 'cart-api-2-1',
            ownerReferences: [
              { kind: 'Rollout', name: 'cart-api', uid: 'uid-cart-api' },
            ],
          },
          spec: {
            metrics: [
              {
                name: 'success-rate',
                successCondition: 'result[0] >= 0.95',
                failureCondition: 'result[0] < 0.9',
              },
              { name: 'latency' },
            ],
          },
          status: {
            phase: 'Running',
            metricResults: [
              { name: 'success-rate', phase: 'Running' },
              { name: 'latency', phase: 'Running' },
            ],
          },
        },
      ],
    );
    const [successRate, latency] = summary.analysisRuns[0].metrics;
    expect(successRate).toMatchObject({
      successCondition: 'result[0] >= 0.95',
      failureCondition: 'result[0] < 0.9',
    });
    expect(latency.successCondition).toBeUndefined();
    expect(latency.failureCondition).toBeUndefined();
  });

  it('trusts no status the controller has not observed: phase Unknown, no actions', () => {
    const summary = summarizeRollout(
      'production',
      pausedCanary({ generation: 3 }),
      cartApiReplicaSets(),
      [],
    );
    expect(summary).toMatchObject({
      phase: 'Unknown',
      statusObserved: false,
      availableActions: [],
    });
    expect(summary.message).toBeUndefined();
  });

  it('lists the analysis runs the rollout owns, newest first', () => {
    const run = (name: string, startedAt: string, owner = 'uid-cart-api') => ({
      metadata: {
        name,
        annotations: { 'rollout.argoproj.io/revision': '2' },
        ownerReferences: [{ kind: 'Rollout', name: 'cart-api', uid: owner }],
      },
      status: {
        phase: 'Successful',
        startedAt,
        metricResults: [
          {
            name: 'success-rate',
            phase: 'Successful',
            successful: 3,
            measurements: [{ phase: 'Successful', value: '0.998' }],
          },
        ],
      },
    });
    const summary = summarizeRollout(
      'production',
      pausedCanary(),
      cartApiReplicaSets(),
      [
        run('older', '2026-11-28T09:00:00Z'),
        run('newer', '2026-11-28T10:00:00Z'),
        run('someone-else', '2026-11-28T11:00:00Z', 'uid-other'),
      ],
    );
    expect(summary.analysisRuns.map(r => r.name)).toEqual(['newer', 'older']);
    expect(summary.analysisRuns[0]).toEqual({
      name: 'newer',
      phase: 'Successful',
      revision: 2,
      startedAt: '2026-11-28T10:00:00Z',
      message: undefined,
      metrics: [
        {
          name: 'success-rate',
          phase: 'Successful',
          successful: 3,
          failed: 0,
          inconclusive: 0,
          error: 0,
          message: undefined,
          measurements: [
            {
              phase: 'Successful',
              value: '0.998',
              startedAt: undefined,
              finishedAt: undefined,
            },
          ],
        },
      ],
    });
  });
});
