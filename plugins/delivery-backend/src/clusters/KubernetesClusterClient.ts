import {
  ApiException,
  AppsV1Api,
  ConfigurationOptions,
  CoreV1Api,
  CoreV1Event,
  CustomObjectsApi,
  KubeConfig,
  KubernetesListObject,
  KubernetesObject,
  Observable,
  PatchStrategy,
  RequestContext,
  ResponseContext,
} from '@kubernetes/client-node';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import { ClusterConfig } from './ClusterConfig';
import { ClusterRequestError } from './ClusterRequestError';
import { kubeConfigOf } from './kubeConfig';
import { AnalysisRun, ReplicaSet, Rollout } from '../rollouts/kubernetesTypes';

const ARGO = { group: 'argoproj.io', version: 'v1alpha1' } as const;

export interface JsonPatchOperation {
  op: 'test' | 'replace' | 'add' | 'remove';
  path: string;
  value?: unknown;
}

/** What a request is about, so that errors can say so. */
interface RequestTarget {
  /** e.g. `list rollouts` */
  description: string;
  /** The named object; a 404 or 409 about it is the caller's concern. */
  object?: string;
  /** A deadline other than the client's, e.g. for a whole cluster's list. */
  timeoutMs?: number;
}

function statusMessageOf(error: ApiException<unknown>): string {
  const body = error.body;
  if (typeof body === 'string') {
    try {
      const status = JSON.parse(body);
      if (typeof status?.message === 'string') {
        return status.message;
      }
    } catch {
      // not a Kubernetes Status object; fall through to the raw text
    }
    return body.slice(0, 300) || `HTTP ${error.code}`;
  }
  return `HTTP ${error.code}`;
}

/**
 * One cluster's Kubernetes API, through `@kubernetes/client-node`, with a
 * deadline on every request and errors turned into what the portal's users
 * should see: 404/409 for the object they act on, 502/504 for the cluster.
 */
export class KubernetesClusterClient {
  readonly name: string;
  /** For watches, which `@kubernetes/client-node` makes from a KubeConfig. */
  readonly kubeConfig: KubeConfig;
  readonly #customObjects: CustomObjectsApi;
  readonly #apps: AppsV1Api;
  readonly #core: CoreV1Api;
  readonly #timeoutMs: number;

  static create(cluster: ClusterConfig, options: { timeoutMs: number }) {
    return new KubernetesClusterClient(
      cluster.name,
      kubeConfigOf(cluster),
      options.timeoutMs,
    );
  }

  private constructor(name: string, kubeConfig: KubeConfig, timeoutMs: number) {
    this.name = name;
    this.kubeConfig = kubeConfig;
    this.#customObjects = kubeConfig.makeApiClient(CustomObjectsApi);
    this.#apps = kubeConfig.makeApiClient(AppsV1Api);
    this.#core = kubeConfig.makeApiClient(CoreV1Api);
    this.#timeoutMs = timeoutMs;
  }

