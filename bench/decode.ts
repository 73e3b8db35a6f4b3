/**
 * Decoding speed on real logs: (a) our LineFramer + decodeLine over the raw bytes, (b)
 * nmea-simple's parseNmeaSentence alone on the same lines, (c) @signalk/nmea0183-signalk's
 * parser alone on the same lines. Several repetitions each, interleaved, median reported.
 *
 * Run: node --import tsx bench/decode.ts [--reps N] [FILE...]
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import { Parser as SignalkParser } from '@signalk/nmea0183-signalk';
import { parseNmeaSentence } from 'nmea-simple';

import { LineFramer, decodeLine } from '../drivers/index.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));

/** The logs measured by default: the project's copy, and the larger avnav log when present. */
export const DEFAULT_LOGS = [
  `${HERE}../data/nmea/nmea-20130630.log`,
  `${HERE}../../shared/data/nmea/avnav/20160815.nmea`,
];

/** Bytes are fed in chunks of this size, as a serial or file feed would hand them over. */
const CHUNK_BYTES = 64 * 1024;

export interface DecodeBenchOptions {
  files?: string[];
  repetitions?: number;
}

/** Figures for one log. Rates are lines (sentences) per second, medians of the repetitions. */
export interface DecodeBenchResult {
  file: string;
  bytes: number;
  lines: number;
  /** Lines that became a reading in our decoder. */
  decoded: number;
  repetitions: number;
  oursPerSecond: number;
  nmeaSimplePerSecond: number;
  /** nmea-simple on only the lines it decodes without throwing: its speed without exceptions. */
  nmeaSimpleAcceptedPerSecond: number;
  /** Lines nmea-simple decodes without throwing. */
  nmeaSimpleAccepted: number;
  signalkPerSecond: number;
  /** oursPerSecond / nmeaSimplePerSecond. */
  vsNmeaSimple: number;
  /** oursPerSecond / signalkPerSecond. */
  vsSignalk: number;
}

/** Measures every log that exists; logs that are absent are skipped. */
export function benchDecode(options: DecodeBenchOptions = {}): DecodeBenchResult[] {
  const files = (options.files ?? DEFAULT_LOGS).filter((file) => existsSync(file));
  const repetitions = options.repetitions ?? 7;
  return files.map((file) => benchFile(file, repetitions));
}

function benchFile(file: string, repetitions: number): DecodeBenchResult {
  const bytes = readFileSync(file);
  const lines = frameAll(bytes).map((frame) => frame.text);
  const decoded = lines.filter((line) => decodeLine(line).ok).length;
  const accepted = lines.filter((line) => nmeaSimpleOnce([line]) === 1);
  const signalk = new SignalkParser();

  const runs = {
    ours: [] as number[],
    simple: [] as number[],
    accepted: [] as number[],
    signalk: [] as number[],
  };
  // one warm-up round, then the measured ones; the three alternate so drift hits all alike
  for (let rep = -1; rep < repetitions; rep++) {
    const ours = time(() => oursOnce(bytes));
    const simple = time(() => nmeaSimpleOnce(lines));
    const simpleAccepted = time(() => nmeaSimpleOnce(accepted));
    const sk = time(() => signalkOnce(signalk, lines));
    if (rep < 0) continue;
    runs.ours.push(lines.length / ours);
    runs.simple.push(lines.length / simple);
    runs.accepted.push(accepted.length / simpleAccepted);
    runs.signalk.push(lines.length / sk);
  }

  const oursPerSecond = median(runs.ours);
  const nmeaSimplePerSecond = median(runs.simple);
  const signalkPerSecond = median(runs.signalk);
  return {
    file: basename(file),
    bytes: bytes.length,
    lines: lines.length,
    decoded,
    repetitions,
    oursPerSecond,
    nmeaSimplePerSecond,
    nmeaSimpleAcceptedPerSecond: median(runs.accepted),
    nmeaSimpleAccepted: accepted.length,
    signalkPerSecond,
    vsNmeaSimple: oursPerSecond / nmeaSimplePerSecond,
    vsSignalk: oursPerSecond / signalkPerSecond,
  };
}

function frameAll(bytes: Buffer): { text: string }[] {
  const framer = new LineFramer();
  return [...framer.push(bytes), ...framer.flush()];
}

/** Framing and decoding from the raw bytes; returns a count so the work is not elided. */
function oursOnce(bytes: Buffer): number {
  const framer = new LineFramer();
  let ok = 0;
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES) {
    const frames = framer.push(bytes.subarray(at, at + CHUNK_BYTES));
    for (const frame of frames) if (decodeLine(frame.text).ok) ok++;
  }
  for (const frame of framer.flush()) if (decodeLine(frame.text).ok) ok++;
  return ok;
}

function nmeaSimpleOnce(lines: string[]): number {
  let ok = 0;
  for (const line of lines) {
    try {
      parseNmeaSentence(line);
      ok++;
    } catch {
      // unknown sentence, missing or bad checksum: nmea-simple's way of saying so
    }
  }
  return ok;
}

function signalkOnce(parser: SignalkParser, lines: string[]): number {
  let ok = 0;
  for (const line of lines) {
    try {
      if (parser.parse(line) !== null) ok++;
    } catch {
      // a bad checksum or a sentence it cannot read
    }
  }
  return ok;
}

let sink = 0;

/** Seconds taken by `work`. */
function time(work: () => number): number {
  const start = performance.now();
  sink += work();
  return (performance.now() - start) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function report(results: DecodeBenchResult[]): void {
  for (const r of results) {
    const mb = (r.bytes / 1e6).toFixed(2);
    console.log(
      `${r.file}: ${mb} MB, ${r.lines} lines, ${r.decoded} decoded, median of ${r.repetitions}`,
    );
    console.log(`  (a) LineFramer + decodeLine, raw bytes  ${rate(r.oursPerSecond)}`);
    console.log(`  (b) nmea-simple parseNmeaSentence       ${rate(r.nmeaSimplePerSecond)}`);
    const accepted = `${r.nmeaSimpleAccepted} lines it accepts`.padEnd(24);
    console.log(`      (b) on the ${accepted}${rate(r.nmeaSimpleAcceptedPerSecond)}`);
    console.log(`  (c) @signalk/nmea0183-signalk parse     ${rate(r.signalkPerSecond)}`);
    console.log(`  a/b ${r.vsNmeaSimple.toFixed(1)}x   a/c ${r.vsSignalk.toFixed(1)}x`);
  }
  if (sink < 0) console.log(sink);
}

function rate(perSecond: number): string {
  return `${(perSecond / 1e6).toFixed(2).padStart(6)} M lines/s`;
}

function parseArgs(argv: string[]): DecodeBenchOptions {
  const options: DecodeBenchOptions = {};
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--reps') options.repetitions = Number(argv[++i]);
    else files.push(arg);
  }
  if (files.length > 0) options.files = files;
  return options;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  report(benchDecode(parseArgs(process.argv.slice(2))));
}
