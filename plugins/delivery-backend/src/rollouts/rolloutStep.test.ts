import { toStep } from './rolloutStep';

describe('toStep', () => {
  it('shows a setCanaryScale step by what sizes the canary, in Argo Rollouts order', () => {
    expect(toStep({ setCanaryScale: { replicas: 1 } })).toEqual({
      type: 'setCanaryScale',
      replicas: 1,
    });
    expect(toStep({ setCanaryScale: { weight: 20 } })).toEqual({
      type: 'setCanaryScale',
      weight: 20,
    });
    // matchTrafficWeight wins over the others, as in the controller.
    expect(
      toStep({ setCanaryScale: { replicas: 2, matchTrafficWeight: true } }),
    ).toEqual({ type: 'setCanaryScale', matchTrafficWeight: true });
  });

  it('keeps the steps it does not describe by their name', () => {
    expect(toStep({ plugin: { name: 'x' } })).toEqual({
      type: 'other',
      name: 'plugin',
    });
  });
});
