import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { GateDecisionRequest, ReleaseGateService } from './ReleaseGateService';
import { WaitingReleases } from './WaitingReleases';

const ROLLOUT_PATH =
  '/entities/:kind/:namespace/:name/rollouts/:cluster/:rolloutNamespace/:rolloutName/gate';
const MAX_REASON = 2000;

/** The body of a decision, checked here as the OpenAPI schema states it. */
function decisionRequestOf(body: unknown): GateDecisionRequest {
  const b = (body ?? {}) as Record<string, unknown>;
  if (!['approve', 'refuse', 'override'].includes(b.decision as string)) {
    throw new InputError("decision must be 'approve', 'refuse' or 'override'");
  }
  if (b.reason !== undefined && typeof b.reason !== 'string') {
    throw new InputError('reason must be a string');
  }
  if (typeof b.reason === 'string' && b.reason.length > MAX_REASON) {
    throw new InputError(`reason must be at most ${MAX_REASON} characters`);
  }
  if (b.decision === 'override' && typeof b.checkId !== 'string') {
    throw new InputError('checkId names the check to override');
  }
  return b as unknown as GateDecisionRequest;
}

/**
 * The gate's HTTP API, beside the rollout API: a rollout's gate, the
 * decisions on it (audited), and the releases waiting at a gate.
 */
export async function createGateRouter(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  gate: ReleaseGateService;
  waiting: WaitingReleases;
}): Promise<express.Router> {
  const { httpAuth, auditor, gate, waiting } = options;
  const router = Router();
  router.use(express.json());

  const targetOf = (params: Record<string, string>) => ({
    entity: {
      kind: params.kind,
      namespace: params.namespace,
      name: params.name,
    },
    cluster: params.cluster,
    namespace: params.rolloutNamespace,
    rollout: params.rolloutName,
  });

  router.get(ROLLOUT_PATH, async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(await gate.state(targetOf(req.params), credentials));
  });

  router.post(`${ROLLOUT_PATH}/decisions`, async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const target = targetOf(req.params);
    const auditorEvent = await auditor.createEvent({
      eventId: 'release-gate-decision',
      severityLevel: 'medium',
      request: req,
      meta: {
        entityRef:
          `${target.entity.kind}:${target.entity.namespace}/${target.entity.name}`.toLocaleLowerCase(
            'en-US',
          ),
        cluster: target.cluster,
        namespace: target.namespace,
        rollout: target.rollout,
        decision: req.body?.decision,
        checkId: req.body?.checkId,
        reason: req.body?.reason,
      },
    });
    try {
      const request = decisionRequestOf(req.body);
      const result = await gate.decide(target, request, credentials);
      await auditorEvent.success({
        meta: {
          decisionId: result.decision.id,
          podTemplateHash: result.decision.podTemplateHash,
          images: result.decision.images,
        },
      });
      res.status(201).json({ decision: result.decision, gate: result.state });
    } catch (error) {
      await auditorEvent.fail({ error: error as Error });
      throw error;
    }
  });

  router.get('/gate/waiting', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json({ items: await waiting.list(credentials) });
  });

  return router;
}
