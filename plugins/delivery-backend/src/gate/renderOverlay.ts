import { spawn } from 'node:child_process';
import YAML from 'yaml';

export type RenderedObject = Record<string, any> & {
  kind: string;
  metadata?: { name?: string; namespace?: string };
};

const RENDER_TIMEOUT_MS = 30_000;

/**
 * Renders a kustomization with real kustomize — `kubectl kustomize <dir>`,
 * or `kustomize build <dir>` when the command is kustomize itself — so the
 * gate compares exactly what CD applies, not an approximation of it.
 */
export function renderOverlay(
  command: string,
  dir: string,
): Promise<RenderedObject[]> {
  const isKustomize = /(^|\/)kustomize$/.test(command);
  const args = isKustomize ? ['build', dir] : ['kustomize', dir];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: RENDER_TIMEOUT_MS,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', chunk => out.push(chunk));
    child.stderr.on('data', chunk => err.push(chunk));
    child.on('error', error =>
      reject(
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? new Error(
              `'${command}' is not installed; the gate renders overlays with real kustomize (delivery.gate.kustomizeCommand)`,
            )
          : error,
      ),
    );
    child.on('close', code => {
      if (code !== 0) {
        reject(
          new Error(
            `${command} ${args.join(' ')} failed: ${Buffer.concat(err)
              .toString('utf8')
              .trim()}`,
          ),
        );
        return;
      }
      try {
        resolve(
          YAML.parseAllDocuments(Buffer.concat(out).toString('utf8'))
            .map(doc => doc.toJS())
            .filter(
              (o): o is RenderedObject =>
                Boolean(o) &&
                typeof o === 'object' &&
                typeof o.kind === 'string',
            ),
        );
      } catch (error) {
        reject(error);
      }
    });
  });
}
