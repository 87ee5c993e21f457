import { KubeObject } from '../../k8s/types';

/** Canary step helpers from utils/replicaset/canary.go and utils/rollout. */

const MAX_WEIGHT = 100;

export function maxTrafficWeight(rollout: KubeObject): number {
  return (
    rollout.spec?.strategy?.canary?.trafficRouting?.maxTrafficWeight ??
    MAX_WEIGHT
  );
}

export function steps(rollout: KubeObject): any[] {
  return rollout.spec?.strategy?.canary?.steps ?? [];
}

/** GetCurrentCanaryStep: [step or undefined, index or undefined]. */
export function currentCanaryStep(
  rollout: KubeObject,
): [any | undefined, number | undefined] {
  const all = steps(rollout);
  if (!rollout.spec?.strategy?.canary || all.length === 0)
    return [undefined, undefined];
  const index = rollout.status?.currentStepIndex ?? 0;
  if (all.length <= index) return [undefined, index];
  return [all[index], index];
}

export function currentSetWeight(rollout: KubeObject): number {
  if (rollout.status?.abort) return 0;
  const [step, index] = currentCanaryStep(rollout);
  if (!step || index === undefined) return maxTrafficWeight(rollout);
  const all = steps(rollout);
  for (let i = index; i >= 0; i--) {
    if (all[i].setWeight !== undefined) return all[i].setWeight;
  }
  return 0;
}

/** CanaryStepString */
export function canaryStepString(step: any): string {
  if (step.setWeight !== undefined) return `setWeight: ${step.setWeight}`;
  if (step.pause)
    return step.pause.duration !== undefined
      ? `pause: ${durationString(step.pause.duration)}`
      : 'pause';
  if (step.experiment) return 'experiment';
  if (step.analysis) return 'analysis';
  if (step.setCanaryScale) {
    const s = step.setCanaryScale;
    if (s.weight !== undefined) return `setCanaryScale{weight: ${s.weight}}`;
    if (s.matchTrafficWeight) return 'setCanaryScale{matchTrafficWeight: true}';
    if (s.replicas !== undefined)
      return `setCanaryScale{replicas: ${s.replicas}}`;
  }
  if (step.plugin) return `plugin: ${step.plugin.name}`;
  if (step.setHeaderRoute) return `setHeaderRoute: ${step.setHeaderRoute.name}`;
  if (step.setMirrorRoute) return `setMirrorRoute: ${step.setMirrorRoute.name}`;
  return 'invalid';
}

/** intstr durations: an int is seconds, a string like "30s", "1m", "1h". */
export function durationSeconds(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return 0;
  if (/^\d+$/.test(value)) return Number(value);
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
  let matched = false;
  for (const m of value.matchAll(re)) {
    matched = true;
    total += Number(m[1]) * units[m[2]];
  }
  return matched ? total : 0;
}

/** Go's time.Duration.String() for whole seconds, as shown in step strings. */
export function durationString(value: unknown): string {
  const seconds = durationSeconds(value);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h) return `${h}h${m}m${s}s`;
  if (m) return `${m}m${s}s`;
  return `${s}s`;
}
