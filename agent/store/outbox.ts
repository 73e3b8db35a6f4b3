// The forwarder's queue (DESIGN.md §9). An event's row is written in the event's own
// transaction, so nothing stored is ever missing from the queue; a row is marked sent only
// when the broker has acknowledged it, and rows in flight when the agent stopped are pending
// again at the next start: delivery is at least once, in seq order within a lane.
import type { Database, Statement } from 'better-sqlite3';

import type { Severity } from './types.js';

export type Lane = 'critical' | 'warning' | 'info' | 'telemetry';

export const LANES: readonly Lane[] = ['critical', 'warning', 'info', 'telemetry'];

/** An entry handed to the forwarder: an event's stored JSON or a telemetry payload. */
export interface OutboxEntry {
  id: number;
  lane: Lane;
  /** The event's seq; null for telemetry. */
  seq: number | null;
  payload: string;
  /** Attempts so far, this one included. */
  attempts: number;
}

/** Events go out on the lane of their severity. */
export function laneOf(severity: Severity): Lane {
  return severity;
}

/** The queue over one writable connection. */
export class Outbox {
  #db: Database;
  #now: () => number;
  #due: Statement;
  #mark: Statement;

  constructor(db: Database, now: () => number) {
    this.#db = db;
    this.#now = now;
    this.#due = db.prepare(
      'SELECT o.id, o.lane, o.seq, coalesce(o.payload, e.json) AS payload, o.attempts ' +
        'FROM outbox o LEFT JOIN events e ON e.seq = o.seq ' +
        "WHERE o.lane = ? AND o.status = 'pending' AND o.next_attempt_ms <= ? " +
        'ORDER BY o.id LIMIT ?',
    );
    this.#mark = db.prepare(
      "UPDATE outbox SET status = 'inflight', attempts = attempts + 1 WHERE id = ?",
    );
  }

  /** Puts rows left in flight by a previous run back in the queue. */
  static requeueInflight(db: Database): number {
    return db.prepare("UPDATE outbox SET status = 'pending' WHERE status = 'inflight'").run()
      .changes;
  }

  /** The oldest due entries of a lane, now marked in flight. */
  claim(lane: Lane, limit: number): OutboxEntry[] {
    return this.#db.transaction(() => {
      const rows = this.#due.all(lane, this.#now(), limit) as OutboxEntry[];
      for (const row of rows) this.#mark.run(row.id);
      return rows.map((row) => ({ ...row, attempts: row.attempts + 1 }));
    })();
  }

  /** The broker acknowledged these entries. */
  ack(ids: readonly number[]): void {
    const statement = this.#db.prepare(
      "UPDATE outbox SET status = 'sent', sent_ms = ? WHERE id = ?",
    );
    const now = this.#now();
    this.#db.transaction(() => {
      for (const id of ids) statement.run(now, id);
    })();
  }

  /** Sending failed: try these entries again at `nextAttemptMs`. */
  retry(ids: readonly number[], nextAttemptMs: number): void {
    const statement = this.#db.prepare(
      "UPDATE outbox SET status = 'pending', next_attempt_ms = ? WHERE id = ?",
    );
    this.#db.transaction(() => {
      for (const id of ids) statement.run(nextAttemptMs, id);
    })();
  }

  /** Unsent entries per lane, for the status topic. */
  backlog(): Record<Lane, number> {
    const rows = this.#db
      .prepare("SELECT lane, count(*) AS n FROM outbox WHERE status <> 'sent' GROUP BY lane")
      .all() as { lane: Lane; n: number }[];
    const counts: Record<Lane, number> = { critical: 0, warning: 0, info: 0, telemetry: 0 };
    for (const row of rows) counts[row.lane] = row.n;
    return counts;
  }
}
