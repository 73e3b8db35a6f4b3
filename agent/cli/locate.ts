// `deepseaguard locate --zones FILE... [--within M] [LAT LON]` (DESIGN.md §7): which zones contain
// a position and which zone boundaries lie within M metres of it, as one JSON object per
// position. With no position on the command line it answers each `lat lon` line of stdin as the
// line arrives, so it can sit at the end of a pipe from a live feed.
import { once } from 'node:events';
import { createInterface } from 'node:readline';

import { loadZones, type ZoneSet } from '../../rules/index.js';
import { readZoneSources } from '../ruleset-files.js';
import { UsageError } from '../errors.js';

export interface LocateOptions {
  zones: string[];
  within: string;
}

/** What locate prints for one position. */
export interface LocateAnswer {
  lat: number;
  lon: number;
  inside: string[];
  boundaries: { zone: string; distance_m: number }[];
}

/** What it prints for a stdin line that is not a position. */
export interface LocateLineError {
  line: number;
  error: string;
}

export async function locateCommand(
  lat: string | undefined,
  lon: string | undefined,
  options: LocateOptions,
): Promise<number> {
  const withinM = parseWithin(options.within);
  const zones = loadZones(await readZoneSources(options.zones));
  if (lat === undefined) return locateStream(zones, withinM, process.stdin, process.stdout);

  const position = parsePosition([lat, lon ?? ''].join(' ').trim());
  if (typeof position === 'string') throw new UsageError(`locate: ${position}`);
  process.stdout.write(`${JSON.stringify(locate(zones, position, withinM))}\n`);
  return 0;
}

/** The zones around one position; distances rounded to 0.1 m, nearest first. */
export function locate(
  zones: ZoneSet,
  position: { lat: number; lon: number },
  withinM: number,
): LocateAnswer {
  const { lat, lon } = position;
  const inside = zones.containing({ latDeg: lat, lonDeg: lon }).map((zone) => zone.id);
  const boundaries = zones.boundariesWithin(lat, lon, withinM).map((b) => ({
    zone: b.zone.id,
    distance_m: Math.round(b.distanceM * 10) / 10,
  }));
  return { lat, lon, inside, boundaries };
}

/**
 * Answers each line of `input` on `output` as it arrives: a position, or an error object for a
 * line that is not one (and carries on). Blank lines and `#` comments are skipped. Returns 2 if
 * any line was not a position, else 0; stops quietly when the reader of `output` goes away.
 */
export async function locateStream(
  zones: ZoneSet,
  withinM: number,
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): Promise<number> {
  let closed = false;
  output.on('error', () => {
    closed = true;
  });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let number = 0;
  let answered = 0;
  let bad = 0;
  for await (const text of lines) {
    number++;
    const trimmed = text.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;

    const position = parsePosition(trimmed);
    const answer: LocateAnswer | LocateLineError =
      typeof position === 'string'
        ? { line: number, error: position }
        : locate(zones, position, withinM);
    answered++;
    if (typeof position === 'string') bad++;
    if (!output.write(`${JSON.stringify(answer)}\n`)) await once(output, 'drain');
    if (closed) break;
  }
  lines.close();

  if (bad > 0 && !closed) {
    const was = bad === 1 ? 'was not a position' : 'were not positions';
    process.stderr.write(`deepseaguard: locate: ${bad} of ${answered} lines ${was}\n`);
  }
  return bad > 0 ? 2 : 0;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** `lat lon` in decimal degrees (a comma may stand for the space), or what is wrong with it. */
export function parsePosition(text: string): { lat: number; lon: number } | string {
  const parts = text.split(/[\s,]+/);
  if (parts.length !== 2 || !parts.every((part) => DECIMAL.test(part))) {
    return `expected "LAT LON" in decimal degrees, got ${JSON.stringify(text)}`;
  }
  const [lat, lon] = parts.map(Number) as [number, number];
  if (lat < -90 || lat > 90) return `expected a latitude in [-90, 90], got ${lat}`;
  // longitudes of 0–360 east, as some INS print them, are accepted
  if (lon < -180 || lon > 360) return `expected a longitude in [-180, 360], got ${lon}`;
  return { lat, lon };
}

function parseWithin(text: string): number {
  const metres = DECIMAL.test(text) ? Number(text) : NaN;
  if (!(metres > 0) || !Number.isFinite(metres)) {
    throw new UsageError(`locate --within: expected a distance in metres (> 0), got "${text}"`);
  }
  return metres;
}
