import { readFileSync } from 'node:fs';

import geodesic from 'geographiclib-geodesic';
import { describe, expect, it } from 'vitest';

import { Engine } from './engine.js';
import { T0_MS } from './fixtures/fixes.js';
import { loadRules, type RuleSet } from './ruleset.js';
import { SURVEY_MARGIN_M, movedFromM, type Surroundings } from './surroundings.js';
import type { EngineFix, SourceText, Zone, ZoneQueries } from './types.js';
import { loadZones } from './zones.js';
import { mulberry32 } from '../sim/index.js';

const WGS84 = geodesic.Geodesic.WGS84;

describe('movedFromM', () => {
  it('never understates the WGS84 distance from the survey point', () => {
    const random = mulberry32(7);
    for (let i = 0; i < 2000; i++) {
      const lat = -80 + 160 * random();
      const lon = -180 + 360 * random();
      const around: Surroundings = {
        latDeg: lat,
        lonDeg: lon,
        radiusM: 1e9,
        clearM: 1e9,
        inside: [],
        near: [],
      };
      const to = WGS84.Direct(lat, lon, 360 * random(), SURVEY_MARGIN_M * random());

      const moved = movedFromM(around, to.lat2 as number, to.lon2 as number);

      expect(moved).toBeGreaterThanOrEqual(to.s12 as number);
    }
  });

  it('is Infinity beyond the clearance or the survey margin', () => {
    const around: Surroundings = {
      latDeg: 10,
      lonDeg: -117,
      radiusM: 10_000,
      clearM: 500,
      inside: [],
      near: [],
    };

    expect(movedFromM(around, 10.004, -117)).toBeLessThan(500);
    expect(movedFromM(around, 10.005, -117)).toBe(Infinity);
    expect(movedFromM({ ...around, clearM: 10_000 }, 10.02, -117)).toBe(Infinity);
  });
});

const ROOT = new URL('../', import.meta.url);
const read = (path: string): SourceText => ({
  file: path,
  text: readFileSync(new URL(path, ROOT), 'utf8'),
});

/**
 * The zones with a phantom boundary at distance 0 from everywhere: every fix then re-surveys and
 * every segment is checked for passes, which is the engine without the reuse of surveys.
 */
function withoutReuse(zones: ZoneQueries): ZoneQueries {
  const ghost: Zone = { ...(zones.zones[0] as Zone), id: '\u0000ghost' };
  return {
    zones: zones.zones,
    hash: zones.hash,
    byId: (id) => zones.byId(id),
    containing: (query) => zones.containing(query),
    containsPoint: (zone, lat, lon) => zones.containsPoint(zone, lat, lon),
    distanceToBoundaryM: (zone, lat, lon) => zones.distanceToBoundaryM(zone, lat, lon),
    segmentCrossings: (a, b) => zones.segmentCrossings(a, b),
    boundariesWithin: (lat, lon, maxM) => [
      { zone: ghost, distanceM: 0 },
      ...zones.boundariesWithin(lat, lon, maxM),
    ],
  };
}

/** Random walks around the scenario zones: steps of 0–400 m, 5–200 s apart. */
function wanderingFixes(random: () => number, count: number): EngineFix[] {
  const vehicles = ['collector-1', 'auv-1', 'auv-2'].map((vehicle) => ({
    vehicle,
    lat: 10.395 + 0.02 * random(),
    lon: -117.01 + 0.03 * random(),
    timeMs: T0_MS,
    depthM: 4200,
  }));
  return Array.from({ length: count }, () => {
    const v = vehicles[Math.floor(random() * vehicles.length)] as (typeof vehicles)[number];
    const stepDeg = (400 * random()) / 111_000;
    const heading = 2 * Math.PI * random();
    v.lat += stepDeg * Math.cos(heading);
    v.lon += stepDeg * Math.sin(heading);
    v.timeMs += Math.round(5000 + 195_000 * random());
    v.depthM += 40 * (random() - 0.5);
    return {
      timeMs: v.timeMs,
      vehicle: v.vehicle,
      latDeg: v.lat,
      lonDeg: v.lon,
      depthM: random() < 0.1 ? null : v.depthM,
      altitudeM: 5 + 10 * random(),
      sogMps: random(),
      cogDeg: null,
      headingDeg: null,
      quality: 1,
      hdop: 1,
      source: 'test',
    };
  });
}

describe('reusing surveys', () => {
  it('gives the events of an engine that asks the zones again at every fix', () => {
    const zones = loadZones(
      [
        'data/zones/ccz-apei.geojson',
        'data/zones/ccz-contracts.geojson',
        'rules/fixtures/zones-nori-d-scenario.geojson',
      ].map(read),
    );
    const mission = loadRules(read('rules/fixtures/rules-nori-d.yaml'), zones);
    const text =
      'rules: [{id: near, type: proximity, severity: warning, zones: ["*"], distance_m: 300}]';
    const near = loadRules({ file: 'near.yaml', text }, zones);
    const rules: RuleSet = { file: 'both', rules: [...mission.rules, ...near.rules] };
    const fixes = wanderingFixes(mulberry32(42), 3000);

    const reusing = new Engine({ zones, rules });
    const asking = new Engine({ zones: withoutReuse(zones), rules });
    const a = fixes.flatMap((fix) => reusing.onFix(fix));
    const b = fixes.flatMap((fix) => asking.onFix(fix));

    expect(a.length).toBeGreaterThan(100);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});
