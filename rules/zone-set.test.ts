import { readFileSync } from 'node:fs';
import geodesic from 'geographiclib-geodesic';
import { describe, expect, it } from 'vitest';

import { loadZones } from './zones.js';
import type { Zone } from './types.js';

const WGS84 = geodesic.Geodesic.WGS84;

function load(...files: string[]): ReturnType<typeof loadZones> {
  return loadZones(files.map((file) => ({ file, text: readFileSync(file, 'utf8') })));
}

const ccz = load('data/zones/ccz-apei.geojson', 'data/zones/ccz-contracts.geojson');
const fixtures = load('rules/fixtures/test-zones.geojson');

/** The point `distanceM` from (lat, lon) along azimuth `azDeg` (GeographicLib Direct). */
function direct(lat: number, lon: number, azDeg: number, distanceM: number): [number, number] {
  const end = WGS84.Direct(lat, lon, azDeg, distanceM);
  return [end.lat2 ?? NaN, end.lon2 ?? NaN];
}

function ids(zones: readonly Zone[]): string[] {
  return zones.map((z) => z.id);
}

function zone(set: typeof ccz, id: string): Zone {
  const found = set.byId(id);
  if (!found) throw new Error(`no zone ${id}`);
  return found;
}

describe('boundary distances on the CCZ zones (DOMAIN.md test values)', () => {
  it("measures 2000.0 m to NORI-D's north edge from 2 km due north of it", () => {
    const [lat, lon] = direct(11.08333, -117.2, 0, 2000);

    const near = ccz.boundariesWithin(lat, lon, 10_000).find((b) => b.zone.id === 'nori-d');

    expect(near?.distanceM.toFixed(1)).toBe('2000.0');
  });

  it("measures 25000.0 m to APEI-11's north edge from 25 km due north of it", () => {
    const [lat, lon] = direct(9.75, -117.9, 0, 25_000);

    const d = ccz.distanceToBoundaryM(zone(ccz, 'apei-11'), lat, lon);

    expect(d.toFixed(1)).toBe('25000.0');
    expect(ccz.boundariesWithin(lat, lon, 30_000).map((b) => b.zone.id)).toContain('apei-11');
  });

  it('lists every boundary for an unbounded search, and none for a negative one', () => {
    expect(ccz.boundariesWithin(10.5, -117, Infinity)).toHaveLength(17);
    expect(ccz.boundariesWithin(10.5, -117, -1)).toEqual([]);
  });

  it('lists boundaries nearest first and none beyond the limit', () => {
    const [lat, lon] = direct(11.08333, -117.2, 0, 2000);

    const near = ccz.boundariesWithin(lat, lon, 10_000);

    expect(near.map((b) => b.zone.id)).toEqual(['bgr-east-a', 'nori-d']);
    expect(near[0]?.distanceM).toBeCloseTo(2000 - 0.37, 1);
    expect(ccz.boundariesWithin(lat, lon, 1000)).toEqual([]);
  });
});

