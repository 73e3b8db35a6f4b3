/**
 * The live agent's latency and memory, through a real pseudo-terminal (socat) and the built
 * agent (`npm run build` first):
 *
 * - latency: from the last byte of a sentence written to the PTY to its violation event
 *   committed in the store (the agent logs an event only after its commit), p50 and p99 over
 *   `--sentences` sentences at `--hz`, beside the sentence's wire time at 115200 baud;
 * - memory: a mission of `--hours` at 1 Hz played `--speedup` times faster; the agent's RSS
 *   after warm-up (the first tenth) and at the end, beside the same run under plain node.
 *
 * The agent runs under the node flags of the service's `ExecStart` (systemd/deepseaguard.service),
 * so the figures are those of the agent as installed.
 *
 * Run: node --import tsx bench/latency.ts [--sentences 10000] [--hz 10] [--hours 24]
 *      [--speedup 100] [--only latency|memory]
 * DSG_BENCH_NODE_FLAGS adds flags to the agent's node (e.g. "--trace-gc").
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { encodeRmc } from '../drivers/index.js';
import { ptyPair, type PtyPair } from '../test/helpers/pty.js';
import { serviceNodeFlags } from '../test/helpers/unit.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const AGENT = join(ROOT, 'dist/agent/cli/main.js');
const EXTRA_NODE_FLAGS = (process.env.DSG_BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
const WIRE_BITS_PER_BYTE = 10;
const BAUD = 115_200;
/** The boundary the track jitters across: every fix enters or leaves the zone. */
const EDGE_LAT = 10;
const METRES_PER_DEG_LAT = 110_600;

interface Running {
  dir: string;
  pty: PtyPair;
  agent: ChildProcess;
  /** Arrival time (performance.now) of each event line, by the sensor time of its fix. */
  arrivals: Map<string, number>;
}

async function startAgent(label: string, nodeFlags: readonly string[]): Promise<Running> {
  if (!existsSync(AGENT)) throw new Error(`${AGENT} is missing: run npm run build first`);
  const dir = mkdtempSync(join(tmpdir(), `dsg-bench-${label}-`));
  const pty = await ptyPair(dir, 'gnss');
  const ring = [
    [-117, EDGE_LAT],
    [-116, EDGE_LAT],
    [-116, 11],
    [-117, 11],
    [-117, EDGE_LAT],
  ];
  const zone = {
    type: 'Feature',
    properties: { id: 'box' },
    geometry: { type: 'Polygon', coordinates: [ring] },
  };
  writeFileSync(
    join(dir, 'zones.geojson'),
    JSON.stringify({ type: 'FeatureCollection', features: [zone] }),
  );
  writeFileSync(
    join(dir, 'rules.yaml'),
    'rules:\n  - {id: keep-out, type: no_entry, severity: critical, zones: [box]}\n',
  );
  writeFileSync(
    join(dir, 'agent.yaml'),
    [
      'agent_id: bench',
      'vehicle: collector-1',
      'zones: [zones.geojson]',
      'rules: rules.yaml',
      `feeds: [{name: gnss, path: ${pty.device}, baud: ${BAUD}, silence_s: 60}]`,
      'store: {path: store.db, max_mb: 4096}',
      'log_level: info',
    ].join('\n'),
  );
  const args = [...nodeFlags, ...EXTRA_NODE_FLAGS, AGENT, 'run', '--config', 'agent.yaml'];
  const agent = spawn(process.execPath, args, {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const arrivals = new Map<string, number>();
  let ready = false;
  let rest = '';
  agent.stdout?.on('data', (chunk: Buffer) => {
    const now = performance.now();
    const lines = (rest + chunk.toString()).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      if (line.includes('"agent ready"')) ready = true;
      const match =
        /"kind":"violation\.(?:opened|closed)".*?"time":"([^"]+)"/.exec(line) ??
        /"time":"([^"]+)","vehicle":"[^"]*","kind":"violation\.(?:opened|closed)"/.exec(line);
      if (match?.[1]) arrivals.set(match[1], now);
    }
  });
  while (!ready) await new Promise((r) => setTimeout(r, 20));
  return { dir, pty, agent, arrivals };
}

async function stopAgent(run: Running): Promise<void> {
  const exited = new Promise((r) => run.agent.once('exit', r));
  run.agent.kill('SIGTERM');
  await exited;
  await run.pty.close();
  rmSync(run.dir, { recursive: true, force: true });
}

