import { FieldError } from './errors';

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];

/**
 * The networking/v1 Ingress rules of pkg/apis/networking/validation that a
 * hand-written manifest trips over (pathType, absolute paths, backends),
 * worded as upstream.
 */
export function validateIngress(spec: any): FieldError[] {
  const errors: FieldError[] = [];
  if (!spec?.defaultBackend && !spec?.rules?.length) {
    errors.push({
      type: 'Invalid',
      field: 'spec.rules',
      value: [],
      detail: 'either `defaultBackend` or `rules` must be specified',
    });
  }
  if (spec?.defaultBackend)
    errors.push(...validateBackend(spec.defaultBackend, 'spec.defaultBackend'));
  (spec?.rules ?? []).forEach((rule: any, i: number) => {
    (rule?.http?.paths ?? []).forEach((path: any, j: number) => {
      const field = `spec.rules[${i}].http.paths[${j}]`;
      if (!path?.pathType) {
        errors.push({
          type: 'Required',
          field: `${field}.pathType`,
          detail: 'pathType must be specified',
        });
      } else if (!PATH_TYPES.includes(path.pathType)) {
        errors.push({
          type: 'NotSupported',
          field: `${field}.pathType`,
          value: path.pathType,
          detail: `supported values: ${PATH_TYPES.map(t => `"${t}"`).join(
            ', ',
          )}`,
        });
      } else if (
        path.pathType !== 'ImplementationSpecific' &&
        !String(path.path ?? '').startsWith('/')
      ) {
        errors.push({
          type: 'Invalid',
          field: `${field}.path`,
          value: path.path ?? '',
          detail: 'must be an absolute path',
        });
      }
      errors.push(...validateBackend(path?.backend, `${field}.backend`));
    });
  });
  return errors;
}

function validateBackend(backend: any, field: string): FieldError[] {
  if (!backend?.service && !backend?.resource) {
    return [
      {
        type: 'Invalid',
        field,
        value: '',
        detail: 'resource or service backend is required',
      },
    ];
  }
  const service = backend.service;
  if (service && !service.port?.name && !service.port?.number) {
    return [
      {
        type: 'Required',
        field: `${field}.service.port`,
        detail: 'port name or number is required',
      },
    ];
  }
  return [];
}
