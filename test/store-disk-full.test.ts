// The store on a full disk: writes fail with SQLITE_FULL, and the engine's path must not see an
// exception. Two mechanisms: a page ceiling (PRAGMA max_page_count), which always works, and a
// real 1 MB tmpfs, which needs root and mount(2) and is skipped, saying why, without them.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  Store,
  StoreReader,
  type StorageFailure,
  type StorageRecovery,
  type StoreOptions,
} from '../agent/store/index.js';
import { AGENT, eventAt, fixAt, ManualClock, rawLinesAt, tempDir } from './helpers/store.js';
import { fillFilesystem, mountTmpfs, unmountTmpfs } from './helpers/tmpfs.js';

const PAGE = 4096;

let dir: ReturnType<typeof tempDir>;
let clock: ManualClock;
let failures: StorageFailure[];
let recoveries: StorageRecovery[];

beforeEach(() => {
  dir = tempDir('dsg-full-');
  clock = new ManualClock();
  failures = [];
  recoveries = [];
});

afterEach(() => dir.remove());

function open(path: string, options: StoreOptions = {}): Store {
  return Store.open(path, {
    agentId: AGENT,
    clock,
    onStorageFailed: (failure) => failures.push(failure),
    onStorageRecovered: (recovery) => recoveries.push(recovery),
    ...options,
  });
}

/** Appends one event at a time until the store reports one it could not write. */
function fillWithEvents(store: Store, limit = 100_000): number {
  for (let i = 0; i < limit; i++) {
    const seq = store.nextSeq();
    if (!store.appendEvents([eventAt(seq)], { seq }).durable) return seq;
  }
  throw new Error(`expected the store to fill within ${limit} events`);
}

function storedSeqs(path: string): number[] {
  const reader = StoreReader.open(path);
  try {
    return [...reader.readEvents()].map((e) => e.seq);
  } finally {
    reader.close();
  }
}

function verified(path: string): boolean {
  const reader = StoreReader.open(path);
  try {
    return reader.verify().ok;
  } finally {
    reader.close();
  }
}

describe('at the page ceiling', () => {
  it('holds events it cannot write, reports once, and writes them when space returns', () => {
    const path = join(dir.dir, 'agent.db');
    const store = open(path, { hardLimitBytes: 48 * PAGE });

    const firstHeld = fillWithEvents(store);
    const more = [1, 2, 3].map(() => store.appendEvents([eventAt(store.nextSeq())]));
    clock.advance(5000);
    const stillFailing = store.status();
    store.resize({ hardLimitBytes: 4096 * PAGE });
    clock.advance(1000);

    expect(failures).toEqual([expect.objectContaining({ code: 'SQLITE_FULL' })]);
    expect(more).toEqual([1, 2, 3].map(() => ({ durable: false, held: true })));
    expect(stillFailing).toMatchObject({ healthy: false, heldEvents: 4 });
    expect(recoveries).toHaveLength(1);
    expect(recoveries[0]?.heldEvents.map((e) => e.seq)).toEqual(
      [0, 1, 2, 3].map((i) => firstHeld + i),
    );
    expect(store.status()).toMatchObject({ healthy: true, heldEvents: 0 });
    store.close();
    expect(storedSeqs(path)).toEqual(Array.from({ length: firstHeld + 3 }, (_, i) => i + 1));
    expect(verified(path)).toBe(true);
  });

  it('writes the held events with the next event once space returns, before it', () => {
    const path = join(dir.dir, 'agent.db');
    const store = open(path, { hardLimitBytes: 48 * PAGE });
    const firstHeld = fillWithEvents(store);

    store.resize({});
    const result = store.appendEvents([eventAt(store.nextSeq())]);

    expect(result).toEqual({ durable: true });
    expect(recoveries[0]?.heldEvents.map((e) => e.seq)).toEqual([firstHeld]);
    store.close();
    expect(verified(path)).toBe(true);
  });

  it('refuses events beyond the memory bound and reissues their seqs', () => {
    const path = join(dir.dir, 'agent.db');
    const store = open(path, { hardLimitBytes: 48 * PAGE, maxHeldEvents: 3 });
    const firstHeld = fillWithEvents(store);
    store.appendEvents([eventAt(firstHeld + 1)]);
    store.appendEvents([eventAt(firstHeld + 2)]);

    const refused = store.appendEvents([eventAt(firstHeld + 3)]);
    const next = store.nextSeq();
    store.resize({});
    store.appendEvents([eventAt(next)]);

    expect(refused).toEqual({ durable: false, held: false });
    expect(next).toBe(firstHeld + 3);
    expect(recoveries[0]).toMatchObject({ refusedEvents: 1 });
    store.close();
    expect(verified(path)).toBe(true);
  });

  it('gives up raw lines, then fixes, to keep writing events', () => {
    const path = join(dir.dir, 'agent.db');
    const store = open(path, { hardLimitBytes: 96 * PAGE, batchMaxRows: 300 });

    for (let i = 0; i < 3000; i++) {
      rawLinesAt(i).forEach((line) => store.appendRaw(line));
      store.appendFix(fixAt(i));
      if (i % 100 === 0) store.appendEvents([eventAt(store.nextSeq())]);
    }
    store.flush();

    expect(failures).toEqual([]);
    expect(store.status().thinnedRawLines).toBeGreaterThan(0);
    expect(store.nextSeq() - 1).toBe(30);
    store.close();
    expect(storedSeqs(path)).toHaveLength(30);
  });

  it('drops and counts raw lines and fixes that arrive while nothing can be written', () => {
    const path = join(dir.dir, 'agent.db');
    const store = open(path, { hardLimitBytes: 48 * PAGE });
    fillWithEvents(store);

    rawLinesAt(0).forEach((line) => store.appendRaw(line));
    store.appendFix(fixAt(0));
    clock.advance(50);
    store.resize({});
    store.flush();

    expect(recoveries[0]).toMatchObject({ droppedRawLines: 3, droppedFixes: 1 });
    store.close();
  });
});

const tmpfs = mountTmpfs('1m');

afterAll(() => {
  if (!tmpfs.dir) return;
  unmountTmpfs(tmpfs.dir);
});

describe.skipIf(tmpfs.dir === null)(
  `on a full filesystem${tmpfs.reason ? ` (skipped: ${tmpfs.reason})` : ''}`,
  () => {
    it('keeps the engine running while the disk is full and catches up when space returns', () => {
      const base = join(tmpfs.dir ?? '', 'run');
      mkdirSync(base);
      const path = join(base, 'agent.db');
      const filler = join(base, 'filler');
      const store = open(path);
      store.appendEvents([eventAt(1)]);

      fillFilesystem(filler);
      const results = [2, 3, 4].map((seq) => store.appendEvents([eventAt(seq)], { seq }));
      rawLinesAt(0).forEach((line) => store.appendRaw(line));
      clock.advance(1000);
      rmSync(filler);
      clock.advance(1000);

      expect(results).toEqual([2, 3, 4].map(() => ({ durable: false, held: true })));
      expect(failures).toEqual([expect.objectContaining({ code: 'SQLITE_FULL' })]);
      expect(recoveries.map((r) => r.heldEvents.map((e) => e.seq))).toEqual([[2, 3, 4]]);
      store.close();
      expect(storedSeqs(path)).toEqual([1, 2, 3, 4]);
      expect(verified(path)).toBe(true);
      const db = new Database(path, { readonly: true });
      expect(db.prepare('SELECT seq FROM engine_state').pluck().get()).toBe(4);
      db.close();
      rmSync(base, { recursive: true });
    });
  },
);
