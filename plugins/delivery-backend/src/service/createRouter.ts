import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import { createOpenApiRouter } from '../schema/openapi';
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
  status: RolloutStatusService;
  actions: RolloutActionService;
  releases: ReleasesInFlightService;
  history: ReleaseHistoryService;
}): Promise<express.Router> {
  const { httpAuth, status, actions, releases, history } = options;
  const router = await createOpenApiRouter();

  router.get('/entities/:kind/:namespace/:name/rollouts', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(await status.getEntityRollouts(req.params, credentials));
  });

  router.post(
    '/entities/:kind/:namespace/:name/rollouts/:cluster/:rolloutNamespace/:rolloutName/actions',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const { kind, namespace, name, cluster, rolloutNamespace, rolloutName } =
        req.params;
      const result = await actions.act({
        entity: { kind, namespace, name },
        cluster,
        namespace: rolloutNamespace,
        rollout: rolloutName,
        body: req.body,
        idempotencyKey: req.header('Idempotency-Key'),
        credentials,
        request: req,
      });
      res.status(result.status).json(result.body);
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

  return router;
}
