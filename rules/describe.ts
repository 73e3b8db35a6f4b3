/** A value as an error message shows it after "got": JSON, shortened; `none` when absent. */
export function describe(value: unknown): string {
  if (value === undefined) return 'none';
  if (typeof value === 'number') return String(value);
  const json = JSON.stringify(value);
  return json.length > MAX_CHARS ? `${json.slice(0, MAX_CHARS - 3)}...` : json;
}

const MAX_CHARS = 60;
