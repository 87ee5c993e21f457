import { AnalysisRun, ReplicaSet, Rollout } from '../rollouts/kubernetesTypes';

/**
 * Where Rollouts and what belongs to them are read from: a cluster's API
 * ({@link KubernetesClusterClient}, fresh, for actions) or the watch-fed cache
 * ({@link ClusterWatchCache}, from memory, for display).
 */
export interface RolloutObjectSource {
  readonly name: string;
  listRollouts(options: {
    namespace?: string;
    labelSelector: string;
  }): Promise<Rollout[]>;
  findRollout(
    namespace: string,
    name: string,
    labelSelector: string,
  ): Promise<Rollout | undefined>;
  listReplicaSets(
    namespace: string,
    labelSelector?: string,
  ): Promise<ReplicaSet[]>;
  listAnalysisRuns(
    namespace: string,
    labelSelector?: string,
  ): Promise<AnalysisRun[]>;
}
