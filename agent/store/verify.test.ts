import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { AGENT, eventAt, eventsFrom, tempDir } from '../../test/helpers/store.js';
import { chainHash } from './chain.js';
import { StoreReader } from './reader.js';
import { Store } from './store.js';

let dir: ReturnType<typeof tempDir>;
let path: string;

beforeEach(() => {
  dir = tempDir();
  path = `${dir.dir}/agent.db`;
  const store = Store.open(path, { agentId: AGENT });
  store.appendEvents(eventsFrom(1, 10), { seq: 10 });
  store.close();
});

afterEach(() => dir.remove());

/** Edits the file as someone with the sqlite3 shell would: foreign keys are not enforced. */
function tamperer(): Database.Database {
  const db = new Database(path);
  db.pragma('foreign_keys = OFF');
  return db;
}

function tamper(sql: string, ...params: unknown[]): void {
  const db = tamperer();
  db.prepare(sql).run(...params);
  db.close();
}

function verify(): ReturnType<StoreReader['verify']> {
  const reader = StoreReader.open(path);
  try {
    return reader.verify();
  } finally {
    reader.close();
  }
}

describe('verifyChain', () => {
  it('passes an intact chain and gives its count and head', () => {
    const report = verify();

    expect(report).toMatchObject({ ok: true, count: 10, head: { seq: 10 } });
  });

  it('passes a store without events', () => {
    path = `${dir.dir}/empty.db`;
    Store.open(path).close();

    expect(verify()).toMatchObject({ ok: true, count: 0, head: { seq: 0 } });
  });

  it('names a record whose event was edited', () => {
    const edited = JSON.stringify(eventAt(4, { severity: 'info' }));
    tamper('UPDATE events SET json = ? WHERE seq = 4', edited);

    expect(verify()).toMatchObject({
      ok: false,
      seq: 4,
      count: 3,
      problem: 'record seq 4: hash does not match its content (record edited)',
    });
  });

  it('names the record after one edited with its own hash recomputed', () => {
    const edited = eventAt(4, { severity: 'info' });
    const db = tamperer();
    const prev = db.prepare('SELECT hash FROM events WHERE seq = 3').pluck().get() as string;
    db.prepare('UPDATE events SET json = ?, severity = ?, hash = ? WHERE seq = 4').run(
      JSON.stringify(edited),
      'info',
      chainHash(prev, edited),
    );
    db.close();

    expect(verify()).toMatchObject({
      ok: false,
      seq: 5,
      problem: 'record seq 5: previous hash does not match record seq 4',
    });
  });

  it('names a deleted record by the gap it leaves', () => {
    tamper('DELETE FROM events WHERE seq = 6');

    expect(verify()).toMatchObject({
      ok: false,
      seq: 6,
      problem: 'record seq 6 is missing (next is seq 7)',
    });
  });

  it('names the first of several deleted records, including the first of all', () => {
    tamper('DELETE FROM events WHERE seq <= 3');

    expect(verify()).toMatchObject({
      ok: false,
      seq: 1,
      problem: 'record seq 1–3 is missing (next is seq 4)',
    });
  });

  it('notices records deleted from the end through the saved state', () => {
    tamper('DELETE FROM events WHERE seq >= 9');

    expect(verify()).toMatchObject({
      ok: false,
      seq: 9,
      problem: 'records after seq 8 are missing: the saved engine state follows seq 10',
    });
  });

  it('notices records deleted from the end through the outbox', () => {
    tamper('DELETE FROM events WHERE seq >= 9');
    tamper('UPDATE engine_state SET seq = 8');

    expect(verify()).toMatchObject({
      ok: false,
      seq: 9,
      problem: expect.stringContaining('the outbox refers to seq 10'),
    });
  });

  it('names reordered records', () => {
    const db = tamperer();
    db.transaction(() => {
      db.prepare('UPDATE events SET seq = -1 WHERE seq = 5').run();
      db.prepare('UPDATE events SET seq = 5 WHERE seq = 6').run();
      db.prepare('UPDATE events SET seq = 6 WHERE seq = -1').run();
    })();
    db.close();

    expect(verify()).toMatchObject({
      ok: false,
      seq: 5,
      problem: 'record seq 5 holds event seq 6 (records reordered)',
    });
  });

  it('names a record whose query column was changed', () => {
    tamper("UPDATE events SET severity = 'info' WHERE seq = 2");

    expect(verify()).toMatchObject({
      ok: false,
      seq: 2,
      problem: 'record seq 2: column severity disagrees with the chained event',
    });
  });

  it('names a record whose stored text is not JSON', () => {
    tamper("UPDATE events SET json = '{' WHERE seq = 7");

    expect(verify()).toMatchObject({
      ok: false,
      seq: 7,
      problem: 'record seq 7: stored event is not valid JSON',
    });
  });
});
