/**
 * Reading an untyped document (parsed YAML or JSON) field by field while collecting every
 * problem, so a mission file is refused once with all of its faults listed.
 */

/** Every problem found in one document, each as `file: path: expected X, got Y`. */
export class ProblemList {
  readonly file: string;
  readonly items: string[] = [];

  constructor(file: string) {
    this.file = file;
  }

  add(path: string, expected: string, got: unknown): void {
    const where = path === '' ? '(top level)' : path;
    this.items.push(`${this.file}: ${where}: expected ${expected}, got ${describe(got)}`);
  }

  /** A problem that is not about one value's form (a reference, an order). */
  note(path: string, message: string): void {
    this.items.push(`${this.file}: ${path}: ${message}`);
  }
}

/** A short rendering of a value for a message. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'a map';
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export type Doc = Record<string, unknown>;

export function isMap(value: unknown): value is Doc {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface NumberOptions {
  min?: number;
  max?: number;
  /** The lower bound itself is not allowed. */
  exclusiveMin?: boolean;
  integer?: boolean;
}

/** One map in the document, with its path, reporting into a shared problem list. */
export class MapReader {
  readonly fields: Doc;
  readonly path: string;
  readonly problems: ProblemList;

  constructor(value: Doc, path: string, problems: ProblemList) {
    this.fields = value;
    this.path = path;
    this.problems = problems;
  }

  at(key: string): string {
    return this.path === '' ? key : `${this.path}.${key}`;
  }

  has(key: string): boolean {
    return this.fields[key] !== undefined;
  }

  /** Reports every key not in `known`, so a misspelt field is not silently ignored. */
  only(known: readonly string[]): void {
    for (const key of Object.keys(this.fields)) {
      if (!known.includes(key)) this.problems.add(this.at(key), `one of ${known.join(', ')}`, key);
    }
  }

  number(key: string, what: string, options: NumberOptions = {}): number | null {
    const value = this.fields[key];
    if (value === undefined) return null;
    if (typeof value !== 'number' || !Number.isFinite(value) || !inRange(value, options)) {
      this.problems.add(this.at(key), describeRange(what, options), value);
      return null;
    }
    return value;
  }

  requiredNumber(key: string, what: string, options: NumberOptions = {}): number | null {
    if (!this.has(key)) {
      this.problems.add(this.at(key), describeRange(what, options), undefined);
      return null;
    }
    return this.number(key, what, options);
  }

  string(key: string, what: string, pattern?: RegExp): string | null {
    const value = this.fields[key];
    if (value === undefined) return null;
    if (typeof value !== 'string' || value === '' || (pattern && !pattern.test(value))) {
      this.problems.add(this.at(key), what, value);
      return null;
    }
    return value;
  }

  requiredString(key: string, what: string, pattern?: RegExp): string | null {
    if (!this.has(key)) {
      this.problems.add(this.at(key), what, undefined);
      return null;
    }
    return this.string(key, what, pattern);
  }

  oneOf<T extends string>(key: string, choices: readonly T[]): T | null {
    const value = this.fields[key];
    if (value === undefined) return null;
    if (!(choices as readonly unknown[]).includes(value)) {
      this.problems.add(this.at(key), `one of ${choices.join(', ')}`, value);
      return null;
    }
    return value as T;
  }

  boolean(key: string): boolean | null {
    const value = this.fields[key];
    if (value === undefined) return null;
    if (typeof value !== 'boolean') {
      this.problems.add(this.at(key), 'true or false', value);
      return null;
    }
    return value;
  }

  map(key: string, what: string, required = false): MapReader | null {
    const value = this.fields[key];
    if (value === undefined && !required) return null;
    if (!isMap(value)) {
      this.problems.add(this.at(key), what, value);
      return null;
    }
    return new MapReader(value, this.at(key), this.problems);
  }

  /** The list under `key` (absent: empty), each element handed to `each` with its path. */
  list<T>(key: string, what: string, each: (item: unknown, path: string) => T | null): T[] {
    const value = this.fields[key];
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      this.problems.add(this.at(key), what, value);
      return [];
    }
    const out: T[] = [];
    value.forEach((item, i) => {
      const parsed = each(item, `${this.at(key)}[${i}]`);
      if (parsed !== null) out.push(parsed);
    });
    return out;
  }
}

function inRange(value: number, o: NumberOptions): boolean {
  if (o.integer && !Number.isInteger(value)) return false;
  if (o.min !== undefined && (o.exclusiveMin ? value <= o.min : value < o.min)) return false;
  return o.max === undefined || value <= o.max;
}

function describeRange(what: string, o: NumberOptions): string {
  const kind = o.integer ? 'an integer' : 'a number';
  if (o.min !== undefined && o.max !== undefined) {
    return `${what}: ${kind} in ${o.exclusiveMin ? '(' : '['}${o.min}, ${o.max}]`;
  }
  if (o.min !== undefined) return `${what}: ${kind} ${o.exclusiveMin ? '>' : '>='} ${o.min}`;
  if (o.max !== undefined) return `${what}: ${kind} <= ${o.max}`;
  return `${what}: ${kind}`;
}
