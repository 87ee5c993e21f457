import { randomUUID } from 'node:crypto';
import { applyDefaults } from './defaults';
import {
  FieldValidation,
  WriteKind,
  enforceFieldValidation,
} from './fieldValidation';
import {
  ApiError,
  alreadyExists,
  badRequest,
  conflict,
  invalid,
  notFound,
  unsupportedMediaType,
} from './errors';
import { FieldRequirement, matchesFields } from './fields';
import { Requirement, matchesRequirements } from './labels';
import { applyJsonPatch } from './patch/jsonPatch';
import { applyMergePatch } from './patch/mergePatch';
import { serverSideApply } from './patch/serverSideApply';
import { applyStrategicMergePatch } from './patch/strategicMerge';
import {
  NAMESPACES,
  ResourceType,
  apiVersionOf,
  resourceKey,
} from './resources';
import { ObjectStore } from './store';
import { KubeObject, clone, formatTime, isPlainObject } from './types';
import { validateObject } from './validation';
import { deepEqual } from '../util/json';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export const PATCH_CONTENT_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

export interface WriteOptions {
  subresource?: 'status';
  dryRun?: boolean;
  fieldManager?: string;
  /** Requests through the API: how undeclared fields of custom resources are handled. */
  fieldValidation?: FieldValidation;
  /** Collects the warnings of `fieldValidation: Warn`. */
  warnings?: string[];
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: Requirement[];
  fieldSelector?: FieldRequirement[];
}

const GENERATE_NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

function randomSuffix(length = 5): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out +=
      GENERATE_NAME_CHARS[
        Math.floor(Math.random() * GENERATE_NAME_CHARS.length)
      ];
  }
  return out;
}

/** The part of an object whose change bumps metadata.generation. */
function generationContent(rt: ResourceType, obj: KubeObject): unknown {
  if (!rt.custom) {
    return obj.spec;
  }
  const { metadata: _m, status, ...rest } = obj;
  return rt.statusSubresource ? rest : { ...rest, status };
}

/**
 * One simulated cluster's API semantics on top of the object store: the
 * create/update/patch/delete rules of the real API server (preconditions,
 * generation, status subresource, defaulting, validation), shared by the HTTP
 * layer and by the simulated controllers.
 *
 * Returned objects are copies; `peek`/`peekList` return stored objects that
 * must not be mutated.
 */
export class Cluster {
  readonly store: ObjectStore;
  /** Called after an object is removed, to collect its dependents. */
  onDeleted?: (rt: ResourceType, object: KubeObject, policy: string) => void;

  constructor(
    readonly name: string,
    private readonly now: () => number,
    historyLimit?: number,
  ) {
    this.store = new ObjectStore(historyLimit);
  }

  peek(
    rt: ResourceType,
    namespace: string,
    name: string,
  ): KubeObject | undefined {
    return this.store.get(
      resourceKey(rt),
      rt.namespaced ? namespace : '',
      name,
    );
  }

  peekList(rt: ResourceType, namespace?: string): KubeObject[] {
    return this.store.list(
      resourceKey(rt),
      rt.namespaced ? namespace : undefined,
    );
  }

  get(rt: ResourceType, namespace: string, name: string): KubeObject {
    const obj = this.peek(rt, namespace, name);
    if (!obj) {
      throw notFound(rt, name);
    }
    return clone(obj);
  }

  tryGet(
    rt: ResourceType,
    namespace: string,
    name: string,
  ): KubeObject | undefined {
    const obj = this.peek(rt, namespace, name);
    return obj && clone(obj);
  }

  list(
    rt: ResourceType,
    options: ListOptions = {},
  ): { items: KubeObject[]; resourceVersion: string } {
    const items = this.peekList(rt, options.namespace)
      .filter(o =>
        matchesRequirements(options.labelSelector ?? [], o.metadata.labels),
      )
      .filter(o => matchesFields(options.fieldSelector ?? [], o))
      .map(o => clone(o));
    return { items, resourceVersion: String(this.store.resourceVersion) };
  }

