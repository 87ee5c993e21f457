import fs from 'node:fs/promises';
import path from 'node:path';
import { TEMPLATES_DIR } from './__testUtils__/scaffolderTestBackend';

// Yarn leaves these out of every package it packs, and so out of a production
// build of the backend: skeletons name them through a template expression,
// such as ${{'.github'}}, which fetch:template renders back.
const NEVER_PACKED = new Set([
  '.github',
  '.gitignore',
  '.npmignore',
  '.git',
  'node_modules',
]);

async function allPaths(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async entry => {
      const child = path.join(dir, entry.name);
      return entry.isDirectory()
        ? [child, ...(await allPaths(child))]
        : [child];
    }),
  );
  return nested.flat();
}

describe('bundled templates', () => {
  it('contain no file that packing the package would drop', async () => {
    const dropped = (await allPaths(TEMPLATES_DIR)).filter(p =>
      NEVER_PACKED.has(path.basename(p)),
    );
    expect(dropped).toEqual([]);
  });
});
