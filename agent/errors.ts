// The errors by which a command names bad input (exit 2) or a failed verification (exit 3).
// They live outside cli/ because loaders shared with the daemon raise them too.
/** Bad usage or bad input named by the user: the CLI exits 2 with this message. */
export class UsageError extends Error {
  readonly code: string;

  constructor(message: string, code = 'DSG_USAGE', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UsageError';
    this.code = code;
  }
}

/** A failed verification (a broken chain, a mismatch): the CLI exits 3. */
export class VerificationFailed extends Error {
  readonly code = 'DSG_VERIFY_FAILED';

  constructor(message: string) {
    super(message);
    this.name = 'VerificationFailed';
  }
}
