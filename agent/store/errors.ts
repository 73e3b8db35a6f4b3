/** A store that cannot be opened or used as asked. Codes start with `DSG_STORE_`. */
export class StoreError extends Error {
  readonly code: string;

  constructor(code: string, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'StoreError';
    this.code = code;
  }
}

const STORAGE_CODES = /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN)/;

/**
 * Is this a failure of the storage underneath (disk full, I/O error, remounted read-only)
 * rather than of our own logic? Those are reported and retried, never thrown at the engine.
 */
export function isStorageFailure(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && STORAGE_CODES.test(code);
}
