import { ConflictError, NotFoundError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import { KubernetesClusterClient } from '../clusters/KubernetesClusterClient';
import { Rollout } from './kubernetesTypes';
import { ActionPlan } from './RolloutActionPlanner';

const partlyApplied = new WeakSet<Error>();

/**
 * Whether the error came after the status half of an action had been
 * applied: the Rollout did change, so the attempt belongs in the history.
 */
export function wasPartlyApplied(error: Error): boolean {
  return partlyApplied.has(error);
}

/**
 * A merge patch that only applies to the version of the object that was read:
 * the API server rejects it with 409 when `metadata.resourceVersion` no longer
 * matches.
 */
function guarded(patch: JsonObject, resourceVersion?: string): JsonObject {
  return { ...patch, metadata: { resourceVersion: resourceVersion ?? null } };
}

/**
 * Applies an action's patches to a Rollout the way `kubectl argo rollouts`
 * does, each one guarded by the resourceVersion just read, so that of two
 * people acting on the same state only one gets through.
 */
export class RolloutDriver {
  readonly #client: KubernetesClusterClient;

  constructor(client: KubernetesClusterClient) {
    this.#client = client;
  }

  async apply(rollout: Rollout, plan: ActionPlan): Promise<Rollout> {
    const namespace = rollout.metadata.namespace ?? 'default';
    const name = rollout.metadata.name ?? '';
    const patch = plan.patch;

    if (patch.type === 'template') {
      return this.#client.jsonPatchRollout(namespace, name, [
        {
          op: 'test',
          path: '/metadata/resourceVersion',
          value: rollout.metadata.resourceVersion,
        },
        { op: 'replace', path: '/spec/template', value: patch.template },
      ]);
    }

    let current = rollout;
    let specPatch = patch.spec;
    if (patch.status) {
      try {
        current = await this.#client.mergePatchRollout(
          namespace,
          name,
          guarded(patch.status, current.metadata.resourceVersion),
          { subresource: 'status' },
        );
      } catch (error) {
        // Like the CLI: without a status subresource, status is part of the
        // object, so everything goes in one patch to the Rollout.
        if (!(error instanceof NotFoundError)) {
          throw error;
        }
        specPatch = patch.unified;
      }
    }
    if (specPatch) {
      try {
        current = await this.#client.mergePatchRollout(
          namespace,
          name,
          guarded(specPatch, current.metadata.resourceVersion),
        );
      } catch (error) {
        if (current === rollout) {
          throw error;
        }
        const partial =
          error instanceof ConflictError
            ? new ConflictError(
                `${error.message}. The status part of '${plan.action}' was applied but 'spec.paused' is still set; reload and promote again to unpause`,
              )
            : (error as Error);
        partlyApplied.add(partial);
        throw partial;
      }
    }
    return current;
  }
}
