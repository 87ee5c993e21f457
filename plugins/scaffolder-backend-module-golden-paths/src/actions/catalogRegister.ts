import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';

const ACTION_ID = 'goldenpath:catalog:register';

/** The entity a new repository is about: its component, else the first. */
function mainEntity(entities: Entity[]): Entity | undefined {
  return (
    entities.find(e => e.kind === 'Component') ??
    entities.find(e => !e.metadata.name.startsWith('generated-')) ??
    entities[0]
  );
}

/**
 * Creates the `goldenpath:catalog:register` action, which registers the
 * repository a golden path has just published in the catalog.
 *
 * It exists beside the built-in `catalog:register` because of who registers.
 * The built-in action calls the catalog on behalf of the person running the
 * template, and the portal's permission policy lets only the platform team
 * register locations (release rights rest on what the catalog says). By the
 * time that call reaches the permission policy, nothing shows that it came
 * through a golden path. This action registers as the scaffolder itself, and
 * only a repository on a configured git host, so that people get their new
 * service in the catalog through the templates the platform team registered,
 * and through nothing else.
 *
 * @public
 */
export function createCatalogRegisterAction(options: {
  auth: AuthService;
  catalog: CatalogService;
  integrations: ScmIntegrationRegistry;
}) {
  const { auth, catalog, integrations } = options;
  return createTemplateAction({
    id: ACTION_ID,
    description:
      'Registers a repository published by a golden path in the catalog, as the scaffolder',
    supportsDryRun: false,
    schema: {
      input: {
        repoContentsUrl: z =>
          z
            .string()
            .url()
            .describe(
              'The contents URL of the published repository, usually ${{ steps.publish.output.repoContentsUrl }}',
            ),
        catalogInfoPath: z =>
          z
            .string()
            .min(1)
            .default('catalog-info.yaml')
            .describe('The catalog file in the repository'),
      },
      output: {
        entityRef: z =>
          z.string().optional().describe('The registered main entity'),
        catalogInfoUrl: z =>
          z.string().describe('The catalog file registered as a location'),
      },
    },
    async handler(ctx) {
      const { repoContentsUrl, catalogInfoPath } = ctx.input;
      const integration = integrations.byUrl(repoContentsUrl);
      if (!integration) {
        throw new InputError(
          `repoContentsUrl ${repoContentsUrl} is on no git host configured under integrations; golden paths register only repositories on those`,
        );
      }
      const catalogInfoUrl = integration.resolveUrl({
        base: repoContentsUrl,
        url: catalogInfoPath,
      });
      ctx.logger.info(`Registering ${catalogInfoUrl} in the catalog`);
      const credentials: BackstageCredentials =
        await auth.getOwnServiceCredentials();
      await catalog.addLocation(
        { type: 'url', target: catalogInfoUrl },
        { credentials },
      );
      // The catalog answers a new location without its entities; a dry run
      // of the same location reads them, as the built-in action does.
      const result = await catalog.addLocation(
        { type: 'url', target: catalogInfoUrl, dryRun: true },
        { credentials },
      );
      ctx.output('catalogInfoUrl', catalogInfoUrl);
      const entity = mainEntity(result.entities);
      if (entity) {
        ctx.output('entityRef', stringifyEntityRef(entity));
      }
    },
  });
}
