// `deepseaguard verify --db PATH`: checks the event chain (DESIGN.md §6); exit 3 naming the
// first broken record.
import { StoreReader } from '../store/index.js';
import { VerificationFailed } from '../errors.js';

export interface VerifyOptions {
  db: string;
}

export async function verifyCommand(options: VerifyOptions): Promise<number> {
  const reader = StoreReader.open(options.db);
  let report;
  try {
    report = reader.verify();
  } finally {
    reader.close();
  }

  if (!report.ok) {
    throw new VerificationFailed(
      `${options.db}: chain broken at seq ${report.seq}: ${report.problem} ` +
        `(${report.count} records intact before it, last intact hash ${report.head.hash})`,
    );
  }
  process.stdout.write(
    `${options.db}: chain intact: ${report.count} events, head seq ${report.head.seq} ` +
      `hash ${report.head.hash}\n`,
  );
  return 0;
}
