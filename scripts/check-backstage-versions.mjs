#!/usr/bin/env node
// Fails when any @backstage/* package in yarn.lock is not the version pinned
// for the release in backstage.json (see scripts/backstage-release-pins.mjs),
// or resolves to more than one version. Mixed releases break the backend at
// start-up in ways that are hard to trace back.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readLockedBackstagePackages } from './lib/lockedBackstagePackages.mjs';

const root = resolve(new URL('..', import.meta.url).pathname);
const release = JSON.parse(
  readFileSync(resolve(root, 'backstage.json'), 'utf8'),
).version;
const pins =
  JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')).resolutions ??
  {};
const resolved = readLockedBackstagePackages(root);

const problems = [];
for (const [name, versions] of resolved) {
  if (versions.size > 1)
    problems.push(
      `${name} resolves to several versions: ${[...versions].join(', ')}`,
    );
  if (!pins[name])
    problems.push(
      `${name} has no pin in package.json resolutions; run scripts/backstage-release-pins.mjs`,
    );
  else if (!versions.has(pins[name]))
    problems.push(
      `${name} is ${[...versions].join(', ')} but release ${release} pins ${
        pins[name]
      }`,
    );
}
if (problems.length) {
  console.error(
    `Backstage packages are not aligned to release ${release}:\n  ${problems.join(
      '\n  ',
    )}`,
  );
  process.exit(1);
}
console.log(
  `all ${resolved.size} @backstage packages belong to release ${release}`,
);
