import {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { deliveryCicdRerunPermission } from '@internal/plugin-delivery-common';
import { Request } from 'express';
import { fetchEntity } from '../entities/fetchEntity';
import { CicdSummaryService } from './CicdSummaryService';

/**
 * Re-runs a failed pipeline run: authorized on the catalog entity with the
 * same rule as the release actions (its owners and release managers), and
 * audited whatever the outcome.
 */
export class RerunService {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      permissions: PermissionsService;
      auditor: AuditorService;
      summary: CicdSummaryService;
    },
  ) {}

  async rerun(request: {
    entityRef: CompoundEntityRef;
    provider: string;
    runId: string;
    credentials: BackstageCredentials;
    request: Request;
  }): Promise<void> {
    const { catalog, permissions, auditor, summary } = this.options;
    const entityRef = stringifyEntityRef(request.entityRef);
    const auditorEvent = await auditor.createEvent({
      eventId: 'cicd-rerun',
      severityLevel: 'medium',
      request: request.request,
      meta: { entityRef, provider: request.provider, runId: request.runId },
    });
    try {
      const entity = await fetchEntity(
        catalog,
        request.entityRef,
        request.credentials,
      );
      const [decision] = await permissions.authorize(
        [{ permission: deliveryCicdRerunPermission, resourceRef: entityRef }],
        { credentials: request.credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `You may not re-run pipelines of ${entityRef}: only its owners and release managers may`,
        );
      }
      const provider = summary.providerFor(entity, request.provider);
      if (!provider.rerunFailed) {
        throw new InputError(
          `Runs reported by '${request.provider}' cannot be re-run from the portal`,
        );
      }
      await provider.rerunFailed(entity, request.runId, {
        credentials: request.credentials,
      });
      await auditorEvent.success();
    } catch (error) {
      await auditorEvent.fail({ error: error as Error });
      throw error;
    }
  }
}
