import { TRAFFICSPLITS } from '../../k8s/resources';
import { KubeObject } from '../../k8s/types';
import { controlledBy, controllerRef } from '../owners';
import { RolloutContext } from './context';
import { TrafficRouter, twoWayMergePatch } from './trafficRouter';

/**
 * rollout/trafficrouting/smi/smi.go at the default SMI API version
 * (v1alpha1): a TrafficSplit owned by the Rollout whose root service is
 * `rootService` (else the stable Service), splitting between the canary and
 * the stable Service. v1alpha1 weights are resource.Quantity values, which
 * serialise as strings.
 */

/** The TrafficSplit's name: `trafficSplitName`, else the Rollout's name. */
export function trafficSplitName(rollout: KubeObject): string {
  return (
    rollout.spec?.strategy?.canary?.trafficRouting?.smi?.trafficSplitName ||
    rollout.metadata.name!
  );
}

export class SmiTrafficRouter implements TrafficRouter {
  readonly type = 'SMI';

  constructor(private readonly ctx: RolloutContext) {}

  setWeight(desiredWeight: number): void {
    const { ctx } = this;
    const canary = ctx.rollout.spec.strategy.canary;
    const name = trafficSplitName(ctx.rollout);
    const spec = {
      service: canary.trafficRouting.smi.rootService || canary.stableService,
      backends: [
        { service: canary.canaryService, weight: String(desiredWeight) },
        // smi.go takes the stable share from 100, not from maxTrafficWeight.
        { service: canary.stableService, weight: String(100 - desiredWeight) },
      ],
    };
    const existing = ctx.cluster.peek(TRAFFICSPLITS, ctx.namespace, name);
    if (!existing) {
      try {
        ctx.cluster.create(TRAFFICSPLITS, ctx.namespace, {
          apiVersion: 'split.smi-spec.io/v1alpha1',
          kind: 'TrafficSplit',
          metadata: { name, ownerReferences: [controllerRef(ctx.rollout)] },
          spec,
        });
      } catch (error) {
        ctx.event(
          'Normal',
          'TrafficSplitNotCreated',
          `TrafficSplit \`${name}\` failed creation: ${
            (error as Error).message
          }`,
        );
        throw error;
      }
      ctx.event(
        'Normal',
        'TrafficSplitCreated',
        `TrafficSplit \`${name}\` created`,
      );
      return;
    }
    if (!controlledBy(existing, ctx.rollout)) {
      throw new Error(`Rollout does not own TrafficSplit \`${name}\``);
    }
    const patch = twoWayMergePatch({ spec: existing.spec ?? {} }, { spec });
    if (patch) {
      ctx.cluster.patch(TRAFFICSPLITS, ctx.namespace, name, 'merge', patch);
    }
  }
}
