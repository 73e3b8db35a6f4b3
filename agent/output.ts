// How fixes are shown: JSON Lines in the external snake_case form, or an aligned table.
import type { ComplianceEvent } from '../rules/index.js';

import type { Fix } from './fusion.js';

const round = (value: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/** The external form of a fix (DESIGN.md §3): optional members only when known. */
export function fixJson(fix: Fix): Record<string, unknown> {
  const out: Record<string, unknown> = {
    time: new Date(fix.timeMs).toISOString(),
    vehicle: fix.vehicle,
    lat: round(fix.latDeg, 7),
    lon: round(fix.lonDeg, 7),
  };
  if (fix.depthM !== null) out.depth_m = round(fix.depthM, 2);
  if (fix.altitudeM !== null) out.altitude_m = round(fix.altitudeM, 2);
  if (fix.sogMps !== null) out.sog_mps = round(fix.sogMps, 3);
  if (fix.cogDeg !== null) out.cog_deg = round(fix.cogDeg, 1);
  if (fix.headingDeg !== null) out.heading_deg = round(fix.headingDeg, 1);
  if (fix.quality !== null) out.quality = fix.quality;
  if (fix.hdop !== null) out.hdop = fix.hdop;
  out.source = fix.source;
  return out;
}

const FIX_COLUMNS = ['time', 'vehicle', 'lat', 'lon', 'depth_m', 'alt_m', 'sog_mps', 'cog', 'q'];
const FIX_WIDTHS = [24, 12, 12, 13, 9, 8, 8, 6, 2];

function row(cells: string[], widths: number[]): string {
  return cells
    .map((c, i) => c.padEnd(widths[i] ?? 0))
    .join(' ')
    .trimEnd();
}

const opt = (value: number | null, digits: number): string =>
  value === null ? '-' : value.toFixed(digits);

export function fixTableHeader(): string {
  return row(FIX_COLUMNS, FIX_WIDTHS);
}

export function fixTableRow(fix: Fix): string {
  return row(
    [
      new Date(fix.timeMs).toISOString(),
      fix.vehicle,
      fix.latDeg.toFixed(7),
      fix.lonDeg.toFixed(7),
      opt(fix.depthM, 1),
      opt(fix.altitudeM, 1),
      opt(fix.sogMps, 2),
      opt(fix.cogDeg, 1),
      fix.quality === null ? '-' : String(fix.quality),
    ],
    FIX_WIDTHS,
  );
}

/** Buffers output lines and writes them in large chunks, waiting when the pipe is full. */
export class LineWriter {
  #stream: NodeJS.WritableStream;
  #buffer: string[] = [];
  #size = 0;
  static readonly CHUNK_CHARS = 64 * 1024;

  constructor(stream: NodeJS.WritableStream) {
    this.#stream = stream;
  }

  /** Adds a line; returns a promise only when the caller must wait for the pipe to drain. */
  line(text: string): Promise<void> | undefined {
    this.#buffer.push(text);
    this.#size += text.length + 1;
    return this.#size >= LineWriter.CHUNK_CHARS ? this.flush() : undefined;
  }

  /** Writes what is buffered; resolves once the stream has handed it on. */
  flush(): Promise<void> {
    if (this.#buffer.length === 0) return Promise.resolve();
    const chunk = this.#buffer.join('\n') + '\n';
    this.#buffer = [];
    this.#size = 0;
    return new Promise((resolve, reject) => {
      this.#stream.write(chunk, (err) => (err ? reject(err) : resolve()));
    });
  }
}

/** One event as a readable line: time, vehicle, severity, what happened, where, detail. */
export function eventTableRow(event: ComplianceEvent): string {
  const what = [event.kind, event.rule, event.zone && `zone ${event.zone}`]
    .filter((part): part is string => typeof part === 'string' && part.length > 0)
    .join(' ');
  const p = event.position;
  const where = p
    ? `${p.lat.toFixed(5)},${p.lon.toFixed(5)}` + (p.depth_m === undefined ? '' : ` ${p.depth_m} m`)
    : '';
  const detail = Object.entries(event.detail)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' ');
  return row(
    [event.time, event.vehicle ?? '-', event.severity.toUpperCase(), what, where, detail],
    EVENT_WIDTHS,
  );
}

const EVENT_COLUMNS = ['time', 'vehicle', 'severity', 'what', 'where', 'detail'];
const EVENT_WIDTHS = [24, 12, 8, 44, 30, 0];

export function eventTableHeader(): string {
  return row(EVENT_COLUMNS, EVENT_WIDTHS);
}
