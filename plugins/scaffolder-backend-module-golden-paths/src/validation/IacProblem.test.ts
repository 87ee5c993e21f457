import { formatIacProblem, pointerToPath, uniqueProblems } from './IacProblem';

describe('IacProblem', () => {
  it('turns JSON pointers into dotted paths with indexes', () => {
    expect(pointerToPath('/spec/strategy/canary/steps/0/setWeight')).toBe(
      'spec.strategy.canary.steps[0].setWeight',
    );
    expect(pointerToPath('/metadata/labels/backstage.io~1kubernetes-id')).toBe(
      'metadata.labels["backstage.io/kubernetes-id"]',
    );
    expect(pointerToPath('')).toBe('');
  });

  it('formats a problem with the overlay that rendered it', () => {
    expect(
      formatIacProblem({
        check: 'kubernetes',
        file: 'deploy/base/rollout.yaml',
        path: 'spec.replicas',
        message: 'must be integer',
        renderedBy: 'deploy/overlays/production',
      }),
    ).toBe(
      'deploy/base/rollout.yaml at spec.replicas: must be integer (as rendered by deploy/overlays/production)',
    );
  });

  it('drops a problem reported again through another overlay', () => {
    const problem = {
      check: 'kubernetes' as const,
      file: 'a.yaml',
      path: 'spec',
      message: 'bad',
    };
    expect(
      uniqueProblems([problem, { ...problem, renderedBy: 'x' }]),
    ).toHaveLength(1);
  });
});