  private checkBody(
    rt: ResourceType,
    namespace: string,
    body: unknown,
    name?: string,
  ): KubeObject {
    if (!isPlainObject(body)) {
      throw badRequest(
        `Object '${rt.kind}' is missing in '${JSON.stringify(body)}'`,
      );
    }
    const obj = clone(body) as KubeObject;
    if (obj.kind !== undefined && obj.kind !== rt.kind) {
      throw badRequest(
        `the kind in the data (${obj.kind}) does not match the expected kind (${rt.kind})`,
      );
    }
    if (obj.apiVersion !== undefined && obj.apiVersion !== apiVersionOf(rt)) {
      throw badRequest(
        `the API version in the data (${
          obj.apiVersion
        }) does not match the expected API version (${apiVersionOf(rt)})`,
      );
    }
    obj.apiVersion = apiVersionOf(rt);
    obj.kind = rt.kind;
    obj.metadata = isPlainObject(obj.metadata) ? obj.metadata : {};
    if (rt.namespaced) {
      if (obj.metadata.namespace && obj.metadata.namespace !== namespace) {
        throw badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      obj.metadata.namespace = namespace;
    } else {
      delete obj.metadata.namespace;
    }
    if (
      name !== undefined &&
      obj.metadata.name !== undefined &&
      obj.metadata.name !== name
    ) {
      throw badRequest(
        `the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    if (name !== undefined) {
      obj.metadata.name = name;
    }
    return obj;
  }

  private checkNamespace(rt: ResourceType, namespace: string): void {
    if (!rt.namespaced) {
      return;
    }
    const ns = this.peek(NAMESPACES, '', namespace);
    if (!ns) {
      throw notFound(NAMESPACES, namespace);
    }
    if (ns.status?.phase === 'Terminating') {
      throw new ApiError(
        403,
        'Forbidden',
        `${resourceKey(
          rt,
        )} is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
        { kind: rt.plural },
      );
    }
  }

  create(
    rt: ResourceType,
    namespace: string,
    body: unknown,
    options: WriteOptions = {},
  ): KubeObject {
    const obj = this.checkBody(rt, namespace, body);
    this.validateFields(rt, obj, options, 'create');
    this.checkNamespace(rt, namespace);
    if (!obj.metadata.name && obj.metadata.generateName) {
      obj.metadata.name = `${obj.metadata.generateName}${randomSuffix()}`;
    }
    const name = obj.metadata.name ?? '';
    if (name && this.peek(rt, namespace, name)) {
      throw alreadyExists(rt, name);
    }
    if (rt.statusSubresource && rt.plural !== 'namespaces') {
      delete obj.status;
    }
    // The uid comes first: the Job strategy writes it into the generated selector.
    obj.metadata.uid = randomUUID();
    applyDefaults(rt.plural, obj);
    const errors = validateObject(rt.plural, obj);
    if (errors.length) {
      throw invalid(rt, name, errors);
    }
    obj.metadata.creationTimestamp = formatTime(this.now());
    delete obj.metadata.deletionTimestamp;
    if (rt.generation) {
      obj.metadata.generation = 1;
    } else {
      delete obj.metadata.generation;
    }
    if (options.dryRun) {
      return obj;
    }
    return clone(this.store.put(resourceKey(rt), obj, 'ADDED'));
  }

  /** PUT semantics. With `subresource: 'status'` only the status is taken from the body. */
  update(
    rt: ResourceType,
    namespace: string,
    name: string,
    body: unknown,
    options: WriteOptions = {},
  ): KubeObject {
    const existing = this.peek(rt, namespace, name);
    if (!existing) {
      throw notFound(rt, name);
    }
    const obj = this.checkBody(rt, namespace, body, name);
    this.validateFields(rt, obj, options, 'update');
    const precondition = obj.metadata.resourceVersion;
    if (precondition && precondition !== existing.metadata.resourceVersion) {
      throw conflict(rt, name);
    }
    return this.write(rt, existing, obj, options);
  }

  private validateFields(
    rt: ResourceType,
    obj: unknown,
    options: WriteOptions,
    write: WriteKind,
  ): void {
    if (!options.fieldValidation) return;
    options.warnings?.push(
      ...enforceFieldValidation(rt, obj, options.fieldValidation, write),
    );
  }

  patch(
    rt: ResourceType,
    namespace: string,
    name: string,
    type: PatchType,
    patch: unknown,
    options: WriteOptions & { force?: boolean } = {},
  ): KubeObject {
    if (type === 'strategic' && rt.custom) {
      throw unsupportedMediaType([
        'application/json-patch+json',
        'application/merge-patch+json',
        'application/apply-patch+yaml',
      ]);
    }
    const existing = this.peek(rt, namespace, name);
    if (type === 'apply') {
      this.validateFields(rt, patch, options, 'apply');
      return this.apply(rt, namespace, name, existing, patch, options);
    }
    if (!existing) {
      throw notFound(rt, name);
    }
    let patched: unknown;
    if (type === 'json') {
      patched = applyJsonPatch(existing, patch);
    } else {
      if (!isPlainObject(patch)) {
        throw badRequest(
          'json: cannot unmarshal array into Go value of type map[string]interface {}',
        );
      }
      patched =
        type === 'merge'
          ? applyMergePatch(existing, patch)
          : applyStrategicMergePatch(rt.plural, existing, patch);
    }
    const obj = this.checkBody(rt, namespace, patched, name);
    this.validateFields(rt, obj, options, 'patch');
    const precondition = obj.metadata.resourceVersion;
    if (precondition && precondition !== existing.metadata.resourceVersion) {
      throw conflict(rt, name);
    }
    return this.write(rt, existing, obj, options);
  }

  private apply(
    rt: ResourceType,
    namespace: string,
    name: string,
    existing: KubeObject | undefined,
    patch: unknown,
    options: WriteOptions,
  ): KubeObject {
    if (!options.fieldManager) {
      throw new ApiError(
        422,
        'Invalid',
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
        {
          group: 'meta.k8s.io',
          kind: 'PatchOptions',
          causes: [
            {
              reason: 'FieldValueRequired',
              message: 'Required value: is required for apply patch',
              field: 'fieldManager',
            },
          ],
        },
      );
    }
    const applied = this.checkBody(rt, namespace, patch, name);
    const merged = serverSideApply({
      live: existing,
      applied,
      manager: options.fieldManager,
      plural: rt.plural,
      custom: rt.custom,
      now: this.now(),
    });
    if (!existing) {
      return this.create(rt, namespace, merged, options);
    }
    return this.write(rt, existing, merged, options);
  }

  /** Shared tail of update and patch: keep server-owned fields, default, validate, store. */
  private write(
    rt: ResourceType,
    existing: KubeObject,
    incoming: KubeObject,
    options: WriteOptions,
  ): KubeObject {
    let obj: KubeObject;
    if (options.subresource === 'status') {
      obj = { ...clone(existing), status: incoming.status };
    } else {
      obj = incoming;
      if (rt.statusSubresource) {
        obj.status = clone(existing.status);
      }
      const meta = obj.metadata;
      meta.uid = existing.metadata.uid;
      meta.creationTimestamp = existing.metadata.creationTimestamp;
      meta.deletionTimestamp = existing.metadata.deletionTimestamp;
      meta.managedFields ??= existing.metadata.managedFields;
      if (!meta.deletionTimestamp) {
        delete meta.deletionTimestamp;
      }
      if (!meta.managedFields) {
        delete meta.managedFields;
      }
      applyDefaults(rt.plural, obj, existing);
      const errors = validateObject(rt.plural, obj, existing);
      if (errors.length) {
        throw invalid(rt, existing.metadata.name!, errors);
      }
    }
    if (obj.status === undefined) {
      delete obj.status;
    }
    if (rt.generation) {
      const changed = !deepEqual(
        generationContent(rt, existing),
        generationContent(rt, obj),
      );
      obj.metadata.generation =
        (existing.metadata.generation ?? 1) + (changed ? 1 : 0);
    }
    obj.metadata.resourceVersion = existing.metadata.resourceVersion;
    if (deepEqual(obj, existing) || options.dryRun) {
      // Like the real server, a no-op write keeps the resourceVersion and emits no event.
      return clone(options.dryRun ? obj : existing);
    }
    if (obj.metadata.deletionTimestamp && !obj.metadata.finalizers?.length) {
      return this.removeNow(rt, obj, 'Background');
    }
    return clone(this.store.put(resourceKey(rt), obj, 'MODIFIED'));
  }

  /**
   * DELETE. Objects with finalizers (and pods, which terminate gracefully)
   * get a deletionTimestamp first; others are removed at once.
   */
  delete(
    rt: ResourceType,
    namespace: string,
    name: string,
    options: {
      propagationPolicy?: string;
      gracePeriodSeconds?: number;
      preconditions?: { uid?: string; resourceVersion?: string };
      dryRun?: boolean;
    } = {},
  ): KubeObject {
    const existing = this.peek(rt, namespace, name);
    if (!existing) {
      throw notFound(rt, name);
    }
    const pre = options.preconditions ?? {};
    if (pre.uid && pre.uid !== existing.metadata.uid) {
      throw conflict(
        rt,
        name,
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${existing.metadata.uid}`,
      );
    }
    if (
      pre.resourceVersion &&
      pre.resourceVersion !== existing.metadata.resourceVersion
    ) {
      throw conflict(
        rt,
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${existing.metadata.resourceVersion}`,
      );
    }
    if (options.dryRun) {
      return clone(existing);
    }
    const graceful =
      rt.plural === 'pods' && (options.gracePeriodSeconds ?? 1) > 0;
    if (existing.metadata.deletionTimestamp) {
      return clone(existing);
    }
    if (
      existing.metadata.finalizers?.length ||
      graceful ||
      rt.plural === 'namespaces'
    ) {
      const obj = clone(existing);
      obj.metadata.deletionTimestamp = formatTime(this.now());
      if (graceful) {
        obj.metadata.deletionGracePeriodSeconds =
          options.gracePeriodSeconds ??
          obj.spec?.terminationGracePeriodSeconds ??
          30;
      }
      if (rt.plural === 'namespaces') {
        obj.status = { ...obj.status, phase: 'Terminating' };
      }
      const stored = this.store.put(resourceKey(rt), obj, 'MODIFIED');
      this.onDeleted?.(rt, stored, options.propagationPolicy ?? 'Background');
      return clone(stored);
    }
    return this.removeNow(
      rt,
      existing,
      options.propagationPolicy ?? 'Background',
    );
  }

  /** Removes an object immediately (e.g. a terminated pod, a purged namespace). */
  removeNow(
    rt: ResourceType,
    object: KubeObject,
    policy = 'Background',
  ): KubeObject {
    const removed = this.store.remove(
      resourceKey(rt),
      object.metadata.namespace ?? '',
      object.metadata.name!,
    );
    if (!removed) {
      throw notFound(rt, object.metadata.name!);
    }
    this.onDeleted?.(rt, removed, policy);
    return clone(removed);
  }
}
