/**
 * One reason why a scaffolded repository's infrastructure as code would be
 * rejected by the validation gate.
 *
 * @public
 */
export interface IacProblem {
  /** The check that found the problem. */
  check: 'kubernetes' | 'kustomize' | 'terraform' | 'workflow' | 'catalog';
  /** The file, relative to the validated directory, with `/` separators. */
  file: string;
  /** Where in the file: a dotted path such as `spec.strategy.canary.steps[0].setWeight`, or a line and column. */
  path: string;
  /** What is wrong. */
  message: string;
  /** For problems found in rendered output: the kustomization that rendered it. */
  renderedBy?: string;
}

/** Renders a problem as one line, the way the gate logs and reports it. */
export function formatIacProblem(problem: IacProblem): string {
  const where = problem.path
    ? `${problem.file} at ${problem.path}`
    : problem.file;
  const rendered = problem.renderedBy
    ? ` (as rendered by ${problem.renderedBy})`
    : '';
  return `${where}: ${problem.message}${rendered}`;
}

/** Converts a JSON pointer (`/spec/steps/0/setWeight`) into a dotted path (`spec.steps[0].setWeight`). */
export function pointerToPath(pointer: string): string {
  if (!pointer) {
    return '';
  }
  return pointer
    .split('/')
    .slice(1)
    .map(segment => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, segment) => {
      if (/^\d+$/.test(segment)) {
        return `${path}[${segment}]`;
      }
      const key = /^[A-Za-z_$][\w$-]*$/.test(segment)
        ? segment
        : `[${JSON.stringify(segment)}]`;
      if (key.startsWith('[')) {
        return `${path}${key}`;
      }
      return path ? `${path}.${key}` : key;
    }, '');
}

/** Removes duplicates, which arise when a base is rendered on its own and through each overlay. */
export function uniqueProblems(problems: IacProblem[]): IacProblem[] {
  const seen = new Set<string>();
  return problems.filter(problem => {
    const key = `${problem.check}\0${problem.file}\0${problem.path}\0${problem.message}`;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}
