import { apply, generate } from 'json-merge-patch';
import { clone } from '../types';

/** JSON merge patch, RFC 7386 (json-merge-patch): objects merge recursively, `null` deletes, anything else replaces. */
export function applyMergePatch(target: unknown, patch: unknown): any {
  // json-merge-patch changes its target in place; stored objects are never mutated.
  return apply(clone(target), clone(patch));
}

/** The merge patch that turns `from` into `to` (used for status diffs); `{}` when they are equal. */
export function createMergePatch(from: unknown, to: unknown): any {
  return generate(clone(from), clone(to)) ?? {};
}
