import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { PipelineRun } from './cicdModel';

/**
 * What a provider answers for one entity.
 *
 * @public
 */
export interface CicdProviderRuns {
  runs: PipelineRun[];
}

/**
 * A source of pipeline runs that the delivery backend pulls on request, such
 * as GitHub Actions. Pushed sources (CDEvents) are stored by the backend
 * itself and need no provider.
 *
 * @public
 */
export interface CicdProvider {
  /** Stable id, stored with each run, such as `github-actions`. */
  readonly id: string;

  /** Whether the entity carries what this provider needs to find its runs. */
  supportsEntity(entity: Entity): boolean;

  /**
   * The latest runs of the entity, newest first, with their stages.
   * Throws `CicdProviderUnavailableError` when the provider cannot answer
   * now (rate limit, outage), so the backend can show the last data as
   * stale; `NotFoundError` when the entity's project does not exist there.
   */
  listRuns(
    entity: Entity,
    options: { limit: number },
  ): Promise<CicdProviderRuns>;

  /**
   * Starts a failed run again. The backend has already authorized the
   * caller on the entity; providers that cannot re-run leave this out.
   */
  rerunFailed?(
    entity: Entity,
    runId: string,
    options: { credentials: BackstageCredentials },
  ): Promise<void>;
}

/**
 * Thrown by a provider that cannot answer now; `retryAt` tells when it may.
 *
 * @public
 */
export class CicdProviderUnavailableError extends Error {
  readonly retryAt?: Date;

  constructor(message: string, options?: { retryAt?: Date; cause?: unknown }) {
    super(message, { cause: options?.cause });
    this.name = 'CicdProviderUnavailableError';
    this.retryAt = options?.retryAt;
  }
}
