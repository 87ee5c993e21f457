import fs from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { IacProblem } from '../IacProblem';
import { KustomizeCommand } from '@internal/kustomize';
import {
  KustomizeError,
  RenderedResource,
  kustomizeBuild,
} from '../kustomize/kustomizeBuild';
import {
  KUSTOMIZATION_FILE_NAMES,
  readKustomizationFile,
} from '../kustomize/kustomizationFiles';
import { validateKubernetesObject } from './validateKubernetesObject';

/** The label the Backstage Kubernetes plugin finds a component's workloads by. */
export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';

/** What the Kubernetes check looked at. */
export interface KubernetesCheckSummary {
  kustomizations: number;
  objects: number;
}

function isManifestFile(file: string, manifestDirs: string[]) {
  return (
    /\.ya?ml$/.test(file) &&
    manifestDirs.some(dir => file.startsWith(`${dir}/`)) &&
    !KUSTOMIZATION_FILE_NAMES.includes(path.posix.basename(file))
  );
}

function labelProblems(
  resource: RenderedResource,
  kubernetesId: string,
  renderedBy: string | undefined,
): IacProblem[] {
  const problems: IacProblem[] = [];
  const check = (labels: Record<string, unknown> | undefined, at: string) => {
    if (labels?.[KUBERNETES_ID_LABEL] !== kubernetesId) {
      problems.push({
        check: 'kubernetes',
        file: resource.file,
        path: `${at}["${KUBERNETES_ID_LABEL}"]`,
        message: `must be "${kubernetesId}", the component's backstage.io/kubernetes-id annotation, so the portal finds the ${resource.object.kind}`,
        renderedBy,
      });
    }
  };
  check(resource.object.metadata?.labels, 'metadata.labels');
  if (
    resource.object.spec?.template?.metadata !== undefined ||
    resource.object.spec?.template?.spec
  ) {
    check(
      resource.object.spec.template.metadata?.labels,
      'spec.template.metadata.labels',
    );
  }
  return problems;
}

/**
 * Renders every kustomization under the manifest directories with real
 * kustomize and validates every object it renders against its schema;
 * manifests that no kustomization uses are validated as they are (patch files
 * a kustomization names are fragments and are not). Components are rendered
 * only through the kustomizations that use them. When the component declares
 * a `backstage.io/kubernetes-id`, every object, and every pod template, must
 * carry it as a label.
 */
export async function checkKubernetesManifests(options: {
  root: string;
  files: string[];
  manifestDirs: string[];
  kubernetesId?: string;
  kustomize: KustomizeCommand;
}): Promise<{ problems: IacProblem[]; summary: KubernetesCheckSummary }> {
  const { root, files, manifestDirs, kubernetesId } = options;
  const problems: IacProblem[] = [];
  const summary: KubernetesCheckSummary = { kustomizations: 0, objects: 0 };
  const usedFiles = new Set<string>();

  const kustomizations = await Promise.all(
    files
      .filter(file =>
        KUSTOMIZATION_FILE_NAMES.includes(path.posix.basename(file)),
      )
      .filter(file => manifestDirs.some(dir => file.startsWith(`${dir}/`)))
      .map(file => readKustomizationFile(root, file)),
  );
  kustomizations.forEach(k => k.patchFiles.forEach(f => usedFiles.add(f)));

  const validate = (resources: RenderedResource[], renderedBy?: string) => {
    for (const resource of resources) {
      summary.objects += 1;
      for (const violation of validateKubernetesObject(resource.object)) {
        problems.push({
          check: 'kubernetes',
          file: resource.file,
          ...violation,
          renderedBy,
        });
      }
      if (kubernetesId) {
        problems.push(...labelProblems(resource, kubernetesId, renderedBy));
      }
    }
  };

  for (const { dir, file } of kustomizations.filter(k => !k.component)) {
    summary.kustomizations += 1;
    try {
      const resources = await kustomizeBuild(
        options.kustomize,
        root,
        dir,
        file,
      );
      resources.forEach(resource => usedFiles.add(resource.file));
      validate(resources, dir);
    } catch (error) {
      if (error instanceof KustomizeError) {
        problems.push({
          check: 'kustomize',
          file: error.file,
          path: error.path,
          message: error.message,
        });
      } else {
        throw error;
      }
    }
  }

  for (const file of files.filter(f => isManifestFile(f, manifestDirs))) {
    if (usedFiles.has(file)) {
      continue;
    }
    const documents = parseAllDocuments(
      await fs.readFile(path.join(root, file), 'utf8'),
    );
    const list = Array.isArray(documents) ? documents : [documents];
    const resources: RenderedResource[] = [];
    list.forEach(document => {
      if (document.errors.length > 0) {
        const position = document.errors[0].linePos?.[0];
        problems.push({
          check: 'kubernetes',
          file,
          path: position ? `line ${position.line}, column ${position.col}` : '',
          message: `not valid YAML: ${
            document.errors[0].message.split('\n')[0]
          }`,
        });
        return;
      }
      const object = document.toJS();
      if (object !== null && object !== undefined) {
        resources.push({ object, file });
      }
    });
    validate(resources);
  }
  return { problems, summary };
}
