import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  AGENT,
  defined,
  eventAt,
  eventsFrom,
  fixAt,
  ManualClock,
  rawLinesAt,
  tempDir,
} from '../../test/helpers/store.js';
import { GENESIS_HASH, chainHash } from './chain.js';
import { StoreReader } from './reader.js';
import { SCHEMA_VERSION } from './schema.js';
import { Store } from './store.js';

let dir: ReturnType<typeof tempDir>;
let path: string;
let clock: ManualClock;

beforeEach(() => {
  dir = tempDir();
  path = `${dir.dir}/agent.db`;
  clock = new ManualClock();
});

afterEach(() => dir.remove());

function open(options: Parameters<typeof Store.open>[1] = {}): Store {
  return Store.open(path, { agentId: AGENT, clock, ...options });
}

function count(table: string, what = 'count(*)'): number {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(`SELECT ${what} FROM ${table}`).pluck().get() as number;
  } finally {
    db.close();
  }
}

describe('Store.open', () => {
  it('creates a WAL database at the current schema version', () => {
    open().close();

    const db = new Database(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare("SELECT value FROM meta WHERE key = 'agent_id'").pluck().get()).toBe(AGENT);
    db.close();
  });

  it('refuses the store of another agent', () => {
    open().close();

    expect(() => Store.open(path, { agentId: 'other' })).toThrow(
      'expected the store of agent "other", got that of agent "test-agent"',
    );
  });

  it('refuses a file written by a newer schema', () => {
    open().close();
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();

    expect(() => open()).toThrow(`expected schema version ${SCHEMA_VERSION} or older`);
  });

  it('refuses a SQLite database that is not a store', () => {
    const db = new Database(path);
    db.exec('CREATE TABLE other (x)');
    db.pragma('user_version = 7');
    db.close();

    expect(() => open()).toThrow('expected a DeepSeaGuard store, got another SQLite database');
  });

  it('refuses a batch delay above 50 ms', () => {
    expect(() => open({ batchMaxDelayMs: 100 })).toThrow('batchMaxDelayMs: expected 1–50, got 100');
  });
});

describe('group commit', () => {
  it('holds raw lines and fixes until 50 ms have passed', () => {
    const store = open();
    const reader = StoreReader.open(path);

    rawLinesAt(0).forEach((line) => store.appendRaw(line));
    store.appendFix(fixAt(0));
    clock.advance(49);
    const before = [...reader.readFixes()].length;
    clock.advance(1);

    expect(before).toBe(0);
    expect([...reader.readFixes()]).toHaveLength(1);
    expect([...reader.readJournal()].map((e) => e.text)).toEqual(rawLinesAt(0).map((l) => l.text));
    reader.close();
    store.close();
  });

  it('commits at once when the batch is full', () => {
    const store = open({ batchMaxRows: 8 });

    for (let i = 0; i < 2; i++) {
      rawLinesAt(i).forEach((line) => store.appendRaw(line));
      store.appendFix(fixAt(i));
    }

    expect(count('raw_lines', 'sum(lines)')).toBe(6);
    expect(count('fixes')).toBe(2);
    expect(clock.pending).toBe(0);
    store.close();
  });

  it('writes pending rows with events before appendEvents returns', () => {
    const store = open();
    store.appendFix(fixAt(0));

    const result = store.appendEvents([eventAt(1)]);

    expect(result).toEqual({ durable: true });
    expect(count('fixes')).toBe(1);
    expect(count('events')).toBe(1);
    store.close();
  });

  it('writes pending rows on close', () => {
    const store = open();
    store.appendFix(fixAt(0));

    store.close();

    expect(count('fixes')).toBe(1);
    expect(clock.pending).toBe(0);
  });

  it('reads back fixes as they were appended', () => {
    const store = open();
    store.appendFix(fixAt(3));
    store.flush();

    const [fix] = [...store.readFixes()];

    expect(fix).toEqual({ id: 1, ...fixAt(3) });
    store.close();
  });
});

