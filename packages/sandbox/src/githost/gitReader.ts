import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import { GitCommandError, gitEnvironment, gitText, runGit } from './gitCommand';

export const ZERO_SHA = '0000000000000000000000000000000000000000';

export interface TreeEntry {
  name: string;
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'submodule';
  /** Blob, tree or commit id. */
  sha: string;
  size: number;
}

export interface CommitInfo {
  sha: string;
  tree: string;
  parents: string[];
  author: { name: string; email: string; date: string };
  committer: { name: string; email: string; date: string };
  message: string;
}

/**
 * Refs accepted in URLs and `ref` parameters. Excludes what git would read
 * as an option or a revision expression, so no user input reaches git's
 * argument parser.
 */
export function isSafeRef(ref: string): boolean {
  return (
    /^[\w][\w./-]*$/.test(ref) && !ref.includes('..') && !ref.endsWith('.lock')
  );
}

/** Repository paths as Gitea accepts them: relative, no `..` segments. */
export function cleanPath(p: string): string | undefined {
  const segments = p.split('/').filter(s => s && s !== '.');
  if (segments.some(s => s === '..' || s.startsWith('-'))) return undefined;
  return segments.join('/');
}

const MODES: Record<string, TreeEntry['type']> = {
  '040000': 'dir',
  '120000': 'symlink',
  '160000': 'submodule',
};

/** Reads commits, trees and blobs out of a bare repository with the git CLI. */
export class GitReader {
  constructor(readonly gitDir: string) {}

  /** The commit a branch, tag or (abbreviated) commit id names, if any. */
  async resolveCommit(ref: string): Promise<string | undefined> {
    if (!isSafeRef(ref)) return undefined;
    const candidates = [`refs/heads/${ref}`, `refs/tags/${ref}`];
    if (/^[0-9a-f]{4,40}$/i.test(ref)) candidates.push(ref);
    for (const candidate of candidates) {
      try {
        return await gitText(
          ['rev-parse', '--verify', '--quiet', `${candidate}^{commit}`],
          { gitDir: this.gitDir },
        );
      } catch (e) {
        if (!(e instanceof GitCommandError)) throw e;
      }
    }
    return undefined;
  }

  /** Every branch and tag with the commit it points to. */
  async refs(): Promise<Map<string, string>> {
    const text = await gitText(
      [
        'for-each-ref',
        '--format=%(refname) %(objectname)',
        'refs/heads',
        'refs/tags',
      ],
      { gitDir: this.gitDir },
    );
    return new Map(
      text
        .split('\n')
        .filter(Boolean)
        .map(line => line.split(' ') as [string, string]),
    );
  }

  async branches(): Promise<Array<{ name: string; sha: string }>> {
    return [...(await this.refs())]
      .filter(([ref]) => ref.startsWith('refs/heads/'))
      .map(([ref, sha]) => ({ name: ref.slice('refs/heads/'.length), sha }));
  }

  async setHead(branch: string): Promise<void> {
    await runGit(['symbolic-ref', 'HEAD', `refs/heads/${branch}`], {
      gitDir: this.gitDir,
    });
  }

  /** The entry at `path` in a commit (the root tree for ''). */
  async entry(commit: string, path: string): Promise<TreeEntry | undefined> {
    if (!path) {
      const tree = await gitText(['rev-parse', `${commit}^{tree}`], {
        gitDir: this.gitDir,
      });
      return { name: '', path: '', type: 'dir', sha: tree, size: 0 };
    }
    const [entry] = await this.lsTree(commit, [path]);
    return entry?.path === path ? entry : undefined;
  }

  /** The entries of a directory, directories first as Gitea sorts them. */
  async list(commit: string, dir: string): Promise<TreeEntry[]> {
    const entries = await this.lsTree(commit, dir ? [`${dir}/`] : []);
    const rank = (e: TreeEntry) => (e.type === 'dir' ? 0 : 1);
    return entries.sort(
      (a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name),
    );
  }

  private async lsTree(commit: string, paths: string[]): Promise<TreeEntry[]> {
    const out = await gitText(
      ['ls-tree', '-l', '-z', '--full-tree', commit, '--', ...paths],
      { gitDir: this.gitDir },
    );
    return out
      .split('\0')
      .filter(Boolean)
      .map(line => {
        const [meta, entryPath] = line.split('\t');
        const [mode, , sha, size] = meta.split(/\s+/);
        return {
          name: entryPath.split('/').pop()!,
          path: entryPath,
          type: MODES[mode] ?? 'file',
          sha,
          size: size === '-' ? 0 : Number(size),
        };
      });
  }

  async blob(sha: string): Promise<Buffer> {
    return runGit(['cat-file', 'blob', sha], { gitDir: this.gitDir });
  }

  async commit(sha: string): Promise<CommitInfo> {
    const raw = (
      await runGit(['cat-file', 'commit', sha], { gitDir: this.gitDir })
    ).toString('utf8');
    const split = raw.indexOf('\n\n');
    const headers = raw.slice(0, split).split('\n');
    const person = (line = '') => {
      const m = /^\w+ (.*) <(.*)> (\d+) ([+-]\d{4})$/.exec(line);
      if (!m) return { name: '', email: '', date: '' };
      const offset = m[4];
      const minutes =
        (offset[0] === '-' ? -1 : 1) *
        (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(3)));
      const local = new Date((Number(m[3]) + minutes * 60) * 1000)
        .toISOString()
        .replace(/\.\d+Z$/, '');
      return {
        name: m[1],
        email: m[2],
        date: `${local}${offset.slice(0, 3)}:${offset.slice(3)}`,
      };
    };
    return {
      sha,
      tree: headers.find(h => h.startsWith('tree '))!.slice(5),
      parents: headers
        .filter(h => h.startsWith('parent '))
        .map(h => h.slice(7)),
      author: person(headers.find(h => h.startsWith('author '))),
      committer: person(headers.find(h => h.startsWith('committer '))),
      message: raw.slice(split + 2),
    };
  }

  /** The last commit at or before `commit` that touched `path`. */
  async lastCommitFor(commit: string, path: string): Promise<string> {
    const args = ['log', '-1', '--format=%H', commit];
    return gitText(path ? [...args, '--', path] : args, {
      gitDir: this.gitDir,
    });
  }

  /** `git archive` of a commit, each path under `prefix/` as Gitea's archives are. */
  archive(commit: string, format: 'tar.gz' | 'zip', prefix: string): Readable {
    const child = spawn(
      'git',
      [
        `--git-dir=${this.gitDir}`,
        'archive',
        `--format=${format === 'zip' ? 'zip' : 'tar.gz'}`,
        `--prefix=${prefix}/`,
        commit,
      ],
      { env: gitEnvironment(), stdio: ['ignore', 'pipe', 'ignore'] },
    );
    return child.stdout;
  }
}
