import geodesic from 'geographiclib-geodesic';
import { describe, expect, it } from 'vitest';

import {
  degreesAround,
  distanceFromM,
  distanceM,
  distanceToEdgeM,
  nearestOnEdge,
  normalizeLonDeg,
  preparePoint,
  wrapDeltaLonDeg,
} from './geodesy.js';

const WGS84 = geodesic.Geodesic.WGS84;

/** A deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

describe('normalizeLonDeg', () => {
  it('brings longitudes into [-180, 180)', () => {
    expect([243.0898, 180, -180, 359.5, -190, 0].map(normalizeLonDeg)).toEqual([
      243.0898 - 360,
      -180,
      -180,
      -0.5,
      170,
      0,
    ]);
  });
});

describe('wrapDeltaLonDeg', () => {
  it('takes the short way round the antimeridian', () => {
    expect(wrapDeltaLonDeg(-179 - 179)).toBe(2);
    expect(wrapDeltaLonDeg(179 - -179)).toBe(-2);
    expect(wrapDeltaLonDeg(10)).toBe(10);
  });
});

describe('distanceM', () => {
  it('agrees with GeographicLib within 1 mm up to 100 km at any latitude', () => {
    const rnd = random(42);
    let worst = 0;
    for (let i = 0; i < 2000; i++) {
      const lat = (rnd() * 2 - 1) * 85;
      const lon = (rnd() * 2 - 1) * 180;
      const s = rnd() * 100_000;
      const end = WGS84.Direct(lat, lon, rnd() * 360, s);
      worst = Math.max(worst, Math.abs(distanceM(lat, lon, end.lat2 ?? 0, end.lon2 ?? 0) - s));
    }

    expect(worst).toBeLessThan(0.001);
  });

  it('stays exact far beyond 100 km', () => {
    const end = WGS84.Direct(10, -117, 37, 2_500_000);

    expect(distanceM(10, -117, end.lat2 ?? 0, end.lon2 ?? 0)).toBeCloseTo(2_500_000, 3);
  });

  it('measures across the antimeridian the short way', () => {
    const exact = WGS84.Inverse(-17, 179.99, -17, -179.99).s12 ?? 0;

    expect(distanceM(-17, 179.99, -17, -179.99)).toBeCloseTo(exact, 4);
    expect(distanceM(-17, 179.99, -17, 180.01)).toBeCloseTo(exact, 4);
  });

  it('is zero from a point to itself', () => {
    expect(distanceFromM(preparePoint(10.5, -117), 10.5, -117)).toBe(0);
  });
});

describe('distanceToEdgeM', () => {
  it("measures 2000.0 m from a point 2 km due north of NORI-D's north edge (DOMAIN.md)", () => {
    const p = WGS84.Direct(11.08333, -117, 0, 2000);

    const d = distanceToEdgeM(
      preparePoint(p.lat2 ?? 0, p.lon2 ?? 0),
      11.08333,
      -117.81667,
      11.08333,
      -116.066667,
    );

    expect(d).toBeCloseTo(2000, 2);
  });

  it('follows the parallel, not the geodesic, between corners of equal latitude', () => {
    // RFC 7946 §3.1.1: the geodesic between the corners bulges 140 m north of the parallel
    const p = preparePoint(11.08333, -116.941668);

    const d = distanceToEdgeM(p, 11.08333, -117.81667, 11.08333, -116.066667);

    expect(d).toBeLessThan(1e-6);
  });

  it('agrees with a brute-force GeographicLib minimum within 1 mm for long slanted edges', () => {
    const rnd = random(7);
    for (let i = 0; i < 40; i++) {
      const latA = (rnd() * 2 - 1) * 70;
      const lonA = (rnd() * 2 - 1) * 180;
      const latB = latA + (rnd() * 2 - 1) * 8;
      const lonB = lonA + (rnd() * 2 - 1) * 8;
      const t = rnd();
      const at = WGS84.Direct(
        latA + t * (latB - latA),
        lonA + t * (lonB - lonA),
        rnd() * 360,
        rnd() * 100_000,
      );
      const p = preparePoint(at.lat2 ?? 0, at.lon2 ?? 0);

      const d = distanceToEdgeM(p, latA, lonA, latB, lonB);

      expect(
        Math.abs(d - bruteForceEdgeM(p.latDeg, p.lonDeg, latA, lonA, latB, lonB)),
      ).toBeLessThan(0.001);
    }
  });
});

describe('nearestOnEdge', () => {
  it('finds the foot on the meridian of a point north of an east–west edge', () => {
    const t = nearestOnEdge(preparePoint(12, -117), 11, -118, 11, -116);

    expect(t).toBeCloseTo(0.5, 12);
  });

  it('clamps to the nearer end for a point beyond the edge', () => {
    expect(nearestOnEdge(preparePoint(11, -115), 11, -118, 11, -116)).toBe(1);
    expect(nearestOnEdge(preparePoint(11, -119), 11, -118, 11, -116)).toBe(0);
  });
});

describe('degreesAround', () => {
  it('holds every point within the distance, in every direction', () => {
    for (const lat of [0, 10, -45, 70, 88]) {
      const { dLat, dLon } = degreesAround(lat, 50_000);
      for (let az = 0; az < 360; az += 5) {
        const end = WGS84.Direct(lat, 20, az, 50_000);

        expect(Math.abs((end.lat2 ?? 0) - lat)).toBeLessThanOrEqual(dLat);
        expect(Math.abs(wrapDeltaLonDeg((end.lon2 ?? 0) - 20))).toBeLessThanOrEqual(dLon);
      }
    }
  });
});

/** Minimum of GeographicLib Inverse along the lon/lat-straight edge: sampled, then golden. */
function bruteForceEdgeM(
  lat: number,
  lon: number,
  latA: number,
  lonA: number,
  latB: number,
  lonB: number,
): number {
  const f = (t: number): number =>
    WGS84.Inverse(lat, lon, latA + t * (latB - latA), lonA + t * (lonB - lonA)).s12 ?? Infinity;
  const samples = 200;
  let best = 0;
  for (let k = 1; k <= samples; k++) if (f(k / samples) < f(best / samples)) best = k;
  let lo = Math.max(0, (best - 1) / samples);
  let hi = Math.min(1, (best + 1) / samples);
  for (let i = 0; i < 60; i++) {
    const m1 = lo + (hi - lo) / 3;
    const m2 = hi - (hi - lo) / 3;
    if (f(m1) < f(m2)) hi = m2;
    else lo = m1;
  }
  return Math.min(f((lo + hi) / 2), f(0), f(1));
}
