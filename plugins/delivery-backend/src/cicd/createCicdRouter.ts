import {
  AuditorService,
  AuthService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { CicdProvider } from '@internal/plugin-delivery-node';
import express from 'express';
import Router from 'express-promise-router';
import { fetchEntity } from '../entities/fetchEntity';
import { ReleaseHistoryStore } from '../history/ReleaseHistoryStore';
import { CdEventEntityIndex } from './CdEventEntityIndex';
import { CdEventIngestService } from './CdEventIngestService';
import { CicdSummaryService } from './CicdSummaryService';
import { ClusterTimeline } from './ClusterTimeline';
import { DoraService } from './DoraService';
import { RerunService } from './RerunService';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { CicdEventStore } from './store/CicdEventStore';
import { TimelineGate, TimelineService } from './TimelineService';
import { eventFromStore } from './unmatchedEvents';

/** The largest request body accepted, in bytes. */
export const MAX_BODY_BYTES = 1024 * 1024;

function intParam(
  value: unknown,
  name: string,
  fallback: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || !Number.isInteger(n) || n < 1 || n > max) {
    throw new InputError(
      `Query parameter '${name}' must be a whole number from 1 to ${max}`,
    );
  }
  return n;
}

/**
 * The CI/CD part of the delivery API: CDEvents in (`POST /cdevents`), and
 * per entity its summary, timeline and DORA figures, unmatched events and
 * re-running a failed run.
 *
 * CDEvents are received here rather than through the events backend's HTTP
 * ingress; the README says why.
 */
export async function createCicdRouter(options: {
  config: RootConfigService;
  logger: LoggerService;
  auth: AuthService;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  permissions: PermissionsService;
  catalog: CatalogService;
  store: CicdEventStore;
  history: ReleaseHistoryStore;
  providers: CicdProvider[];
  /** The clusters whose rollout events join the timeline. */
  clusters?: ClusterRegistry;
  /** The release manager's gate, whose decisions join the timeline. */
  gate?: TimelineGate;
}): Promise<express.Router> {
  const { httpAuth, catalog, store, logger } = options;
  const entities = new CdEventEntityIndex({ ...options });
  const ingest = new CdEventIngestService({ ...options, entities });
  const summary = new CicdSummaryService({ ...options });
  const timeline = new TimelineService({
    ...options,
    cluster:
      options.clusters &&
      new ClusterTimeline({ ...options, clusters: options.clusters }),
  });
  const dora = new DoraService({
    knex: store.knex,
    productionEnvironments: options.config.getOptionalStringArray(
      'delivery.cicd.productionEnvironments',
    ) ?? ['production'],
  });
  const rerun = new RerunService({ ...options, summary });
  const router = Router();

  const rawBody = express.raw({ type: () => true, limit: MAX_BODY_BYTES });
  router.post(
    '/cdevents',
    (req, res, next) =>
      rawBody(req, res, error => {
        if ((error as { type?: string })?.type === 'entity.too.large') {
          next(
            new InputError(
              `The body is larger than ${MAX_BODY_BYTES} bytes; send fewer events per request`,
            ),
          );
          return;
        }
        next(error);
      }),
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['service'],
      });
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (body.length === 0) {
        throw new InputError('The body is empty; send a CloudEvent or a batch');
      }
      res.status(200).json(await ingest.ingest(req, body, credentials));
    },
  );

  const entityPath = '/entities/:kind/:namespace/:name/cicd';
  const entityOf = async (req: express.Request) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { kind, namespace, name } = req.params;
    return {
      entity: await fetchEntity(
        catalog,
        { kind, namespace, name },
        credentials,
      ),
      credentials,
    };
  };

  router.get(entityPath, async (req, res) => {
    const { entity } = await entityOf(req);
    res.json(await summary.summarize(entity));
  });

  router.get(`${entityPath}/timeline`, async (req, res) => {
    const limit = intParam(req.query.limit, 'limit', 50, 500);
    const { entity } = await entityOf(req);
    res.json({
      items: await timeline.list(stringifyEntityRef(entity), limit, entity),
    });
  });

  router.get(`${entityPath}/dora`, async (req, res) => {
    const days = intParam(req.query.days, 'days', 30, 365);
    const { entity } = await entityOf(req);
    res.json(await dora.compare(stringifyEntityRef(entity), days));
  });

  router.post(`${entityPath}/runs/:provider/:runId/rerun`, async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { kind, namespace, name, provider, runId } = req.params;
    await rerun.rerun({
      entityRef: { kind, namespace, name },
      provider,
      runId,
      credentials,
      request: req,
    });
    res.status(202).json({ status: 'requested' });
  });

  router.get('/cicd/unmatched', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const limit = intParam(req.query.limit, 'limit', 50, 500);
    const before =
      req.query.before === undefined
        ? undefined
        : intParam(req.query.before, 'before', 0, Number.MAX_SAFE_INTEGER);
    await entities
      .refresh()
      .catch(error =>
        logger.warn(`Could not read CDEvents annotations: ${error}`),
      );
    const items = await store.listUnmatched({ limit, beforeId: before });
    res.json({
      items: items.map(eventFromStore),
      nextBefore:
        items.length === limit ? items[items.length - 1].id : undefined,
    });
  });

  return router;
}
