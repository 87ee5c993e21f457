import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import express from 'express';
import { createOpenApiRouter } from '../schema/openapi';
import { apiSurface } from './apiSurface';
import {
  callerKey,
  EntityRolloutsResponseCache,
} from './EntityRolloutsResponseCache';
import { ReleaseHistoryService } from './ReleaseHistoryService';
import { ReleasesInFlightService } from './ReleasesInFlightService';
import { RolloutActionService } from './RolloutActionService';
import { RolloutStatusService } from './RolloutStatusService';

const DEFAULT_HISTORY_LIMIT = 20;

/**
 * The delivery HTTP API. The generated router validates every request
 * against src/schema/openapi.yaml before a handler sees it.
 */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  status: RolloutStatusService;
  actions: RolloutActionService;
  releases: ReleasesInFlightService;
  history: ReleaseHistoryService;
  /** Reuses the rollouts answer per caller until something changes. */
  entityRollouts: EntityRolloutsResponseCache;
}): Promise<express.Router> {
  const { httpAuth, auditor, status, actions, releases, history } = options;
  const router = await createOpenApiRouter();

  router.get('/entities/:kind/:namespace/:name/rollouts', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(
      await options.entityRollouts.get(callerKey(credentials), req.params, () =>
        status.getEntityRollouts(req.params, credentials),
      ),
    );
  });

  router.post(
    '/entities/:kind/:namespace/:name/rollouts/:cluster/:rolloutNamespace/:rolloutName/actions',
    async (req, res) => {
      const receivedAt = new Date();
      const { kind, namespace, name, cluster, rolloutNamespace, rolloutName } =
        req.params;
      const entity = { kind, namespace, name };
      const idempotencyKey = req.header('Idempotency-Key');
      const auditorEvent = await auditor.createEvent({
        eventId: 'rollout-action',
        severityLevel: 'medium',
        request: req,
        meta: {
          entityRef: stringifyEntityRef(entity),
          cluster,
          namespace: rolloutNamespace,
          rollout: rolloutName,
          action: req.body.action,
          revision: req.body.revision,
          reason: req.body.reason,
          idempotencyKey,
        },
      });
      try {
        const credentials = await httpAuth.credentials(req, {
          allow: ['user'],
        });
        const result = await actions.act({
          entity,
          cluster,
          namespace: rolloutNamespace,
          rollout: rolloutName,
          body: req.body,
          idempotencyKey,
          credentials,
          receivedAt,
        });
        const { record } = result;
        await auditorEvent.success({
          meta: result.replayed
            ? { recordId: record.id, outcome: record.outcome, replayed: true }
            : {
                recordId: record.id,
                outcome: record.outcome,
                revisionBefore: record.revisionBefore,
                revisionAfter: record.revisionAfter,
              },
        });
        if (result.replayed) {
          res.status(200).json({ record });
        } else {
          res.status(201).json({ record, rollout: result.rollout });
        }
      } catch (error) {
        await auditorEvent.fail({ error: error as Error });
        throw error;
      }
    },
  );

  router.get('/history', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { limit, ...filters } = req.query;
    res.json(
      await history.list(
        {
          ...filters,
          limit: limit === undefined ? DEFAULT_HISTORY_LIMIT : Number(limit),
        },
        credentials,
      ),
    );
  });

  router.get('/releases', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(await releases.list(req.query, credentials));
  });

  const surface = apiSurface();
  const outer = express.Router();
  outer.use(surface.before);
  outer.use(router);
  outer.use(surface.after);
  return outer;
}
