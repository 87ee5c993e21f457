import {
  KUBECTL,
  KustomizeBuildError,
  KustomizeCommand,
  kustomizeBuild,
} from '@internal/kustomize';

/** What `kubectl kustomize <dir>` renders, or its error output. */
export async function kubectlKustomize(
  dir: string,
): Promise<{ objects: any[] } | { error: string }> {
  try {
    return {
      objects: await kustomizeBuild(
        KustomizeCommand.of(`${KUBECTL} kustomize`),
        dir,
      ),
    };
  } catch (e) {
    if (e instanceof KustomizeBuildError) return { error: e.message };
    throw e;
  }
}
