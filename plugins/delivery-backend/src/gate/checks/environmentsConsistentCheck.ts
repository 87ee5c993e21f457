import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UrlReaderService } from '@backstage/backend-plugin-api';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { KustomizeCommand, kustomizeBuild } from '@internal/kustomize';
import { GateCheck, GateCheckResult, GateContext } from '../GateCheck';
import { manifestDrift } from '../manifestDrift';
import {
  commitOfImage,
  SOURCE_LOCATION_ANNOTATION,
  sourceRepositoryOf,
} from '../sourceRepository';

const MAX_DRIFT_LINES = 20;

function show(value: unknown) {
  if (value === undefined) return 'absent';
  return JSON.stringify(value);
}

/**
 * *Environments consistent*: the gated and the staging overlays of the
 * service's repository, rendered with real kustomize at the candidate's
 * commit, differ only in fields declared environment-specific.
 */
export function environmentsConsistentCheck(options: {
  integrations: ScmIntegrationRegistry;
  urlReader: UrlReaderService;
  kustomize: KustomizeCommand;
  overlayPath: string;
}): GateCheck {
  return {
    id: 'environments-consistent',
    title: 'Environments consistent',
    async evaluate(ctx: GateContext): Promise<GateCheckResult> {
      const staging = ctx.stagingEnvironment;
      if (!staging) {
        return {
          state: 'unknown',
          summary:
            'No staging environment is configured to compare with (delivery.gate.stagingEnvironment)',
          evidence: [],
        };
      }
      const lookup = sourceRepositoryOf(ctx.entity, options.integrations);
      if (!lookup.found) {
        return {
          state: 'unknown',
          summary: `No manifests to compare: ${lookup.reason}`,
          evidence: [],
        };
      }
      const commit = ctx.candidate.images.map(commitOfImage).find(Boolean);
      const location = ctx.entity.metadata.annotations![
        SOURCE_LOCATION_ANNOTATION
      ].replace(/^url:/, '');
      const treeUrl = commit ? lookup.repository.treeUrl(commit) : location;
      const overlay = (env: string) =>
        options.overlayPath.replace('{environment}', env);

      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'delivery-gate-'));
      try {
        const tree = await options.urlReader.readTree(treeUrl);
        await tree.dir({ targetDir: dir });
        const [gated, stagingObjects] = await Promise.all([
          kustomizeBuild(
            options.kustomize,
            path.join(dir, overlay(ctx.environment)),
          ),
          kustomizeBuild(options.kustomize, path.join(dir, overlay(staging))),
        ]);
        const drift = manifestDrift(
          gated,
          stagingObjects,
          ctx.limits.environmentSpecificFields,
        );
        const at = `${commit ? `commit ${commit.slice(0, 7)}` : treeUrl}`;
        const evidence = [
          `rendered ${overlay(ctx.environment)} (${
            gated.length
          } objects) and ${overlay(staging)} (${
            stagingObjects.length
          } objects) at ${at}`,
          `environment-specific: ${ctx.limits.environmentSpecificFields.join(
            ', ',
          )}`,
          ...drift
            .slice(0, MAX_DRIFT_LINES)
            .map(d =>
              d.path
                ? `drift in ${d.object} ${d.path}: ${ctx.environment} ${show(
                    d.gated,
                  )}, ${staging} ${show(d.staging)}`
                : `drift: ${d.object} only in ${
                    d.gated ? ctx.environment : staging
                  }`,
            ),
        ];
        if (drift.length > MAX_DRIFT_LINES) {
          evidence.push(
            `… and ${drift.length - MAX_DRIFT_LINES} more differences`,
          );
        }
        return {
          state: drift.length === 0 ? 'open' : 'closed',
          summary:
            drift.length === 0
              ? `${ctx.environment} and ${staging} differ only in environment-specific fields`
              : `${drift.length} difference${
                  drift.length === 1 ? '' : 's'
                } between ${
                  ctx.environment
                } and ${staging} outside environment-specific fields`,
          evidence,
          link: treeUrl,
        };
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
    },
  };
}
