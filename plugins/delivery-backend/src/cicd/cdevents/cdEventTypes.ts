/**
 * The CDEvents the delivery backend understands, as `subject.predicate`.
 * Any version of each is accepted; the fields read are those common to
 * CDEvents v0.4 and v0.5.
 */
export const SUPPORTED_CDEVENT_TYPES = [
  'pipelinerun.queued',
  'pipelinerun.started',
  'pipelinerun.finished',
  'taskrun.started',
  'taskrun.finished',
  'artifact.packaged',
  'artifact.published',
  'change.merged',
  'service.deployed',
  'service.upgraded',
  'service.rolledback',
  'service.removed',
  'environment.created',
  'incident.detected',
  'incident.resolved',
] as const;

export type CdEventType = (typeof SUPPORTED_CDEVENT_TYPES)[number];

const TYPE_PATTERN =
  /^dev\.cdevents\.([a-z]+)\.([a-z]+)\.(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/;

/** `dev.cdevents.pipelinerun.finished.0.2.0` → its parts, or a reason. */
export function parseCdEventType(
  type: string,
): { type: CdEventType; version: string } | { problem: string } {
  const match = TYPE_PATTERN.exec(type);
  if (!match) {
    return {
      problem: `"${type}" is not a CDEvents type (dev.cdevents.<subject>.<predicate>.<version>)`,
    };
  }
  const name = `${match[1]}.${match[2]}`;
  if (!(SUPPORTED_CDEVENT_TYPES as readonly string[]).includes(name)) {
    return {
      problem: `"${type}" is not a supported CDEvents type; supported: ${SUPPORTED_CDEVENT_TYPES.join(
        ', ',
      )}`,
    };
  }
  return { type: name as CdEventType, version: match[3] };
}

/** Types that place a service in an environment, in the deployment model. */
export const DEPLOYMENT_TYPES: readonly CdEventType[] = [
  'service.deployed',
  'service.upgraded',
  'service.rolledback',
  'service.removed',
];
