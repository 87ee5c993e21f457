import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleGitea from '@backstage/plugin-scaffolder-backend-module-gitea';
import scaffolderModuleGoldenPaths from '@internal/plugin-scaffolder-backend-module-golden-paths';
import request from 'supertest';
import { parse, parseAllDocuments } from 'yaml';
import { GoldenPathTemplateProvider } from '../../provider/GoldenPathTemplateProvider';

/** The git host the templates publish to in tests: the sandbox's default. */
export const GIT_HOST = 'localhost:7030';

export const TEMPLATES_DIR = path.resolve(__dirname, '../../../templates');

export const config = {
  integrations: {
    gitea: [{ host: GIT_HOST, baseUrl: `http://${GIT_HOST}` }],
  },
  catalog: {
    providers: {
      goldenPaths: {
        platform: {
          prometheusAddress: 'http://prometheus.monitoring.svc:9090',
        },
      },
    },
  },
};

/** The Template entities, as the catalog module provides them. */
export async function providedTemplates(
  templatesDir = TEMPLATES_DIR,
): Promise<Entity[]> {
  return GoldenPathTemplateProvider.fromConfig(new ConfigReader(config), {
    logger: mockServices.logger.mock(),
    templatesDir,
  }).readTemplates();
}

/** Every file of a template directory, as the dry-run API takes them. */
export async function directoryContents(dir: string) {
  const files: Array<{ path: string; base64Content: string }> = [];
  async function walk(relative: string) {
    for (const entry of await fs.readdir(path.join(dir, relative), {
      withFileTypes: true,
    })) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        await walk(child);
      } else {
        const content = await fs.readFile(path.join(dir, child));
        files.push({ path: child, base64Content: content.toString('base64') });
      }
    }
  }
  await walk('');
  return files;
}

/** Fills in the defaults of the form's fields, as the scaffolder's form does. */
export function withFormDefaults(
  template: Entity,
  answers: JsonObject,
): JsonObject {
  const values: JsonObject = {};
  for (const page of [(template.spec as any).parameters].flat()) {
    for (const [key, property] of Object.entries<any>(page.properties ?? {})) {
      if (property.default !== undefined) {
        values[key] = property.default;
      }
    }
  }
  return { ...values, ...answers };
}

/** The outcome of a dry run: its files decoded, its log and output. */
export interface DryRun {
  status: number;
  body: any;
  files: Record<string, string>;
  log: string[];
}

/**
 * Starts the real scaffolder backend with the golden-path actions, the Gitea
 * publish action and a catalog mock, and runs templates through its dry-run
 * API.
 */
export interface ScaffolderTestBackend {
  dryRun(
    template: Entity,
    answers: JsonObject,
    contents?: Array<{ path: string; base64Content: string }>,
  ): Promise<DryRun>;
  runTask(
    templateRef: string,
    answers: JsonObject,
    template: Entity,
  ): Promise<{ status: string; events: any[] }>;
  stop(): Promise<void>;
}

export async function startScaffolder(
  options: { entities?: Entity[] } = {},
): Promise<ScaffolderTestBackend> {
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleGitea,
      scaffolderModuleGoldenPaths,
      catalogServiceMock.factory({ entities: options.entities ?? [] }),
      mockServices.rootConfig.factory({ data: config }),
    ],
  });

  async function dryRun(
    template: Entity,
    answers: JsonObject,
    contents?: Array<{ path: string; base64Content: string }>,
  ): Promise<DryRun> {
    const location =
      template.metadata.annotations!['backstage.io/managed-by-location'];
    const templateDir = path.dirname(location.replace(/^file:/, ''));
    const response = await request(backend.server)
      .post('/api/scaffolder/v2/dry-run')
      .send({
        template,
        values: withFormDefaults(template, answers),
        secrets: {},
        directoryContents: contents ?? (await directoryContents(templateDir)),
      });
    const files: Record<string, string> = {};
    for (const file of response.body.directoryContents ?? []) {
      files[file.path] = Buffer.from(file.base64Content, 'base64').toString(
        'utf8',
      );
    }
    const log = (response.body.log ?? []).map(
      (entry: any) => entry.body.message,
    );
    return { status: response.status, body: response.body, files, log };
  }

  /** Runs a template from the catalog as a real task, until it ends. */
  async function runTask(
    templateRef: string,
    answers: JsonObject,
    template: Entity,
  ) {
    const created = await request(backend.server)
      .post('/api/scaffolder/v2/tasks')
      .send({
        templateRef,
        values: withFormDefaults(template, answers),
        secrets: {},
      });
    if (created.status !== 201) {
      throw new Error(`Task not created: ${JSON.stringify(created.body)}`);
    }
    const taskId = created.body.id;
    for (let attempt = 0; attempt < 300; attempt++) {
      const task = await request(backend.server).get(
        `/api/scaffolder/v2/tasks/${taskId}`,
      );
      if (['completed', 'failed', 'cancelled'].includes(task.body.status)) {
        const events = await request(backend.server).get(
          `/api/scaffolder/v2/tasks/${taskId}/events`,
        );
        return {
          status: task.body.status as string,
          events: events.body as any[],
        };
      }
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    throw new Error(`Task ${taskId} did not end`);
  }

  return { stop: () => backend.stop(), dryRun, runTask };
}

/** Where an executable is on the PATH, if it is. */
export function executable(name: string): string | undefined {
  try {
    return (
      execFileSync('sh', ['-c', `command -v ${name}`], {
        encoding: 'utf8',
      }).trim() || undefined
    );
  } catch {
    return undefined;
  }
}

/** Writes a dry run's files into a directory, to run tools on them. */
export async function writeFiles(dir: string, files: Record<string, string>) {
  for (const [file, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), content);
  }
}

/** Parses every YAML document of a generated file. */
export function yamlDocuments(text: string): any[] {
  return parseAllDocuments(text).map(d => (d as any).toJS());
}

export function yamlOf(text: string): any {
  return parse(text);
}
