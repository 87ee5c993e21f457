import { IncomingMessage, ServerResponse } from 'node:http';
import { Cluster, PATCH_CONTENT_TYPES } from '../k8s/cluster';
import {
  methodNotAllowed,
  pathNotFound,
  unsupportedMediaType,
} from '../k8s/errors';
import { FieldRequirement, parseFieldSelector } from '../k8s/fields';
import { Requirement, parseLabelSelector } from '../k8s/labels';
import {
  POD_METRICS,
  ResourceType,
  apiVersionOf,
  findResource,
} from '../k8s/resources';
import { KubeObject } from '../k8s/types';
import { Authorizer } from './auth';
import {
  KUBERNETES_VERSION,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
} from './discovery';
import { mediaType, sendJson, sendText } from '../util/http';
import { WriteKind, parseFieldValidation } from '../k8s/fieldValidation';
import { readRequestBody, sendError } from './http';
import { openApiV3Document, openApiV3Root } from './openapi';
import { RequestInfo, parseRequestInfo } from './requestInfo';
import { servePodMetrics } from './podMetrics';
import { listResponse } from './list';
import { deleteOptions, parseBody, parsePatch } from './requestBody';
import { applyScalePatch, objectWithScale, scaleOf } from './scale';
import { IncludeObject, toTable, wantsTable } from './table';
import { WatchHub } from './watch';

/** Kinds whose DELETE answers with the object rather than a Status (ReturnDeletedObject upstream). */
const RETURNS_DELETED_OBJECT = new Set(['pods', 'namespaces', 'services']);

/**
 * The HTTP front of one simulated cluster: authentication, discovery, and the
 * REST verbs on top of {@link Cluster}.
 */
export class ApiServer {
  /**
   * Requests received, for load measurements: what a client costs the
   * cluster. `watches` counts watch connections opened.
   */
  readonly requests = { total: 0, watches: 0 };

  constructor(
    private readonly cluster: Cluster,
    private readonly authorizer: Authorizer,
    private readonly watches: WatchHub,
    private readonly serverAddress: () => string,
    private readonly now: () => number,
  ) {}

  handle = (req: IncomingMessage, res: ServerResponse): void => {
    this.dispatch(req, res).catch(error => sendError(res, error));
  };

  private async dispatch(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const method = req.method ?? 'GET';
    const info = parseRequestInfo(method, req.url ?? '/');
    this.requests.total++;
    if (info.verb === 'watch') this.requests.watches++;
    if (['/healthz', '/livez', '/readyz'].includes(info.path)) {
      sendText(res, 200, 'ok');
      return;
    }
    const identity = this.authorizer.authenticate(req.headers.authorization);
    if (!info.isResourceRequest) {
      this.authorizer.authorize(identity, { verb: info.verb, path: info.path });
      this.serveNonResource(info, res);
      return;
    }
    const rt = info.resource
      ? findResource(info.group, info.version, info.resource)
      : undefined;
    if (!rt) {
      if (!info.resource && apiResourceList(info.group, info.version)) {
        sendJson(res, 200, apiResourceList(info.group, info.version));
        return;
      }
      throw pathNotFound();
    }
    if (info.subresource && !['status', 'scale'].includes(info.subresource)) {
      throw pathNotFound();
    }
    if (
      (info.subresource === 'status' && !rt.statusSubresource) ||
      (info.subresource === 'scale' && !rt.scaleSubresource)
    ) {
      throw pathNotFound();
    }
    const namespace = rt.namespaced ? info.namespace : undefined;
    this.authorizer.authorize(identity, {
      verb: info.verb,
      rt,
      namespace: rt.namespaced ? namespace : info.name,
      name: info.name,
      subresource: info.subresource,
      path: info.path,
    });
    if (rt.namespaced && info.name && namespace === undefined) {
      throw pathNotFound();
    }
    if (rt === POD_METRICS) {
      const labels = parseLabelSelector(
        info.query.get('labelSelector') ?? undefined,
      );
      sendJson(
        res,
        200,
        servePodMetrics(
          this.cluster,
          info.verb,
          namespace,
          info.name,
          labels,
          this.now(),
        ),
      );
      return;
    }
    const body = [
      'create',
      'update',
      'patch',
      'delete',
      'deletecollection',
    ].includes(info.verb)
      ? await readRequestBody(req)
      : '';
    this.serveResource(req, res, info, rt, namespace, body);
  }

