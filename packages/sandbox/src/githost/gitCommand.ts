import { spawn } from 'node:child_process';

/** A `git` invocation that exited non-zero. */
export class GitCommandError extends Error {
  constructor(
    readonly args: string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`git ${args.join(' ')} failed (${exitCode}): ${stderr.trim()}`);
    this.name = 'GitCommandError';
  }
}

/**
 * The environment every git process of the sandbox runs with: no prompts,
 * and neither the machine's nor the user's git config, so a developer's
 * `init.defaultBranch`, hooks or credential helpers cannot change what the
 * git host stores.
 */
export function gitEnvironment(
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: 'C',
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    ...extra,
  };
}

export interface GitRunOptions {
  /** Bare repository to run in (`--git-dir`). */
  gitDir?: string;
  cwd?: string;
  input?: Buffer | string;
  env?: Record<string, string>;
}

/** Runs git to completion and returns its stdout. */
export function runGit(
  args: string[],
  options: GitRunOptions = {},
): Promise<Buffer> {
  const fullArgs = options.gitDir
    ? [`--git-dir=${options.gitDir}`, ...args]
    : args;
  return new Promise((resolve, reject) => {
    const child = spawn('git', fullArgs, {
      cwd: options.cwd,
      env: gitEnvironment(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', chunk => out.push(chunk));
    child.stderr.on('data', chunk => err.push(chunk));
    child.on('error', reject);
    child.on('close', code => {
      if (code === 0) resolve(Buffer.concat(out));
      else
        reject(
          new GitCommandError(args, code, Buffer.concat(err).toString('utf8')),
        );
    });
    child.stdin.on('error', () => {}); // git may exit before reading all input
    child.stdin.end(options.input);
  });
}

/** Like runGit, with stdout as trimmed text. */
export async function gitText(
  args: string[],
  options: GitRunOptions = {},
): Promise<string> {
  return (await runGit(args, options)).toString('utf8').trim();
}
