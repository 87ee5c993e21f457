/**
 * A small evaluator for the expr-lang subset Argo Rollouts metric conditions
 * use (`result[0] >= 0.95`, `len(result) > 0 && all(result, {# < 0.05})`,
 * `isNaN(result[0]) || result[0] <= 0.5`, ...), with upstream's helper
 * functions (isNaN, isInf, asInt, asFloat, isNil, default).
 */

type Value = unknown;
type Node =
  | { kind: 'lit'; value: Value }
  | { kind: 'ident'; name: string }
  | { kind: 'hash' }
  | { kind: 'unary'; op: string; arg: Node }
  | { kind: 'binary'; op: string; left: Node; right: Node }
  | { kind: 'index'; target: Node; index: Node }
  | { kind: 'call'; callee: string; args: Node[] }
  | { kind: 'closure'; body: Node }
  | { kind: 'array'; items: Node[] };

const TOKEN_RE =
  /\s*(?:(\d+\.\d*(?:e[-+]?\d+)?|\.\d+(?:e[-+]?\d+)?|\d+(?:e[-+]?\d+)?)|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(&&|\|\||==|!=|<=|>=|[-+*/%<>!()[\],{}#])|([A-Za-z_][A-Za-z0-9_]*))/y;

function tokenize(input: string): string[] {
  const tokens: string[] = [];
  TOKEN_RE.lastIndex = 0;
  let pos = 0;
  while (pos < input.length) {
    if (/^\s*$/.test(input.slice(pos))) break;
    TOKEN_RE.lastIndex = pos;
    const m = TOKEN_RE.exec(input);
    if (!m)
      throw new Error(
        `unexpected token ${JSON.stringify(input.slice(pos).trim()[0])} (1:${
          pos + 1
        })`,
      );
    tokens.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
    pos = TOKEN_RE.lastIndex;
  }
  return tokens;
}

const BINARY: Record<string, number> = {
  '||': 1,
  or: 1,
  '&&': 2,
  and: 2,
  '==': 3,
  '!=': 3,
  '<': 3,
  '<=': 3,
  '>': 3,
  '>=': 3,
  in: 3,
  '+': 4,
  '-': 4,
  '*': 5,
  '/': 5,
  '%': 5,
};

class Parser {
  private i = 0;
  constructor(private readonly tokens: string[]) {}

  parse(): Node {
    const node = this.expression(0);
    if (this.i < this.tokens.length)
      throw new Error(`unexpected token ${this.tokens[this.i]}`);
    return node;
  }

  private peek(): string | undefined {
    return this.tokens[this.i];
  }

  private expect(token: string): void {
    if (this.tokens[this.i] !== token)
      throw new Error(
        `expected ${token} but got ${this.tokens[this.i] ?? 'EOF'}`,
      );
    this.i++;
  }

  private expression(minPrec: number): Node {
    let left = this.unary();
    for (;;) {
      const op = this.peek();
      const prec = op !== undefined ? BINARY[op] : undefined;
      if (prec === undefined || prec <= minPrec) return left;
      this.i++;
      const right = this.expression(prec);
      left = { kind: 'binary', op, left, right } as Node;
    }
  }

  private unary(): Node {
    const t = this.peek();
    if (t === '!' || t === 'not' || t === '-' || t === '+') {
      this.i++;
      return { kind: 'unary', op: t, arg: this.unary() };
    }
    return this.postfix(this.primary());
  }

  private postfix(nodeIn: Node): Node {
    let node = nodeIn;
    while (this.peek() === '[') {
      this.i++;
      const index = this.expression(0);
      this.expect(']');
      node = { kind: 'index', target: node, index };
    }
    return node;
  }

  private primary(): Node {
    const t = this.tokens[this.i++];
    if (t === undefined) throw new Error('unexpected end of expression');
    if (/^[\d.]/.test(t)) return { kind: 'lit', value: Number(t) };
    if (t[0] === '"' || t[0] === "'")
      return { kind: 'lit', value: t.slice(1, -1).replace(/\\(.)/g, '$1') };
    if (t === '(') {
      const node = this.expression(0);
      this.expect(')');
      return node;
    }
    if (t === '[') {
      const items: Node[] = [];
      while (this.peek() !== ']') {
        items.push(this.expression(0));
        if (this.peek() === ',') this.i++;
      }
      this.expect(']');
      return { kind: 'array', items };
    }
    if (t === '{') {
      const body = this.expression(0);
      this.expect('}');
      return { kind: 'closure', body };
    }
    if (t === '#') return { kind: 'hash' };
    if (t === 'true' || t === 'false')
      return { kind: 'lit', value: t === 'true' };
    if (t === 'nil') return { kind: 'lit', value: null };
    if (/^[A-Za-z_]/.test(t)) {
      if (this.peek() === '(') {
        this.i++;
        const args: Node[] = [];
        while (this.peek() !== ')') {
          args.push(this.expression(0));
          if (this.peek() === ',') this.i++;
        }
        this.expect(')');
        return { kind: 'call', callee: t, args };
      }
      return { kind: 'ident', name: t };
    }
    throw new Error(`unexpected token ${t}`);
  }
}

function num(v: Value, op: string): number {
  if (typeof v !== 'number')
    throw new Error(
      `invalid operation: ${op} (mismatched types ${typeName(v)} and float64)`,
    );
  return v;
}

function typeName(v: Value): string {
  if (Array.isArray(v)) return '[]float64';
  if (v === null || v === undefined) return '<nil>';
  const names: Record<string, string> = {
    number: 'float64',
    string: 'string',
    boolean: 'bool',
  };
  return names[typeof v] ?? 'interface {}';
}

function evaluate(node: Node, env: Record<string, Value>, hash?: Value): Value {
  switch (node.kind) {
    case 'lit':
      return node.value;
    case 'hash':
      return hash;
    case 'ident':
      if (!(node.name in env)) throw new Error(`unknown name ${node.name}`);
      return env[node.name];
    case 'array':
      return node.items.map(i => evaluate(i, env, hash));
    case 'closure':
      return node;
    case 'unary': {
      const v = evaluate(node.arg, env, hash);
      if (node.op === '!' || node.op === 'not') return !v;
      return node.op === '-' ? -num(v, node.op) : num(v, node.op);
    }
    case 'index': {
      const target = evaluate(node.target, env, hash);
      const index = num(evaluate(node.index, env, hash), '[]');
      if (!Array.isArray(target))
        throw new Error(`cannot index ${typeName(target)}`);
      const i = index < 0 ? target.length + index : index;
      if (i < 0 || i >= target.length)
        throw new Error(
          `index out of range: ${index} (array length is ${target.length})`,
        );
      return target[i];
    }
    case 'binary': {
      if (node.op === '||' || node.op === 'or')
        return (
          !!evaluate(node.left, env, hash) || !!evaluate(node.right, env, hash)
        );
      if (node.op === '&&' || node.op === 'and')
        return (
          !!evaluate(node.left, env, hash) && !!evaluate(node.right, env, hash)
        );
      const l = evaluate(node.left, env, hash);
      const r = evaluate(node.right, env, hash);
      switch (node.op) {
        case '==':
          return JSON.stringify(l) === JSON.stringify(r);
        case '!=':
          return JSON.stringify(l) !== JSON.stringify(r);
        case 'in':
          return (
            Array.isArray(r) &&
            r.some(x => JSON.stringify(x) === JSON.stringify(l))
          );
        case '<':
          return num(l, '<') < num(r, '<');
        case '<=':
          return num(l, '<=') <= num(r, '<=');
        case '>':
          return num(l, '>') > num(r, '>');
        case '>=':
          return num(l, '>=') >= num(r, '>=');
        case '+':
          return typeof l === 'string' && typeof r === 'string'
            ? l + r
            : num(l, '+') + num(r, '+');
        case '-':
          return num(l, '-') - num(r, '-');
        case '*':
          return num(l, '*') * num(r, '*');
        case '/':
          return num(l, '/') / num(r, '/');
        case '%':
          return num(l, '%') % num(r, '%');
        default:
          throw new Error(`unknown operator ${node.op}`);
      }
    }
    case 'call':
      return callFunction(node.callee, node.args, env, hash);
    default:
      throw new Error('bad expression');
  }
}

function callFunction(
  name: string,
  argNodes: Node[],
  env: Record<string, Value>,
  hash: Value,
): Value {
  const predicate = ['all', 'any', 'none', 'filter', 'count', 'map'];
  if (predicate.includes(name)) {
    const list = evaluate(argNodes[0], env, hash);
    const closure = argNodes[1];
    if (!Array.isArray(list) || closure?.kind !== 'closure')
      throw new Error(`${name}() expects an array and a predicate`);
    const results = list.map(item => evaluate(closure.body, env, item));
    switch (name) {
      case 'all':
        return results.every(Boolean);
      case 'any':
        return results.some(Boolean);
      case 'none':
        return !results.some(Boolean);
      case 'filter':
        return list.filter((_, i) => results[i]);
      case 'count':
        return results.filter(Boolean).length;
      default:
        return results;
    }
  }
  const args = argNodes.map(a => evaluate(a, env, hash));
  switch (name) {
    case 'len':
      if (Array.isArray(args[0]) || typeof args[0] === 'string')
        return (args[0] as unknown[] | string).length;
      throw new Error(`invalid argument for len (type ${typeName(args[0])})`);
    case 'isNaN':
      return Number.isNaN(num(args[0], 'isNaN'));
    case 'isInf':
      return !Number.isFinite(num(args[0], 'isInf')) && !Number.isNaN(args[0]);
    case 'asInt':
      return Math.trunc(Number(args[0]));
    case 'asFloat':
      return Number(args[0]);
    case 'abs':
      return Math.abs(num(args[0], 'abs'));
    case 'min':
      return Math.min(
        ...(Array.isArray(args[0])
          ? (args[0] as number[])
          : (args as number[])),
      );
    case 'max':
      return Math.max(
        ...(Array.isArray(args[0])
          ? (args[0] as number[])
          : (args as number[])),
      );
    case 'isNil':
      return env.result === null || env.result === undefined;
    case 'default':
      return env.result === null || env.result === undefined
        ? args[1]
        : env.result;
    default:
      throw new Error(`unknown func ${name}`);
  }
}

/** Evaluates a condition against `result`; throws on syntax or type errors (a measurement Error). */
export function evaluateCondition(condition: string, result: Value): boolean {
  const ast = new Parser(tokenize(condition)).parse();
  const out = evaluate(ast, { result });
  if (typeof out !== 'boolean')
    throw new Error(`expected bool, but got ${typeName(out)}`);
  return out;
}

/** evaluate.EvaluateResult: the measurement phase for a result. */
export function evaluateResult(
  result: Value,
  successCondition?: string,
  failureCondition?: string,
): 'Successful' | 'Failed' | 'Inconclusive' {
  const isEmpty =
    result === null ||
    result === undefined ||
    (Array.isArray(result) && result.length === 0);
  const run = (kind: string, expression: string) => {
    try {
      return evaluateCondition(expression, result);
    } catch (e) {
      const reason = isEmpty
        ? 'metric result is nil or empty: no data returned from the metric provider'
        : (e as Error).message;
      throw new Error(`could not evaluate ${kind} "${expression}": ${reason}`);
    }
  };
  let success = successCondition
    ? run('successCondition', successCondition)
    : false;
  let failure = failureCondition
    ? run('failureCondition', failureCondition)
    : false;
  if (!successCondition && !failureCondition) return 'Successful';
  if (successCondition && !failureCondition) failure = !success;
  if (!successCondition && failureCondition) success = !failure;
  if (failure) return 'Failed';
  if (!success) return 'Inconclusive';
  return 'Successful';
}