  private serveNonResource(info: RequestInfo, res: ServerResponse): void {
    const segments = info.path.split('/').filter(s => s);
    if (info.verb !== 'get') {
      throw methodNotAllowed();
    }
    if (info.path === '/version') {
      sendJson(res, 200, KUBERNETES_VERSION);
    } else if (info.path === '/api') {
      sendJson(res, 200, apiVersions(this.serverAddress()));
    } else if (info.path === '/apis') {
      sendJson(res, 200, apiGroupList());
    } else if (
      segments[0] === 'apis' &&
      segments.length === 2 &&
      apiGroup(segments[1])
    ) {
      sendJson(res, 200, apiGroup(segments[1]));
    } else if (
      (segments[0] === 'api' || segments[0] === 'apis') &&
      apiResourceList(
        segments[0] === 'api' ? '' : segments[1],
        segments[0] === 'api' ? segments[1] : segments[2],
      )
    ) {
      sendJson(
        res,
        200,
        apiResourceList(
          segments[0] === 'api' ? '' : segments[1],
          segments[0] === 'api' ? segments[1] : segments[2],
        ),
      );
    } else if (info.path === '/openapi/v3') {
      sendJson(res, 200, openApiV3Root());
    } else if (info.path.startsWith('/openapi/v3/')) {
      const doc = openApiV3Document(info.path.slice('/openapi/v3/'.length));
      if (!doc) throw pathNotFound();
      sendJson(res, 200, doc);
    } else {
      sendText(res, 404, '404 page not found\n');
    }
  }

  private parseSelectors(
    rt: ResourceType,
    query: URLSearchParams,
  ): { labels: Requirement[]; fields: FieldRequirement[] } {
    return {
      labels: parseLabelSelector(query.get('labelSelector') ?? undefined),
      fields: parseFieldSelector(rt, query.get('fieldSelector') ?? undefined),
    };
  }

