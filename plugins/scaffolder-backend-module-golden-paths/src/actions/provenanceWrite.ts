import fs from 'node:fs/promises';
import path from 'node:path';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { JsonObject } from '@backstage/types';
import {
  GOLDEN_PATH_PROVENANCE_FILE,
  GOLDEN_PATH_TEMPLATE_VERSION_ANNOTATION,
  GoldenPathProvenance,
  redactAnswers,
} from '../provenance/GoldenPathProvenance';
import { examples } from './provenanceWrite.examples';

const ACTION_ID = 'goldenpath:provenance:write';

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
      input: {
        answers: z =>
          z
            .record(z.unknown())
            .describe(
              'The form answers to record, usually ${{ parameters }}. Secrets are left out.',
            ),
        templateRef: z =>
          z
            .string()
            .min(1)
            .optional()
            .describe(
              "The template's entity ref. Defaults to the running template.",
            ),
        templateVersion: z =>
          z
            .string()
            .min(1)
            .optional()
            .describe(
              `The template's version. Defaults to the running template's ${GOLDEN_PATH_TEMPLATE_VERSION_ANNOTATION} annotation.`,
            ),
        excludeAnswers: z =>
          z
            .array(z.string())
            .optional()
            .describe('Further answer keys to leave out, at any depth.'),
        path: z =>
          z
            .string()
            .min(1)
            .optional()
            .describe(
              `Where to write the record in the workspace. Defaults to ${GOLDEN_PATH_PROVENANCE_FILE}.`,
            ),
      },
      output: {
        path: z =>
          z.string().describe('The file written, relative to the workspace'),
        templateVersion: z =>
          z.string().describe('The template version recorded'),
      },
    },
    async handler(ctx) {
      // The scaffolder validates the input against the schema above before
      // a step runs, and refuses it naming the field.
      const { input } = ctx;
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
