// Helpers for store tests: events in the shape of DESIGN.md §6, fixes, raw sentences, and a
// clock whose timers run only when a test advances it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { ComplianceEvent, EngineFix, RawLine, StoreClock } from '../../agent/store/index.js';

export const AGENT = 'test-agent';
export const RULESET = 'sha256:' + 'ab'.repeat(32);
const T0_MS = Date.parse('2022-10-15T14:00:00.000Z');

/** A violation event with the given seq, at `seq` seconds after T0. */
export function eventAt(seq: number, overrides: Partial<ComplianceEvent> = {}): ComplianceEvent {
  return {
    id: `${AGENT}:${seq}`,
    seq,
    time: new Date(T0_MS + seq * 1000).toISOString(),
    vehicle: 'collector-1',
    kind: 'violation.opened',
    severity: 'critical',
    rule: 'apei-keep-out',
    zone: 'apei-11',
    position: { lat: 9.7412, lon: -116.9021, depth_m: 4795.2 },
    detail: { distance_m: 0 },
    ruleset: RULESET,
    ...overrides,
  };
}

/** The next `count` events of a store whose next seq is `nextSeq`. */
export function eventsFrom(nextSeq: number, count: number): ComplianceEvent[] {
  return Array.from({ length: count }, (_, i) => eventAt(nextSeq + i));
}

/** A fix of collector-1, `i` seconds after T0, moving north. */
export function fixAt(i: number, vehicle = 'collector-1'): EngineFix {
  return {
    timeMs: T0_MS + i * 1000,
    vehicle,
    latDeg: 9.7 + i * 1e-5,
    lonDeg: -116.9,
    depthM: 4795 + (i % 10) / 10,
    altitudeM: 2.5,
    sogMps: 0.5,
    cogDeg: 0,
    headingDeg: 1.5,
    quality: 4,
    hdop: 0.9,
    source: 'usbl',
  };
}

/** An NMEA sentence with its checksum. */
export function sentence(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum ^= body.charCodeAt(i);
  return `$${body}*${sum.toString(16).toUpperCase().padStart(2, '0')}`;
}

/** The three raw lines a 1 Hz navigation feed delivers for fix `i`. */
export function rawLinesAt(i: number): RawLine[] {
  const receivedMs = T0_MS + i * 1000;
  const hhmmss = new Date(receivedMs).toISOString().slice(11, 19).replaceAll(':', '');
  const lat = (9.7 + i * 1e-5) * 60;
  const latField = `${String(Math.floor(lat / 60)).padStart(2, '0')}${(lat % 60).toFixed(5)}`;
  return [
    `GPGGA,${hhmmss}.00,${latField},N,11654.0000,W,4,12,0.9,-4795.0,M,0.0,M,,`,
    `GPRMC,${hhmmss}.00,A,${latField},N,11654.0000,W,0.97,0.0,151022,,,D`,
    `SDDBT,8.2,f,2.5,M,1.4,F`,
  ].map((body) => ({ feed: 'nav', receivedMs, loggedMs: null, text: sentence(body) }));
}

/** The value, which a test knows is there. */
export function defined<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value, got undefined');
  return value;
}

/** A clock for tests: time stands still and timers fire only in `advance`. */
export class ManualClock implements StoreClock {
  #nowMs: number;
  #timers = new Map<number, { atMs: number; callback: () => void }>();
  #nextId = 1;

  constructor(nowMs = T0_MS) {
    this.#nowMs = nowMs;
  }

  now(): number {
    return this.#nowMs;
  }

  setTimeout(callback: () => void, delayMs: number): unknown {
    const id = this.#nextId++;
    this.#timers.set(id, { atMs: this.#nowMs + delayMs, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  /** Timers waiting to fire. */
  get pending(): number {
    return this.#timers.size;
  }

  /** Moves time on, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const end = this.#nowMs + ms;
    for (;;) {
      const due = [...this.#timers.entries()]
        .filter(([, t]) => t.atMs <= end)
        .sort(([, a], [, b]) => a.atMs - b.atMs)[0];
      if (!due) break;
      this.#timers.delete(due[0]);
      this.#nowMs = due[1].atMs;
      due[1].callback();
    }
    this.#nowMs = end;
  }
}

/** A fresh directory for a test's files, and its removal. */
export function tempDir(prefix = 'dsg-store-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
