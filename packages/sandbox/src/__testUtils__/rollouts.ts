import { Sandbox } from '../sandbox';
import { clients, jsonPatch, mergePatch, ROLLOUT, waitFor } from './sandbox';

type Api = ReturnType<typeof clients>;

/**
 * What `kubectl argo rollouts promote|abort|retry|undo` send, ported from
 * pkg/kubectl-argo-rollouts/cmd/{promote,abort,retry,undo}.
 */
export class ArgoRolloutsPlugin {
  constructor(private readonly api: Api, private readonly namespace: string) {}

  get(name: string): Promise<any> {
    return this.api.custom.getNamespacedCustomObject({
      ...ROLLOUT,
      namespace: this.namespace,
      name,
    });
  }

  private patch(name: string, body: object, status: boolean): Promise<any> {
    const params = { ...ROLLOUT, namespace: this.namespace, name, body };
    return status
      ? this.api.custom.patchNamespacedCustomObjectStatus(params, mergePatch)
      : this.api.custom.patchNamespacedCustomObject(params, mergePatch);
  }

  async promote(name: string, options: { full?: boolean } = {}): Promise<void> {
    const ro = await this.get(name);
    const steps: any[] = ro.spec.strategy.canary?.steps ?? [];
    const nextIndex = () => {
      const index = ro.status?.currentStepIndex ?? 0;
      return index < steps.length ? index + 1 : index;
    };
    let specPatch: object | undefined;
    let statusPatch: object | undefined;
    if (options.full) {
      if (ro.spec.paused) specPatch = { spec: { paused: false } };
      if (ro.status?.currentPodHash !== ro.status?.stableRS)
        statusPatch = { status: { promoteFull: true } };
    } else {
      if (ro.spec.paused) specPatch = { spec: { paused: false } };
      const inconclusive =
        !!ro.spec.strategy.canary &&
        ro.status?.canary?.currentStepAnalysisRunStatus?.status ===
          'Inconclusive';
      const pauseConditions = ro.status?.pauseConditions ?? [];
      if (
        inconclusive &&
        pauseConditions.length &&
        ro.status?.controllerPause
      ) {
        statusPatch = {
          status: {
            pauseConditions: null,
            controllerPause: false,
            currentStepIndex: nextIndex(),
          },
        };
      } else if (pauseConditions.length) {
        statusPatch = { status: { pauseConditions: null } };
      } else if (ro.spec.strategy.canary && steps.length) {
        statusPatch = {
          status: { pauseConditions: null, currentStepIndex: nextIndex() },
        };
      }
    }
    if (statusPatch) await this.patch(name, statusPatch, true);
    if (specPatch) await this.patch(name, specPatch, false);
  }

  abort(name: string): Promise<any> {
    return this.patch(name, { status: { abort: true } }, true);
  }

  retry(name: string): Promise<any> {
    return this.patch(name, { status: { abort: false } }, true);
  }

  /**
   * Restores the template of the previous revision's ReplicaSet, or of
   * `toRevision`'s (`--to-revision`), with a JSON patch on /spec/template.
   */
  async undo(name: string, toRevision?: number): Promise<void> {
    const ro = await this.get(name);
    const owned = (
      await this.api.apps.listNamespacedReplicaSet({
        namespace: this.namespace,
      })
    ).items.filter(rs =>
      rs.metadata?.ownerReferences?.some(r => r.uid === ro.metadata.uid),
    );
    const byRevision = owned
      .map(rs => ({
        rs,
        revision: Number(
          rs.metadata?.annotations?.['rollout.argoproj.io/revision'] ?? 0,
        ),
      }))
      .sort((a, b) => b.revision - a.revision);
    const previous =
      toRevision === undefined
        ? byRevision[1]?.rs
        : byRevision.find(r => r.revision === toRevision)?.rs;
    if (!previous) throw new Error(`no revision found for rollout "${name}"`);
    const template: any = JSON.parse(JSON.stringify(previous.spec!.template));
    delete template.metadata.labels['rollouts-pod-template-hash'];
    await this.api.custom.patchNamespacedCustomObject(
      {
        ...ROLLOUT,
        namespace: this.namespace,
        name,
        body: [{ op: 'replace', path: '/spec/template', value: template }],
      },
      jsonPatch,
    );
  }

  /** Waits until the rollout's status satisfies `predicate`. */
  waitFor(
    name: string,
    what: string,
    predicate: (ro: any) => boolean,
    timeoutMs?: number,
  ): Promise<any> {
    return waitFor(
      async () => {
        const ro = await this.get(name);
        return predicate(ro) ? ro : undefined;
      },
      `${name}: ${what}`,
      timeoutMs,
    );
  }
}

const labels = (name: string) => ({ 'app.kubernetes.io/name': name });

