import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import { GateDecision } from './GateDecisionStore';

const TOPIC = 'delivery-release-gate';

/** The Delivery tab of an entity, where its gate is shown. */
export function deliveryTabOf(entityRef: string) {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${namespace}/${kind.toLocaleLowerCase(
    'en-US',
  )}/${name}/delivery`;
}

function groupRef(ref: string) {
  return stringifyEntityRef(
    parseEntityRef(ref, { defaultKind: 'group', defaultNamespace: 'default' }),
  );
}

/**
 * Tells people about the gate through Backstage notifications: release
 * managers when a release waits, owners when it is decided on or aborted.
 * A notification that cannot be sent is logged; it never undoes a decision.
 */
export class GateNotifier {
  readonly #notifications?: NotificationService;
  readonly #releaseManagers: string[];
  readonly #logger: LoggerService;

  constructor(options: {
    notifications?: NotificationService;
    releaseManagers: string[];
    logger: LoggerService;
  }) {
    this.#notifications = options.notifications;
    this.#releaseManagers = options.releaseManagers.map(groupRef);
    this.#logger = options.logger;
  }

  async waiting(release: {
    entityRef: string;
    cluster: string;
    namespace: string;
    rollout: string;
  }) {
    await this.#send({
      recipients: { type: 'entity', entityRef: this.#releaseManagers },
      payload: {
        title: `${
          parseEntityRef(release.entityRef).name
        } waits for approval in ${release.cluster}`,
        description: `The release of ${release.namespace}/${release.rollout} is paused at the release manager's gate; read its checks and approve or refuse it.`,
        link: deliveryTabOf(release.entityRef),
        severity: 'high',
        topic: TOPIC,
        scope: `gate:${release.cluster}/${release.namespace}/${release.rollout}`,
      },
    });
  }

  async decided(decision: GateDecision, owner?: string) {
    if (!owner || decision.decision === 'overridden') return;
    const what = decision.decision === 'approved' ? 'approved' : 'refused';
    await this.#send({
      recipients: {
        type: 'entity',
        entityRef: groupRef(owner),
        excludeEntityRef: decision.actor,
      },
      payload: {
        title: `Release of ${
          parseEntityRef(decision.entityRef).name
        } ${what} for ${decision.cluster}`,
        description: `${decision.actor} ${what} ${decision.images.join(', ')}${
          decision.reason ? `: ${decision.reason}` : ''
        }`,
        link: deliveryTabOf(decision.entityRef),
        severity: decision.decision === 'approved' ? 'normal' : 'high',
        topic: TOPIC,
      },
    });
  }

  async aborted(release: {
    entityRef: string;
    owner?: string;
    cluster: string;
    namespace: string;
    rollout: string;
    reason: string;
  }) {
    if (!release.owner) return;
    await this.#send({
      recipients: { type: 'entity', entityRef: groupRef(release.owner) },
      payload: {
        title: `Release of ${
          parseEntityRef(release.entityRef).name
        } aborted in ${release.cluster}`,
        description: release.reason,
        link: deliveryTabOf(release.entityRef),
        severity: 'critical',
        topic: TOPIC,
      },
    });
  }

  async #send(options: NotificationSendOptions) {
    if (!this.#notifications) return;
    try {
      await this.#notifications.send(options);
    } catch (error) {
      this.#logger.warn(
        `Could not send the notification "${options.payload.title}": ${error}`,
      );
    }
  }
}
