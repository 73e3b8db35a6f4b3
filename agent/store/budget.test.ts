import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  AGENT,
  defined,
  eventsFrom,
  fixAt,
  rawLinesAt,
  tempDir,
} from '../../test/helpers/store.js';
import { usedBytes } from './budget.js';
import { Store } from './store.js';

const BUDGET = 256 * 1024;

let dir: ReturnType<typeof tempDir>;
let path: string;

beforeEach(() => {
  dir = tempDir();
  path = `${dir.dir}/agent.db`;
});

afterEach(() => dir.remove());

function inspect<T>(read: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

const count = (table: string): number =>
  inspect((db) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number);

const minId = (table: string): number =>
  inspect((db) => db.prepare(`SELECT min(id) FROM ${table}`).pluck().get() as number);

describe('size budget', () => {
  it('thins the oldest raw lines first and keeps fixes and events', () => {
    const store = Store.open(path, { agentId: AGENT, maxBytes: BUDGET, batchMaxRows: 500 });
    for (let i = 0; i < 100; i++) store.appendFix(fixAt(i));
    store.appendEvents(eventsFrom(1, 50));

    for (let i = 0; i < 6000; i++) rawLinesAt(i).forEach((line) => store.appendRaw(line));
    store.close();

    expect(inspect(usedBytes)).toBeLessThanOrEqual(BUDGET);
    expect(minId('raw_lines')).toBeGreaterThan(1);
    expect(count('fixes')).toBe(100);
    expect(count('events')).toBe(50);
  });

  it('thins the oldest fixes once no raw lines are left', () => {
    const store = Store.open(path, { agentId: AGENT, maxBytes: BUDGET, batchMaxRows: 500 });
    for (let i = 0; i < 3; i++) store.appendRaw(defined(rawLinesAt(i)[0]));

    for (let i = 0; i < 10_000; i++) store.appendFix(fixAt(i));
    store.close();

    expect(inspect(usedBytes)).toBeLessThanOrEqual(BUDGET);
    expect(count('raw_lines')).toBe(0);
    expect(minId('fixes')).toBeGreaterThan(1);
    expect(store.status().thinnedFixes).toBeGreaterThan(0);
  });

  it('never thins events or unsent outbox entries, even over budget', () => {
    const store = Store.open(path, { agentId: AGENT, maxBytes: 64 * 1024 });

    for (let seq = 1; seq <= 1000; seq += 100) store.appendEvents(eventsFrom(seq, 100));
    const backlog = store.outbox.backlog();
    store.close();

    expect(count('events')).toBe(1000);
    expect(backlog.critical).toBe(1000);
  });

  it('thins outbox entries already sent before anything else', () => {
    const store = Store.open(path, { agentId: AGENT, maxBytes: BUDGET, batchMaxRows: 500 });
    store.appendEvents(eventsFrom(1, 20));
    store.outbox.ack(store.outbox.claim('critical', 10).map((e) => e.id));

    for (let i = 0; i < 6000; i++) rawLinesAt(i).forEach((line) => store.appendRaw(line));
    store.close();

    expect(count('outbox')).toBe(10);
    expect(count('events')).toBe(20);
  });
});
