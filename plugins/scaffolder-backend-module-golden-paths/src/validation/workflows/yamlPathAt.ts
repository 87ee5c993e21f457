import { isMap, isScalar, isSeq, parseDocument, Node } from 'yaml';

function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) {
      return -1;
    }
    offset = next + 1;
  }
  return offset + Math.max(column - 1, 0);
}

function contains(node: Node | null | undefined, offset: number): boolean {
  return !!node?.range && node.range[0] <= offset && offset <= node.range[2];
}

function join(path: string, key: string | number) {
  if (typeof key === 'number') {
    return `${path}[${key}]`;
  }
  return path ? `${path}.${key}` : key;
}

/**
 * The dotted path (`jobs.build.steps[1].uses`) of the YAML node at a line and
 * column, so that a linter's position reads as a place in the document.
 * Returns `line L, column C` when the position is outside any node.
 */
export function yamlPathAt(text: string, line: number, column: number): string {
  const document = parseDocument(text);
  const offset = offsetOf(text, line, column);
  if (offset < 0) {
    return `line ${line}, column ${column}`;
  }
  let node = document.contents as Node | null;
  let path = '';
  for (;;) {
    if (isMap(node)) {
      const pair = node.items.find(
        item =>
          contains(item.key as Node, offset) ||
          contains(item.value as Node, offset),
      );
      if (!pair) {
        break;
      }
      const key = isScalar(pair.key)
        ? String(pair.key.value)
        : String(pair.key);
      path = join(path, key);
      if (contains(pair.key as Node, offset)) {
        break;
      }
      node = pair.value as Node;
    } else if (isSeq(node)) {
      const index = node.items.findIndex(item =>
        contains(item as Node, offset),
      );
      if (index === -1) {
        break;
      }
      path = join(path, index);
      node = node.items[index] as Node;
    } else {
      break;
    }
  }
  return path || `line ${line}, column ${column}`;
}
