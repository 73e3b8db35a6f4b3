// `deepseaguard export --db PATH --from T --to T --out DIR`: an evidence bundle for an
// inspector (DESIGN.md §7). The bundle is written even when the chain is broken, since the
// inspector needs it all the more, and then the command exits 3.
import { mkdirSync, readdirSync } from 'node:fs';

import { StoreReader, writeEvidence } from '../store/index.js';
import { UsageError, VerificationFailed } from '../errors.js';

export interface ExportOptions {
  db: string;
  from: string;
  to: string;
  out: string;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

export async function exportCommand(options: ExportOptions): Promise<number> {
  const fromMs = parseTime('--from', options.from, 'start');
  const toMs = parseTime('--to', options.to, 'end');
  if (fromMs > toMs) {
    throw new UsageError(
      `--to: expected a time not before --from (${options.from}), got "${options.to}"`,
    );
  }
  const reader = StoreReader.open(options.db);
  let manifest;
  try {
    prepareOutDir(options.out);
    manifest = writeEvidence(reader, { fromMs, toMs }, options.out, Date.now());
  } finally {
    reader.close();
  }

  const { counts, chain } = manifest;
  const summary =
    `${options.out}: ${counts.events} events, ${counts.fixes} fixes of ${counts.vehicles} ` +
    `vehicles, ${manifest.rulesets.length} rulesets, ${manifest.files.length} files`;
  if (!chain.verified) {
    throw new VerificationFailed(
      `${summary}; but the chain is broken at seq ${chain.broken_seq}: ${chain.problem}`,
    );
  }
  process.stdout.write(
    `${summary}; chain intact, head seq ${chain.head.seq} hash ${chain.head.hash}\n`,
  );
  return 0;
}

/**
 * An ISO 8601 time with its zone, or a date: a date starts at 00:00Z, and as `--to` it takes the
 * whole day. A time without a zone is refused: it would be read in the local zone.
 */
export function parseTime(option: string, text: string, edge: 'start' | 'end'): number {
  const ms = Date.parse(text);
  const valid = Number.isFinite(ms) && realDate(text.slice(0, 10));
  if (valid && ISO_DATE.test(text)) return edge === 'end' ? ms + DAY_MS - 1 : ms;
  if (valid && ISO_TIME.test(text)) return ms;
  throw new UsageError(
    `${option}: expected an ISO 8601 time with its zone (2022-10-15T14:00:00Z) or a date ` +
      `(2022-10-15), got "${text}"`,
  );
}

// Date.parse takes 2022-02-30 for 2 March
function realDate(date: string): boolean {
  const [y, m, d] = date.split('-').map(Number);
  const ms = Date.UTC(y ?? NaN, (m ?? NaN) - 1, d ?? NaN);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === date;
}

function prepareOutDir(dir: string): void {
  let entries: string[];
  try {
    mkdirSync(dir, { recursive: true });
    entries = readdirSync(dir);
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new UsageError(`--out: cannot create the directory "${dir}": ${why}`, 'DSG_USAGE', {
      cause: err,
    });
  }
  if (entries.length > 0) {
    throw new UsageError(
      `--out: expected a new or empty directory, got "${dir}" with ${entries.length} entries`,
    );
  }
}
