import fs from 'node:fs/promises';
import path from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { IacProblem } from '../IacProblem';

/** What the Terraform check looked at. */
export interface TerraformCheckSummary {
  modules: number;
  variableFiles: number;
}

interface Reference {
  name: string;
  path: string;
}

const VARIABLE_REFERENCE = /\bvar\.([A-Za-z_][A-Za-z0-9_-]*)/g;
const MODULE_META_ARGUMENTS = new Set([
  'source',
  'version',
  'providers',
  'count',
  'for_each',
  'depends_on',
]);

function appendPath(base: string, key: string | number) {
  if (typeof key === 'number') {
    return `${base}[${key}]`;
  }
  return base ? `${base}.${key}` : key;
}

/** Finds `var.x` in the interpolations hcl2json leaves in strings (`"${var.x}"`). */
function findVariableReferences(node: unknown, at: string, found: Reference[]) {
  if (typeof node === 'string') {
    if (node.includes('${')) {
      for (const match of node.matchAll(VARIABLE_REFERENCE)) {
        found.push({ name: match[1], path: at });
      }
    }
  } else if (Array.isArray(node)) {
    node.forEach((item, index) =>
      findVariableReferences(item, appendPath(at, index), found),
    );
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      findVariableReferences(value, appendPath(at, key), found);
    }
  }
}

function parseProblem(file: string, error: unknown): IacProblem {
  const message = (error as Error).message ?? String(error);
  const position = message.match(/:(\d+),(\d+)(?:-\d+)?:/);
  return {
    check: 'terraform',
    file,
    path: position ? `line ${position[1]}, column ${position[2]}` : '',
    message: `not valid HCL: ${message
      .replace(/^parse config: \[?/, '')
      .replace(/\]$/, '')}`,
  };
}

async function parseFile(root: string, file: string) {
  const contents = await fs.readFile(path.join(root, file), 'utf8');
  return parse(path.posix.basename(file), contents);
}

/**
 * Parses every Terraform module (each directory holding `.tf` files) with
 * hcl2json and checks that every `var.x` it references has a
 * `variable "x"` block, that every key of a `.tfvars` file is declared in the
 * module it configures (the nearest enclosing module directory), and that a
 * local `module` block passes only variables its source declares.
 */
export async function checkTerraform(options: {
  root: string;
  files: string[];
}): Promise<{ problems: IacProblem[]; summary: TerraformCheckSummary }> {
  const { root, files } = options;
  const problems: IacProblem[] = [];
  const moduleDirs = [
    ...new Set(
      files.filter(f => f.endsWith('.tf')).map(f => path.posix.dirname(f)),
    ),
  ];
  const declared = new Map<string, Set<string>>();
  const parsed = new Map<string, Record<string, any>>();

  for (const dir of moduleDirs) {
    const variables = new Set<string>();
    for (const file of files.filter(
      f => f.endsWith('.tf') && path.posix.dirname(f) === dir,
    )) {
      try {
        const body = await parseFile(root, file);
        parsed.set(file, body);
        Object.keys(body.variable ?? {}).forEach(name => variables.add(name));
      } catch (error) {
        problems.push(parseProblem(file, error));
      }
    }
    declared.set(dir, variables);
  }

  for (const [file, body] of parsed) {
    const dir = path.posix.dirname(file);
    const variables = declared.get(dir)!;
    const references: Reference[] = [];
    findVariableReferences(body, '', references);
    for (const reference of references) {
      if (!variables.has(reference.name)) {
        problems.push({
          check: 'terraform',
          file,
          path: reference.path,
          message: `references var.${reference.name}, but the module in ${
            dir === '.' ? 'the repository root' : dir
          } declares no variable "${reference.name}"`,
        });
      }
    }
    for (const [name, blocks] of Object.entries<any[]>(body.module ?? {})) {
      blocks.forEach((block, index) => {
        const source = block.source;
        if (typeof source !== 'string' || !source.startsWith('.')) {
          return;
        }
        const target = path.posix.normalize(path.posix.join(dir, source));
        const targetVariables = declared.get(target);
        if (!targetVariables) {
          problems.push({
            check: 'terraform',
            file,
            path: `module.${name}[${index}].source`,
            message: `local module source "${source}" has no .tf files`,
          });
          return;
        }
        for (const argument of Object.keys(block)) {
          if (
            !MODULE_META_ARGUMENTS.has(argument) &&
            !targetVariables.has(argument)
          ) {
            problems.push({
              check: 'terraform',
              file,
              path: `module.${name}[${index}].${argument}`,
              message: `module ${source} declares no variable "${argument}"`,
            });
          }
        }
      });
    }
  }

  const variableFiles = files.filter(f => /\.tfvars$/.test(f));
  for (const file of variableFiles) {
    let moduleDir: string | undefined;
    for (let dir = path.posix.dirname(file); ; dir = path.posix.dirname(dir)) {
      if (declared.has(dir)) {
        moduleDir = dir;
        break;
      }
      if (dir === '.' || dir === '/') {
        break;
      }
    }
    if (!moduleDir) {
      problems.push({
        check: 'terraform',
        file,
        path: '',
        message: 'no Terraform module encloses this variables file',
      });
      continue;
    }
    let values: Record<string, unknown>;
    try {
      values = await parseFile(root, file);
    } catch (error) {
      problems.push(parseProblem(file, error));
      continue;
    }
    for (const key of Object.keys(values)) {
      if (!declared.get(moduleDir)!.has(key)) {
        problems.push({
          check: 'terraform',
          file,
          path: key,
          message: `sets "${key}", but the module in ${
            moduleDir === '.' ? 'the repository root' : moduleDir
          } declares no such variable`,
        });
      }
    }
  }
  return {
    problems,
    summary: {
      modules: moduleDirs.length,
      variableFiles: variableFiles.length,
    },
  };
}
