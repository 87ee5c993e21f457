import { INGRESSES } from '../../k8s/resources';
import { KubeObject, clone } from '../../k8s/types';
import { controlledBy, controllerRef } from '../owners';
import { RolloutContext } from './context';
import { TrafficRouter, twoWayMergePatch } from './trafficRouter';

/**
 * rollout/trafficrouting/nginx/nginx.go: the canary Ingress that NGINX Ingress
 * Controller reads. For every stable Ingress the Rollout names, a copy of the
 * rules that reach the stable Service, pointed at the canary Service and
 * annotated with `canary: "true"` and `canary-weight`, owned by the Rollout.
 */

const CANARY_INGRESS_SUFFIX = '-canary';
const DEFAULT_ANNOTATION_PREFIX = 'nginx.ingress.kubernetes.io';

/** utils/ingress.GetCanaryIngressName: names are limited to 253 characters. */
export function canaryIngressName(
  rolloutName: string,
  stableIngressName: string,
): string {
  if (!stableIngressName) return '';
  const prefix = `${rolloutName}-${stableIngressName}`.slice(
    0,
    253 - CANARY_INGRESS_SUFFIX.length,
  );
  return `${prefix}${CANARY_INGRESS_SUFFIX}`;
}

/** The stable Ingresses a Rollout's nginx router manages (stableIngresses wins). */
export function stableIngressNames(rollout: KubeObject): string[] {
  const nginx = rollout.spec?.strategy?.canary?.trafficRouting?.nginx;
  if (!nginx) return [];
  return nginx.stableIngresses ?? [nginx.stableIngress];
}

/** defaults.GetCanaryIngressAnnotationPrefixOrDefault */
export function annotationPrefix(rollout: KubeObject): string {
  return (
    rollout.spec?.strategy?.canary?.trafficRouting?.nginx?.annotationPrefix ||
    DEFAULT_ANNOTATION_PREFIX
  );
}

/** utils/ingress.HasRuleWithService */
export function hasRuleWithService(ingress: KubeObject, service: string) {
  return (ingress.spec?.rules ?? []).some((rule: any) =>
    (rule.http?.paths ?? []).some(
      (p: any) => p.backend?.service?.name === service,
    ),
  );
}

function buildCanaryIngress(
  rollout: KubeObject,
  stable: KubeObject,
  name: string,
  desiredWeight: number,
): KubeObject {
  const canary = rollout.spec.strategy.canary;
  const nginx = canary.trafficRouting.nginx;
  const prefix = annotationPrefix(rollout);
  const annotations: Record<string, string> = {};
  const spec: any = { rules: [] };
  if (stable.spec?.tls) spec.tls = clone(stable.spec.tls);
  if (stable.spec?.ingressClassName)
    spec.ingressClassName = stable.spec.ingressClassName;
  // Only ingress.class matters to NGINX on a canary Ingress.
  const ingressClass =
    stable.metadata.annotations?.['kubernetes.io/ingress.class'];
  if (ingressClass !== undefined)
    annotations['kubernetes.io/ingress.class'] = ingressClass;
  for (const stableRule of stable.spec?.rules ?? []) {
    const rule = clone(stableRule);
    let usesStable = false;
    for (const path of rule.http?.paths ?? []) {
      if (path.backend?.service?.name === canary.stableService) {
        usesStable = true;
        path.backend.service.name = canary.canaryService;
      }
    }
    if (usesStable) spec.rules.push(rule);
  }
  if (!spec.rules.length) {
    throw new Error(
      `ingress \`${stable.metadata.name}\` has no rules using service ${canary.stableService} backend`,
    );
  }
  for (const [k, v] of Object.entries<string>(
    nginx.additionalIngressAnnotations ?? {},
  )) {
    annotations[k.startsWith(prefix) ? k : `${prefix}/${k}`] = v;
  }
  for (const [k, v] of Object.entries<string>(
    nginx.canaryIngressAnnotations ?? {},
  )) {
    annotations[k] = v;
  }
  annotations[`${prefix}/canary`] = 'true';
  annotations[`${prefix}/canary-weight`] = String(desiredWeight);
  const maxWeight = canary.trafficRouting.maxTrafficWeight;
  if (maxWeight !== undefined)
    annotations[`${prefix}/canary-weight-total`] = String(maxWeight);
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name,
      annotations,
      ownerReferences: [controllerRef(rollout)],
    },
    spec,
  };
}

export class NginxTrafficRouter implements TrafficRouter {
  readonly type = 'Nginx';

  constructor(private readonly ctx: RolloutContext) {}

  setWeight(desiredWeight: number): void {
    for (const stableName of stableIngressNames(this.ctx.rollout)) {
      this.setWeightFor(stableName, desiredWeight);
    }
  }

  private setWeightFor(stableName: string, desiredWeight: number): void {
    const { ctx } = this;
    const name = canaryIngressName(ctx.rollout.metadata.name!, stableName);
    const stable = ctx.cluster.peek(INGRESSES, ctx.namespace, stableName);
    if (!stable) {
      throw new Error(
        `error retrieving stableIngress \`${stableName}\` from cache: ingress.networking.k8s.io "${stableName}" not found`,
      );
    }
    const desired = buildCanaryIngress(
      ctx.rollout,
      stable,
      name,
      desiredWeight,
    );
    const current = ctx.cluster.peek(INGRESSES, ctx.namespace, name);
    if (!current) {
      ctx.event(
        'Normal',
        'CreatingCanaryIngress',
        `Creating canary ingress \`${name}\` with weight \`${desiredWeight}\``,
      );
      ctx.cluster.create(INGRESSES, ctx.namespace, desired);
      return;
    }
    if (!controlledBy(current, ctx.rollout)) {
      throw new Error(
        `canary ingress \`${name}\` controlled by different object`,
      );
    }
    // Annotations other controllers added are kept (getDesiredAnnotations).
    const annotations = {
      ...(current.metadata.annotations ?? {}),
      ...desired.metadata.annotations,
    };
    const patch = twoWayMergePatch(
      {
        metadata: {
          annotations: current.metadata.annotations ?? {},
          labels: current.metadata.labels ?? {},
        },
        spec: current.spec ?? {},
      },
      { metadata: { annotations, labels: {} }, spec: desired.spec },
    );
    if (!patch) return;
    ctx.event(
      'Normal',
      'PatchingCanaryIngress',
      `Updating Ingress \`${name}\` to desiredWeight '${desiredWeight}'`,
    );
    ctx.cluster.patch(INGRESSES, ctx.namespace, name, 'merge', patch);
  }
}