  async listRollouts(options: {
    namespace?: string;
    labelSelector: string;
  }): Promise<Rollout[]> {
    const target = { description: 'list rollouts' };
    const list = await this.#request(target, opts =>
      options.namespace
        ? this.#customObjects.listNamespacedCustomObject(
            {
              ...ARGO,
              plural: 'rollouts',
              namespace: options.namespace,
              labelSelector: options.labelSelector,
            },
            opts,
          )
        : this.#customObjects.listClusterCustomObject(
            {
              ...ARGO,
              plural: 'rollouts',
              labelSelector: options.labelSelector,
            },
            opts,
          ),
    );
    return (list?.items ?? []) as Rollout[];
  }

  /**
   * The named Rollout if it matches the label selector. The API server
   * evaluates the selector, so any selector syntax works as it does for the
   * Kubernetes plugin.
   */
  async findRollout(
    namespace: string,
    name: string,
    labelSelector: string,
  ): Promise<Rollout | undefined> {
    const list = await this.#request({ description: 'read rollout' }, opts =>
      this.#customObjects.listNamespacedCustomObject(
        {
          ...ARGO,
          plural: 'rollouts',
          namespace,
          labelSelector,
          fieldSelector: `metadata.name=${name}`,
        },
        opts,
      ),
    );
    return (list?.items ?? [])[0] as Rollout | undefined;
  }

  async listReplicaSets(
    namespace: string,
    labelSelector?: string,
  ): Promise<ReplicaSet[]> {
    const list = await this.#request(
      { description: 'list replicasets' },
      opts =>
        this.#apps.listNamespacedReplicaSet({ namespace, labelSelector }, opts),
    );
    return (list.items ?? []) as ReplicaSet[];
  }

  async listAnalysisRuns(
    namespace: string,
    labelSelector?: string,
  ): Promise<AnalysisRun[]> {
    const list = await this.#request(
      { description: 'list analysisruns' },
      opts =>
        this.#customObjects.listNamespacedCustomObject(
          { ...ARGO, plural: 'analysisruns', namespace, labelSelector },
          opts,
        ),
    );
    return (list?.items ?? []) as AnalysisRun[];
  }

  /**
   * The core/v1 Events about one object (what `kubectl describe` lists),
   * such as those Argo Rollouts records on a Rollout.
   */
  async listEvents(
    namespace: string,
    involvedObject: { kind: string; name: string },
  ): Promise<CoreV1Event[]> {
    const list = await this.#request({ description: 'list events' }, opts =>
      this.#core.listNamespacedEvent(
        {
          namespace,
          fieldSelector: `involvedObject.kind=${involvedObject.kind},involvedObject.name=${involvedObject.name}`,
        },
        opts,
      ),
    );
    return list.items ?? [];
  }

  /**
   * Every object of one kind in all namespaces, with the list's
   * resourceVersion, for an informer to watch from.
   */
  async listAll(
    resource: 'rollouts' | 'replicasets' | 'analysisruns',
    options: { labelSelector?: string; timeoutMs?: number } = {},
  ): Promise<KubernetesListObject<KubernetesObject>> {
    const { labelSelector, timeoutMs } = options;
    const target = { description: `list ${resource}`, timeoutMs };
    const list = await this.#request(target, opts =>
      resource === 'replicasets'
        ? this.#apps.listReplicaSetForAllNamespaces({ labelSelector }, opts)
        : this.#customObjects.listClusterCustomObject(
            { ...ARGO, plural: resource, labelSelector },
            opts,
          ),
    );
    return list as KubernetesListObject<KubernetesObject>;
  }

  /** A JSON merge patch, to the status subresource when asked. */
  async mergePatchRollout(
    namespace: string,
    name: string,
    body: JsonObject,
    options: { subresource?: 'status' } = {},
  ): Promise<Rollout> {
    const params = { ...ARGO, plural: 'rollouts', namespace, name, body };
    return this.#request(
      {
        description: `patch rollout${options.subresource ? ' status' : ''}`,
        object: `${namespace}/${name}`,
      },
      opts =>
        options.subresource === 'status'
          ? this.#customObjects.patchNamespacedCustomObjectStatus(params, opts)
          : this.#customObjects.patchNamespacedCustomObject(params, opts),
      PatchStrategy.MergePatch,
    );
  }

  async jsonPatchRollout(
    namespace: string,
    name: string,
    operations: JsonPatchOperation[],
  ): Promise<Rollout> {
    return this.#request(
      { description: 'patch rollout', object: `${namespace}/${name}` },
      opts =>
        this.#customObjects.patchNamespacedCustomObject(
          { ...ARGO, plural: 'rollouts', namespace, name, body: operations },
          opts,
        ),
      PatchStrategy.JsonPatch,
    );
  }

  async #request<T>(
    target: RequestTarget,
    send: (options: ConfigurationOptions) => Promise<T>,
    contentType?: string,
  ): Promise<T> {
    const timeoutMs = target.timeoutMs ?? this.#timeoutMs;
    const options: ConfigurationOptions = {
      middleware: [
        {
          pre: (context: RequestContext) => {
            context.setSignal(AbortSignal.timeout(timeoutMs));
            if (contentType) {
              context.setHeaderParam('Content-Type', contentType);
            }
            return new Observable(Promise.resolve(context));
          },
          post: (context: ResponseContext) =>
            new Observable(Promise.resolve(context)),
        },
      ],
      middlewareMergeStrategy: 'append',
    };
    try {
      return await send(options);
    } catch (error) {
      throw this.#translate(error, target);
    }
  }

  #translate(error: unknown, target: RequestTarget): Error {
    const cluster = this.name;
    if (error instanceof ApiException) {
      const message = statusMessageOf(error);
      if (target.object && error.code === 404) {
        return new NotFoundError(
          `Rollout ${target.object} not found in cluster '${cluster}': ${message}`,
        );
      }
      // A failed JSON-patch `test` is how the API server reports that the
      // object changed since it was read (422, like a merge patch's 409).
      const staleRead =
        error.code === 409 ||
        (error.code === 422 && message.includes('/metadata/resourceVersion'));
      if (target.object && staleRead) {
        return new ConflictError(
          `Rollout ${target.object} in cluster '${cluster}' changed since it was read (${message}); reload it and decide again`,
        );
      }
      return new ClusterRequestError({
        cluster,
        statusCode: 502,
        message: `Cluster '${cluster}' failed to ${target.description} (HTTP ${error.code}): ${message}`,
      });
    }
    const name = (error as Error)?.name;
    if (name === 'AbortError' || name === 'TimeoutError') {
      return new ClusterRequestError({
        cluster,
        statusCode: 504,
        message: `Cluster '${cluster}' did not answer within ${
          (target.timeoutMs ?? this.#timeoutMs) / 1000
        }s to ${target.description}`,
      });
    }
    return new ClusterRequestError({
      cluster,
      statusCode: 502,
      message: `Cluster '${cluster}' could not be reached to ${
        target.description
      }: ${(error as Error)?.message ?? String(error)}`,
    });
  }
}
