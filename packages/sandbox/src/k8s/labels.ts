import { badRequest } from './errors';

/**
 * Label selectors in both forms Kubernetes uses: the query-string syntax of
 * `?labelSelector=` (k8s.io/apimachinery/pkg/labels.Parse) and the structured
 * `LabelSelector` of specs (matchLabels / matchExpressions).
 */

export type Operator =
  | 'in'
  | 'notin'
  | 'exists'
  | '!'
  | '='
  | '!='
  | 'gt'
  | 'lt';

export interface Requirement {
  key: string;
  operator: Operator;
  values: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{
    key: string;
    operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
    values?: string[];
  }>;
}

const KEY_RE =
  /^([a-z0-9A-Z][-a-z0-9A-Z_.]*\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;

function parseError(selector: string, detail: string) {
  return badRequest(
    `unable to parse requirement: found '${detail}', in selector "${selector}"`,
  );
}

/** Splits on commas that are not inside `( )`. */
function splitTopLevel(input: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of input) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map(p => p.trim()).filter(p => p.length > 0);
}

export function parseLabelSelector(
  selector: string | undefined,
): Requirement[] {
  if (!selector || !selector.trim()) {
    return [];
  }
  const requirements: Requirement[] = [];
  for (const part of splitTopLevel(selector)) {
    let m = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(part);
    if (m) {
      const values = m[3]
        .split(',')
        .map(v => v.trim())
        .filter(v => v.length > 0);
      requirements.push({ key: m[1], operator: m[2] as Operator, values });
      continue;
    }
    m = /^(!?)\s*([^=!<>\s]+)$/.exec(part);
    if (m) {
      requirements.push({
        key: m[2],
        operator: m[1] ? '!' : 'exists',
        values: [],
      });
      continue;
    }
    m = /^([^=!<>\s]+)\s*(==|=|!=|<|>)\s*([^=!<>\s]*)$/.exec(part);
    if (m) {
      const ops: Record<string, Operator> = {
        '!=': '!=',
        '<': 'lt',
        '>': 'gt',
      };
      const op: Operator = ops[m[2]] ?? '=';
      if ((op === 'lt' || op === 'gt') && Number.isNaN(Number(m[3]))) {
        throw parseError(selector, m[3]);
      }
      requirements.push({ key: m[1], operator: op, values: [m[3]] });
      continue;
    }
    throw parseError(selector, part);
  }
  for (const r of requirements) {
    if (!KEY_RE.test(r.key)) {
      throw badRequest(
        `unable to parse requirement: <nil>: Invalid value: "${r.key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
      );
    }
  }
  return requirements;
}

export function matchesRequirements(
  requirements: Requirement[],
  labels: Record<string, string> | undefined,
): boolean {
  const l = labels ?? {};
  return requirements.every(r => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const value = l[r.key];
    switch (r.operator) {
      case 'exists':
        return has;
      case '!':
        return !has;
      case '=':
        return has && value === r.values[0];
      case '!=':
        return !has || value !== r.values[0];
      case 'in':
        return has && r.values.includes(value);
      case 'notin':
        return !has || !r.values.includes(value);
      case 'gt':
        return has && Number(value) > Number(r.values[0]);
      case 'lt':
        return has && Number(value) < Number(r.values[0]);
      default:
        return false;
    }
  });
}

/** Converts a structured LabelSelector to requirements. */
export function selectorRequirements(selector: LabelSelector): Requirement[] {
  const out: Requirement[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    out.push({ key, operator: '=', values: [value] });
  }
  for (const e of selector.matchExpressions ?? []) {
    const ops: Record<string, Operator> = {
      In: 'in',
      NotIn: 'notin',
      Exists: 'exists',
    };
    const op: Operator = ops[e.operator] ?? '!';
    out.push({ key: e.key, operator: op, values: e.values ?? [] });
  }
  return out;
}

/**
 * Whether a structured selector matches. An empty selector matches everything,
 * a missing one nothing (as metav1.LabelSelectorAsSelector).
 */
export function selectorMatches(
  selector: LabelSelector | undefined | null,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector) {
    return false;
  }
  return matchesRequirements(selectorRequirements(selector), labels);
}

/** Like metav1.FormatLabelSelector: requirements sorted by key. */
export function formatLabelSelector(
  selector: LabelSelector | undefined,
): string {
  if (!selector) {
    return '<none>';
  }
  // Byte order, as Go's sort of requirement keys.
  const reqs = selectorRequirements(selector).sort(
    (a, b) => Number(a.key > b.key) - Number(a.key < b.key),
  );
  const rendered = reqs.map(r => {
    switch (r.operator) {
      case '=':
        return `${r.key}=${r.values[0]}`;
      case 'in':
        return `${r.key} in (${[...r.values].sort().join(',')})`;
      case 'notin':
        return `${r.key} notin (${[...r.values].sort().join(',')})`;
      case '!':
        return `!${r.key}`;
      default:
        return r.key;
    }
  });
  return rendered.length ? rendered.join(',') : '';
}
