/*
 * Derives everything the delivery API's code needs from its one source,
 * src/schema/openapi.yaml:
 *
 *   - the TypeScript types of every schema and operation, for the backend and
 *     the frontend alike (plugins/delivery-common/src/schema/openapi.generated.ts,
 *     written by openapi-typescript);
 *   - the router's embedded spec, which validates every request at runtime
 *     (src/schema/openapi/generated/router.ts);
 *   - the endpoint map that types the router's handlers from those operation
 *     types (src/schema/openapi/generated/apis/Api.server.ts).
 *
 *   yarn workspace @internal/plugin-delivery-backend generate
 *
 * `backstage-repo-tools package schema openapi generate` would write the last
 * two, but it runs a Java generator downloaded at run time; openapi-typescript
 * and this file are plain JavaScript. src/schema/generated.test.ts fails when
 * the committed files differ from what this writes.
 */
import openapiTS, { astToString } from 'openapi-typescript';
import fs from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';

// prettier 2 ships no type declarations; these are the two calls used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const prettier: {
  resolveConfig(file: string): Promise<Record<string, unknown> | null>;
  format(source: string, options: Record<string, unknown>): string;
} = require('prettier');

const packageDir = path.resolve(__dirname, '..');
const specPath = path.join(packageDir, 'src/schema/openapi.yaml');
const COMMAND = 'yarn workspace @internal/plugin-delivery-backend generate';

/** Where each generated file goes, relative to the repository root. */
export const GENERATED_FILES = {
  types: 'plugins/delivery-common/src/schema/openapi.generated.ts',
  router: 'plugins/delivery-backend/src/schema/openapi/generated/router.ts',
  endpoints:
    'plugins/delivery-backend/src/schema/openapi/generated/apis/Api.server.ts',
} as const;

export const repoRoot = path.resolve(packageDir, '../..');

const HEADER = [
  '// Generated from plugins/delivery-backend/src/schema/openapi.yaml by',
  `// \`${COMMAND}\`.`,
  '// Do not edit: change openapi.yaml and run that command.',
  '',
].join('\n');

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface Operation {
  operationId?: string;
  parameters?: Array<{ in?: string; $ref?: string }>;
  requestBody?: unknown;
}

type Spec = {
  paths: Record<string, Partial<Record<string, Operation>>>;
  components?: { parameters?: Record<string, { in: string }> };
};

async function format(file: string, source: string): Promise<string> {
  const options = await prettier.resolveConfig(path.join(repoRoot, file));
  return prettier.format(source, { ...options, filepath: file });
}

async function renderTypes(yamlText: string): Promise<string> {
  const ast = await openapiTS(yamlText, { alphabetize: false });
  return `${HEADER}\n${astToString(ast)}`;
}

function renderRouter(spec: Spec): string {
  return `${HEADER}
import { createValidatedOpenApiRouterFromGeneratedEndpointMap } from '@backstage/backend-openapi-utils';
import { EndpointMap } from './apis/Api.server';

export const spec = ${JSON.stringify(spec, null, 2)} as const;

export const createOpenApiRouter = async (
  options?: Parameters<typeof createValidatedOpenApiRouterFromGeneratedEndpointMap>['1'],
) =>
  createValidatedOpenApiRouterFromGeneratedEndpointMap<EndpointMap>(spec, options);
`;
}

/**
 * The map `createValidatedOpenApiRouterFromGeneratedEndpointMap` types
 * handlers with, keyed `#<method>|<path>`, each entry pointing at the
 * operation types openapi-typescript wrote for the frontend.
 */
function renderEndpoints(spec: Spec): string {
  const parameterLocation = (p: { in?: string; $ref?: string }) =>
    p.$ref ? spec.components?.parameters?.[p.$ref.split('/').pop()!]?.in : p.in;
  const entries: string[] = [];
  const types: string[] = [];
  for (const [route, item] of Object.entries(spec.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const id = operation.operationId;
      if (!id) {
        throw new Error(`${method} ${route} has no operationId`);
      }
      const op = `DeliveryApiOperations['${id}']`;
      const locations = new Set(
        (operation.parameters ?? []).map(parameterLocation),
      );
      const fields = [
        locations.has('path') && `path: ${op}['parameters']['path'];`,
        locations.has('query') &&
          `query: NonNullable<${op}['parameters']['query']>;`,
        locations.has('header') &&
          `header: NonNullable<${op}['parameters']['header']>;`,
        operation.requestBody &&
          `body: NonNullable<${op}['requestBody']>['content']['application/json'];`,
        `response: ResponseBody<${op}>;`,
      ].filter(Boolean);
      types.push(
        `/** @public */\nexport type ${id} = {\n${fields.join('\n')}\n};`,
      );
      const key = method === 'delete' ? '_delete' : method;
      entries.push(`'#${key}|${route}': ${id};`);
    }
  }
  return `${HEADER}
import type { DeliveryApiOperations } from '@internal/plugin-delivery-common';

/** Any of the JSON bodies one operation answers with. */
type ResponseBody<Op extends { responses: object }> = {
  [Status in keyof Op['responses']]: Op['responses'][Status] extends {
    content: infer Content;
  }
    ? Content[keyof Content]
    : never;
}[keyof Op['responses']];

${types.join('\n\n')}

/** @public */
export type EndpointMap = {
${entries.join('\n')}
};
`;
}

/** The content of every generated file, keyed by its path from the repository root. */
export async function renderGeneratedFiles(): Promise<Record<string, string>> {
  const yamlText = await fs.readFile(specPath, 'utf8');
  const spec = YAML.parse(yamlText) as Spec;
  const files: Record<string, string> = {
    [GENERATED_FILES.types]: await renderTypes(yamlText),
    [GENERATED_FILES.router]: renderRouter(spec),
    [GENERATED_FILES.endpoints]: renderEndpoints(spec),
  };
  for (const [file, source] of Object.entries(files)) {
    files[file] = await format(file, source);
  }
  return files;
}

async function main() {
  for (const [file, content] of Object.entries(await renderGeneratedFiles())) {
    await fs.mkdir(path.dirname(path.join(repoRoot, file)), {
      recursive: true,
    });
    await fs.writeFile(path.join(repoRoot, file), content);
    process.stdout.write(`wrote ${file}\n`);
  }
}

if (require.main === module) {
  main().catch(error => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  });
}
