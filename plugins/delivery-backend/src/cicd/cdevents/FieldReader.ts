/**
 * Reads typed fields out of untrusted JSON, collecting a problem per field
 * with its path, so a rejected event says which field is wrong and how.
 *
 * Written here rather than with a JSON schema validator because the
 * CDEvents schemas differ per spec version and per event version, and the
 * backend reads only a few of their fields: checking exactly those, by
 * path, gives the sender a message naming the field.
 */
export class FieldReader {
  readonly problems: string[] = [];

  constructor(private readonly prefix: string) {}

  private at(path: string) {
    return path ? `${this.prefix}.${path}` : this.prefix;
  }

  private lookup(root: unknown, path: string): unknown {
    let value = root;
    for (const key of path.split('.')) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        return undefined;
      }
      value = (value as Record<string, unknown>)[key];
    }
    return value;
  }

  object(
    root: unknown,
    path: string,
    required: boolean,
  ): Record<string, unknown> | undefined {
    const value = path ? this.lookup(root, path) : root;
    if (value === undefined || value === null) {
      if (required) this.problems.push(`${this.at(path)}: is required`);
      return undefined;
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.problems.push(
        `${this.at(path)}: must be an object, got ${describe(value)}`,
      );
      return undefined;
    }
    return value as Record<string, unknown>;
  }

  string(
    root: unknown,
    path: string,
    options: { required: boolean; maxLength?: number },
  ): string | undefined {
    const value = this.lookup(root, path);
    if (value === undefined || value === null) {
      if (options.required) this.problems.push(`${this.at(path)}: is required`);
      return undefined;
    }
    if (typeof value !== 'string') {
      this.problems.push(
        `${this.at(path)}: must be a string, got ${describe(value)}`,
      );
      return undefined;
    }
    if (options.required && value.length === 0) {
      this.problems.push(`${this.at(path)}: must not be empty`);
      return undefined;
    }
    const max = options.maxLength ?? 1024;
    if (value.length > max) {
      this.problems.push(
        `${this.at(path)}: is ${
          value.length
        } characters long, at most ${max} are accepted`,
      );
      return undefined;
    }
    return value;
  }

  /** An RFC 3339 timestamp, as epoch milliseconds. */
  timestamp(root: unknown, path: string): number | undefined {
    const value = this.string(root, path, { required: true, maxLength: 64 });
    if (value === undefined) return undefined;
    const ms = Date.parse(value);
    if (
      Number.isNaN(ms) ||
      !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(
        value,
      )
    ) {
      this.problems.push(
        `${this.at(path)}: "${value}" is not an RFC 3339 date-time`,
      );
      return undefined;
    }
    return ms;
  }

  oneOf<T extends string>(
    root: unknown,
    path: string,
    allowed: readonly T[],
  ): T | undefined {
    const value = this.string(root, path, { required: false, maxLength: 64 });
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value)) {
      this.problems.push(
        `${this.at(path)}: "${value}" is not one of ${allowed.join(', ')}`,
      );
      return undefined;
    }
    return value as T;
  }

  problem(path: string, message: string) {
    this.problems.push(`${this.at(path)}: ${message}`);
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
