import { ApiError } from '../errors';
import { applyJsonPatch } from './jsonPatch';
import { applyMergePatch, createMergePatch } from './mergePatch';
import { applyStrategicMergePatch } from './strategicMerge';

describe('JSON merge patch (RFC 7386)', () => {
  it('merges objects, deletes on null and replaces arrays', () => {
    expect(
      applyMergePatch(
        { a: 1, b: { c: 2, d: 3 }, e: [1, 2] },
        { b: { c: null, x: 1 }, e: [3] },
      ),
    ).toEqual({
      a: 1,
      b: { d: 3, x: 1 },
      e: [3],
    });
  });

  it('creates the patch between two documents', () => {
    const from = { a: 1, b: { c: 2 }, d: 'x' };
    const to = { a: 1, b: { c: 3 }, e: true };
    expect(applyMergePatch(from, createMergePatch(from, to))).toEqual(to);
  });
});

describe('JSON patch (RFC 6902)', () => {
  const doc = { spec: { replicas: 1, list: ['a', 'b'] }, 'x/y': { '~z': 1 } };

  it('applies all operations', () => {
    expect(
      applyJsonPatch(doc, [
        { op: 'replace', path: '/spec/replicas', value: 3 },
        { op: 'add', path: '/spec/list/-', value: 'c' },
        { op: 'add', path: '/spec/list/0', value: 'z' },
        { op: 'remove', path: '/spec/list/1' },
        { op: 'copy', from: '/spec/replicas', path: '/copied' },
        { op: 'move', from: '/copied', path: '/moved' },
        { op: 'test', path: '/x~1y/~0z', value: 1 },
      ]),
    ).toEqual({
      spec: { replicas: 3, list: ['z', 'b', 'c'] },
      'x/y': { '~z': 1 },
      moved: 3,
    });
    expect(doc.spec.replicas).toBe(1);
  });

  it('fails like the API server (422) on missing paths and failed tests', () => {
    for (const op of [
      { op: 'replace', path: '/spec/nope', value: 1 },
      { op: 'remove', path: '/spec/nope' },
      { op: 'add', path: '/nope/deeper', value: 1 },
      { op: 'test', path: '/spec/replicas', value: 2 },
    ]) {
      let error: unknown;
      try {
        applyJsonPatch(doc, [op]);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).code).toBe(422);
    }
  });
});

describe('strategic merge patch', () => {
  const deployment = {
    metadata: { finalizers: ['a'] },
    spec: {
      template: {
        spec: {
          containers: [
            {
              name: 'app',
              image: 'app:1',
              env: [{ name: 'A', value: '1' }],
              ports: [{ containerPort: 80 }],
            },
            { name: 'proxy', image: 'proxy:1' },
          ],
          tolerations: [{ key: 'x' }],
        },
      },
    },
  };

  it('merges keyed lists, replaces atomic lists and unions primitive sets', () => {
    const patched = applyStrategicMergePatch('deployments', deployment, {
      metadata: { finalizers: ['b'] },
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'app', image: 'app:2', env: [{ name: 'B', value: '2' }] },
            ],
            tolerations: [{ key: 'y' }],
          },
        },
      },
    });
    expect(patched.metadata.finalizers).toEqual(['a', 'b']);
    expect(patched.spec.template.spec.containers).toEqual([
      {
        name: 'app',
        image: 'app:2',
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
        ],
        ports: [{ containerPort: 80 }],
      },
      { name: 'proxy', image: 'proxy:1' },
    ]);
    expect(patched.spec.template.spec.tolerations).toEqual([{ key: 'y' }]);
  });

  it('honours $patch directives and $setElementOrder', () => {
    const patched = applyStrategicMergePatch('deployments', deployment, {
      spec: {
        template: {
          spec: {
            containers: [{ name: 'proxy', $patch: 'delete' }],
            $setElementOrder: undefined,
          },
        },
      },
    });
    expect(
      patched.spec.template.spec.containers.map((c: any) => c.name),
    ).toEqual(['app']);
    const reordered = applyStrategicMergePatch('deployments', deployment, {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'proxy' }, { name: 'app' }],
          },
        },
      },
    });
    expect(
      reordered.spec.template.spec.containers.map((c: any) => c.name),
    ).toEqual(['proxy', 'app']);
    const replaced = applyStrategicMergePatch('deployments', deployment, {
      spec: {
        template: {
          spec: {
            $patch: 'replace',
            containers: [{ name: 'only', image: 'x' }],
          },
        },
      },
    });
    expect(replaced.spec.template.spec).toEqual({
      containers: [{ name: 'only', image: 'x' }],
    });
  });
});
