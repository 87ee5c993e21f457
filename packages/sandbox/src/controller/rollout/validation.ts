import { selectorMatches } from '../../k8s/labels';
import {
  ANALYSISTEMPLATES,
  CLUSTERANALYSISTEMPLATES,
  SERVICES,
} from '../../k8s/resources';
import { KubeObject } from '../../k8s/types';
import { RolloutContext } from './context';
import { trafficRoutingValidationError } from './trafficRoutingValidation';

/**
 * The spec checks of pkg/apis/rollouts/validation that a user is most likely
 * to trip over, worded as upstream. A failure sets the InvalidSpec condition.
 */
export function rolloutValidationError(
  ctx: RolloutContext,
): string | undefined {
  const r = ctx.rollout;
  const spec = r.spec ?? {};
  if (!spec.selector) {
    return "spec.selector: Required value: Rollout has missing field '.spec.selector'";
  }
  if (
    !Object.keys(spec.selector.matchLabels ?? {}).length &&
    !(spec.selector.matchExpressions ?? []).length
  ) {
    return 'spec.selector: Invalid value: "": This rollout is selecting all pods. A non-empty selector is required.';
  }
  if (!selectorMatches(spec.selector, spec.template?.metadata?.labels)) {
    return 'spec.selector: Invalid value: "": `selector` does not match template `labels`';
  }
  const strategy = spec.strategy ?? {};
  if (!strategy.canary && !strategy.blueGreen) {
    return "spec.strategy.strategy: Required value: Rollout has missing field '.spec.strategy.canary or .spec.strategy.blueGreen'";
  }
  if (strategy.canary && strategy.blueGreen) {
    return 'spec.strategy: Invalid value: "": Multiple Strategies can not be listed';
  }
  if (strategy.blueGreen && !strategy.blueGreen.activeService) {
    return "spec.strategy.blueGreen.activeService: Required value: Rollout has missing field '.spec.strategy.blueGreen.activeService'";
  }
  if (
    strategy.blueGreen &&
    strategy.blueGreen.activeService === strategy.blueGreen.previewService
  ) {
    return 'spec.strategy.blueGreen.previewService: Invalid value: "": Preview service and active service cannot be the same';
  }
  const services: Array<[string, string | undefined]> = strategy.canary
    ? [
        ['spec.strategy.canary.stableService', strategy.canary.stableService],
        ['spec.strategy.canary.canaryService', strategy.canary.canaryService],
      ]
    : [
        [
          'spec.strategy.blueGreen.activeService',
          strategy.blueGreen.activeService,
        ],
        [
          'spec.strategy.blueGreen.previewService',
          strategy.blueGreen.previewService,
        ],
      ];
  for (const [field, name] of services) {
    if (name && !ctx.cluster.peek(SERVICES, ctx.namespace, name)) {
      return `${field}: Invalid value: "${name}": service "${name}" not found`;
    }
  }
  const routing = trafficRoutingValidationError(ctx);
  if (routing) return routing;
  for (const [field, analysis] of analysisRefs(r)) {
    for (const ref of analysis.templates ?? []) {
      if (ref.clusterScope) {
        if (!ctx.cluster.peek(CLUSTERANALYSISTEMPLATES, '', ref.templateName)) {
          return `${field}.templates: Invalid value: "${ref.templateName}": ClusterAnalysisTemplate '${ref.templateName}' not found`;
        }
        continue;
      }
      if (
        !ctx.cluster.peek(ANALYSISTEMPLATES, ctx.namespace, ref.templateName)
      ) {
        return `${field}.templates: Invalid value: "${ref.templateName}": AnalysisTemplate '${ref.templateName}' not found`;
      }
    }
  }
  return undefined;
}

function analysisRefs(r: KubeObject): Array<[string, any]> {
  const out: Array<[string, any]> = [];
  const canary = r.spec?.strategy?.canary;
  const bg = r.spec?.strategy?.blueGreen;
  (canary?.steps ?? []).forEach((step: any, i: number) => {
    if (step.analysis)
      out.push([`spec.strategy.canary.steps[${i}].analysis`, step.analysis]);
  });
  if (canary?.analysis)
    out.push(['spec.strategy.canary.analysis', canary.analysis]);
  if (bg?.prePromotionAnalysis)
    out.push([
      'spec.strategy.blueGreen.prePromotionAnalysis',
      bg.prePromotionAnalysis,
    ]);
  if (bg?.postPromotionAnalysis)
    out.push([
      'spec.strategy.blueGreen.postPromotionAnalysis',
      bg.postPromotionAnalysis,
    ]);
  return out;
}
