// The canonical JSON the event chain is computed over: object keys sorted by UTF-16 code unit
// (the order of JavaScript's default sort), no whitespace, values written as JSON.stringify
// writes them. Any holder of an event (the store, a shore subscriber, an inspector with an
// evidence bundle) can recompute it from the event in whatever key order they received it.

/** Thrown for a value JSON cannot represent faithfully; carries the path to it. */
export class CanonicalJsonError extends Error {
  readonly code = 'DSG_CANONICAL_JSON';

  constructor(path: string, got: string) {
    super(`${path}: expected a JSON value, got ${got}`);
    this.name = 'CanonicalJsonError';
  }
}

/**
 * The canonical form of a JSON value. Refuses NaN, infinities, bigints, functions and
 * symbols, which JSON.stringify would silently turn into `null` or drop, so that what is
 * chained is exactly what a reader parses back.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

function write(value: unknown, path: string): string {
  if (value === null) return 'null';

  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(path, String(value));
      return JSON.stringify(value);
    case 'object':
      return Array.isArray(value) ? writeArray(value, path) : writeObject(value, path);
    default:
      throw new CanonicalJsonError(path, typeof value);
  }
}

function writeArray(values: readonly unknown[], path: string): string {
  const parts = values.map((v, i) => write(v, `${path}[${i}]`));
  return `[${parts.join(',')}]`;
}

function writeObject(value: object, path: string): string {
  // a Date and the like: use what JSON.stringify would use
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return write(withToJson.toJSON(), path);

  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    // an undefined member is absent, as in JSON.stringify
    if (member === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${write(member, `${path}.${key}`)}`);
  }
  return `{${parts.join(',')}}`;
}
