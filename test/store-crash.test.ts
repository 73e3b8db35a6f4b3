// Kills a writer with SIGKILL at 20 random moments. After each kill the store opens, its chain
// verifies, every event the writer printed (it prints only after the commit) is there, the
// saved state is that of the last event, and the next run continues seq.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, describe, expect, it } from 'vitest';

import { Store, StoreReader } from '../agent/store/index.js';
import { AGENT, tempDir } from './helpers/store.js';
import { mulberry32 } from '../sim/index.js';

const WRITER = fileURLToPath(new URL('./fixtures/store-writer.ts', import.meta.url));
const KILLS = 20;
const MAX_DELAY_MS = 300;

interface Run {
  start: number;
  printed: number[];
}

/** Starts the writer, kills it `delayMs` after it reports its first seq, returns what it said. */
function runAndKill(path: string, delayMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, path], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let armed = false;
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (armed || !out.includes('\n')) return;
      armed = true;
      setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') {
        reject(new Error(`writer exited with ${code ?? signal} before the kill: ${err}`));
        return;
      }
      const lines = out.split('\n').filter((line) => line !== '');
      const start = Number(lines.shift()?.replace('start ', ''));
      resolve({ start, printed: lines.map(Number) });
    });
  });
}

function inspect(path: string): {
  ok: boolean;
  problem: string;
  seqs: Set<number>;
  head: number;
  stateSeq: number | null;
} {
  const reader = StoreReader.open(path);
  try {
    const report = reader.verify();
    return {
      ok: report.ok,
      problem: report.ok ? '' : report.problem,
      seqs: new Set([...reader.readEvents()].map((e) => e.seq)),
      head: reader.head().seq,
      stateSeq: reader.loadState()?.seq ?? null,
    };
  } finally {
    reader.close();
  }
}

const dir = tempDir('dsg-crash-');
afterAll(() => dir.remove());

describe('a writer killed with SIGKILL', () => {
  it(`loses no printed event and continues seq, over ${KILLS} kills`, async () => {
    const seed = Number(process.env.DSG_CRASH_SEED ?? Date.now() % 2 ** 31);
    const next = mulberry32(seed);
    const path = join(dir.dir, 'crash.db');
    const context = `seed ${seed} (DSG_CRASH_SEED replays it)`;
    let head = 0;
    let printedTotal = 0;

    for (let kill = 0; kill < KILLS; kill++) {
      const run = await runAndKill(path, Math.floor(next() * MAX_DELAY_MS));
      const after = inspect(path);
      const missing = run.printed.filter((seq) => !after.seqs.has(seq));

      expect(run.start, `${context}: run ${kill} starts after the stored head`).toBe(head + 1);
      expect(after.ok, `${context}: run ${kill}: ${after.problem}`).toBe(true);
      expect(missing, `${context}: run ${kill} printed but lost`).toEqual([]);
      expect(after.stateSeq ?? 0, `${context}: run ${kill}: state follows the last event`).toBe(
        after.head,
      );
      head = after.head;
      printedTotal += run.printed.length;
    }

    const store = Store.open(path, { agentId: AGENT });
    expect(store.nextSeq()).toBe(head + 1);
    store.close();
    expect(printedTotal).toBeGreaterThan(0);
  });
});
