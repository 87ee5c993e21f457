import { InputError } from '@backstage/errors';

/**
 * One term of a Kubernetes label selector in its query-string form
 * (k8s.io/apimachinery/pkg/labels.Parse): `a=b`, `a==b`, `a!=b`,
 * `a in (b,c)`, `a notin (b)`, `a`, `!a`.
 */
export interface LabelRequirement {
  key: string;
  operator: 'equals' | 'notEquals' | 'in' | 'notIn' | 'exists' | 'notExists';
  values: string[];
}

/** Splits on commas that are not inside `( )`. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  terms.push(current);
  return terms.map(t => t.trim()).filter(t => t.length > 0);
}

/**
 * Parses a label selector so that the watch-fed cache can answer it from
 * memory the way the API server would. The cache reads what a list call with
 * `?labelSelector=` would have returned, so the syntax is the API server's;
 * the only client-side matcher in `@kubernetes/client-node` works on the
 * structured `V1LabelSelector` form, not on this string form.
 */
export function parseLabelSelector(selector: string): LabelRequirement[] {
  return splitTerms(selector).map(term => {
    let match = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term);
    if (match) {
      return {
        key: match[1],
        operator: match[2] === 'in' ? 'in' : 'notIn',
        values: match[3]
          .split(',')
          .map(v => v.trim())
          .filter(v => v.length > 0),
      };
    }
    match = /^(\S+?)\s*(==|=|!=)\s*(\S*)$/.exec(term);
    if (match) {
      return {
        key: match[1],
        operator: match[2] === '!=' ? 'notEquals' : 'equals',
        values: [match[3]],
      };
    }
    match = /^(!?)\s*([^\s=!(),]+)$/.exec(term);
    if (match) {
      return {
        key: match[2],
        operator: match[1] ? 'notExists' : 'exists',
        values: [],
      };
    }
    throw new InputError(
      `Label selector '${selector}' cannot be parsed at '${term}'; use terms such as 'app=cart', 'tier in (web,api)' or '!canary', separated by commas`,
    );
  });
}

/** Whether labels satisfy every requirement, as the API server decides it. */
export function matchesLabels(
  requirements: LabelRequirement[],
  labels: Record<string, string> | undefined,
): boolean {
  const actual = labels ?? {};
  return requirements.every(({ key, operator, values }) => {
    const has = Object.prototype.hasOwnProperty.call(actual, key);
    switch (operator) {
      case 'equals':
        return has && actual[key] === values[0];
      case 'notEquals':
        return !has || actual[key] !== values[0];
      case 'in':
        return has && values.includes(actual[key]);
      case 'notIn':
        return !has || !values.includes(actual[key]);
      case 'exists':
        return has;
      case 'notExists':
        return !has;
      default:
        return false;
    }
  });
}
