// Waiting on real processes: polls a probe until it gives a value (not `undefined`, not
// `false`), or fails naming what it waited for.
export async function until<T>(
  probe: () => T | undefined | false,
  what = 'a condition',
  timeoutMs = 10_000,
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
