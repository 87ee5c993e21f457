import { spawn } from 'node:child_process';
import YAML from 'yaml';
import { KubeObject, isPlainObject } from '../k8s/types';

/**
 * Renders a kustomization with `kubectl kustomize`, the kustomize built into
 * kubectl, so overlays render exactly as `kubectl apply -k` in the
 * golden-path workflow renders them (patches, images, labels, namespace,
 * name prefixes, generators) rather than as an approximation.
 */
export function renderKustomization(
  dir: string,
  kubectl: string,
): Promise<KubeObject[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(kubectl, ['kustomize', dir], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', chunk => out.push(chunk));
    child.stderr.on('data', chunk => err.push(chunk));
    child.on('error', error =>
      reject(
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? new Error(
              `${kubectl} not found: the pipeline renders overlays with "kubectl kustomize"; install kubectl or pass its path`,
            )
          : error,
      ),
    );
    child.on('close', code => {
      if (code !== 0) {
        reject(
          new Error(
            `kubectl kustomize ${dir} failed: ${Buffer.concat(err)
              .toString('utf8')
              .trim()}`,
          ),
        );
        return;
      }
      try {
        const docs = YAML.parseAllDocuments(
          Buffer.concat(out).toString('utf8'),
        );
        resolve(
          docs
            .map(d => d.toJS())
            .filter(
              (o): o is KubeObject =>
                isPlainObject(o) && typeof o.kind === 'string',
            ),
        );
      } catch (e) {
        reject(e);
      }
    });
  });
}