describe('containing', () => {
  it('finds the contract area around a point, with longitudes in 0–360 too', () => {
    expect(ids(ccz.containing({ latDeg: 10.5, lonDeg: -117 }))).toEqual(['nori-d']);
    expect(ids(ccz.containing({ latDeg: 10.5, lonDeg: 243 }))).toEqual(['nori-d']);
  });

  it('counts a point on an edge or a vertex as inside', () => {
    expect(ids(ccz.containing({ latDeg: 11.08333, lonDeg: -117 }))).toEqual(['nori-d']);
    expect(ids(ccz.containing({ latDeg: 9.895, lonDeg: -117.81667 }))).toEqual([
      'nori-d',
      'toml-e',
    ]);
  });

  it('understands a ring crossing the antimeridian as crossing it', () => {
    for (const lon of [179.9, -179.9, 180.1, 180]) {
      expect(ids(fixtures.containing({ latDeg: -17, lonDeg: lon }))).toEqual(['fiji-am']);
    }
    expect(fixtures.containing({ latDeg: -17, lonDeg: 0 })).toEqual([]);
    expect(fixtures.containing({ latDeg: -17, lonDeg: 175 })).toEqual([]);
  });

  it('leaves holes out, and counts their edges in', () => {
    expect(fixtures.containing({ latDeg: 5.5, lonDeg: -124.5 })).toEqual([]);
    expect(ids(fixtures.containing({ latDeg: 5.1, lonDeg: -124.5 }))).toEqual(['holed']);
    expect(ids(fixtures.containing({ latDeg: 5.3, lonDeg: -124.5 }))).toEqual(['holed']);
  });

  it('finds either polygon of a multipolygon, minding the hole of the second', () => {
    expect(ids(fixtures.containing({ latDeg: 2.2, lonDeg: -121.8 }))).toEqual(['multi']);
    expect(ids(fixtures.containing({ latDeg: 2.1, lonDeg: -120.5 }))).toEqual(['multi']);
    expect(fixtures.containing({ latDeg: 2.5, lonDeg: -120.5 })).toEqual([]);
    expect(fixtures.containing({ latDeg: 2.2, lonDeg: -121.2 })).toEqual([]);
  });

  it('leaves the notch of a concave zone out', () => {
    expect(fixtures.containing({ latDeg: 8.6, lonDeg: -129.5 })).toEqual([]);
    expect(ids(fixtures.containing({ latDeg: 8.6, lonDeg: -129.8 }))).toEqual(['concave']);
  });

  it('accepts either ring orientation', () => {
    const square = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
      [0, 0],
    ];
    const text = (ring: number[][]): string =>
      JSON.stringify({
        type: 'Feature',
        properties: { id: 'sq' },
        geometry: { type: 'Polygon', coordinates: [ring] },
      });

    const ccw = loadZones([{ file: 'a', text: text(square) }]);
    const cw = loadZones([{ file: 'b', text: text([...square].reverse()) }]);

    for (const [lat, lon] of [
      [0.5, 0.5],
      [1.5, 0.5],
      [0, 0.3],
    ] as const) {
      expect(cw.containing({ latDeg: lat, lonDeg: lon }).length).toBe(
        ccw.containing({ latDeg: lat, lonDeg: lon }).length,
      );
    }
  });

  it('takes a circle as every point within its radius, across the antimeridian too', () => {
    const [inLat, inLon] = direct(7.25, -126.5, 40, 499.9);
    const [outLat, outLon] = direct(7.25, -126.5, 40, 500.1);
    const [amLat, amLon] = direct(-22, 179.99, 90, 1500);

    expect(ids(fixtures.containing({ latDeg: inLat, lonDeg: inLon }))).toEqual(['lander']);
    expect(fixtures.containing({ latDeg: outLat, lonDeg: outLon })).toEqual([]);
    expect(amLon).toBeLessThan(-179.99);
    expect(ids(fixtures.containing({ latDeg: amLat, lonDeg: amLon }))).toEqual(['wreck-am']);
  });

  it('takes a corridor as every point within its radius of the line', () => {
    const [inLat, inLon] = direct(4.6, -126.9, 0, 999);
    const [outLat, outLon] = direct(4.6, -126.9, 0, 1001);

    expect(ids(fixtures.containing({ latDeg: inLat, lonDeg: inLon }))).toEqual(['cable']);
    expect(fixtures.containing({ latDeg: outLat, lonDeg: outLon })).toEqual([]);
    expect(ids(fixtures.containing({ latDeg: -20.5 + 0.4 / 3, lonDeg: 180 }))).toEqual([
      'cable-am',
    ]);
  });

  it('applies a depth band only within it, bounds included, unknown depth within', () => {
    const at = { latDeg: 10.5, lonDeg: -134.5 };

    expect(ids(fixtures.containing({ ...at, depthM: 4000 }))).toEqual(['deep-band']);
    expect(ids(fixtures.containing({ ...at, depthM: 3000 }))).toEqual(['deep-band']);
    expect(ids(fixtures.containing({ ...at, depthM: 5000 }))).toEqual(['deep-band']);
    expect(fixtures.containing({ ...at, depthM: 2999 })).toEqual([]);
    expect(ids(fixtures.containing({ ...at, depthM: null }))).toEqual(['deep-band']);
  });

  it('applies a validity window from its start up to its end', () => {
    const at = { latDeg: 12.5, lonDeg: -134.5 };
    const from = Date.UTC(2022, 9, 1);
    const to = Date.UTC(2022, 10, 1);

    expect(fixtures.containing({ ...at, timeMs: from - 1 })).toEqual([]);
    expect(ids(fixtures.containing({ ...at, timeMs: from }))).toEqual(['season']);
    expect(fixtures.containing({ ...at, timeMs: to })).toEqual([]);
    expect(ids(fixtures.containing(at))).toEqual(['season']);
  });
});

describe('containsPoint', () => {
  it('answers for the geometry alone, whatever the depth band', () => {
    expect(fixtures.containsPoint(zone(fixtures, 'deep-band'), 10.5, -134.5)).toBe(true);
    expect(fixtures.containsPoint(zone(fixtures, 'deep-band'), 9.5, -134.5)).toBe(false);
  });

  it('refuses a zone of another set', () => {
    expect(() => ccz.containsPoint(zone(fixtures, 'holed'), 0, 0)).toThrow(
      'zone "holed" is not in this set',
    );
  });
});

