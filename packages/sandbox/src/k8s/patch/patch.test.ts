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

  it('compares values in test operations regardless of key order', () => {
    expect(
      applyJsonPatch({ a: { x: 1, y: 2 } }, [
        { op: 'test', path: '/a', value: { y: 2, x: 1 } },
      ]),
    ).toEqual({ a: { x: 1, y: 2 } });
  });

  it("gives the API server's messages as the cause", () => {
    const cause = (op: unknown) => {
      try {
        applyJsonPatch(doc, [op]);
      } catch (e) {
        return (e as ApiError).toStatus().details?.causes?.[0]?.message;
      }
      return undefined;
    };
    expect(cause({ op: 'test', path: '/spec/replicas', value: 2 })).toBe(
      'testing value /spec/replicas failed: test failed',
    );
    expect(cause({ op: 'replace', path: '/spec/nope', value: 1 })).toBe(
      'replace operation does not apply: doc is missing key: /spec/nope: missing value',
    );
    expect(cause({ op: 'remove', path: '/spec/nope' })).toBe(
      "error in remove for path: '/spec/nope': Unable to remove nonexistent key: nope: missing value",
    );
    expect(cause({ op: 'add', path: '/nope/deeper', value: 1 })).toBe(
      'add operation does not apply: doc is missing path: "/nope/deeper": missing value',
    );
    expect(cause({ op: 'move', from: '/nope', path: '/x' })).toBe(
      'move operation does not apply: doc is missing from path: /nope: missing value',
    );
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
