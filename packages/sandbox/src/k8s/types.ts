/**
 * Minimal structural types for the objects the sandbox stores.
 *
 * The API server is schema-less on purpose (like a CRD with
 * x-kubernetes-preserve-unknown-fields): bodies are kept as plain JSON, so the
 * types only name the metadata fields the server itself reads and writes.
 */

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: unknown[];
}

/** Any Kubernetes object. Bodies are untyped JSON by design. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: any;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';

/** One change recorded by the store, in resourceVersion order. */
export interface StoreEvent {
  type: Exclude<WatchEventType, 'BOOKMARK'>;
  /** Resource key, see ResourceType.key. */
  resource: string;
  object: KubeObject;
  /** The object before a MODIFIED change, so watches can filter transitions. */
  previous?: KubeObject;
  resourceVersion: number;
}

export { clone, isPlainObject } from '../util/json';

/** Kubernetes timestamps have second precision (RFC 3339, UTC). */
export function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

export function parseTime(value: unknown): number | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
