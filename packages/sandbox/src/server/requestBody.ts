import YAML from 'yaml';
import { PatchType } from '../k8s/cluster';
import { badRequest, unsupportedMediaType } from '../k8s/errors';
import { mediaType } from '../util/http';
import { parseJson } from './http';

/** Decoding of request bodies: objects, patches and DeleteOptions. */

function parseYaml(raw: string): unknown {
  try {
    return YAML.parse(raw);
  } catch (e) {
    throw badRequest(`error decoding YAML: ${(e as Error).message}`);
  }
}

/**
 * Bodies of create/update: JSON or YAML. Protobuf and CBOR get 415 (kubectl's
 * typed generators send protobuf and do not fall back).
 */
export function parseBody(
  contentType: string | undefined,
  raw: string,
): unknown {
  const type = mediaType(contentType);
  if (type === '' || type === 'application/json' || type === '*/*')
    return parseJson(raw);
  if (type === 'application/yaml') return parseYaml(raw);
  throw unsupportedMediaType(['application/json', 'application/yaml']);
}

export function parsePatch(type: PatchType, raw: string): unknown {
  return type === 'apply' ? parseYaml(raw) : parseJson(raw);
}

/** DeleteOptions from the body and/or query parameters. */
export function deleteOptions(raw: string, q: URLSearchParams) {
  const body = raw.trim() ? (parseJson(raw) as any) : {};
  const grace = q.get('gracePeriodSeconds') ?? body.gracePeriodSeconds;
  return {
    propagationPolicy:
      q.get('propagationPolicy') ??
      body.propagationPolicy ??
      (body.orphanDependents ? 'Orphan' : undefined),
    gracePeriodSeconds:
      grace !== undefined && grace !== null ? Number(grace) : undefined,
    preconditions: body.preconditions,
    dryRun:
      q.getAll('dryRun').includes('All') ||
      (Array.isArray(body.dryRun) && body.dryRun.includes('All')),
  };
}
