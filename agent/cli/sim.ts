// `deepseaguard sim run` and `sim relocate`: the simulator's command line (DESIGN.md §7). This
// is the one place the simulator is reached from; the agent itself never imports it.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';

import {
  loadMission,
  openPathSink,
  play,
  relocateLog,
  simulate,
  socatPtySink,
  tcpSink,
  writeSimulation,
  type FeedResult,
  type PlayedFeed,
  type Simulation,
  type Sink,
} from '../../sim/index.js';
import { Progress } from '../progress.js';
import { UsageError } from '../errors.js';

export interface SimRunOptions {
  seed: string;
  out?: string;
  pty?: string[];
  tcp?: string[];
  rate?: string;
  stamp?: boolean;
}

/** `sim run MISSION`: simulate, write files, and play to PTYs or TCP ports. */
export async function simRunCommand(missionFile: string, options: SimRunOptions): Promise<number> {
  const seed = parseSeed(options.seed);
  const rate = parseRate(options.rate ?? '1');
  if (!options.out && !options.pty?.length && !options.tcp?.length) {
    throw new UsageError('sim run: expected --out, --pty or --tcp, got none');
  }

  const mission = loadMission(missionFile);
  const feeds = mission.vehicles.reduce((n, v) => n + v.sensors.length, 0);
  const progress = new Progress(process.stderr, feeds);
  progress.label('simulating');
  const sim = simulate(mission, seed, () => progress.advance(1, performance.now()));
  progress.done();
  const files = options.out
    ? writeSimulation(sim, options.out, { stamp: options.stamp === true })
    : [];
  const live = await openSinks(sim, options.pty ?? [], options.tcp ?? []);
  const played = live.length > 0 ? await playLive(sim, live, rate) : null;

  process.stderr.write(runSummary(sim, files, played));
  return 0;
}

function parseSeed(text: string): number {
  const seed = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(seed)) {
    throw new UsageError(`--seed: expected a whole number >= 0, got "${text}"`);
  }
  return seed;
}

function parseRate(text: string): number {
  const rate = Number(text);
  if (!Number.isFinite(rate) || rate <= 0) {
    throw new UsageError(`--rate: expected a number > 0 (1 = real time), got "${text}"`);
  }
  return rate;
}

interface LiveFeed extends PlayedFeed {
  feed: FeedResult;
  target: string;
  ready?: Promise<void>;
}

/** `FEED=VALUE`, or a bare VALUE when the mission has a single feed. */
function assign(
  sim: Simulation,
  option: string,
  text: string,
): { feed: FeedResult; value: string } {
  const eq = text.indexOf('=');
  const named = eq > 0 ? sim.feeds.find((f) => f.name === text.slice(0, eq)) : undefined;
  if (named) return { feed: named, value: text.slice(eq + 1) };
  const only = sim.feeds.length === 1 ? sim.feeds[0] : undefined;
  if (only && eq < 0) return { feed: only, value: text };
  const names = sim.feeds.map((f) => f.name).join(', ');
  throw new UsageError(`${option}: expected FEED=VALUE with FEED one of ${names}, got "${text}"`);
}

async function openSinks(sim: Simulation, ptys: string[], ports: string[]): Promise<LiveFeed[]> {
  const live: LiveFeed[] = [];
  try {
    for (const text of ptys) {
      const { feed, value } = assign(sim, '--pty', text);
      // an existing path is a PTY someone made; otherwise socat makes one there for the agent
      const sink: Sink = existsSync(value) ? openDevice(value) : await socatPtySink(value);
      live.push({ feed, lines: feed.lines, sink, target: value });
      process.stderr.write(`sim: ${feed.name} → ${value}\n`);
    }
    for (const text of ports) {
      const { feed, value } = assign(sim, '--tcp', text);
      const port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new UsageError(`--tcp: expected a port 0–65535, got "${value}"`);
      }
      const sink = await tcpSink(port);
      live.push({
        feed,
        lines: feed.lines,
        sink,
        target: `127.0.0.1:${sink.port}`,
        ready: sink.ready,
      });
      process.stderr.write(`sim: ${feed.name} on 127.0.0.1:${sink.port}, waiting for a client\n`);
    }
  } catch (err) {
    await Promise.all(live.map((l) => l.sink.close()));
    throw err;
  }
  return live;
}

