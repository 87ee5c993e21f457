import fs from 'node:fs/promises';
import path from 'node:path';

const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules', '.terraform']);

/** Lists the files under `root`, relative to it with `/` separators, in a stable order. */
export async function listWorkspaceFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  async function walk(dir: string) {
    const entries = await fs.readdir(path.join(root, dir), {
      withFileTypes: true,
    });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const relative = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) {
          await walk(relative);
        }
      } else if (entry.isFile()) {
        files.push(relative);
      }
    }
  }
  await walk('');
  return files;
}
