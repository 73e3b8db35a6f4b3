// Our fixes against gpsd's own decoding of the same captures: for each second gpsd reports a
// position (and a time: it gives none when the log states no date), we must have a fix at that
// time within 2e-5° in latitude and longitude, for at least 90 % of those seconds.
//
// Two kinds of second are set aside by design, and counted: a position that moves time
// backwards or implies more than 30 m/s is dropped by fusion (DESIGN.md §3) while gpsd reports
// it. gpsd also moves some old dates forward by 1024 GPS weeks (its rollover guess); the date
// the sentence states is the one we keep.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { LineFramer } from '../drivers/index.js';
import type { Fix } from '../agent/fusion.js';
import { Pipeline } from '../agent/pipeline.js';

const DIR = fileURLToPath(new URL('./fixtures/gpsd/', import.meta.url));
const TOLERANCE_DEG = 2e-5;
const REQUIRED_SHARE = 0.9;
const GPS_WEEK_ROLLOVER_MS = 1024 * 7 * 86_400_000;
const PLAUSIBLE_MPS = 30;

interface Tpv {
  time?: string;
  lat?: number;
  lon?: number;
  mode?: number;
}

interface GpsdPosition {
  timeMs: number;
  lat: number;
  lon: number;
}

/** gpsd's dated positions in report order. */
function gpsdPositions(chk: string): GpsdPosition[] {
  const positions: GpsdPosition[] = [];
  for (const line of chk.split('\n')) {
    if (!line.startsWith('{"class":"TPV"')) continue;
    const tpv = JSON.parse(line) as Tpv;
    if (!tpv.time || tpv.lat === undefined || tpv.lon === undefined || (tpv.mode ?? 0) < 2) {
      continue;
    }
    positions.push({ timeMs: Date.parse(tpv.time), lat: tpv.lat, lon: tpv.lon });
  }
  return positions;
}

/** Metres between two nearby positions (a flat approximation is plenty for a speed test). */
function metres(a: GpsdPosition, b: GpsdPosition): number {
  const dLat = (b.lat - a.lat) * 111_320;
  const dLon = (b.lon - a.lon) * 111_320 * Math.cos((a.lat * Math.PI) / 180);
  return Math.hypot(dLat, dLon);
}

/** Seconds fusion drops by design: time going back, or motion faster than plausible. */
function byDesign(previous: GpsdPosition | undefined, p: GpsdPosition, latestMs: number): boolean {
  if (p.timeMs <= latestMs - 1000) return true;
  if (!previous || p.timeMs <= previous.timeMs) return false;
  return metres(previous, p) / ((p.timeMs - previous.timeMs) / 1000) > PLAUSIBLE_MPS;
}

function ourFixes(log: Buffer): Map<number, Fix> {
  const fixes = new Map<number, Fix>();
  const pipeline = new Pipeline({ onFix: (fix) => fixes.set(fix.timeMs, fix) });
  const framer = new LineFramer();
  const feed = { name: 'gpsd', vehicle: 'vehicle' };
  for (const frame of [...framer.push(log), ...framer.flush()]) pipeline.line(feed, frame, 0);
  pipeline.flush();
  return fixes;
}

interface Agreement {
  seconds: number;
  agreed: number;
  setAside: number;
  differing: string[];
}

function agrees(fix: Fix | undefined, p: GpsdPosition): boolean {
  return (
    fix !== undefined &&
    Math.abs(fix.latDeg - p.lat) <= TOLERANCE_DEG &&
    Math.abs(fix.lonDeg - p.lon) <= TOLERANCE_DEG
  );
}

function agreement(name: string): Agreement {
  const reports = gpsdPositions(readFileSync(`${DIR}${name}.chk`, 'utf8'));
  const ours = ourFixes(readFileSync(`${DIR}${name}`));
  const result: Agreement = { seconds: 0, agreed: 0, setAside: 0, differing: [] };
  const seen = new Set<number>();
  let latestMs = -Infinity;
  let previous: GpsdPosition | undefined;
  for (const p of reports) {
    if (seen.has(p.timeMs)) continue; // gpsd repeats a second once per sentence
    seen.add(p.timeMs);
    const fix = ours.get(p.timeMs) ?? ours.get(p.timeMs - GPS_WEEK_ROLLOVER_MS);
    if (agrees(fix, p)) result.agreed++;
    else if (byDesign(previous, p, latestMs)) result.setAside++;
    else result.differing.push(new Date(p.timeMs).toISOString());
    result.seconds++;
    latestMs = Math.max(latestMs, p.timeMs);
    previous = p;
  }
  return result;
}

const logs = readdirSync(DIR)
  .filter((f) => f.endsWith('.log'))
  .sort();

describe('fixes agree with gpsd', () => {
  it.each(logs)('%s', (name) => {
    const { seconds, agreed, setAside, differing } = agreement(name);

    if (seconds === 0) return; // gpsd reported no dated position for this capture
    const share = agreed / (seconds - setAside);
    const report =
      `${name}: ${agreed} of ${seconds - setAside} seconds agree (${setAside} set aside by ` +
      `design); differing: ${differing.slice(0, 10).join(', ')}`;
    expect(share, report).toBeGreaterThanOrEqual(REQUIRED_SHARE);
    expect(setAside, report).toBeLessThanOrEqual(seconds / 2);
  });
});
