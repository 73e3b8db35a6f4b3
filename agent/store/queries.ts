// Reads shared by the writer and read-only connections. Each reader pages through its table by
// key instead of holding a cursor open between yields, so a caller may write to the same
// connection while it iterates (better-sqlite3 refuses writes while a statement is iterating).
import type { Database } from 'better-sqlite3';

import { GENESIS_HASH } from './chain.js';
import type {
  ChainHead,
  ComplianceEvent,
  EventFilter,
  FixFilter,
  JournalEntry,
  RulesetRecord,
  SavedState,
  SourceText,
  StoredFix,
} from './types.js';

const PAGE_ROWS = 1000;

/** The last record of the chain. */
export function readHead(db: Database): ChainHead {
  const row = db.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1').get() as
    ChainHead | undefined;
  return row ?? { seq: 0, hash: GENESIS_HASH };
}

/** Stored events in seq order, in the shape of DESIGN.md §6. */
export function* readEvents(db: Database, filter: EventFilter = {}): Generator<ComplianceEvent> {
  const { where, params } = eventConditions(filter);
  const sql = `SELECT seq, json FROM events WHERE seq > @cursor${where} ORDER BY seq LIMIT @page`;
  const statement = db.prepare(sql);
  let remaining = filter.limit ?? Infinity;
  let cursor = filter.sinceSeq ?? 0;

  while (remaining > 0) {
    const page = Math.min(PAGE_ROWS, remaining);
    const rows = statement.all({ ...params, cursor, page }) as { seq: number; json: string }[];
    for (const row of rows) yield JSON.parse(row.json) as ComplianceEvent;
    if (rows.length < page) return;
    remaining -= rows.length;
    cursor = rows[rows.length - 1]?.seq ?? cursor;
  }
}

function eventConditions(filter: EventFilter): { where: string; params: Record<string, unknown> } {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  const add = (clause: string, name: string, value: unknown): void => {
    if (value === undefined) return;
    clauses.push(clause);
    params[name] = value;
  };

  add('vehicle = @vehicle', 'vehicle', filter.vehicle);
  add('kind = @kind', 'kind', filter.kind);
  add('severity = @severity', 'severity', filter.severity);
  add('time_ms >= @fromMs', 'fromMs', filter.fromMs);
  add('time_ms <= @toMs', 'toMs', filter.toMs);
  return { where: clauses.map((c) => ` AND ${c}`).join(''), params };
}

interface FixRow {
  id: number;
  time_ms: number;
  vehicle: string;
  lat: number;
  lon: number;
  depth_m: number | null;
  altitude_m: number | null;
  sog_mps: number | null;
  cog_deg: number | null;
  heading_deg: number | null;
  quality: number | null;
  hdop: number | null;
  source: string;
}

/** Stored fixes in the order they were stored. */
export function* readFixes(db: Database, filter: FixFilter = {}): Generator<StoredFix> {
  const clauses: string[] = [];
  if (filter.vehicle !== undefined) clauses.push('vehicle = @vehicle');
  if (filter.fromMs !== undefined) clauses.push('time_ms >= @fromMs');
  if (filter.toMs !== undefined) clauses.push('time_ms <= @toMs');
  const where = clauses.map((c) => ` AND ${c}`).join('');
  const statement = db.prepare(
    `SELECT * FROM fixes WHERE id > @cursor${where} ORDER BY id LIMIT ${PAGE_ROWS}`,
  );
  let cursor = 0;

  for (;;) {
    const rows = statement.all({ ...filter, cursor }) as FixRow[];
    for (const row of rows) yield fixFromRow(row);
    if (rows.length < PAGE_ROWS) return;
    cursor = rows[rows.length - 1]?.id ?? cursor;
  }
}

function fixFromRow(row: FixRow): StoredFix {
  return {
    id: row.id,
    timeMs: row.time_ms,
    vehicle: row.vehicle,
    latDeg: row.lat,
    lonDeg: row.lon,
    depthM: row.depth_m,
    altitudeM: row.altitude_m,
    sogMps: row.sog_mps,
    cogDeg: row.cog_deg,
    headingDeg: row.heading_deg,
    quality: row.quality,
    hdop: row.hdop,
    source: row.source,
  };
}

interface JournalRow {
  id: number;
  feed: string;
  receivedMs: number;
  loggedMs: string | null;
  text: string;
}

/**
 * The raw journal in arrival order, line by line, from after the row `afterId`. Lines stored
 * in one row share its id and its receive time.
 */
export function* readJournal(db: Database, afterId = 0): Generator<JournalEntry> {
  const statement = db.prepare(
    'SELECT id, feed, received_ms AS receivedMs, logged_ms AS loggedMs, text FROM raw_lines ' +
      `WHERE id > ? ORDER BY id LIMIT ${PAGE_ROWS}`,
  );
  let cursor = afterId;

  for (;;) {
    const rows = statement.all(cursor) as JournalRow[];
    for (const row of rows) yield* journalLines(row);
    if (rows.length < PAGE_ROWS) return;
    cursor = rows[rows.length - 1]?.id ?? cursor;
  }
}

function* journalLines(row: JournalRow): Generator<JournalEntry> {
  const logged = row.loggedMs === null ? null : (JSON.parse(row.loggedMs) as (number | null)[]);
  const texts = row.text.split('\n');
  for (let i = 0; i < texts.length; i++) {
    yield {
      id: row.id,
      feed: row.feed,
      receivedMs: row.receivedMs,
      loggedMs: logged?.[i] ?? null,
      text: texts[i] as string,
    };
  }
}

/** The engine snapshot last saved, or null when none was. */
export function readState(db: Database): SavedState | null {
  const row = db.prepare('SELECT seq, saved_ms, state FROM engine_state WHERE id = 1').get() as
    { seq: number; saved_ms: number; state: string } | undefined;
  if (!row) return null;
  return { seq: row.seq, savedMs: row.saved_ms, state: JSON.parse(row.state) as unknown };
}

export function readMeta(db: Database, key: string): string | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as
    { value: string } | undefined;
  return row?.value ?? null;
}

/** Every time a ruleset came into force, oldest first, with its sources. */
export function readRulesetLog(db: Database): RulesetRecord[] {
  const rows = db
    .prepare(
      'SELECT l.hash, l.recorded_ms, l.after_seq, l.after_fix_id, r.zones, r.rules ' +
        'FROM ruleset_log l JOIN rulesets r ON r.hash = l.hash ORDER BY l.id',
    )
    .all() as {
    hash: string;
    recorded_ms: number;
    after_seq: number;
    after_fix_id: number;
    zones: string;
    rules: string;
  }[];
  return rows.map((row) => ({
    hash: row.hash,
    zones: JSON.parse(row.zones) as SourceText[],
    rules: JSON.parse(row.rules) as SourceText,
    recordedMs: row.recorded_ms,
    afterSeq: row.after_seq,
    afterFixId: row.after_fix_id,
  }));
}

/** The sources of one ruleset, or null when it was never recorded. */
export function readRuleset(
  db: Database,
  hash: string,
): { zones: SourceText[]; rules: SourceText } | null {
  const row = db.prepare('SELECT zones, rules FROM rulesets WHERE hash = ?').get(hash) as
    { zones: string; rules: string } | undefined;
  if (!row) return null;
  return {
    zones: JSON.parse(row.zones) as SourceText[],
    rules: JSON.parse(row.rules) as SourceText,
  };
}
