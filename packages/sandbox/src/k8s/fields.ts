import { badRequest } from './errors';
import { ResourceType } from './resources';
import { KubeObject } from './types';

/**
 * Field selectors (`?fieldSelector=`). Like the real API server, only a few
 * fields per resource are selectable; others are rejected with 400.
 */

export interface FieldRequirement {
  field: string;
  value: string;
  negate: boolean;
}

const COMMON_FIELDS = ['metadata.name', 'metadata.namespace'];

const EXTRA_FIELDS: Record<string, string[]> = {
  events: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  pods: [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.nominatedNodeName',
  ],
  namespaces: ['status.phase'],
  replicasets: ['status.replicas'],
};

export function parseFieldSelector(
  rt: ResourceType,
  selector: string | undefined,
): FieldRequirement[] {
  if (!selector || !selector.trim()) {
    return [];
  }
  const allowed = [...COMMON_FIELDS, ...(EXTRA_FIELDS[rt.plural] ?? [])];
  return selector
    .split(',')
    .map(p => p.trim())
    .filter(p => p.length > 0)
    .map(part => {
      const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(part);
      if (!m) {
        throw badRequest(
          `invalid selector: '${selector}'; can't understand '${part}'`,
        );
      }
      const field = m[1].trim();
      if (!allowed.includes(field)) {
        throw badRequest(`field label not supported: ${field}`);
      }
      return { field, value: m[3].trim(), negate: m[2] === '!=' };
    });
}

function fieldValue(object: KubeObject, field: string): string {
  if (field === 'source') {
    return object.source?.component ?? object.reportingComponent ?? '';
  }
  let current: any = object;
  for (const part of field.split('.')) {
    current = current?.[part];
  }
  if (current === undefined || current === null) {
    return '';
  }
  return String(current);
}

export function matchesFields(
  requirements: FieldRequirement[],
  object: KubeObject,
): boolean {
  return requirements.every(r => {
    const equal = fieldValue(object, r.field) === r.value;
    return r.negate ? !equal : equal;
  });
}
