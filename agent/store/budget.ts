// The size budget: near it, rows are deleted oldest first, in this order: outbox rows already
// sent, then raw lines, then fixes. Events and unsent outbox rows are never deleted. Freed
// pages go to SQLite's free list and are reused, so the file stops growing rather than shrinks.
import type { Database, Statement } from 'better-sqlite3';

/** Thinning starts above this share of the budget... */
const HIGH_WATER = 0.95;
/** ...and stops below this one, so it runs seldom and in large steps. */
const LOW_WATER = 0.85;
/** When a write fails for want of space, each thinning step frees about this much. */
const FAILURE_STEP_BYTES = 256 * 1024;
const MIN_STEP_ROWS = 16;
/** Cell header, rowid and the time index entry a row adds beyond its values. */
const ROW_OVERHEAD_BYTES = { raw_lines: 24, fixes: 40 };

export interface Thinned {
  sent: number;
  rawLines: number;
  fixes: number;
}

/** The query behind usedBytes, prepared once per connection: it runs after every commit. */
const usedBytesQuery = new WeakMap<Database, Statement>();

/** Bytes held by live rows and indexes: the pages not on the free list. */
export function usedBytes(db: Database): number {
  let query = usedBytesQuery.get(db);
  if (!query) {
    query = db
      .prepare(
        'SELECT (p.page_count - f.freelist_count) * s.page_size ' +
          'FROM pragma_page_count() AS p, pragma_freelist_count() AS f, pragma_page_size() AS s',
      )
      .pluck();
    usedBytesQuery.set(db, query);
  }
  return query.get() as number;
}

/** Thins when the store is near `maxBytes`; returns what went. */
export function enforceBudget(db: Database, maxBytes: number): Thinned {
  const thinned: Thinned = { sent: 0, rawLines: 0, fixes: 0 };
  if (usedBytes(db) <= maxBytes * HIGH_WATER) return thinned;

  for (;;) {
    const excess = usedBytes(db) - maxBytes * LOW_WATER;
    if (excess <= 0) break;
    const step = thinStep(db, excess);
    if (!step) break;
    thinned.sent += step.sent;
    thinned.rawLines += step.rawLines;
    thinned.fixes += step.fixes;
  }
  return thinned;
}

/**
 * Deletes about `bytes` of the most expendable rows, oldest first, in its own transaction.
 * Null when only events and unsent outbox rows are left.
 */
export function thinStep(db: Database, bytes = FAILURE_STEP_BYTES): Thinned | null {
  return db
    .transaction((): Thinned | null => {
      const sent = db.prepare("DELETE FROM outbox WHERE status = 'sent'").run().changes;
      if (sent > 0) return { sent, rawLines: 0, fixes: 0 };

      const rawLines = deleteOldest(db, 'raw_lines', bytes);
      if (rawLines > 0) return { sent: 0, rawLines, fixes: 0 };

      const fixes = deleteOldest(db, 'fixes', bytes);
      if (fixes > 0) return { sent: 0, rawLines: 0, fixes };
      return null;
    })
    .immediate();
}

/** Deletes the oldest rows worth about `bytes`; returns how many lines or fixes went. */
function deleteOldest(db: Database, table: 'raw_lines' | 'fixes', bytes: number): number {
  // a journal row holds many lines, so one row can be a whole step
  const minRows = table === 'raw_lines' ? 1 : MIN_STEP_ROWS;
  const rows = Math.max(minRows, Math.ceil(bytes / rowBytes(db, table)));
  if (table === 'fixes')
    return db.prepare('DELETE FROM fixes ORDER BY id LIMIT ?').run(rows).changes;
  const lines = db
    .prepare(
      'SELECT coalesce(sum(lines), 0) FROM (SELECT lines FROM raw_lines ORDER BY id LIMIT ?)',
    )
    .pluck()
    .get(rows) as number;
  db.prepare('DELETE FROM raw_lines ORDER BY id LIMIT ?').run(rows);
  return lines;
}

// the space a row takes, estimated from the oldest few: its text, plus cell and index overhead
function rowBytes(db: Database, table: 'raw_lines' | 'fixes'): number {
  const values =
    table === 'raw_lines' ? 'length(feed) + length(text)' : 'length(vehicle) + length(source) + 88';
  const sql = `SELECT avg(${values}) FROM (SELECT * FROM ${table} ORDER BY id LIMIT 64)`;
  const payload = (db.prepare(sql).pluck().get() as number | null) ?? 0;
  return payload + ROW_OVERHEAD_BYTES[table];
}

/**
 * Limits the write-ahead log to a small share of a budget: it is checkpointed after that many
 * pages and truncated back to that size afterwards.
 */
export function walPagesFor(maxBytes: number, pageSize: number): number {
  return Math.max(16, Math.min(1000, Math.floor(maxBytes / pageSize / 20)));
}
