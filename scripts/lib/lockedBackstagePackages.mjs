// Reads which versions of each @backstage/* package yarn.lock resolves to.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** @returns {Map<string, Set<string>>} package name -> resolved versions */
export function readLockedBackstagePackages(root) {
  const lock = readFileSync(resolve(root, 'yarn.lock'), 'utf8');
  const resolved = new Map();
  for (const [, name, version] of lock.matchAll(
    /^"(@backstage\/[a-z0-9-]+)@[^\n]*\n {2}version: (\S+)/gm,
  )) {
    if (!resolved.has(name)) resolved.set(name, new Set());
    resolved.get(name).add(version);
  }
  return resolved;
}
