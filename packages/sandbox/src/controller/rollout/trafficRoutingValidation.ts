import { INGRESSES } from '../../k8s/resources';
import { RolloutContext } from './context';
import { hasRuleWithService, stableIngressNames } from './nginxTrafficRouter';

/** The traffic routers the sandbox builds objects for, as in the Rollout spec. */
export const MODELLED_ROUTERS = ['nginx', 'smi'];

/** The routers of pkg/apis/rollouts/v1alpha1.RolloutTrafficRouting. */
const UPSTREAM_ROUTERS = [
  'istio',
  'nginx',
  'alb',
  'smi',
  'ambassador',
  'appMesh',
  'traefik',
  'apisix',
  'plugins',
];

/**
 * The trafficRouting checks of validation.go and of getRolloutReferencedResources
 * (rollout/controller.go), worded as upstream; plus the sandbox's refusal of
 * the routers it does not model, so that nothing pretends to route traffic
 * through an Istio VirtualService or an ALB it never writes.
 */
export function trafficRoutingValidationError(
  ctx: RolloutContext,
): string | undefined {
  const canary = ctx.rollout.spec?.strategy?.canary;
  const routing = canary?.trafficRouting;
  const path = 'spec.strategy.canary';
  if (!routing) {
    // Without a router, replica counts are the only split: no scale of its own.
    const scaled = (canary?.steps ?? []).some((s: any) => s?.setCanaryScale);
    return scaled
      ? `${path}.trafficRouting: Required value: SetCanaryScale requires TrafficRouting to be set`
      : undefined;
  }
  for (const router of UPSTREAM_ROUTERS) {
    if (routing[router] !== undefined && !MODELLED_ROUTERS.includes(router)) {
      return `${path}.trafficRouting.${router}: Unsupported value: "${router}": the sandbox models the nginx and smi traffic routers only; the ${router} router's objects are not simulated`;
    }
  }
  if (!canary.stableService) {
    return `${path}.stableService: Invalid value: "": Canary service and Stable service must to be set to use Traffic Routing`;
  }
  if (!canary.canaryService) {
    return `${path}.canaryService: Invalid value: "": Canary service and Stable service must to be set to use Traffic Routing`;
  }
  const nginx = routing.nginx;
  if (!nginx) return undefined;
  const single = !!nginx.stableIngress;
  const multiple = !!nginx.stableIngresses?.length;
  if (single === multiple) {
    return `${path}.trafficRouting.nginx: Internal error: Either StableIngress or StableIngresses must be configured. ${
      single ? 'Both are configured.' : 'Neither are configured.'
    }`;
  }
  const field = single
    ? `${path}.trafficRouting.nginx.stableIngress`
    : `${path}.trafficRouting.nginx.stableIngresses`;
  for (const name of stableIngressNames(ctx.rollout)) {
    const ingress = ctx.cluster.peek(INGRESSES, ctx.namespace, name);
    const value = single
      ? `"${name}"`
      : `[]string{"${nginx.stableIngresses.join('", "')}"}`;
    if (!ingress) {
      return `${field}: Invalid value: ${value}: ingress.networking.k8s.io "${name}" not found`;
    }
    if (!hasRuleWithService(ingress, canary.stableService)) {
      return `${field}: Invalid value: "${name}": ingress \`${name}\` has no rules using service ${canary.stableService} backend`;
    }
  }
  return undefined;
}
