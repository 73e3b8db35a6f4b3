// The demo mission (data/demo/mission.yaml): its sensor output decodes, and the ground truth it
// states is what its true track does against the real zone geometry and data/demo/rules.yaml,
// checked here with plain geometry on NORI-D's box and APEI-11's north edge.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

import { decodeLine, LineFramer } from '../drivers/index.js';
import { loadMission, simulate, type TruthTrack, type TruthViolation } from '../sim/index.js';
import { meridianArc } from '../sim/geo.js';

interface Feature {
  properties: { id: string };
  geometry: { type: string; coordinates: number[][][] };
}
interface Rule {
  id: string;
  type: string;
  distance_m?: number;
  max_kn?: number;
  max_m?: number;
  after_s?: number;
}

const mission = loadMission('data/demo/mission.yaml');
const sim = simulate(mission, 1);
const collector = sim.tracks.find((t) => t.vehicle === 'collector-1') as TruthTrack;
const rules = (parse(readFileSync('data/demo/rules.yaml', 'utf8')) as { rules: Rule[] }).rules;

function zone(
  file: string,
  id: string,
): { south: number; north: number; west: number; east: number } {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { features: Feature[] };
  const ring = doc.features.find((f) => f.properties.id === id)?.geometry.coordinates[0] ?? [];
  const lons = ring.map((p) => p[0] as number);
  const lats = ring.map((p) => p[1] as number);
  // both areas are boxes on the graticule: every vertex on one of two meridians and parallels
  expect(new Set(lons).size).toBe(2);
  expect(new Set(lats).size).toBe(2);
  return {
    south: Math.min(...lats),
    north: Math.max(...lats),
    west: Math.min(...lons),
    east: Math.max(...lons),
  };
}

const NORI_D = zone('data/zones/ccz-contracts.geojson', 'nori-d');
const APEI_11 = zone('data/zones/ccz-apei.geojson', 'apei-11');

function rule(id: string): Rule {
  const found = rules.find((r) => r.id === id);
  if (found === undefined) throw new Error(`no rule ${id} in rules.yaml`);
  return found;
}

function truth(id: string): TruthViolation {
  const found = mission.truth.find((t) => t.rule === id);
  if (found === undefined) throw new Error(`no ground truth for ${id}`);
  return found;
}

/** Mission seconds at which `test` starts and stops holding, from the true track. */
function changes(test: (i: number) => boolean): { on: number[]; off: number[] } {
  const on: number[] = [];
  const off: number[] = [];
  let was = test(0);
  for (let i = 1; i < collector.lat.length; i++) {
    const is = test(i);
    if (is && !was) on.push(i);
    if (!is && was) off.push(i);
    was = is;
  }
  return { on, off };
}

function expectWithin(seconds: number, window: [number, number] | null): void {
  const ms = mission.startMs + seconds * 1000;
  expect(window).not.toBeNull();
  expect(ms).toBeGreaterThanOrEqual(window?.[0] ?? Infinity);
  expect(ms).toBeLessThanOrEqual(window?.[1] ?? -Infinity);
}

const lat = (i: number): number => collector.lat[i] as number;
const lon = (i: number): number => collector.lon[i] as number;

