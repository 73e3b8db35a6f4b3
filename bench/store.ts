/**
 * The store's write speed and size. (a) A 24-hour 1 Hz mission, 86,400 fixes with three raw
 * sentences each and an event every ten minutes, written through the Store with group commit;
 * (b) the same loop building the same rows with no store, the cost of the rows themselves;
 * (c) single events, each committed and fsynced before the next, as the agent does with a
 * finding; (d) the same with `synchronous: 'normal'`, as a replay may run; and the size of the
 * mission's file.
 *
 * Run: node --import tsx bench/store.ts [--dir DIR] [--hours H] [--events N]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import { Store, type ComplianceEvent, type EngineFix, type RawLine } from '../agent/store/index.js';
import { eventAt, fixAt, rawLinesAt } from '../test/helpers/store.js';

const EVENT_EVERY_S = 600;

export interface StoreBenchOptions {
  /** Where the files go (the disk under test); a fresh temporary directory by default. */
  dir?: string;
  hours?: number;
  /** Single events committed one by one in (c). */
  events?: number;
}

export interface StoreBenchResult {
  dir: string;
  fixes: number;
  rawLines: number;
  events: number;
  /** (a) raw lines + fixes + events per second through the Store. */
  storeRowsPerSecond: number;
  /** (b) the same rows built and dropped. */
  noStoreRowsPerSecond: number;
  /** (c) events per second, each durable before the next. */
  eventCommitsPerSecond: number;
  /** (d) the same, durable against a process crash only. */
  eventCommitsPerSecondNormal: number;
  /** The mission's file after close, MB (10^6 bytes). */
  missionMB: number;
  bytesPerFix: number;
}

export function benchStore(options: StoreBenchOptions = {}): StoreBenchResult {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'dsg-bench-store-'));
  const seconds = Math.round((options.hours ?? 24) * 3600);
  try {
    const noStore = time(() => mission(seconds, null));
    const path = join(dir, 'mission.db');
    const store = Store.open(path, { agentId: 'bench' });
    const withStore = time(() => mission(seconds, store));
    store.close();
    const missionBytes = statSync(path).size;
    const events = options.events ?? 1000;
    const full = time(() => singleEvents(join(dir, 'full.db'), events, 'full'));
    const normal = time(() => singleEvents(join(dir, 'normal.db'), events, 'normal'));

    const rows = withStore.result;
    return {
      dir,
      ...rows,
      storeRowsPerSecond: rows.total / withStore.seconds,
      noStoreRowsPerSecond: noStore.result.total / noStore.seconds,
      eventCommitsPerSecond: full.result / full.seconds,
      eventCommitsPerSecondNormal: normal.result / normal.seconds,
      missionMB: missionBytes / 1e6,
      bytesPerFix: missionBytes / rows.fixes,
    };
  } finally {
    if (options.dir === undefined) rmSync(dir, { recursive: true, force: true });
  }
}

interface MissionRows {
  fixes: number;
  rawLines: number;
  events: number;
  total: number;
}

/** One second of data per iteration; with `store` null the rows are built and dropped. */
function mission(seconds: number, store: Store | null): MissionRows {
  const rows = { fixes: 0, rawLines: 0, events: 0, total: 0 };
  const sink: (RawLine | EngineFix | ComplianceEvent)[] = [];
  for (let s = 0; s < seconds; s++) {
    for (const line of rawLinesAt(s)) {
      if (store) store.appendRaw(line);
      else sink.push(line);
      rows.rawLines++;
    }
    const fix = fixAt(s);
    if (store) store.appendFix(fix);
    else sink.push(fix);
    rows.fixes++;

    if (s % EVENT_EVERY_S === EVENT_EVERY_S - 1) {
      const event = eventAt(rows.events + 1);
      if (store) store.appendEvents([event], { seq: event.seq });
      else sink.push(event);
      rows.events++;
    }
    if (sink.length > 4096) sink.length = 0;
  }
  store?.flush();
  rows.total = rows.fixes + rows.rawLines + rows.events;
  return rows;
}

function singleEvents(path: string, count: number, synchronous: 'full' | 'normal'): number {
  const store = Store.open(path, { agentId: 'bench', synchronous });
  for (let seq = 1; seq <= count; seq++) store.appendEvents([eventAt(seq)], { seq });
  store.close();
  return count;
}

function time<T>(work: () => T): { result: T; seconds: number } {
  const start = performance.now();
  const result = work();
  return { result, seconds: (performance.now() - start) / 1000 };
}

function report(r: StoreBenchResult): void {
  const k = (perSecond: number): string => `${(perSecond / 1000).toFixed(1).padStart(8)} k/s`;
  console.log(`store bench in ${r.dir} (synchronous = FULL, WAL)`);
  console.log(`  mission: ${r.fixes} fixes, ${r.rawLines} raw lines, ${r.events} events`);
  console.log(`  (a) through the Store, group commit     ${k(r.storeRowsPerSecond)} rows`);
  console.log(`  (b) same loop, no store                  ${k(r.noStoreRowsPerSecond)} rows`);
  console.log(`  (c) single events, each fsynced          ${k(r.eventCommitsPerSecond)} events`);
  console.log(
    `  (d) single events, synchronous normal    ${k(r.eventCommitsPerSecondNormal)} events`,
  );
  console.log(
    `  mission file ${r.missionMB.toFixed(1)} MB, ${r.bytesPerFix.toFixed(0)} bytes per fix`,
  );
}

function parseArgs(argv: string[]): StoreBenchOptions {
  const options: StoreBenchOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[++i];
    if (arg === '--dir') options.dir = value;
    else if (arg === '--hours') options.hours = Number(value);
    else if (arg === '--events') options.events = Number(value);
    else throw new Error(`bench/store.ts: expected --dir, --hours or --events, got "${arg}"`);
  }
  return options;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  report(benchStore(parseArgs(process.argv.slice(2))));
}