  private serveResource(
    req: IncomingMessage,
    res: ServerResponse,
    info: RequestInfo,
    rt: ResourceType,
    namespace: string | undefined,
    rawBody: string,
  ): void {
    const q = info.query;
    const ns = namespace ?? '';
    const name = info.name ?? '';
    const table = wantsTable(req.headers.accept)
      ? {
          include:
            (q.get('includeObject') as IncludeObject | null) ?? 'Metadata',
        }
      : undefined;
    const dryRun = q.getAll('dryRun').includes('All');
    const fieldManager = q.get('fieldManager') ?? undefined;
    const subresource =
      info.subresource === 'status' ? ('status' as const) : undefined;
    const warnings: string[] = [];
    const validation = (write: WriteKind) => ({
      fieldValidation: parseFieldValidation(q.get('fieldValidation'), write),
      warnings,
    });
    const respond = (code: number, obj: KubeObject) => {
      if (warnings.length) {
        // The API server's warning header format: code, agent, quoted text.
        res.setHeader(
          'Warning',
          warnings.map(w => `299 - ${JSON.stringify(w)}`),
        );
      }
      if (info.subresource === 'scale') {
        sendJson(res, code, scaleOf(rt, obj));
      } else if (table) {
        sendJson(
          res,
          code,
          toTable(rt, [obj], {
            include: table.include,
            now: this.now(),
            resourceVersion: obj.metadata.resourceVersion,
          }),
        );
      } else {
        sendJson(res, code, obj);
      }
    };

    switch (info.verb) {
      case 'get':
        respond(200, this.cluster.get(rt, ns, name));
        return;
      case 'list': {
        const { labels, fields } = this.parseSelectors(rt, q);
        sendJson(
          res,
          200,
          listResponse(this.cluster, rt, {
            namespace,
            labels,
            fields,
            query: q,
            table,
            now: this.now(),
          }),
        );
        return;
      }
      case 'watch': {
        const { labels, fields } = this.parseSelectors(rt, q);
        const timeout = q.get('timeoutSeconds');
        this.watches.serve(res, {
          rt,
          namespace,
          labelSelector: labels,
          fieldSelector: fields,
          resourceVersion: q.get('resourceVersion') ?? undefined,
          sendInitialEvents: q.get('sendInitialEvents') === 'true',
          allowWatchBookmarks: q.get('allowWatchBookmarks') === 'true',
          timeoutSeconds: timeout !== null ? Number(timeout) : undefined,
          table,
        });
        return;
      }
      case 'create': {
        if (info.subresource) throw methodNotAllowed();
        const created = this.cluster.create(
          rt,
          ns,
          parseBody(req.headers['content-type'], rawBody),
          { dryRun, fieldManager, ...validation('create') },
        );
        respond(201, created);
        return;
      }
      case 'update': {
        let body = parseBody(
          req.headers['content-type'],
          rawBody,
        ) as KubeObject;
        if (info.subresource === 'scale') {
          body = objectWithScale(this.cluster, rt, ns, name, body);
        }
        respond(
          200,
          this.cluster.update(rt, ns, name, body, {
            subresource,
            dryRun,
            fieldManager,
            ...(info.subresource === 'scale' ? {} : validation('update')),
          }),
        );
        return;
      }
      case 'patch': {
        const type =
          PATCH_CONTENT_TYPES[mediaType(req.headers['content-type'])];
        if (!type) {
          throw unsupportedMediaType(
            rt.custom
              ? [
                  'application/json-patch+json',
                  'application/merge-patch+json',
                  'application/apply-patch+yaml',
                ]
              : [
                  'application/json-patch+json',
                  'application/merge-patch+json',
                  'application/strategic-merge-patch+json',
                  'application/apply-patch+yaml',
                ],
          );
        }
        const patch = parsePatch(type, rawBody);
        if (info.subresource === 'scale') {
          const current = scaleOf(rt, this.cluster.get(rt, ns, name));
          const scale = applyScalePatch(type, current, patch);
          respond(
            200,
            this.cluster.update(
              rt,
              ns,
              name,
              objectWithScale(this.cluster, rt, ns, name, scale),
              { dryRun },
            ),
          );
          return;
        }
        const existed = !!this.cluster.peek(rt, ns, name);
        const patched = this.cluster.patch(rt, ns, name, type, patch, {
          subresource,
          dryRun,
          fieldManager,
          force: q.get('force') === 'true',
          ...validation(type === 'apply' ? 'apply' : 'patch'),
        });
        respond(type === 'apply' && !existed ? 201 : 200, patched);
        return;
      }
      case 'delete': {
        const options = deleteOptions(rawBody, q);
        const deleted = this.cluster.delete(rt, ns, name, options);
        if (RETURNS_DELETED_OBJECT.has(rt.plural) || rt.custom) {
          respond(200, deleted);
        } else {
          sendJson(res, 200, {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Success',
            details: {
              name,
              group: rt.group || undefined,
              kind: rt.plural,
              uid: deleted.metadata.uid,
            },
          });
        }
        return;
      }
      case 'deletecollection': {
        const options = deleteOptions(rawBody, q);
        const { labels, fields } = this.parseSelectors(rt, q);
        const victims = this.cluster.list(rt, {
          namespace,
          labelSelector: labels,
          fieldSelector: fields,
        }).items;
        const deleted = victims.map(v =>
          this.cluster.delete(
            rt,
            v.metadata.namespace ?? '',
            v.metadata.name!,
            options,
          ),
        );
        sendJson(res, 200, {
          kind: `${rt.kind}List`,
          apiVersion: apiVersionOf(rt),
          metadata: {
            resourceVersion: String(this.cluster.store.resourceVersion),
          },
          items: deleted,
        });
        return;
      }
      default:
        throw methodNotAllowed();
    }
  }
}
