import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

/**
 * The OpenAPI schemas of Argo Rollouts' published CRDs (v1.5.0's
 * install.yaml), as `@kubernetes-models/argo-rollouts` 0.3.2 ships them — the
 * same schemas the IaC gate validates manifests against. The package keeps
 * each schema private to the module of its model and hands it to its
 * validator when the model is first validated, so the module is evaluated here
 * with stand-ins for its imports that collect the schema instead.
 */

const KINDS = [
  'Rollout',
  'AnalysisRun',
  'AnalysisTemplate',
  'ClusterAnalysisTemplate',
  'Experiment',
] as const;

export type ArgoKind = (typeof KINDS)[number];

let loaded: Map<string, any> | undefined;

function modelDirectory(): string {
  return path.dirname(
    require.resolve(
      '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/Rollout',
    ),
  );
}

function loadSchema(dir: string, kind: string): any {
  const source = fs.readFileSync(path.join(dir, `${kind}.js`), 'utf8');
  let schema: any;
  const stubs = (name: string) => {
    if (name === '@kubernetes-models/validate') {
      return {
        register: (_id: string, s: unknown) => {
          schema = s;
        },
      };
    }
    if (name === '@kubernetes-models/base') {
      return {
        Model: class {},
        createTypeMetaGuard: () => () => false,
        setSchema: (_ctor: unknown, _id: string, add: () => void) => add(),
      };
    }
    // The ObjectMeta schema module: metadata is checked by objectMetaSchema below.
    return { addSchema: () => {} };
  };
  const module = { exports: {} };
  vm.runInNewContext(`(function (exports, require, module) {${source}\n})`, {})(
    module.exports,
    stubs,
    module,
  );
  if (!schema) throw new Error(`no schema found for ${kind}`);
  return schema;
}

/** The schema of an Argo Rollouts kind, or undefined for kinds without one. */
export function crdSchema(kind: string): any | undefined {
  if (!(KINDS as readonly string[]).includes(kind)) return undefined;
  if (!loaded) {
    const dir = modelDirectory();
    loaded = new Map(KINDS.map(k => [k, loadSchema(dir, k)]));
  }
  return loaded.get(kind);
}

const string = { type: 'string' };
const stringMap = { type: 'object', additionalProperties: string };

/** metav1.ObjectMeta's fields (the part of a custom resource the API server decodes itself). */
export const objectMetaSchema = {
  type: 'object',
  properties: {
    annotations: stringMap,
    creationTimestamp: string,
    deletionGracePeriodSeconds: { type: 'integer' },
    deletionTimestamp: string,
    finalizers: { type: 'array', items: string },
    generateName: string,
    generation: { type: 'integer' },
    labels: stringMap,
    managedFields: {
      type: 'array',
      items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    },
    name: string,
    namespace: string,
    ownerReferences: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          apiVersion: string,
          blockOwnerDeletion: { type: 'boolean' },
          controller: { type: 'boolean' },
          kind: string,
          name: string,
          uid: string,
        },
      },
    },
    resourceVersion: string,
    selfLink: string,
    uid: string,
  },
};
