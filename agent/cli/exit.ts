// How errors become exit codes and messages (DESIGN.md §7).
import { UsageError, VerificationFailed } from '../errors.js';

const EXIT_INTERNAL = 1;
const EXIT_BAD_INPUT = 2;
const EXIT_VERIFY = 3;

interface ProblemList {
  code: string;
  problems: readonly string[];
}

function isProblemList(err: unknown): err is Error & ProblemList {
  return (
    err instanceof Error &&
    typeof (err as Partial<ProblemList>).code === 'string' &&
    Array.isArray((err as Partial<ProblemList>).problems)
  );
}

/** Input errors from any layer carry a `DSG_` code; anything else is our own failure. */
function isInputError(err: unknown): boolean {
  if (err instanceof UsageError) return true;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('DSG_');
}

export function exitCodeOf(err: unknown): number {
  if (err instanceof VerificationFailed) return EXIT_VERIFY;
  if (isInputError(err)) return EXIT_BAD_INPUT;
  return EXIT_INTERNAL;
}

/** The message a user sees: every listed problem on its own line. */
export function formatError(err: unknown): string {
  if (isProblemList(err)) {
    const lines = err.problems.map((p) => `  - ${p}`);
    return `deepseaguard: ${err.message}\n${lines.join('\n')}\n`;
  }
  if (err instanceof Error && isInputError(err)) return `deepseaguard: ${err.message}\n`;
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  return `deepseaguard: internal error: ${detail}\n`;
}