describe('the demo mission', () => {
  it('names only rules that rules.yaml defines, in the DESIGN.md §5 format', () => {
    for (const t of mission.truth) expect(rule(t.rule).type).toBeTruthy();
    expect(rules.map((r) => r.type).sort()).toEqual(
      ['depth', 'feed_stale', 'max_speed', 'no_entry', 'proximity', 'stay_inside'].sort(),
    );
    expect(sim.durationS / 3600).toBeGreaterThan(2);
    expect(sim.durationS / 3600).toBeLessThan(6);
  });

  it('writes sensor output that decodes, but for the lines its faults damage', () => {
    const failures = new Map<string, number>();
    let ok = 0;
    for (const feed of sim.feeds) {
      const framer = new LineFramer();
      const text = feed.lines.map((l) => `${l.text}\r\n`).join('');
      for (const frame of framer.push(Buffer.from(text, 'latin1'))) {
        const r = decodeLine(frame.text);
        if (r.ok) ok++;
        else failures.set(feed.name, (failures.get(feed.name) ?? 0) + 1);
      }
    }
    const damaged = (feed: string): number =>
      sim.faults
        .filter((f) => f.feed === feed && ['bad_checksum', 'corrupt', 'cut'].includes(f.type))
        .reduce((n, f) => n + f.lines, 0);

    expect(ok).toBeGreaterThan(150_000);
    expect(failures.get('support-vessel-heading')).toBe(damaged('support-vessel-heading'));
    // a cut-off line may still hold a whole sentence without its checksum
    expect(failures.get('support-vessel-gnss')).toBeLessThanOrEqual(damaged('support-vessel-gnss'));
    expect(failures.get('support-vessel-gnss')).toBeGreaterThanOrEqual(32);
    expect([...failures.keys()].sort()).toEqual(['support-vessel-gnss', 'support-vessel-heading']);
  });

  it('leaves NORI-D across its south edge and comes back in the stated windows', () => {
    const t = truth('nori-d-stay-inside');
    const outside = changes(
      (i) =>
        lat(i) < NORI_D.south ||
        lat(i) > NORI_D.north ||
        lon(i) < NORI_D.west ||
        lon(i) > NORI_D.east,
    );

    expect(outside.on).toHaveLength(1);
    expect(outside.off).toHaveLength(1);
    expectWithin(outside.on[0] ?? NaN, t.opens);
    expectWithin(outside.off[0] ?? NaN, t.closes);
  });

  it('comes within the proximity distance of APEI-11 in the stated window, never inside it', () => {
    const t = truth('apei-proximity');
    const limitLat = APEI_11.north; // NORI-D lies within APEI-11's longitudes, north of it
    const distanceM = (i: number): number => meridianArc(lat(i)) - meridianArc(limitLat);
    const near = changes((i) => distanceM(i) <= (rule('apei-proximity').distance_m ?? 0));

    expect(lon(0)).toBeGreaterThan(APEI_11.west);
    expect(lon(0)).toBeLessThan(APEI_11.east);
    expect(near.on).toHaveLength(1);
    expect(near.off).toEqual([]);
    expectWithin(near.on[0] ?? NaN, t.opens);
    expect(t.closes).toBeNull();
    expect(Math.min(...collector.lat)).toBeGreaterThan(APEI_11.north);
    expect(mission.truth.some((v) => v.rule === 'apei-no-entry')).toBe(false);
  });

  it('exceeds the speed limit once, in the stated windows', () => {
    const t = truth('collector-max-speed');
    const limitMps = ((rule('collector-max-speed').max_kn ?? 0) * 1852) / 3600;
    const fast = changes((i) => (collector.sogMps[i] as number) > limitMps);

    expect(fast.on).toHaveLength(1);
    expectWithin(fast.on[0] ?? NaN, t.opens);
    expectWithin(fast.off[0] ?? NaN, t.closes);
  });

  it('goes below the rated depth once, in the stated windows', () => {
    const t = truth('collector-max-depth');
    const deep = changes(
      (i) => (collector.depthM[i] as number) > (rule('collector-max-depth').max_m ?? 0),
    );

    expect(deep.on).toHaveLength(1);
    expectWithin(deep.on[0] ?? NaN, t.opens);
    expectWithin(deep.off[0] ?? NaN, t.closes);
  });

  it('falls silent for longer than the stale limit once, in the stated windows', () => {
    const t = truth('position-stale');
    const afterS = rule('position-stale').after_s ?? 0;
    const times = [
      ...new Set(sim.feeds.find((f) => f.name === 'collector-1-ins')?.lines.map((l) => l.tMs)),
    ];
    const gaps = times.flatMap((tMs, i) => {
      const previous = times[i - 1];
      return previous !== undefined && tMs - previous > afterS * 1000 ? [[previous, tMs]] : [];
    });

    expect(gaps).toHaveLength(1);
    expectWithin((gaps[0]?.[0] ?? NaN) / 1000 + afterS, t.opens);
    expectWithin((gaps[0]?.[1] ?? NaN) / 1000, t.closes);
  });
});
