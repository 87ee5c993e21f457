import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { JsonObject } from '@backstage/types';
import request from 'supertest';
import { parse } from 'yaml';
import { scaffolderModuleGoldenPaths } from '../../module';
import { GOLDEN_PATH_TEMPLATE_VERSION_ANNOTATION } from '../../provenance/GoldenPathProvenance';

/** What the scaffolder's dry-run API answered. */
export interface DryRunResult {
  status: number;
  body: any;
  /** The workspace after the run, decoded. */
  files: Record<string, string>;
}

export interface ScaffolderDryRun {
  /**
   * Runs the `steps` of a template snippet (the YAML of an action example)
   * on a workspace holding `files`, with `parameters` as the form answers,
   * through the real scaffolder's dry-run: it renders the `${{ }}`
   * expressions and validates each step's input against the action's
   * schema, as a task does. A dry run names its template
   * `template:default/dry-run`.
   */
  run(options: {
    steps: string;
    files?: Record<string, string>;
    parameters?: JsonObject;
  }): Promise<DryRunResult>;
  stop(): Promise<void>;
}

/** The scaffolder backend with this module's actions. */
export async function startScaffolderDryRun(): Promise<ScaffolderDryRun> {
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleGoldenPaths,
      catalogServiceMock.factory({ entities: [] }),
      mockServices.rootConfig.factory({ data: {} }),
    ],
  });
  return {
    async run({ steps, files = {}, parameters = {} }) {
      const template = {
        apiVersion: 'scaffolder.backstage.io/v1beta3',
        kind: 'Template',
        metadata: {
          name: 'golden-paths-test',
          namespace: 'default',
          // As the catalog module annotates the templates it bundles.
          annotations: { [GOLDEN_PATH_TEMPLATE_VERSION_ANNOTATION]: '1.0.0' },
        },
        spec: {
          type: 'service',
          parameters: [],
          // A dry run starts from an empty workspace with the template's
          // files beside it; the first step copies them in, as a template's
          // fetch step does.
          steps: [
            ...(Object.keys(files).length
              ? [
                  {
                    id: 'workspace',
                    name: 'Workspace',
                    action: 'fetch:plain',
                    input: { url: './workspace' },
                  },
                ]
              : []),
            ...parse(steps).steps,
          ],
        },
      };
      const response = await request(backend.server)
        .post('/api/scaffolder/v2/dry-run')
        .send({
          template,
          values: parameters,
          secrets: {},
          directoryContents: Object.entries(files).map(([path, text]) => ({
            path: `workspace/${path}`,
            base64Content: Buffer.from(text, 'utf8').toString('base64'),
          })),
        });
      const written: Record<string, string> = {};
      for (const file of response.body.directoryContents ?? []) {
        written[file.path] = Buffer.from(file.base64Content, 'base64').toString(
          'utf8',
        );
      }
      return { status: response.status, body: response.body, files: written };
    },
    stop: () => backend.stop(),
  };
}
