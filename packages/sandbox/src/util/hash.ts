import { isPlainObject, stableStringify } from './json';

/**
 * Pod template hashes in the style of k8s / Argo Rollouts: FNV-1a 32 over the
 * template, rendered with rand.SafeEncodeString's alphabet (no vowels, so no
 * accidental words). Upstream hashes the Go struct dump; the sandbox hashes
 * canonical JSON, so values differ from a real cluster but are just as stable.
 */

const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

export function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  const bytes = Buffer.from(text, 'utf8');
  for (const byte of bytes) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** k8s.io/apimachinery/pkg/util/rand.SafeEncodeString */
export function safeEncodeString(s: string): string {
  return [...s]
    .map(c => ALPHANUMS[c.charCodeAt(0) % ALPHANUMS.length])
    .join('');
}

/** Drops nulls and empty maps/lists so equivalent templates hash alike (as Go zero values do). */
function normalize(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(normalize).filter(v => v !== undefined);
    return items.length ? items : undefined;
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const n = normalize(v);
      if (n !== undefined) out[k] = n;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return value === null ? undefined : value;
}

/** Hash of a pod template, ignoring the given hash label (as upstream does). */
export function computePodTemplateHash(
  template: unknown,
  collisionCount?: number,
  hashLabel = 'rollouts-pod-template-hash',
): string {
  const copy = JSON.parse(JSON.stringify(template ?? {}));
  if (copy?.metadata?.labels) delete copy.metadata.labels[hashLabel];
  if (copy?.metadata) delete copy.metadata.creationTimestamp;
  let text = stableStringify(normalize(copy) ?? {});
  if (collisionCount) text += `#${collisionCount}`;
  return safeEncodeString(String(fnv32a(text)));
}

/** conditions.ComputeStepHash: hash of the canary steps, '' for blue/green. */
export function computeStepHash(rollout: any): string {
  const canary = rollout?.spec?.strategy?.canary;
  if (!canary || rollout?.spec?.strategy?.blueGreen) return '';
  return safeEncodeString(String(fnv32a(JSON.stringify(canary.steps ?? null))));
}
