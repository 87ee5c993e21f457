import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Tried in this order when nothing is configured. */
const DEFAULT_COMMANDS = ['kustomize build', 'kubectl kustomize'];

const INSTALL_HINT =
  'Install kubectl (which contains kustomize: `source scripts/system-deps.sh && ensure_kubectl` in this repository, ' +
  'or the Kubernetes release binaries / your OS package manager) or the kustomize binary, and put it on PATH';

/** The part of Backstage's config reader this package needs. */
export interface KustomizeConfig {
  getOptionalString(key: string): string | undefined;
}

/**
 * kustomize cannot be run: not installed, or the configured command is missing.
 *
 * @public
 */
export class KustomizeNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KustomizeNotFoundError';
  }
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return false;
    await fs.access(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The absolute path of an executable: as given if it has a slash, else found on PATH. */
async function locate(executable: string): Promise<string | undefined> {
  if (executable.includes('/')) {
    const file = path.resolve(executable);
    return (await isExecutable(file)) ? file : undefined;
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, executable);
    if (await isExecutable(file)) return file;
  }
  return undefined;
}

/**
 * The command kustomizations are rendered with: real kustomize, either the
 * `kustomize` binary (`kustomize build <dir>`) or the copy built into kubectl
 * (`kubectl kustomize <dir>`). There is no renderer of our own, so what is
 * rendered is what `kubectl apply -k` would send.
 *
 * @public
 */
export class KustomizeCommand {
  #resolved?: Promise<{ executable: string; args: string[] }>;

  private constructor(
    private readonly configured: string | undefined,
    /** Where the command came from, named in errors (a config key). */
    private readonly source: string | undefined,
  ) {}

  /**
   * Reads the command from a config key. When it is set, the command must
   * exist now: a missing one fails the backend's start-up with an error
   * naming the key. Unset, `kustomize build` or `kubectl kustomize` on PATH
   * is used when rendering.
   */
  static async fromConfig(
    config: KustomizeConfig,
    key: string,
  ): Promise<KustomizeCommand> {
    const command = KustomizeCommand.fromSetting(
      config.getOptionalString(key),
      key,
    );
    if (command.configured) {
      await command.resolve();
    }
    return command;
  }

  /**
   * The command a setting names, without checking it now: errors name the
   * key. Unset or empty, `kustomize build` or `kubectl kustomize` on PATH.
   */
  static fromSetting(value: string | undefined, key: string): KustomizeCommand {
    return new KustomizeCommand(value?.trim() || undefined, key);
  }

  /** A given command line, e.g. `kubectl kustomize` or `/usr/bin/kustomize build`. */
  static of(command: string): KustomizeCommand {
    return new KustomizeCommand(command.trim(), undefined);
  }

  /** Uses `kustomize build`, else `kubectl kustomize`, whichever is on PATH first. */
  static fromPath(): KustomizeCommand {
    return new KustomizeCommand(undefined, undefined);
  }

  /** The executable and leading arguments; the directory goes after them. */
  resolve(): Promise<{ executable: string; args: string[] }> {
    this.#resolved ??= this.find();
    // A failed look-up is repeated next time: kustomize may be installed meanwhile.
    this.#resolved.catch(() => {
      this.#resolved = undefined;
    });
    return this.#resolved;
  }

  private async find(): Promise<{ executable: string; args: string[] }> {
    const setting = this.source
      ? `, or set ${this.source} (for example "kubectl kustomize" or "/usr/local/bin/kustomize build")`
      : '';
    if (this.configured) {
      const [name, ...args] = this.configured.split(/\s+/);
      const executable = await locate(name);
      if (!executable) {
        throw new KustomizeNotFoundError(
          `${this.source ?? 'The kustomize command'} is "${
            this.configured
          }", but "${name}" is not an executable file${
            name.includes('/') ? '' : ' on PATH'
          }. ${INSTALL_HINT}${setting}`,
        );
      }
      if (args.length === 0) {
        // A bare executable: `kubectl` takes `kustomize`, kustomize takes `build`.
        args.push(
          path.basename(name).startsWith('kubectl') ? 'kustomize' : 'build',
        );
      }
      return { executable, args };
    }
    for (const candidate of DEFAULT_COMMANDS) {
      const [name, ...args] = candidate.split(' ');
      const executable = await locate(name);
      if (executable) return { executable, args };
    }
    throw new KustomizeNotFoundError(
      `Kustomizations are rendered with real kustomize, but neither "kustomize" nor "kubectl" is on PATH. ${INSTALL_HINT}${setting}`,
    );
  }
}