/** An existing path must be a terminal, a device or a FIFO: never overwrite a plain file. */
function openDevice(path: string): Sink {
  const stat = statSync(path);
  if (!stat.isCharacterDevice() && !stat.isFIFO()) {
    throw new UsageError(`--pty ${path}: expected a PTY, a device or a FIFO, got a plain file`);
  }
  return openPathSink(path);
}

interface Played {
  rate: number;
  lines: number;
  stopped: boolean;
}

async function playLive(sim: Simulation, live: LiveFeed[], rate: number): Promise<Played> {
  await Promise.all(live.map((l) => l.ready));
  const totalMs = sim.durationS * 1000;
  const progress = new Progress(process.stderr, totalMs);
  let lastMs = 0;
  const abort = new AbortController();
  const stop = (): void => abort.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const lines = await play(live, {
      rate,
      signal: abort.signal,
      onProgress: (tMs) => {
        progress.label(`simulated ${clock(tMs / 1000)}`);
        progress.advance(tMs - lastMs, performance.now());
        lastMs = tMs;
      },
    });
    return { rate, lines, stopped: abort.signal.aborted };
  } finally {
    progress.done();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await Promise.all(live.map((l) => l.sink.close()));
  }
}

function clock(seconds: number): string {
  const s = Math.round(seconds);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${Math.floor(s / 3600)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

function runSummary(sim: Simulation, files: string[], played: Played | null): string {
  const { mission } = sim;
  const start = new Date(mission.startMs).toISOString();
  const out = [
    `sim: ${mission.name}, seed ${sim.seed}: ${clock(sim.durationS)} simulated from ${start}`,
  ];
  if (played) {
    const how = played.stopped ? 'stopped after' : 'played';
    out.push(`  ${how} ${played.lines} lines at ${played.rate}× real time`);
  }
  const width = Math.max(...sim.feeds.map((f) => f.name.length));
  for (const f of sim.feeds)
    out.push(`  ${f.name.padEnd(width)}  ${String(f.lines.length).padStart(7)} lines`);
  const faults = sim.faults.map((f) => `${f.type} on ${f.feed} (${f.lines} lines)`);
  out.push(`  faults: ${faults.length === 0 ? 'none' : faults.join('; ')}`);
  out.push(`  ground truth: ${mission.truth.length} violations expected`);
  if (files.length > 0)
    out.push(`  wrote ${files.length} files: ${files[files.length - 1]} lists them`);
  return `${out.join('\n')}\n`;
}

export interface SimRelocateOptions {
  to: string;
  out: string;
}

/** `sim relocate LOG --to LAT,LON --out FILE`: a real track moved, its motion kept. */
export async function simRelocateCommand(
  log: string,
  options: SimRelocateOptions,
): Promise<number> {
  const to = parseLatLon(options.to);
  let text: string;
  try {
    text = readFileSync(log, 'latin1');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new UsageError(`${log}: expected a readable log, got ${reason}`, 'DSG_USAGE', {
      cause: err,
    });
  }
  const result = relocateLog(text, to, log);
  writeFileSync(options.out, result.text, 'latin1');
  process.stderr.write(
    `sim relocate: ${result.lines} lines, ${result.moved} positions moved from ` +
      `${result.from.lat.toFixed(5)},${result.from.lon.toFixed(5)} to ${to.lat},${to.lon}` +
      (result.keptBadChecksum > 0 ? ` (${result.keptBadChecksum} keep their wrong checksum)` : '') +
      `; wrote ${options.out}\n`,
  );
  return 0;
}

function parseLatLon(text: string): { lat: number; lon: number } {
  const parts = text.split(',').map((p) => p.trim());
  const [lat, lon] = parts.map(Number);
  const ok =
    parts.length === 2 &&
    parts.every((p) => p !== '') &&
    lat !== undefined &&
    lon !== undefined &&
    Math.abs(lat) <= 90 &&
    Math.abs(lon) <= 180;
  if (!ok) throw new UsageError(`--to: expected LAT,LON in decimal degrees, got "${text}"`);
  return { lat: lat as number, lon: lon as number };
}
