// Checks the event chain of DESIGN.md §6 record by record and names the first that is broken:
// a gap in seq (a record deleted), an event whose own seq is not its row's (records
// reordered), a previous-hash link or a hash that does not match (a record edited), or query
// columns that disagree with the chained event. Records deleted from the end leave no gap; the
// engine state and the outbox, which refer to the last seq, catch that unless they were
// altered too, and the head published to shore catches it always.
import type { Database } from 'better-sqlite3';

import { chainHash, GENESIS_HASH } from './chain.js';
import type { ChainHead } from './types.js';

export type ChainReport =
  | { ok: true; count: number; head: ChainHead }
  | {
      ok: false;
      /** Records found intact before the break. */
      count: number;
      /** The first broken record, or the first missing one. */
      seq: number;
      problem: string;
      /** The last intact record. */
      head: ChainHead;
    };

interface EventRow {
  seq: number;
  time_ms: number;
  vehicle: string | null;
  kind: string;
  severity: string;
  json: string;
  prev_hash: string;
  hash: string;
}

/** Walks the whole chain from the genesis hash. */
export function verifyChain(db: Database): ChainReport {
  let head: ChainHead = { seq: 0, hash: GENESIS_HASH };
  const broken = (seq: number, problem: string): ChainReport => ({
    ok: false,
    count: head.seq,
    seq,
    problem,
    head,
  });

  const rows = db
    .prepare('SELECT * FROM events ORDER BY seq')
    .iterate() as IterableIterator<EventRow>;
  for (const row of rows) {
    const problem = checkRecord(row, head);
    if (problem) {
      rows.return?.();
      return broken(problem.seq, problem.text);
    }
    head = { seq: row.seq, hash: row.hash };
  }

  const tail = checkTail(db, head.seq);
  return tail ? broken(head.seq + 1, tail) : { ok: true, count: head.seq, head };
}

function checkRecord(row: EventRow, previous: ChainHead): { seq: number; text: string } | null {
  const expected = previous.seq + 1;
  if (row.seq !== expected) {
    const missing = row.seq - 1 === expected ? `${expected}` : `${expected}–${row.seq - 1}`;
    return { seq: expected, text: `record seq ${missing} is missing (next is seq ${row.seq})` };
  }

  let event: Record<string, unknown>;
  try {
    event = JSON.parse(row.json) as Record<string, unknown>;
  } catch {
    return { seq: row.seq, text: `record seq ${row.seq}: stored event is not valid JSON` };
  }
  if (event.seq !== row.seq) {
    return {
      seq: row.seq,
      text: `record seq ${row.seq} holds event seq ${String(event.seq)} (records reordered)`,
    };
  }

  if (row.prev_hash !== previous.hash) {
    return {
      seq: row.seq,
      text: `record seq ${row.seq}: previous hash does not match record seq ${previous.seq}`,
    };
  }
  if (chainHash(previous.hash, event) !== row.hash) {
    return {
      seq: row.seq,
      text: `record seq ${row.seq}: hash does not match its content (record edited)`,
    };
  }

  const column = disagreeingColumn(row, event);
  return column
    ? {
        seq: row.seq,
        text: `record seq ${row.seq}: column ${column} disagrees with the chained event`,
      }
    : null;
}

function disagreeingColumn(row: EventRow, event: Record<string, unknown>): string | null {
  if (row.time_ms !== Date.parse(String(event.time))) return 'time_ms';
  if (row.vehicle !== event.vehicle) return 'vehicle';
  if (row.kind !== event.kind) return 'kind';
  if (row.severity !== event.severity) return 'severity';
  return null;
}

// what else in the file names a seq beyond the last record
function checkTail(db: Database, lastSeq: number): string | null {
  const stateSeq = db.prepare('SELECT seq FROM engine_state WHERE id = 1').pluck().get() as
    number | undefined;
  if (stateSeq !== undefined && stateSeq > lastSeq) {
    const saved = `the saved engine state follows seq ${stateSeq}`;
    return `records after seq ${lastSeq} are missing: ${saved}`;
  }

  const outboxSeq = db.prepare('SELECT max(seq) FROM outbox').pluck().get() as number | null;
  if (outboxSeq !== null && outboxSeq > lastSeq) {
    return `records after seq ${lastSeq} are missing: the outbox refers to seq ${outboxSeq}`;
  }
  return null;
}
