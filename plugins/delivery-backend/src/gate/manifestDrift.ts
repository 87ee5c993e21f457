import { RenderedObject } from '@internal/kustomize';

/** One difference between two environments' rendered manifests. */
export interface Drift {
  object: string;
  path: string;
  gated?: unknown;
  staging?: unknown;
}

function objectKey(object: RenderedObject) {
  return `${object.kind}/${object.metadata?.name ?? ''}`;
}

function flatten(value: unknown, prefix: string, out: Map<string, unknown>) {
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(prefix, []);
    value.forEach((item, i) => flatten(item, `${prefix}.${i}`, out));
  } else if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) out.set(prefix, {});
    for (const [key, item] of entries) {
      flatten(item, prefix ? `${prefix}.${key}` : key, out);
    }
  } else {
    out.set(prefix, value);
  }
  return out;
}

/** `spec.template.spec.containers.*.resources` matches that path and below. */
function fieldMatcher(patterns: string[]) {
  const regexes = patterns.map(
    pattern =>
      new RegExp(
        `^${pattern
          .split('*')
          .map(part => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
          .join('[^.]+')}(\\.|$)`,
      ),
  );
  return (path: string) => regexes.some(r => r.test(path));
}

/**
 * The differences between two environments' objects outside the fields the
 * service declares as environment-specific. Objects are matched by kind and
 * name; the namespace is the environment's own and is not compared.
 */
export function manifestDrift(
  gated: RenderedObject[],
  staging: RenderedObject[],
  environmentSpecificFields: string[],
): Drift[] {
  const ignored = fieldMatcher([
    'metadata.namespace',
    ...environmentSpecificFields,
  ]);
  const byKey = (objects: RenderedObject[]) =>
    new Map(objects.map(o => [objectKey(o), o]));
  const gatedObjects = byKey(gated);
  const stagingObjects = byKey(staging);
  const drift: Drift[] = [];
  for (const key of new Set([
    ...gatedObjects.keys(),
    ...stagingObjects.keys(),
  ])) {
    const a = gatedObjects.get(key);
    const b = stagingObjects.get(key);
    if (!a || !b) {
      drift.push({
        object: key,
        path: '',
        gated: Boolean(a),
        staging: Boolean(b),
      });
      continue;
    }
    const fa = flatten(a, '', new Map());
    const fb = flatten(b, '', new Map());
    for (const path of new Set([...fa.keys(), ...fb.keys()])) {
      if (ignored(path)) continue;
      const va = fa.get(path);
      const vb = fb.get(path);
      if (JSON.stringify(va) !== JSON.stringify(vb)) {
        drift.push({ object: key, path, gated: va, staging: vb });
      }
    }
  }
  return drift;
}
