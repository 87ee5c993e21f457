import fs from 'node:fs/promises';
import path from 'node:path';
import { renderGeneratedFiles, repoRoot } from '../../scripts/generate';

jest.setTimeout(60_000);

describe('files generated from openapi.yaml', () => {
  it('are what `yarn workspace @internal/plugin-delivery-backend generate` writes today', async () => {
    const expected = await renderGeneratedFiles();
    expect(Object.keys(expected).length).toBeGreaterThan(0);
    for (const [file, content] of Object.entries(expected)) {
      const committed = await fs
        .readFile(path.join(repoRoot, file), 'utf8')
        .catch(() => '(missing)');
      // A plain equality would print two 500-line files; naming the file
      // says what to do.
      if (committed !== content) {
        throw new Error(
          `${file} is out of date with src/schema/openapi.yaml: run ` +
            '`yarn workspace @internal/plugin-delivery-backend generate` and commit the result',
        );
      }
    }
  });
});