describe('events', () => {
  it('chains each event to the one before it from the genesis hash', () => {
    const store = open();

    store.appendEvents(eventsFrom(1, 2));

    const first = chainHash(GENESIS_HASH, eventAt(1));
    expect(store.head()).toEqual({ seq: 2, hash: chainHash(first, eventAt(2)) });
    store.close();
  });

  it('gives the next seq and refuses an event that skips one', () => {
    const store = open();
    store.appendEvents(eventsFrom(1, 3));

    expect(store.nextSeq()).toBe(4);
    expect(() => store.appendEvents([eventAt(5)])).toThrow('expected seq 4, got 5');
    store.close();
  });

  it('reads events back in the shape and key order they were given', () => {
    const store = open();
    const event = eventAt(1, { detail: { limit_s: 60, dwell_s: 61.5 } });
    store.appendEvents([event]);

    const [read] = [...store.readEvents()];

    expect(JSON.stringify(read)).toBe(JSON.stringify(event));
    store.close();
  });

  it('filters events by seq, vehicle, kind, severity and time', () => {
    const store = open();
    store.appendEvents([
      eventAt(1),
      eventAt(2, { vehicle: 'auv-2', kind: 'zone.entered', severity: 'info' }),
      eventAt(3, { severity: 'warning' }),
      eventAt(4),
    ]);
    const seqs = (filter: Parameters<Store['readEvents']>[0]): number[] =>
      [...store.readEvents(filter)].map((e) => e.seq);

    expect(seqs({ sinceSeq: 2 })).toEqual([3, 4]);
    expect(seqs({ vehicle: 'auv-2' })).toEqual([2]);
    expect(seqs({ kind: 'violation.opened', severity: 'critical' })).toEqual([1, 4]);
    expect(
      seqs({ fromMs: Date.parse(eventAt(2).time), toMs: Date.parse(eventAt(3).time) }),
    ).toEqual([2, 3]);
    expect(seqs({ limit: 3 })).toEqual([1, 2, 3]);
    store.close();
  });

  it('pages through more events than one query returns', () => {
    const store = open();
    store.appendEvents(eventsFrom(1, 2500));

    expect([...store.readEvents({ sinceSeq: 10 })]).toHaveLength(2490);
    store.close();
  });

  it('refuses to append after another process appended to the same file', () => {
    const store = open();
    const other = Store.open(path, { agentId: AGENT, clock });
    other.appendEvents([eventAt(1)]);

    expect(() => store.appendEvents([eventAt(1)])).toThrow('expected the last event to be seq 0');
    other.close();
    store.close();
  });
});

describe('restart', () => {
  it('restores the engine state saved with the last events and continues seq', () => {
    const store = open();
    store.appendEvents(eventsFrom(1, 2), { open: ['apei-keep-out'], seq: 2 });
    store.close();

    const reopened = open();

    expect(reopened.loadState()).toMatchObject({ seq: 2, state: { open: ['apei-keep-out'] } });
    expect(reopened.nextSeq()).toBe(3);
    expect(reopened.appendEvents([eventAt(3)])).toEqual({ durable: true });
    reopened.close();
  });

  it('saves state between events with the next batch', () => {
    const store = open();
    store.appendEvents([eventAt(1)]);

    store.saveState(1, { lastFix: 42 });
    const before = store.loadState();
    clock.advance(50);

    expect(before).toBeNull();
    expect(store.loadState()).toMatchObject({ seq: 1, state: { lastFix: 42 } });
    store.close();
  });

  it('refuses state for a seq other than the last one issued', () => {
    const store = open();
    store.appendEvents([eventAt(1)]);

    expect(() => store.saveState(0, {})).toThrow('saveState: expected seq 1, got 0');
    store.close();
  });

  it('loads no state from a new store', () => {
    const store = open();

    expect(store.loadState()).toBeNull();
    expect(store.nextSeq()).toBe(1);
    store.close();
  });
});

describe('journal', () => {
  it('returns every raw line in arrival order with its feed and times', () => {
    const store = open();
    const lines = [...rawLinesAt(0), { feed: 'ctd', receivedMs: 5, loggedMs: 4, text: '4795.20' }];
    lines.forEach((line) => store.appendRaw(line));
    store.flush();

    const journal = [...store.readJournal()].map(({ id: _id, ...line }) => line);

    expect(journal).toEqual(lines);
    store.close();
  });

  it('can be read while the same store writes', () => {
    const store = open({ batchMaxRows: 100 });
    for (let i = 0; i < 1500; i++) store.appendRaw(defined(rawLinesAt(i)[0]));
    store.flush();

    let seen = 0;
    for (const entry of store.readJournal()) {
      if (entry.id % 500 === 0) store.appendFix(fixAt(entry.id));
      seen++;
    }

    expect(seen).toBe(1500);
    store.close();
  });
});

