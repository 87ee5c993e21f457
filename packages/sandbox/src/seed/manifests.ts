import { KubeObject } from '../k8s/types';
import { ServiceSeed, image } from './catalog';

/** Builders for the objects a service consists of in the sandbox. */

export function serviceLabels(name: string): Record<string, string> {
  return { 'app.kubernetes.io/name': name, 'backstage.io/kubernetes-id': name };
}

export function namespaceManifest(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { 'app.kubernetes.io/part-of': 'acme-shop' } },
  };
}

export function serviceManifest(
  service: string,
  namespace: string,
  name: string,
  role: string,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      namespace,
      labels: { ...serviceLabels(service), 'portal.acme.example/role': role },
    },
    spec: {
      selector: { 'app.kubernetes.io/name': service },
      ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
    },
  };
}

export function servicesFor(seed: ServiceSeed): KubeObject[] {
  const roles =
    seed.strategy === 'canary' ? ['stable', 'canary'] : ['active', 'preview'];
  return [
    serviceManifest(seed.name, seed.namespace, seed.name, 'main'),
    ...roles.map(role =>
      serviceManifest(seed.name, seed.namespace, `${seed.name}-${role}`, role),
    ),
  ];
}

/** AnalysisTemplate `success-rate`: share of non-5xx requests of the revision under test. */
export function successRateTemplate(
  service: string,
  namespace: string,
): KubeObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisTemplate',
    metadata: {
      name: 'success-rate',
      namespace,
      labels: serviceLabels(service),
    },
    spec: {
      args: [{ name: 'service-name' }, { name: 'pod-template-hash' }],
      metrics: [
        {
          name: 'success-rate',
          interval: '30s',
          count: 3,
          failureLimit: 1,
          // No data is not a pass: an empty result is Inconclusive.
          successCondition: 'len(result) > 0 && result[0] >= 0.95',
          failureCondition: 'len(result) > 0 && result[0] < 0.95',
          provider: {
            prometheus: {
              address: 'http://prometheus.monitoring.svc:9090',
              query:
                'sum(rate(http_requests_total{app_kubernetes_io_name="{{args.service-name}}",rollouts_pod_template_hash="{{args.pod-template-hash}}",code!~"5.."}[2m])) / sum(rate(http_requests_total{app_kubernetes_io_name="{{args.service-name}}",rollouts_pod_template_hash="{{args.pod-template-hash}}"}[2m]))',
            },
          },
        },
      ],
    },
  };
}

const ANALYSIS_ARGS = (service: string) => [
  { name: 'service-name', value: service },
  { name: 'pod-template-hash', valueFrom: { podTemplateHashValue: 'Latest' } },
];

function withArgs(steps: any[], service: string): any[] {
  return steps.map(step =>
    step.analysis
      ? { analysis: { ...step.analysis, args: ANALYSIS_ARGS(service) } }
      : step,
  );
}

export function rolloutManifest(
  seed: ServiceSeed,
  version: string,
): KubeObject {
  const labels = serviceLabels(seed.name);
  const strategy =
    seed.strategy === 'canary'
      ? {
          canary: {
            canaryService: `${seed.name}-canary`,
            stableService: `${seed.name}-stable`,
            trafficRouting: { smi: { trafficSplitName: `${seed.name}-split` } },
            steps: withArgs(seed.steps ?? [], seed.name),
            ...(seed.backgroundAnalysis
              ? {
                  analysis: {
                    templates: [{ templateName: 'success-rate' }],
                    args: ANALYSIS_ARGS(seed.name),
                    startingStep: 1,
                  },
                }
              : {}),
          },
        }
      : {
          blueGreen: {
            activeService: `${seed.name}-active`,
            previewService: `${seed.name}-preview`,
            autoPromotionEnabled: !seed.manualPromotion,
            scaleDownDelaySeconds: 30,
            ...(seed.manualPromotion
              ? {
                  prePromotionAnalysis: {
                    templates: [{ templateName: 'success-rate' }],
                    args: ANALYSIS_ARGS(seed.name),
                  },
                }
              : {}),
          },
        };
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: {
      name: seed.name,
      namespace: seed.namespace,
      labels,
      annotations: { 'backstage.io/kubernetes-id': seed.name },
    },
    spec: {
      replicas: seed.replicas,
      revisionHistoryLimit: 5,
      selector: { matchLabels: { 'app.kubernetes.io/name': seed.name } },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: seed.name,
              image: image(seed.name, version),
              ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
              readinessProbe: {
                httpGet: { path: '/healthz', port: 'http' },
                periodSeconds: 5,
              },
              resources: {
                requests: { cpu: '100m', memory: '128Mi' },
                limits: { memory: '256Mi' },
              },
            },
          ],
        },
      },
      strategy,
    },
  };
}
