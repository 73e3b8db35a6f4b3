// The store's schema and how a file is brought up to it. `PRAGMA user_version` holds the number
// of migrations applied; each migration runs in its own transaction, so a crash mid-upgrade
// leaves the file at the previous version.
import type { Database } from 'better-sqlite3';

import { StoreError } from './errors.js';

/** Marks a SQLite file as a DeepSeaGuard store ('DSG1'). */
export const APPLICATION_ID = 0x44534731;

const V1 = `
  CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID;

  -- The chained events (DESIGN.md §6). json is the event as stored; the columns beside it are
  -- copies for queries, checked against json by verify.
  CREATE TABLE events (
    seq INTEGER PRIMARY KEY,
    time_ms INTEGER NOT NULL,
    vehicle TEXT,
    kind TEXT NOT NULL,
    severity TEXT NOT NULL,
    json TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  );
  CREATE INDEX events_time ON events (time_ms);

  -- AUTOINCREMENT: ids never go back after the oldest rows are thinned, so the ruleset log
  -- can refer to positions in these tables.
  CREATE TABLE fixes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time_ms INTEGER NOT NULL,
    vehicle TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    depth_m REAL,
    altitude_m REAL,
    sog_mps REAL,
    cog_deg REAL,
    heading_deg REAL,
    quality INTEGER,
    hdop REAL,
    source TEXT NOT NULL
  );
  CREATE INDEX fixes_time ON fixes (time_ms);

  -- Every line received, in arrival order, so a mission can be re-run from it. Consecutive
  -- lines of one feed share a row (text joined by LF, which no line holds): a row per line
  -- made the journal most of the cost of storing a mission.
  CREATE TABLE raw_lines (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    feed TEXT NOT NULL,
    received_ms INTEGER NOT NULL,
    -- null when no line of the row had a logger's timestamp, else a JSON array, one per line
    logged_ms TEXT,
    lines INTEGER NOT NULL,
    text TEXT NOT NULL
  );

  -- The engine's last snapshot and the seq of the last event it had issued then.
  CREATE TABLE engine_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    saved_ms INTEGER NOT NULL,
    state TEXT NOT NULL
  );

  -- The zones and rules sources of every ruleset hash ever in force.
  CREATE TABLE rulesets (
    hash TEXT PRIMARY KEY,
    zones TEXT NOT NULL,
    rules TEXT NOT NULL,
    first_recorded_ms INTEGER NOT NULL
  ) WITHOUT ROWID;

  -- When each ruleset came into force, as positions in the event and fix streams.
  CREATE TABLE ruleset_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    hash TEXT NOT NULL REFERENCES rulesets (hash),
    recorded_ms INTEGER NOT NULL,
    after_seq INTEGER NOT NULL,
    after_fix_id INTEGER NOT NULL
  );

  -- What the MQTT forwarder sends (DESIGN.md §9): one row per event, enqueued in the event's
  -- transaction, or a telemetry payload. Rows leave only when sent, or, once sent, by thinning.
  CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    lane TEXT NOT NULL CHECK (lane IN ('critical', 'warning', 'info', 'telemetry')),
    seq INTEGER REFERENCES events (seq),
    payload TEXT,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'inflight', 'sent')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms INTEGER NOT NULL,
    created_ms INTEGER NOT NULL,
    sent_ms INTEGER,
    CHECK ((seq IS NULL) <> (payload IS NULL))
  );
  CREATE INDEX outbox_due ON outbox (lane, status, id);
`;

/** Migration n brings a file from user_version n to n + 1. Append; never edit a shipped one. */
const MIGRATIONS: readonly string[] = [V1];

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Opens the connection's pragmas and migrates the file. WAL lets `events`, `verify` and
 * `export` read while the agent writes.
 *
 * synchronous = FULL, the default: in WAL mode every commit is fsynced, so an event that the
 * caller prints or publishes after `appendEvents` returns survives a power loss, not only a
 * process crash. With NORMAL the last commits may roll back on power loss; the agent would then
 * reissue their seqs for different findings, and shore, which deduplicates on `<agent>:<seq>`,
 * would drop the new ones. Group commit keeps the cost to one fsync per batch (at most one per
 * 50 ms) plus one per event transaction. NORMAL is for replays of recorded logs, which can be
 * run again: a commit then survives a crash of the process but not of the machine.
 */
export function prepareWritable(db: Database, path: string, sync: 'full' | 'normal'): void {
  checkApplicationId(db, path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${sync === 'normal' ? 'NORMAL' : 'FULL'}`);
  db.pragma('foreign_keys = ON');
  // the writer appends and rarely reads back: a small page cache keeps the agent's resident
  // memory from creeping up with the file (the 2 MB default grew it by megabytes a day)
  db.pragma(`cache_size = -${WRITER_CACHE_KIB}`);
  migrate(db, path);
}

/** The writing connection's page cache, KiB. */
const WRITER_CACHE_KIB = 512;

/** Checks a file opened read-only: it must be a store this code can read. */
export function checkReadable(db: Database, path: string): void {
  checkApplicationId(db, path);
  const version = userVersion(db);
  if (version === 0) {
    throw new StoreError(
      'DSG_STORE_EMPTY',
      `${path}: expected a DeepSeaGuard store, got an empty database`,
    );
  }
  if (version > SCHEMA_VERSION) throw tooNew(path, version);
}

function migrate(db: Database, path: string): void {
  const from = userVersion(db);
  if (from > SCHEMA_VERSION) throw tooNew(path, from);

  for (let version = from; version < SCHEMA_VERSION; version++) {
    const sql = MIGRATIONS[version] ?? '';
    db.transaction(() => {
      db.exec(sql);
      if (version === 0) db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}

function checkApplicationId(db: Database, path: string): void {
  let id: number;
  try {
    id = db.pragma('application_id', { simple: true }) as number;
  } catch (err) {
    throw new StoreError(
      'DSG_STORE_NOT_A_STORE',
      `${path}: expected a SQLite store, got ${String(err)}`,
      err,
    );
  }
  if (id !== 0 && id !== APPLICATION_ID) {
    throw new StoreError(
      'DSG_STORE_NOT_A_STORE',
      `${path}: expected a DeepSeaGuard store (application_id ${APPLICATION_ID}), got ${id}`,
    );
  }
  if (id === 0 && userVersion(db) !== 0) {
    throw new StoreError(
      'DSG_STORE_NOT_A_STORE',
      `${path}: expected a DeepSeaGuard store, got another SQLite database`,
    );
  }
}

function userVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function tooNew(path: string, version: number): StoreError {
  return new StoreError(
    'DSG_STORE_TOO_NEW',
    `${path}: expected schema version ${SCHEMA_VERSION} or older, got ${version}; ` +
      'use the DeepSeaGuard release that wrote it',
  );
}
