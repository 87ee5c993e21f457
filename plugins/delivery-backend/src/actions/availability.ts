import { DeliveryAction } from '@internal/plugin-delivery-common';
import { whoMayActOnRollouts } from '@internal/plugin-permission-backend-module-portal-policy';
import { planAction } from '../rollouts/RolloutActionPlanner';
import { ReplicaSet, Rollout } from '../rollouts/kubernetesTypes';

/*
 * Why an action is unavailable, in one place: the rollouts read tells the
 * page what the caller may do and why not, and the action service refuses
 * with the same words. The rules themselves stay where they are decided —
 * the permission policy (who), the rollout ownership check (through which
 * entity), the action planner (which state), the release gate (its checks);
 * this module orders them and phrases the answer.
 */

/** What stands in the way of an action, first match wins in this order. */
export type RefusedBy = 'permission' | 'ownership' | 'state' | 'gate';

/** Whether the caller may take one action now, and if not, why. */
export interface ActionAvailability {
  action: DeliveryAction;
  allowed: boolean;
  refusedBy?: RefusedBy;
  reason?: string;
}

/** The action as a verb in a sentence ("may fully promote this service"). */
export const ACTION_VERBS: Record<DeliveryAction, string> = {
  promote: 'promote',
  promoteFull: 'fully promote',
  abort: 'abort',
  retry: 'retry',
  rollback: 'roll back',
};

/** The policy refused the caller: who may, as the policy grants it. */
export function notPermittedReason(
  action: DeliveryAction,
  owners?: string,
): string {
  const who = whoMayActOnRollouts(owners);
  return `Only ${who} may ${ACTION_VERBS[action]} this service.`;
}

/** Actions are taken by people; a service may read but not act. */
export const NOT_A_PERSON_REASON =
  'Only a signed-in person may act on rollouts; this request was made by a service.';

/**
 * Why the Rollout's state rules the action out, as the planner the action
 * service applies it with decides; undefined when the state allows it.
 */
export function stateRefusal(
  rollout: Rollout,
  owned: ReplicaSet[],
  action: DeliveryAction,
): string | undefined {
  const planned = planAction(rollout, owned, action);
  return planned.ok ? undefined : planned.reason;
}

/** Everything known about one action, gathered by the caller of `decide`. */
export interface ActionFacts {
  action: DeliveryAction;
  /** Undefined when the policy allows it; else the reason it does not. */
  notPermitted?: string;
  /** Why acting through this entity is refused, for every action. */
  notOwner?: string;
  /** Why the Rollout's state rules it out. */
  state?: string;
  /** Why the release gate holds it. */
  gate?: string;
}

/**
 * The answer for one action, in the order a person can do something about
 * it: who they are first, then the entity acted through, then the rollout's
 * state, then the gate.
 */
export function decide(facts: ActionFacts): ActionAvailability {
  const { action } = facts;
  const refusals: Array<[RefusedBy, string | undefined]> = [
    ['permission', facts.notPermitted],
    ['ownership', facts.notOwner],
    ['state', facts.state],
    ['gate', facts.gate],
  ];
  const first = refusals.find(([, reason]) => reason !== undefined);
  return first
    ? { action, allowed: false, refusedBy: first[0], reason: first[1] }
    : { action, allowed: true };
}