describe('rulesets', () => {
  it('records the sources of each ruleset and where it came into force', () => {
    const store = open();
    const zones = [{ file: 'zones/ccz-apei.geojson', text: '{"type":"FeatureCollection"}' }];
    const rules = { file: 'rules.yaml', text: 'rules: []\n' };
    store.appendFix(fixAt(0));
    store.appendEvents([eventAt(1)]);

    store.recordRuleset({ hash: 'sha256:aa', zones, rules });

    expect(store.rulesetLog()).toEqual([
      { hash: 'sha256:aa', zones, rules, recordedMs: clock.now(), afterSeq: 1, afterFixId: 1 },
    ]);
    expect(store.getMeta('ruleset')).toBe('sha256:aa');
    store.close();
  });
});

describe('outbox', () => {
  it('enqueues each event on the lane of its severity in the same transaction', () => {
    const store = open();
    store.appendEvents([
      eventAt(1),
      eventAt(2, { severity: 'warning' }),
      eventAt(3, { severity: 'info' }),
    ]);

    expect(store.outbox.backlog()).toEqual({ critical: 1, warning: 1, info: 1, telemetry: 0 });
    expect(store.outbox.claim('warning', 10).map((e) => e.seq)).toEqual([2]);
    store.close();
  });

  it('hands out entries in seq order and keeps them until acknowledged', () => {
    const store = open();
    store.appendEvents(eventsFrom(1, 3));

    const first = store.outbox.claim('critical', 2);
    const [a, b] = first.map((e) => e.id);
    store.outbox.ack([defined(a)]);
    store.outbox.retry([defined(b)], clock.now());
    const next = store.outbox.claim('critical', 10);

    expect(first.map((e) => e.seq)).toEqual([1, 2]);
    expect(JSON.parse(defined(first[0]).payload)).toEqual(eventAt(1));
    expect(next.map((e) => [e.seq, e.attempts])).toEqual([
      [2, 2],
      [3, 1],
    ]);
    store.close();
  });

  it('does not hand out an entry before its next attempt time', () => {
    const store = open();
    store.appendEvents([eventAt(1)]);
    const [entry] = store.outbox.claim('critical', 1);

    store.outbox.retry([defined(entry).id], clock.now() + 5000);
    const early = store.outbox.claim('critical', 1);
    clock.advance(5000);

    expect(early).toEqual([]);
    expect(store.outbox.claim('critical', 1)).toHaveLength(1);
    store.close();
  });

  it('puts entries in flight at a crash back in the queue at the next open', () => {
    const store = open();
    store.appendEvents([eventAt(1)]);
    store.outbox.claim('critical', 1);
    store.close();

    const reopened = open();

    expect(reopened.outbox.claim('critical', 1).map((e) => e.seq)).toEqual([1]);
    reopened.close();
  });

  it('enqueues nothing when the outbox is off', () => {
    const store = open({ outbox: false });
    store.appendEvents([eventAt(1)]);

    expect(store.outbox.backlog()).toEqual({ critical: 0, warning: 0, info: 0, telemetry: 0 });
    store.close();
  });

  it('carries telemetry payloads on the telemetry lane', () => {
    const store = open();
    store.enqueueTelemetry('{"fixes":[]}');
    store.flush();

    expect(store.outbox.claim('telemetry', 1).map((e) => [e.seq, e.payload])).toEqual([
      [null, '{"fixes":[]}'],
    ]);
    store.close();
  });
});

describe('durability', () => {
  it('fsyncs every commit by default and can be relaxed for replays', () => {
    const full = open();
    const fullLevel = full.synchronous();
    full.close();

    const normal = open({ synchronous: 'normal' });

    expect(fullLevel).toBe('full');
    expect(normal.synchronous()).toBe('normal');
    normal.close();
  });
});
