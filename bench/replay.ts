/**
 * What storing everything costs a replay: a 24-hour mission at 1 Hz (86,400 fixes of three
 * sentences each: GGA, RMC, VTG) through framing, decoding, fusion and the engine, once with
 * no store and once with the store keeping every raw line, fix and event, in the same run,
 * with the store settings `deepseaguard replay --db` uses.
 *
 * Run: node --import tsx bench/replay.ts [--hours H]
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import { REPLAY_STORE } from '../agent/cli/replay.js';
import { createJudge } from '../agent/judge.js';
import { Pipeline } from '../agent/pipeline.js';
import { buildRuleset } from '../agent/ruleset-files.js';
import { Store } from '../agent/store/index.js';
import { encodeGga, encodeRmc, encodeVtg, LineFramer } from '../drivers/index.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const START_MS = Date.UTC(2013, 5, 30, 0, 0, 0);
const CHUNK_BYTES = 256 * 1024;

/** A boat crossing the Baltic demonstration zones north to south and back, at 2 m/s. */
function missionLog(seconds: number): Buffer {
  const lines: string[] = [];
  for (let s = 0; s < seconds; s++) {
    const leg = (s % 28_000) / 28_000;
    const latDeg = 54.34 - 0.25 * (leg < 0.5 ? leg * 2 : 2 - leg * 2);
    const lonDeg = 13.55 + 0.0001 * Math.sin(s / 60);
    const timeMs = START_MS + s * 1000;
    const timeOfDayMs = timeMs % 86_400_000;
    lines.push(
      encodeGga({ timeOfDayMs, latDeg, lonDeg, quality: 1, satellites: 9, hdop: 0.9 }),
      encodeRmc({ timeMs, latDeg, lonDeg, sogMps: 2, cogDeg: leg < 0.5 ? 180 : 0 }),
      encodeVtg({ sogMps: 2, cogDeg: leg < 0.5 ? 180 : 0 }),
    );
  }
  return Buffer.from(lines.join('\r\n') + '\r\n');
}

function replay(log: Buffer, store: Store | null): { fixes: number; events: number } {
  const ruleset = buildRuleset(
    [
      {
        file: 'zones.geojson',
        text: readFileSync(join(ROOT, 'data/baltic/zones.geojson'), 'utf8'),
      },
    ],
    { file: 'rules.yaml', text: readFileSync(join(ROOT, 'data/baltic/rules.yaml'), 'utf8') },
  );
  let events = 0;
  const judge = createJudge({ ruleset, store, agentId: 'bench', onEvent: () => events++ });
  const pipeline = new Pipeline({ store, judge });
  const framer = new LineFramer();
  const feed = { name: 'gnss', vehicle: 'survey-boat' };
  const receivedMs = Date.now();
  for (let at = 0; at < log.length; at += CHUNK_BYTES) {
    const chunk = log.subarray(at, at + CHUNK_BYTES);
    for (const frame of framer.push(chunk)) pipeline.line(feed, frame, receivedMs);
  }
  pipeline.flush();
  store?.flush();
  return { fixes: pipeline.counts.fixes, events };
}

export interface ReplayBenchResult {
  fixes: number;
  events: number;
  memoryFixesPerSecond: number;
  storedFixesPerSecond: number;
  /** How many times longer the stored replay takes. */
  costRatio: number;
  databaseMB: number;
}

export function benchReplay(hours = 24): ReplayBenchResult {
  const log = missionLog(Math.round(hours * 3600));
  const dir = mkdtempSync(join(tmpdir(), 'dsg-bench-replay-'));
  try {
    replay(log, null); // warm-up: compile the hot paths before either measurement
    let t0 = performance.now();
    const memory = replay(log, null);
    const memoryS = (performance.now() - t0) / 1000;
    const path = join(dir, 'mission.db');
    const store = Store.open(path, { agentId: 'bench', ...REPLAY_STORE });
    t0 = performance.now();
    replay(log, store);
    store.close();
    const storedS = (performance.now() - t0) / 1000;
    return {
      fixes: memory.fixes,
      events: memory.events,
      memoryFixesPerSecond: memory.fixes / memoryS,
      storedFixesPerSecond: memory.fixes / storedS,
      costRatio: storedS / memoryS,
      databaseMB: statSync(path).size / 1e6,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatReplayBench(r: ReplayBenchResult): string {
  return (
    `replay of a ${r.fixes}-fix mission (${r.events} events): in memory ` +
    `${Math.round(r.memoryFixesPerSecond)} fixes/s, storing everything ` +
    `${Math.round(r.storedFixesPerSecond)} fixes/s (${r.costRatio.toFixed(2)}x the time); ` +
    `database ${r.databaseMB.toFixed(1)} MB`
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--hours');
  console.log(formatReplayBench(benchReplay(i >= 0 ? Number(process.argv[i + 1]) : 24)));
}
