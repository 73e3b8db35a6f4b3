// One commit of the store: everything pending goes into a single immediate transaction, in the
// order raw lines, fixes, telemetry, events with their outbox rows, the engine state, rulesets.
// The chain head advances only if the transaction commits.
import type { Database, Statement } from 'better-sqlite3';

import { chainHash } from './chain.js';
import { StoreError } from './errors.js';
import { laneOf } from './outbox.js';
import type { ChainHead, EngineFix, RawLine, RulesetSources, Severity } from './types.js';

/** An event checked and serialised, waiting for its commit. */
export interface PreparedEvent {
  seq: number;
  timeMs: number;
  vehicle: string | null;
  kind: string;
  severity: Severity;
  /** The stored text. */
  json: string;
  /** The stored text parsed back: what the chain hashes. */
  value: unknown;
}

export interface Batch {
  rawLines: readonly RawLine[];
  fixes: readonly EngineFix[];
  telemetry: readonly string[];
  events: readonly PreparedEvent[];
  state: { seq: number; json: string } | null;
  rulesets: readonly RulesetSources[];
}

/** Lines of one feed in a row of the journal. */
interface JournalChunk {
  feed: string;
  receivedMs: number;
  loggedMs: string | null;
  lines: number;
  text: string;
}

/** Runs of consecutive lines from the same feed, each run one journal row. */
function* journalChunks(lines: readonly RawLine[]): Generator<JournalChunk> {
  let start = 0;
  while (start < lines.length) {
    const feed = (lines[start] as RawLine).feed;
    let end = start + 1;
    while (end < lines.length && (lines[end] as RawLine).feed === feed) end++;
    const run = lines.slice(start, end);
    const logged = run.some((l) => l.loggedMs !== null) ? run.map((l) => l.loggedMs) : null;
    yield {
      feed,
      receivedMs: (lines[start] as RawLine).receivedMs,
      loggedMs: logged === null ? null : JSON.stringify(logged),
      lines: run.length,
      text: run.map((l) => l.text).join('\n'),
    };
    start = end;
  }
}

export class BatchWriter {
  #db: Database;
  #outbox: boolean;
  #raw: Statement;
  #fix: Statement;
  #event: Statement;
  #eventOutbox: Statement;
  #telemetry: Statement;
  #state: Statement;
  #lastSeq: Statement;

  constructor(db: Database, options: { outbox: boolean }) {
    this.#db = db;
    this.#outbox = options.outbox;
    this.#raw = db.prepare(
      'INSERT INTO raw_lines (feed, received_ms, logged_ms, lines, text) VALUES (?, ?, ?, ?, ?)',
    );
    this.#fix = db.prepare(
      'INSERT INTO fixes (time_ms, vehicle, lat, lon, depth_m, altitude_m, sog_mps, cog_deg, ' +
        'heading_deg, quality, hdop, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.#event = db.prepare(
      'INSERT INTO events (seq, time_ms, vehicle, kind, severity, json, prev_hash, hash) ' +
        'VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.#eventOutbox = db.prepare(
      'INSERT INTO outbox (lane, seq, next_attempt_ms, created_ms) VALUES (?, ?, ?, ?)',
    );
    this.#telemetry = db.prepare(
      'INSERT INTO outbox (lane, payload, next_attempt_ms, created_ms) ' +
        "VALUES ('telemetry', ?, ?, ?)",
    );
    this.#state = db.prepare(
      'INSERT OR REPLACE INTO engine_state (id, seq, saved_ms, state) VALUES (1, ?, ?, ?)',
    );
    this.#lastSeq = db.prepare('SELECT coalesce(max(seq), 0) FROM events').pluck();
  }

  /** Commits the batch after `head`; returns the new head. Throws what SQLite throws. */
  write(batch: Batch, head: ChainHead, nowMs: number): ChainHead {
    return this.#db
      .transaction((): ChainHead => {
        this.#checkHead(head);
        this.#writeRows(batch, nowMs);
        const next = this.#writeEvents(batch.events, head, nowMs);
        if (batch.state) this.#state.run(batch.state.seq, nowMs, batch.state.json);
        for (const ruleset of batch.rulesets) this.#writeRuleset(ruleset, next.seq, nowMs);
        return next;
      })
      .immediate();
  }

  // another process appending to the same file would fork the chain
  #checkHead(head: ChainHead): void {
    const lastSeq = this.#lastSeq.get() as number;
    if (lastSeq !== head.seq) {
      throw new StoreError(
        'STORE_CONCURRENT_WRITER',
        `store: expected the last event to be seq ${head.seq}, got ${lastSeq}; ` +
          'is another agent writing to this file?',
      );
    }
  }

  #writeRows(batch: Batch, nowMs: number): void {
    for (const chunk of journalChunks(batch.rawLines)) {
      this.#raw.run(chunk.feed, chunk.receivedMs, chunk.loggedMs, chunk.lines, chunk.text);
    }
    for (const f of batch.fixes) {
      this.#fix.run(
        f.timeMs,
        f.vehicle,
        f.latDeg,
        f.lonDeg,
        f.depthM,
        f.altitudeM,
        f.sogMps,
        f.cogDeg,
        f.headingDeg,
        f.quality,
        f.hdop,
        f.source,
      );
    }
    for (const payload of batch.telemetry) this.#telemetry.run(payload, nowMs, nowMs);
  }

  #writeEvents(events: readonly PreparedEvent[], head: ChainHead, nowMs: number): ChainHead {
    let current = head;
    for (const e of events) {
      const hash = chainHash(current.hash, e.value);
      this.#event.run(e.seq, e.timeMs, e.vehicle, e.kind, e.severity, e.json, current.hash, hash);
      if (this.#outbox) this.#eventOutbox.run(laneOf(e.severity), e.seq, nowMs, nowMs);
      current = { seq: e.seq, hash };
    }
    return current;
  }

  #writeRuleset(ruleset: RulesetSources, afterSeq: number, nowMs: number): void {
    const zones = JSON.stringify(ruleset.zones.map(({ file, text }) => ({ file, text })));
    const rules = JSON.stringify({ file: ruleset.rules.file, text: ruleset.rules.text });
    this.#db
      .prepare(
        'INSERT OR IGNORE INTO rulesets (hash, zones, rules, first_recorded_ms) ' +
          'VALUES (?, ?, ?, ?)',
      )
      .run(ruleset.hash, zones, rules, nowMs);

    const afterFixId = this.#db
      .prepare("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'fixes'), 0)")
      .pluck()
      .get() as number;
    this.#db
      .prepare(
        'INSERT INTO ruleset_log (hash, recorded_ms, after_seq, after_fix_id) VALUES (?, ?, ?, ?)',
      )
      .run(ruleset.hash, nowMs, afterSeq, afterFixId);
    this.#db
      .prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('ruleset', ?)")
      .run(ruleset.hash);
  }
}