describe('distanceToBoundaryM', () => {
  it('measures from inside a circle to its rim', () => {
    const [lat, lon] = direct(7.25, -126.5, 123, 200);

    expect(fixtures.distanceToBoundaryM(zone(fixtures, 'lander'), lat, lon)).toBeCloseTo(300, 3);
  });

  it('measures to the nearest ring, hole included', () => {
    const [lat, lon] = direct(5.5, -124.3, 90, 700);
    const hole = WGS84.Inverse(lat, lon, lat, -124.3).s12 ?? NaN;

    expect(fixtures.distanceToBoundaryM(zone(fixtures, 'holed'), lat, lon)).toBeCloseTo(hole, 3);
  });

  it('measures across the antimeridian', () => {
    const [lat, lon] = direct(-22, 179.99, 270, 2500);

    expect(fixtures.distanceToBoundaryM(zone(fixtures, 'wreck-am'), lat, lon)).toBeCloseTo(500, 3);
  });
});

describe('segmentCrossings', () => {
  it('gives where a segment enters and leaves a zone, as fractions along it', () => {
    const crossings = ccz.segmentCrossings(
      { latDeg: 10.5, lonDeg: -118.5 },
      { latDeg: 10.5, lonDeg: -115 },
    );

    expect(crossings.map((c) => c.zone.id)).toEqual(['nori-d', 'toml-e']);
    const [noriD, tomlE] = crossings.map((c) => c.fractions);
    expect(noriD?.[0]).toBeCloseTo((118.5 - 117.81667) / 3.5, 12);
    expect(noriD?.[1]).toBeCloseTo((118.5 - 116.066667) / 3.5, 12);
    expect(tomlE).toHaveLength(1);
  });

  it('gives nothing for a segment that stays inside', () => {
    expect(
      ccz.segmentCrossings({ latDeg: 10, lonDeg: -117 }, { latDeg: 10.2, lonDeg: -116.8 }),
    ).toEqual([]);
  });

  it('gives the touching fraction twice for a segment through a vertex only', () => {
    const crossings = fixtures.segmentCrossings(
      { latDeg: 5.5, lonDeg: -125.5 },
      { latDeg: 6.5, lonDeg: -124.5 },
    );

    expect(crossings.map((c) => [c.zone.id, c.fractions])).toEqual([['holed', [0.5, 0.5]]]);
  });

  it('follows a segment across the antimeridian the short way', () => {
    const crossings = fixtures.segmentCrossings(
      { latDeg: -17, lonDeg: 175 },
      { latDeg: -17, lonDeg: -175 },
    );

    expect(crossings.map((c) => c.zone.id)).toEqual(['fiji-am']);
    expect(crossings[0]?.fractions).toHaveLength(2);
  });

  it('finds where a segment crosses a circle to the millimetre', () => {
    const [latA, lonA] = direct(7.25, -126.5, 270, 800);
    const [latB, lonB] = direct(7.25, -126.5, 90, 800);

    const [crossing] = fixtures.segmentCrossings(
      { latDeg: latA, lonDeg: lonA },
      { latDeg: latB, lonDeg: lonB },
    );

    expect(crossing?.zone.id).toBe('lander');
    expect(crossing?.fractions).toHaveLength(2);
    for (const t of crossing?.fractions ?? []) {
      const rim = WGS84.Inverse(7.25, -126.5, latA + t * (latB - latA), lonA + t * (lonB - lonA));
      expect(Math.abs((rim.s12 ?? NaN) - 500)).toBeLessThan(0.001);
    }
  });

  it('finds where a segment crosses a corridor', () => {
    const crossings = fixtures.segmentCrossings(
      { latDeg: 4.1, lonDeg: -127.5 },
      { latDeg: 4.3, lonDeg: -127.5 },
    );

    expect(crossings.map((c) => c.zone.id)).toEqual(['cable']);
    for (const t of crossings[0]?.fractions ?? []) {
      const lat = 4.1 + t * 0.2;
      const d = fixtures.distanceToBoundaryM(zone(fixtures, 'cable'), lat, -127.5);
      expect(d).toBeLessThan(0.001);
    }
  });

  it('toggles from the first fix state to the second at each fraction', () => {
    const a = { latDeg: 5.5, lonDeg: -124.5 };
    const b = { latDeg: 5.5, lonDeg: -123.5 };

    const [crossing] = fixtures.segmentCrossings(a, b);

    expect(crossing?.zone.id).toBe('holed');
    expect(crossing?.fractions).toHaveLength(2);
    expect(crossing?.fractions[0]).toBeCloseTo(0.2, 12);
    expect(crossing?.fractions[1]).toBeCloseTo(0.5, 12);
  });

  it('counts running along an edge as inside', () => {
    const along = ccz.segmentCrossings(
      { latDeg: 10, lonDeg: -117.81667 },
      { latDeg: 10.5, lonDeg: -117.81667 },
    );

    expect(along).toEqual([]);
  });

  it('gives an exit at 0 for a segment leaving from a boundary', () => {
    const crossings = ccz.segmentCrossings(
      { latDeg: 10.2, lonDeg: -117.81667 },
      { latDeg: 10.2, lonDeg: -117.5 },
    );

    expect(crossings.map((c) => [c.zone.id, c.fractions])).toEqual([['toml-e', [0]]]);
  });
});
