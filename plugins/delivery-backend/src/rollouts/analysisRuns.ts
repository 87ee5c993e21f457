import { AnalysisRunSummary } from '@internal/plugin-delivery-common';
import { AnalysisRun, revisionOf, Rollout } from './kubernetesTypes';

/** Enough history to judge a release without shipping every old run. */
const MAX_RUNS = 10;
const MAX_MEASUREMENTS = 10;

function isOwnedBy(run: AnalysisRun, rollout: Rollout): boolean {
  const uid = rollout.metadata.uid;
  return (run.metadata.ownerReferences ?? []).some(owner =>
    uid
      ? owner.uid === uid
      : owner.kind === 'Rollout' && owner.name === rollout.metadata.name,
  );
}

/** Argo Rollouts labels a step's AnalysisRun with the step's index. */
function stepIndexOf(run: AnalysisRun): number | undefined {
  const label = run.metadata.labels?.['step-index'];
  const index = label === undefined ? NaN : Number(label);
  return Number.isInteger(index) ? index : undefined;
}

/** The thresholds a metric's measurements are judged against, from the run's spec. */
function conditionsOf(
  run: AnalysisRun,
  metricName?: string,
): { successCondition?: string; failureCondition?: string } {
  const metric = run.spec?.metrics?.find(m => m.name === metricName);
  return {
    ...(metric?.successCondition && {
      successCondition: metric.successCondition,
    }),
    ...(metric?.failureCondition && {
      failureCondition: metric.failureCondition,
    }),
  };
}

function startOf(run: AnalysisRun): string {
  return run.status?.startedAt ?? run.metadata.creationTimestamp ?? '';
}

/**
 * The Rollout's AnalysisRuns (those it owns, as the CLI's
 * `getAnalysisRunInfo` selects them), newest first.
 */
export function summarizeAnalysisRuns(
  rollout: Rollout,
  runs: AnalysisRun[],
): AnalysisRunSummary[] {
  return runs
    .filter(run => isOwnedBy(run, rollout))
    .sort((a, b) => startOf(b).localeCompare(startOf(a)))
    .slice(0, MAX_RUNS)
    .map(run => ({
      name: run.metadata.name ?? '',
      phase: run.status?.phase ?? 'Pending',
      message: run.status?.message,
      revision: revisionOf(run),
      stepIndex: stepIndexOf(run),
      startedAt: run.status?.startedAt ?? run.metadata.creationTimestamp,
      metrics: (run.status?.metricResults ?? []).map(result => ({
        name: result.name ?? '',
        ...conditionsOf(run, result.name),
        phase: result.phase ?? 'Pending',
        successful: result.successful ?? 0,
        failed: result.failed ?? 0,
        inconclusive: result.inconclusive ?? 0,
        error: result.error ?? 0,
        message: result.message,
        measurements: (result.measurements ?? [])
          .slice(-MAX_MEASUREMENTS)
          .map(measurement => ({
            phase: measurement.phase ?? 'Pending',
            value: measurement.value,
            startedAt: measurement.startedAt,
            finishedAt: measurement.finishedAt,
          })),
      })),
    }));
}
