import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { ReleaseHealthService } from './ReleaseHealthService';

/**
 * The release health API, beside the rollout API (GetReleaseHealth in
 * src/schema/openapi.yaml). A read: authorized as the caller's read of the
 * entity in the catalog, like the other rollout reads, and not audited.
 */
export async function createReleaseHealthRouter(options: {
  httpAuth: HttpAuthService;
  health: ReleaseHealthService;
}): Promise<express.Router> {
  const { httpAuth, health } = options;
  const router = Router();
  router.get(
    '/entities/:kind/:namespace/:name/rollouts/:cluster/:rolloutNamespace/:rolloutName/health',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const p = req.params;
      res.json(
        await health.health(
          {
            entity: { kind: p.kind, namespace: p.namespace, name: p.name },
            cluster: p.cluster,
            namespace: p.rolloutNamespace,
            rollout: p.rolloutName,
          },
          credentials,
        ),
      );
    },
  );
  return router;
}
