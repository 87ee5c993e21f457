import fs from 'node:fs/promises';
import path from 'node:path';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { JsonObject } from '@backstage/types';
import { z as zod } from 'zod/v3';
import {
  GOLDEN_PATH_PROVENANCE_FILE,
  GOLDEN_PATH_TEMPLATE_VERSION_ANNOTATION,
  GoldenPathProvenance,
  redactAnswers,
} from '../provenance/GoldenPathProvenance';
import { examples } from './provenanceWrite.examples';
import { parseActionInput } from './parseActionInput';

const ACTION_ID = 'goldenpath:provenance:write';

const inputSchema = (z: typeof zod) =>
  z.object({
    answers: z
      .record(z.unknown())
      .describe(
        'The form answers to record, usually ${{ parameters }}. Secrets are left out.',
      ),
    templateRef: z
      .string()
      .min(1)
      .optional()
      .describe("The template's entity ref. Defaults to the running template."),
    templateVersion: z
      .string()
      .min(1)
      .optional()
      .describe(
        `The template's version. Defaults to the running template's ${GOLDEN_PATH_TEMPLATE_VERSION_ANNOTATION} annotation.`,
      ),
    excludeAnswers: z
      .array(z.string())
      .optional()
      .describe('Further answer keys to leave out, at any depth.'),
    path: z
      .string()
      .min(1)
      .optional()
      .describe(
        `Where to write the record in the workspace. Defaults to ${GOLDEN_PATH_PROVENANCE_FILE}.`,
      ),
  });

/**
 * Creates the `goldenpath:provenance:write` action, which writes
 * `.golden-path.json` into the workspace: the template ref and version, when
 * and by whom the repository was scaffolded, and the answers given (without
 * secrets), so that a later template version can be applied as an upgrade.
 *
 * @public
 */
export function createProvenanceWriteAction() {
  return createTemplateAction({
    id: ACTION_ID,
    description:
      'Writes .golden-path.json, recording the template, its version and the answers given (secrets excluded) for future template upgrades',
    examples,
    supportsDryRun: true,
    schema: {
      input: inputSchema,
      output: {
        path: z =>
          z.string().describe('The file written, relative to the workspace'),
        templateVersion: z =>
          z.string().describe('The template version recorded'),
      },
    },
    async handler(ctx) {
      const input = parseActionInput(ACTION_ID, inputSchema(zod), ctx.input);
      const templateRef = input.templateRef ?? ctx.templateInfo?.entityRef;
      if (!templateRef) {
        throw new InputError(
          `${ACTION_ID} needs templateRef: the task carries no template information`,
        );
      }
      const templateVersion =
        input.templateVersion ??
        ctx.templateInfo?.entity?.metadata.annotations?.[
          GOLDEN_PATH_TEMPLATE_VERSION_ANNOTATION
        ];
      if (!templateVersion) {
        throw new InputError(
          `${ACTION_ID} needs templateVersion: the template has no ${GOLDEN_PATH_TEMPLATE_VERSION_ANNOTATION} annotation`,
        );
      }
      const relativePath = input.path ?? GOLDEN_PATH_PROVENANCE_FILE;
      const target = resolveSafeChildPath(ctx.workspacePath, relativePath);
      const provenance: GoldenPathProvenance = {
        apiVersion: 'golden-paths/v1',
        templateRef,
        templateVersion,
        scaffoldedAt: new Date().toISOString(),
        ...(ctx.user?.ref ? { scaffoldedBy: ctx.user.ref } : {}),
        answers: redactAnswers(
          input.answers as JsonObject,
          Object.values(ctx.secrets ?? {}),
          input.excludeAnswers ?? [],
        ),
      };
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(
        target,
        `${JSON.stringify(provenance, null, 2)}\n`,
        'utf8',
      );
      ctx.logger.info(
        `Recorded ${templateRef} version ${templateVersion} in ${relativePath}`,
      );
      ctx.output('path', relativePath);
      ctx.output('templateVersion', templateVersion);
    },
  });
}
