import { ApiError } from '../../k8s/errors';
import {
  ANALYSISRUNS,
  ANALYSISTEMPLATES,
  CLUSTERANALYSISTEMPLATES,
} from '../../k8s/resources';
import { KubeObject, clone } from '../../k8s/types';
import { controllerRef } from '../owners';
import { REVISION_ANNOTATION } from './constants';
import { RolloutContext } from './context';
import { podHash } from './replicaSets';

/** Creating AnalysisRuns from templates (rollout/analysis.go, utils/analysis). */

const COMPLETED = ['Successful', 'Failed', 'Error', 'Inconclusive'];
export const isCompleted = (ar: KubeObject | undefined) =>
  COMPLETED.includes(ar?.status?.phase);

function fieldRefValue(rollout: KubeObject, path: string): string {
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (m) return (rollout.metadata as any)[m[1]]?.[m[2]] ?? '';
  const value = path
    .split('.')
    .reduce((cur: any, part) => cur?.[part], rollout);
  return value === undefined || value === null ? '' : String(value);
}

function buildArgs(
  ctx: RolloutContext,
  analysis: any,
): Array<{ name: string; value: string }> {
  return (analysis.args ?? []).map((arg: any) => {
    let value = arg.value ?? '';
    const from = arg.valueFrom;
    if (from?.podTemplateHashValue === 'Latest') value = podHash(ctx.newRS);
    else if (from?.podTemplateHashValue === 'Stable')
      value = podHash(ctx.stableRS);
    else if (from?.fieldRef?.fieldPath)
      value = fieldRefValue(ctx.rollout, from.fieldRef.fieldPath);
    return { name: arg.name, value };
  });
}

export function createAnalysisRun(
  ctx: RolloutContext,
  analysis: any,
  infix: string,
  labels: Record<string, string>,
): KubeObject {
  const revision =
    ctx.rollout.metadata.annotations?.[REVISION_ANNOTATION] ?? '';
  const hash = podHash(ctx.newRS);
  const baseName = [ctx.rollout.metadata.name, hash, revision, infix]
    .filter(p => p !== '')
    .join('-');
  const templates: KubeObject[] = (analysis.templates ?? []).map((ref: any) =>
    ref.clusterScope
      ? ctx.cluster.get(CLUSTERANALYSISTEMPLATES, '', ref.templateName)
      : ctx.cluster.get(ANALYSISTEMPLATES, ctx.namespace, ref.templateName),
  );
  const metrics = templates.flatMap(t => clone(t.spec?.metrics ?? []));
  const templateArgs: any[] = [];
  for (const t of templates) {
    for (const a of t.spec?.args ?? [])
      if (!templateArgs.some(x => x.name === a.name))
        templateArgs.push(clone(a));
  }
  for (const incoming of buildArgs(ctx, analysis)) {
    const target = templateArgs.find(a => a.name === incoming.name);
    if (target) target.value = incoming.value;
  }
  for (const arg of templateArgs) {
    if (arg.value === undefined && !arg.valueFrom)
      throw new Error(`args.${arg.name} was not resolved`);
  }
  const runLabels = {
    ...labels,
    ...analysis.analysisRunMetadata?.labels,
    ...ctx.rollout.spec.selector?.matchLabels,
  };
  const run: KubeObject = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisRun',
    metadata: {
      name: baseName,
      namespace: ctx.namespace,
      labels: runLabels,
      annotations: {
        [REVISION_ANNOTATION]: revision,
        ...analysis.analysisRunMetadata?.annotations,
      },
      ownerReferences: [controllerRef(ctx.rollout)],
    },
    spec: JSON.parse(
      JSON.stringify({
        metrics,
        args: templateArgs.length ? templateArgs : undefined,
        dryRun: analysis.dryRun,
        measurementRetention: analysis.measurementRetention,
      }),
    ),
  };
  for (let collision = 1; ; collision++) {
    try {
      return ctx.cluster.create(ANALYSISRUNS, ctx.namespace, run);
    } catch (e) {
      if (!(e instanceof ApiError) || e.reason !== 'AlreadyExists') throw e;
      const existing = ctx.cluster.get(
        ANALYSISRUNS,
        ctx.namespace,
        run.metadata.name!,
      );
      const sameOwner = existing.metadata.ownerReferences?.some(
        r => r.uid === ctx.rollout.metadata.uid,
      );
      if (
        !isCompleted(existing) &&
        sameOwner &&
        JSON.stringify(existing.spec) === JSON.stringify(run.spec)
      ) {
        return existing;
      }
      run.metadata.name = `${baseName}.${collision}`;
    }
  }
}