export interface FixtureOptions {
  namespace: string;
  name: string;
  replicas?: number;
  canary?: any;
  blueGreen?: any;
  successCondition?: string;
  failureCondition?: string;
  inconclusiveLimit?: number;
  /** The container's resource requests and limits. */
  resources?: object;
  /** An Ingress of this name routing `/` to the stable Service, made before the Rollout. */
  stableIngress?: string;
}

/** An NGINX Ingress sending every path of `host` to `service`. */
export function stableIngress(name: string, service: string, host: string) {
  return {
    metadata: { name, annotations: { 'kubernetes.io/ingress.class': 'nginx' } },
    spec: {
      rules: [
        {
          host,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: service, port: { number: 80 } } },
              },
            ],
          },
        },
      ],
    },
  };
}

/** Namespace, Services, an AnalysisTemplate `success-rate` and a Rollout at image v1. */
export async function createFixture(
  sandbox: Sandbox,
  api: Api,
  o: FixtureOptions,
): Promise<ArgoRolloutsPlugin> {
  await api.core.createNamespace({ body: { metadata: { name: o.namespace } } });
  const services = o.blueGreen ? ['active', 'preview'] : ['stable', 'canary'];
  for (const role of services) {
    await api.core.createNamespacedService({
      namespace: o.namespace,
      body: {
        metadata: { name: `${o.name}-${role}` },
        spec: { selector: labels(o.name), ports: [{ port: 80 }] },
      },
    });
  }
  if (o.stableIngress) {
    await api.networking.createNamespacedIngress({
      namespace: o.namespace,
      body: stableIngress(
        o.stableIngress,
        `${o.name}-stable`,
        `${o.name}.example`,
      ),
    });
  }
  await api.custom.createNamespacedCustomObject({
    group: 'argoproj.io',
    version: 'v1alpha1',
    plural: 'analysistemplates',
    namespace: o.namespace,
    body: {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AnalysisTemplate',
      metadata: { name: 'success-rate' },
      spec: {
        args: [{ name: 'hash' }],
        metrics: [
          {
            name: 'success-rate',
            interval: '10s',
            count: 2,
            failureLimit: 0,
            // Six real seconds, in which Prometheus scrapes the new
            // revision's first samples even on a busy machine (the sandbox's
            // clock runs faster).
            initialDelay: `${Math.ceil(6 * sandbox.speed)}s`,
            inconclusiveLimit: o.inconclusiveLimit,
            successCondition: o.successCondition ?? 'result[0] >= 0.95',
            failureCondition: o.failureCondition,
            provider: {
              prometheus: {
                query: `sum(rate(http_requests_total{namespace="${o.namespace}",app_kubernetes_io_name="${o.name}",rollouts_pod_template_hash="{{args.hash}}",code!~"5.."}[1m])) / sum(rate(http_requests_total{namespace="${o.namespace}",app_kubernetes_io_name="${o.name}",rollouts_pod_template_hash="{{args.hash}}"}[1m]))`,
              },
            },
          },
        ],
      },
    },
  });
  const analysis = {
    templates: [{ templateName: 'success-rate' }],
    args: [{ name: 'hash', valueFrom: { podTemplateHashValue: 'Latest' } }],
  };
  const strategy = o.blueGreen
    ? {
        blueGreen: {
          activeService: `${o.name}-active`,
          previewService: `${o.name}-preview`,
          ...o.blueGreen,
          ...(o.blueGreen.prePromotionAnalysis
            ? { prePromotionAnalysis: analysis }
            : {}),
          ...(o.blueGreen.postPromotionAnalysis
            ? { postPromotionAnalysis: analysis }
            : {}),
        },
      }
    : {
        canary: {
          stableService: `${o.name}-stable`,
          canaryService: `${o.name}-canary`,
          trafficRouting: { smi: {} },
          ...o.canary,
          ...(o.canary?.analysis
            ? { analysis: { ...analysis, startingStep: 1 } }
            : {}),
          steps: (o.canary?.steps ?? []).map((s: any) =>
            s.analysis ? { analysis } : s,
          ),
        },
      };
  await api.custom.createNamespacedCustomObject({
    ...ROLLOUT,
    namespace: o.namespace,
    body: {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: { name: o.name, labels: labels(o.name) },
      spec: {
        replicas: o.replicas ?? 4,
        selector: { matchLabels: labels(o.name) },
        template: {
          metadata: { labels: labels(o.name) },
          spec: {
            containers: [
              {
                name: o.name,
                image: `registry.acme.example/${o.name}:1.0.0`,
                ...(o.resources ? { resources: o.resources } : {}),
              },
            ],
          },
        },
        strategy,
      },
    },
  });
  const plugin = new ArgoRolloutsPlugin(api, o.namespace);
  await plugin.waitFor(
    o.name,
    'initial Healthy',
    ro => ro.status?.phase === 'Healthy',
  );
  return plugin;
}

export const imageOf = (name: string, version: string) =>
  `registry.acme.example/${name}:${version}`;