/** Fix i alternates half a metre either side of the zone's south edge. */
function sentenceAt(i: number, timeMs: number): string {
  const side = i % 2 === 0 ? 0.5 : -0.5;
  const latDeg = EDGE_LAT + side / METRES_PER_DEG_LAT;
  return `${encodeRmc({ timeMs, latDeg, lonDeg: -116.5, sogMps: 10, cogDeg: 0 })}\r\n`;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export interface LatencyResult {
  sentences: number;
  events: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  wireMs: number;
}

export async function benchLatency(sentences = 10_000, hz = 10): Promise<LatencyResult> {
  const run = await startAgent('latency', serviceNodeFlags());
  const startSensorMs = Date.UTC(2026, 0, 1);
  const written = new Map<string, number>();
  const periodMs = 1000 / hz;
  const t0 = performance.now();
  let wireBytes = 0;
  for (let i = 0; i < sentences; i++) {
    const due = t0 + i * periodMs;
    while (performance.now() < due) await new Promise((r) => setTimeout(r, 1));
    const timeMs = startSensorMs + Math.round(i * periodMs);
    const text = sentenceAt(i, timeMs);
    wireBytes = text.length;
    await run.pty.write(text);
    written.set(new Date(timeMs).toISOString(), performance.now());
  }
  await new Promise((r) => setTimeout(r, 1000));
  await stopAgent(run);

  const latencies: number[] = [];
  for (const [time, writtenAt] of written) {
    const arrived = run.arrivals.get(time);
    if (arrived !== undefined) latencies.push(arrived - writtenAt);
  }
  latencies.sort((a, b) => a - b);
  return {
    sentences,
    events: latencies.length,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies.at(-1) ?? NaN,
    wireMs: (wireBytes * WIRE_BITS_PER_BYTE * 1000) / BAUD,
  };
}

function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}

export interface MemoryResult {
  fixes: number;
  seconds: number;
  warmRssMb: number;
  endRssMb: number;
  growthPercent: number;
  /** RSS at each tenth of the mission. */
  samplesMb: number[];
}

export async function benchMemory(
  hours = 24,
  speedup = 100,
  nodeFlags: readonly string[] = serviceNodeFlags(),
): Promise<MemoryResult> {
  const run = await startAgent('memory', nodeFlags);
  const pid = run.agent.pid ?? 0;
  const fixes = Math.round(hours * 3600);
  const startSensorMs = Date.UTC(2026, 0, 1);
  const t0 = performance.now();
  const periodMs = 1000 / speedup;
  const burst = Math.max(1, Math.round(10 / periodMs));
  let warmRssKb = NaN;
  const samples: number[] = [];
  for (let i = 0; i < fixes; i += burst) {
    const due = t0 + i * periodMs;
    while (performance.now() < due) await new Promise((r) => setTimeout(r, 2));
    let text = '';
    for (let j = i; j < Math.min(fixes, i + burst); j++)
      text += sentenceAt(j, startSensorMs + j * 1000);
    await run.pty.write(text);
    if (Number.isNaN(warmRssKb) && i >= fixes / 10) warmRssKb = rssKb(pid);
    const tenth = Math.floor((i * 10) / fixes);
    if (samples.length <= tenth) samples.push(rssKb(pid) / 1024);
  }
  await new Promise((r) => setTimeout(r, 2000));
  const endRssKb = rssKb(pid);
  await stopAgent(run);
  return {
    fixes,
    seconds: (performance.now() - t0) / 1000,
    warmRssMb: warmRssKb / 1024,
    endRssMb: endRssKb / 1024,
    growthPercent: ((endRssKb - warmRssKb) / warmRssKb) * 100,
    samplesMb: samples,
  };
}

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const only = process.argv.includes('--only')
    ? process.argv[process.argv.indexOf('--only') + 1]
    : null;
  if (only !== 'memory') {
    const r = await benchLatency(option('sentences', 10_000), option('hz', 10));
    console.log(
      `latency: ${r.events} events from ${r.sentences} sentences; sentence written → event ` +
        `committed: p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, ` +
        `max ${r.maxMs.toFixed(2)} ms; wire time of one sentence at 115200 baud ` +
        `${r.wireMs.toFixed(2)} ms`,
    );
  }
  if (only !== 'latency') {
    // Baseline: the same mission under plain node, without the unit's flags.
    for (const [label, flags] of [
      [`node ${serviceNodeFlags().join(' ')} (as the unit runs it)`, serviceNodeFlags()],
      ['plain node (baseline)', []],
    ] as const) {
      const m = await benchMemory(option('hours', 24), option('speedup', 100), flags);
      console.log(
        `memory, ${label}: ${m.fixes} fixes in ${m.seconds.toFixed(0)} s; RSS after warm-up ` +
          `${m.warmRssMb.toFixed(1)} MB, at the end ${m.endRssMb.toFixed(1)} MB ` +
          `(${m.growthPercent >= 0 ? '+' : ''}${m.growthPercent.toFixed(1)} %); by tenths ` +
          m.samplesMb.map((mb) => mb.toFixed(0)).join(' '),
      );
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
