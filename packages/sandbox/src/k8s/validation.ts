import { FieldError } from './errors';
import { validateIngress } from './ingressValidation';
import { selectorMatches } from './labels';
import { KubeObject, isPlainObject } from './types';

/**
 * The validation rules clients most often run into, with the upstream
 * wording (k8s.io/apimachinery/pkg/util/validation and the per-kind
 * validators). This is not the complete upstream validation.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

function validateName(plural: string, name: string): FieldError[] {
  if (plural === 'namespaces') {
    return DNS1123_LABEL.test(name) && name.length <= 63
      ? []
      : [
          {
            type: 'Invalid',
            field: 'metadata.name',
            value: name,
            detail: LABEL_MSG,
          },
        ];
  }
  if (plural === 'services') {
    return DNS1035_LABEL.test(name) && name.length <= 63
      ? []
      : [
          {
            type: 'Invalid',
            field: 'metadata.name',
            value: name,
            detail: DNS1035_MSG,
          },
        ];
  }
  return DNS1123_SUBDOMAIN.test(name) && name.length <= 253
    ? []
    : [
        {
          type: 'Invalid',
          field: 'metadata.name',
          value: name,
          detail: SUBDOMAIN_MSG,
        },
      ];
}

function validateLabels(labels: unknown, field: string): FieldError[] {
  if (labels === undefined) {
    return [];
  }
  if (!isPlainObject(labels)) {
    return [
      {
        type: 'Invalid',
        field,
        value: labels,
        detail: 'must be a map of strings',
      },
    ];
  }
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(labels)) {
    if (!QUALIFIED_NAME.test(key)) {
      errors.push({
        type: 'Invalid',
        field,
        value: key,
        detail:
          "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      });
    }
    if (
      typeof value !== 'string' ||
      !LABEL_VALUE.test(value) ||
      value.length > 63
    ) {
      errors.push({
        type: 'Invalid',
        field: `${field}`,
        value,
        detail:
          "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      });
    }
  }
  return errors;
}

function validateContainers(spec: any, path: string): FieldError[] {
  const containers = spec?.containers;
  if (!Array.isArray(containers) || containers.length === 0) {
    return [{ type: 'Required', field: `${path}.containers` }];
  }
  const errors: FieldError[] = [];
  containers.forEach((c: any, i: number) => {
    if (!c?.name) {
      errors.push({ type: 'Required', field: `${path}.containers[${i}].name` });
    }
    if (!c?.image) {
      errors.push({
        type: 'Required',
        field: `${path}.containers[${i}].image`,
      });
    }
  });
  return errors;
}

function validateWorkload(
  obj: KubeObject,
  existing?: KubeObject,
): FieldError[] {
  const spec = obj.spec ?? {};
  const errors: FieldError[] = [];
  if (!isPlainObject(spec.selector)) {
    errors.push({ type: 'Required', field: 'spec.selector' });
  } else if (!selectorMatches(spec.selector, spec.template?.metadata?.labels)) {
    errors.push({
      type: 'Invalid',
      field: 'spec.template.metadata.labels',
      value: spec.template?.metadata?.labels ?? {},
      detail: '`selector` does not match template `labels`',
    });
  }
  if (
    existing &&
    JSON.stringify(existing.spec?.selector) !== JSON.stringify(spec.selector)
  ) {
    errors.push({
      type: 'Invalid',
      field: 'spec.selector',
      value: spec.selector,
      detail: 'field is immutable',
    });
  }
  if (typeof spec.replicas === 'number' && spec.replicas < 0) {
    errors.push({
      type: 'Invalid',
      field: 'spec.replicas',
      value: spec.replicas,
      detail: 'must be greater than or equal to 0',
    });
  }
  errors.push(...validateContainers(spec.template?.spec, 'spec.template.spec'));
  return errors;
}

/** Returns field errors for a create (no `existing`) or update. */
export function validateObject(
  plural: string,
  obj: KubeObject,
  existing?: KubeObject,
): FieldError[] {
  const errors: FieldError[] = [];
  const name = obj.metadata.name;
  if (!name) {
    errors.push({
      type: 'Required',
      field: 'metadata.name',
      detail: 'name or generateName is required',
    });
  } else {
    errors.push(...validateName(plural, name));
  }
  errors.push(...validateLabels(obj.metadata.labels, 'metadata.labels'));
  switch (plural) {
    case 'pods':
      errors.push(...validateContainers(obj.spec, 'spec'));
      break;
    case 'services': {
      const type = obj.spec?.type ?? 'ClusterIP';
      const headless = obj.spec?.clusterIP === 'None';
      if (type !== 'ExternalName' && !headless && !obj.spec?.ports?.length) {
        errors.push({ type: 'Required', field: 'spec.ports' });
      }
      break;
    }
    case 'deployments':
    case 'replicasets':
      errors.push(...validateWorkload(obj, existing));
      break;
    case 'rollouts':
    case 'analysisruns':
    case 'analysistemplates':
      if (!isPlainObject(obj.spec)) {
        errors.push({ type: 'Required', field: 'spec' });
      }
      break;
    case 'ingresses':
      errors.push(...validateIngress(obj.spec));
      break;
    case 'configmaps':
      for (const key of Object.keys(obj.data ?? {})) {
        if (!/^[-._a-zA-Z0-9]+$/.test(key)) {
          errors.push({
            type: 'Invalid',
            field: 'data',
            value: key,
            detail:
              "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
          });
        }
      }
      break;
    default:
      break;
  }
  return errors;
}
