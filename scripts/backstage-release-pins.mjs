#!/usr/bin/env node
// Pins every @backstage/* package in yarn.lock to the version that belonged to
// the Backstage release named in backstage.json, by writing `resolutions` into
// the root package.json.
//
// The release manifest service is not always reachable, so the release is
// reconstructed from the npm registry: the packages that @backstage/create-app
// scaffolds for the release have known versions; the newest of their publish
// times is the release cut-off, and every other @backstage/* package resolves
// to its newest stable version published at or before that cut-off.
//
// Usage: node scripts/backstage-release-pins.mjs <create-app version for the release>
import { execSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readLockedBackstagePackages } from './lib/lockedBackstagePackages.mjs';

const root = resolve(new URL('..', import.meta.url).pathname);
const createAppVersion = process.argv[2];
if (!createAppVersion) {
  console.error('usage: backstage-release-pins.mjs <create-app version>');
  process.exit(2);
}
const registry = execSync('npm config get registry')
  .toString()
  .trim()
  .replace(/\/$/, '');

async function packument(name) {
  const res = await fetch(`${registry}/${name.replace('/', '%2f')}`);
  if (!res.ok) throw new Error(`${name}: registry answered ${res.status}`);
  return res.json();
}

const semverKey = v =>
  v
    .split('.')
    .map(n => n.padStart(6, '0'))
    .join('.');
const isStable = v => /^\d+\.\d+\.\d+$/.test(v);

async function templateVersions() {
  // create-app's templates read these versions from its bundled package.json files.
  const dir = execSync(`mktemp -d`).toString().trim();
  execSync(`npm pack --silent @backstage/create-app@${createAppVersion}`, {
    cwd: dir,
  });
  execSync(`tar -xzf *.tgz`, { cwd: dir, shell: '/bin/bash' });
  // dist/lib/versions.cjs.js maps each package name to a bundled package.json.
  const map = readFileSync(
    resolve(dir, 'package/dist/lib/versions.cjs.js'),
    'utf8',
  );
  const fileByVar = Object.fromEntries(
    [...map.matchAll(/var (\S+) = require\('\.\.\/(.+?)'\)/g)].map(m => [
      m[1],
      m[2],
    ]),
  );
  const versions = {};
  for (const [, name, v] of map.matchAll(
    /"(@backstage\/[^"]+)": (\S+)\.version/g,
  )) {
    const src = readFileSync(
      resolve(dir, 'package/dist', fileByVar[v]),
      'utf8',
    );
    versions[name] = /version = "([^"]+)"/.exec(src)[1];
  }
  const release = /version = "([^"]+)"/.exec(
    readFileSync(resolve(dir, 'package/dist/package.json.cjs.js'), 'utf8'),
  )[1];
  execSync(`rm -rf ${dir}`);
  return { release, versions };
}

async function mapLimit(items, limit, fn) {
  const out = new Array(items.length);
  let i = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (i < items.length) {
        const j = i++;
        out[j] = await fn(items[j]);
      }
    }),
  );
  return out;
}

const { release, versions: known } = await templateVersions();
const expected = JSON.parse(
  readFileSync(resolve(root, 'backstage.json'), 'utf8'),
).version;
if (release !== expected) {
  console.error(
    `create-app ${createAppVersion} belongs to release ${release}, backstage.json says ${expected}`,
  );
  process.exit(1);
}

const names = [...readLockedBackstagePackages(root).keys()];
for (const n of Object.keys(known)) if (!names.includes(n)) names.push(n);

const docs = await mapLimit(names, 8, async n => [n, await packument(n)]);
const docByName = Object.fromEntries(docs);
let cutoff = '';
for (const [n, v] of Object.entries(known)) {
  const t = docByName[n]?.time?.[v];
  if (t && t > cutoff) cutoff = t;
}
const pins = {};
for (const n of names.sort()) {
  if (known[n]) {
    pins[n] = known[n];
    continue;
  }
  const time = docByName[n].time ?? {};
  const candidates = Object.keys(docByName[n].versions ?? {})
    .filter(v => isStable(v) && time[v] && time[v] <= cutoff)
    .sort((a, b) => (semverKey(a) < semverKey(b) ? -1 : 1));
  if (!candidates.length) {
    // Only pulled in by a package version newer than the release; pinning
    // that package makes this one disappear from the lockfile.
    console.log(`skipping ${n}: not part of release ${release}`);
    continue;
  }
  pins[n] = candidates[candidates.length - 1];
}

const pkgPath = resolve(root, 'package.json');
const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
const others = Object.fromEntries(
  Object.entries(pkg.resolutions ?? {}).filter(
    ([k]) => !k.startsWith('@backstage/'),
  ),
);
pkg.resolutions = { ...others, ...pins };
writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
console.log(
  `release ${release}: cut-off ${cutoff}, pinned ${
    Object.keys(pins).length
  } @backstage packages`,
);
