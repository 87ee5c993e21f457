import { applyJsonPatch, isJsonPatch } from './jsonPatch';

describe('applyJsonPatch', () => {
  const rollout = {
    spec: { replicas: 2, strategy: { canary: { steps: [{ setWeight: 10 }] } } },
  };

  it('adds, replaces, removes, moves, copies and tests without touching the input', () => {
    const result = applyJsonPatch(rollout, [
      { op: 'replace', path: '/spec/replicas', value: 4 },
      {
        op: 'add',
        path: '/spec/strategy/canary/steps/-',
        value: { pause: {} },
      },
      {
        op: 'add',
        path: '/spec/strategy/canary/steps/0',
        value: { setWeight: 5 },
      },
      { op: 'copy', from: '/spec/replicas', path: '/spec/minReplicas' },
      { op: 'move', from: '/spec/minReplicas', path: '/spec/maxReplicas' },
      { op: 'test', path: '/spec/maxReplicas', value: 4 },
      { op: 'remove', path: '/spec/strategy/canary/steps/1' },
    ]);
    expect(result).toEqual({
      spec: {
        replicas: 4,
        maxReplicas: 4,
        strategy: { canary: { steps: [{ setWeight: 5 }, { pause: {} }] } },
      },
    });
    expect(rollout.spec.replicas).toBe(2);
  });

  it('names the failing operation', () => {
    expect(() =>
      applyJsonPatch(rollout, [
        { op: 'replace', path: '/spec/nothere', value: 1 },
      ]),
    ).toThrow(
      'operation 0 (replace /spec/nothere): path "/spec/nothere" does not exist',
    );
    expect(() =>
      applyJsonPatch(rollout, [
        { op: 'remove', path: '/spec/strategy/canary/steps/3' },
      ]),
    ).toThrow(/out of the list's bounds/);
  });

  it('recognises a JSON patch document', () => {
    expect(isJsonPatch([{ op: 'add', path: '/a', value: 1 }])).toBe(true);
    expect(isJsonPatch({ kind: 'Rollout' })).toBe(false);
    expect(isJsonPatch([{ kind: 'Rollout' }])).toBe(false);
  });
});
