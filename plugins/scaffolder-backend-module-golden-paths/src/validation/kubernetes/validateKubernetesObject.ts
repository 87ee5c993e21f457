import { pointerToPath } from '../IacProblem';
import { kubernetesModelFor } from './kubernetesModels';

/** A schema violation of one Kubernetes object. */
export interface KubernetesObjectViolation {
  /** Dotted path inside the object, empty for the object as a whole. */
  path: string;
  message: string;
}

interface AjvError {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

function toViolation(error: AjvError): KubernetesObjectViolation {
  const base = pointerToPath(error.instancePath ?? '');
  const join = (child: unknown) =>
    base ? `${base}.${String(child)}` : String(child);
  if (error.keyword === 'required' && error.params?.missingProperty) {
    return { path: join(error.params.missingProperty), message: 'is required' };
  }
  if (
    error.keyword === 'additionalProperties' &&
    error.params?.additionalProperty
  ) {
    return {
      path: join(error.params.additionalProperty),
      message: 'is not a known field',
    };
  }
  if (error.keyword === 'enum' && Array.isArray(error.params?.allowedValues)) {
    return {
      path: base,
      message: `must be one of ${(error.params!.allowedValues as unknown[])
        .map(v => JSON.stringify(v))
        .join(', ')}`,
    };
  }
  return { path: base, message: error.message ?? 'is not valid' };
}

/**
 * Checks one object against the Kubernetes or Argo Rollouts schema of its
 * `apiVersion` and `kind`, using the `kubernetes-models` packages. A kind
 * without a schema is a violation too: the gate would otherwise wave through
 * a typo such as `kind: Rolout`.
 */
export function validateKubernetesObject(
  object: any,
): KubernetesObjectViolation[] {
  if (typeof object !== 'object' || object === null || Array.isArray(object)) {
    return [
      {
        path: '',
        message:
          'is not a Kubernetes object (expected a map with apiVersion and kind)',
      },
    ];
  }
  const violations: KubernetesObjectViolation[] = [];
  if (typeof object.apiVersion !== 'string') {
    violations.push({ path: 'apiVersion', message: 'is required' });
  }
  if (typeof object.kind !== 'string') {
    violations.push({ path: 'kind', message: 'is required' });
  }
  if (
    typeof object.metadata?.name !== 'string' ||
    object.metadata.name === ''
  ) {
    violations.push({ path: 'metadata.name', message: 'is required' });
  }
  if (violations.length > 0) {
    return violations;
  }
  const Model = kubernetesModelFor(object.apiVersion, object.kind);
  if (!Model) {
    return [
      {
        path: 'kind',
        message: `unknown kind ${object.kind} in ${object.apiVersion}: there is no schema to validate it against`,
      },
    ];
  }
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    const errors = (error as { errors?: AjvError[] }).errors;
    if (Array.isArray(errors) && errors.length > 0) {
      return errors.map(toViolation);
    }
    return [{ path: '', message: (error as Error).message }];
  }
}
