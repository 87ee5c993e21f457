/**
 * The signal channel on which the delivery backend announces that a Rollout,
 * or one of its ReplicaSets or AnalysisRuns, changed in a cluster. Pages that
 * show it load it again through the API, where the reader's permissions
 * apply, so a message names the Rollout and carries nothing of its state.
 *
 * @public
 */
export const ROLLOUT_CHANGE_CHANNEL = 'delivery:rollouts';

/**
 * A message on {@link ROLLOUT_CHANGE_CHANNEL}.
 *
 * @public
 */
export type RolloutChangeSignal = {
  cluster: string;
  namespace: string;
  /** Null when the changed object's Rollout could not be told. */
  rollout: string | null;
  /** The Rollout's `backstage.io/kubernetes-id` label, if it has one. */
  kubernetesId: string | null;
};
