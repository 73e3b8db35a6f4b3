/**
 * The zone set against independent references on thousands of points near zone boundaries:
 * membership from turf's even-odd test in lon/lat (coordinates unwrapped around each polygon's
 * first vertex, so the antimeridian is understood), distances from GeographicLib Inverse
 * minimised along the lon/lat-straight edge. Points within 1 mm of a boundary are left out.
 */
import { readFileSync } from 'node:fs';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { multiPolygon, point } from '@turf/helpers';
import geodesic from 'geographiclib-geodesic';
import { describe, expect, it } from 'vitest';

import { loadZones } from './zones.js';

const WGS84 = geodesic.Geodesic.WGS84;
const RAD = Math.PI / 180;
const A_M = 6378137;
/** The least meridional radius of curvature of WGS84 (at the equator), metres. */
const M_MIN_M = 6335439.327;

const NEAR_M = 10_000;
const TOLERANCE_M = 1;
const LEFT_OUT_M = 0.001;

type Pos = [number, number];

interface RefZone {
  id: string;
  type: 'Polygon' | 'MultiPolygon' | 'Point' | 'LineString';
  /** Polygons as lists of rings; a Point as one ring of one position; a line as one ring. */
  polygons: Pos[][][];
  radiusM: number;
}

/** The zones as the files write them, read without the product's loader. */
function readRefZones(file: string): RefZone[] {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as {
    features: {
      properties: Record<string, unknown>;
      geometry: { type: string; coordinates: unknown };
    }[];
  };
  return doc.features.map(({ properties, geometry }) => {
    const type = geometry.type as RefZone['type'];
    const c = geometry.coordinates;
    const polygons =
      type === 'Polygon'
        ? [c as Pos[][]]
        : type === 'MultiPolygon'
          ? (c as Pos[][][])
          : type === 'Point'
            ? [[[c as Pos]]]
            : [[c as Pos[]]];
    return {
      id: properties['id'] as string,
      type,
      polygons,
      radiusM: Number(properties['radius_m'] ?? 0),
    };
  });
}

function wrap180(x: number): number {
  return ((((x + 180) % 360) + 360) % 360) - 180;
}

function geodesicM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  return WGS84.Inverse(lat1, lon1, lat2, lon2, geodesic.Geodesic.DISTANCE).s12 ?? NaN;
}

/** Even-odd membership in lon/lat, each polygon unwrapped around its first vertex. */
function refInsidePolygons(zone: RefZone, lat: number, lon: number): boolean {
  return unwrappedOf(zone).some(({ lon0, polygon }) =>
    booleanPointInPolygon(point([lon0 + wrap180(lon - lon0), lat]), polygon),
  );
}

const unwrappedCache = new WeakMap<
  RefZone,
  { lon0: number; polygon: ReturnType<typeof multiPolygon> }[]
>();

function unwrappedOf(zone: RefZone): { lon0: number; polygon: ReturnType<typeof multiPolygon> }[] {
  const cached = unwrappedCache.get(zone);
  if (cached) return cached;
  const made = zone.polygons.map((rings) => {
    const lon0 = (rings[0]?.[0] as Pos)[0];
    const unwrapped = rings.map((ring) => ring.map(([x, y]): Pos => [lon0 + wrap180(x - lon0), y]));
    return { lon0, polygon: multiPolygon([unwrapped]) };
  });
  unwrappedCache.set(zone, made);
  return made;
}

/**
 * A lower bound of the distance from P to any point of the lon/lat box, valid whenever the
 * distance is at most `limitM`: a path that short keeps within limitM / M_min of P's latitude,
 * where a degree of longitude is at least a·cos(φ) long.
 */
function lowerBoundM(
  lat: number,
  lon: number,
  box: [number, number, number, number],
  limitM: number,
): number {
  const [minLat, maxLat, westLon, eastLon] = box;
  const latGap = Math.max(0, minLat - lat, lat - maxLat);
  const east = lon - westLon - 360 * Math.floor((lon - westLon) / 360);
  const width = eastLon - westLon;
  const lonGap = east <= width ? 0 : Math.min(east - width, 360 - east);
  const reach = Math.min(89.9, Math.abs(lat) + limitM / M_MIN_M / RAD);
  return Math.hypot(M_MIN_M * latGap * RAD, A_M * Math.cos(reach * RAD) * lonGap * RAD);
}

/**
 * Distance from P to the lon/lat-straight edge A→B: GeographicLib Inverse sampled every 1 km
 * along it, then a golden-section search around the best sample. Infinity when the edge is
 * certainly further than `limitM`.
 */
function refEdgeM(lat: number, lon: number, a: Pos, b: Pos, limitM: number): number {
  const [lonA, latA] = a;
  const lonB = lonA + wrap180(b[0] - lonA);
  const latB = b[1];
  const box: [number, number, number, number] = [
    Math.min(latA, latB),
    Math.max(latA, latB),
    Math.min(lonA, lonB),
    Math.max(lonA, lonB),
  ];
  if (lowerBoundM(lat, lon, box, limitM) > limitM) return Infinity;

  const f = (t: number): number =>
    geodesicM(lat, lon, latA + t * (latB - latA), lonA + t * (lonB - lonA));
  const lengthM = Math.hypot(
    (latB - latA) * 111_000,
    (lonB - lonA) * 111_000 * Math.cos(latA * RAD),
  );
  const samples = Math.max(2, Math.ceil(lengthM / 1000));

  // the best sample, trying samples in order of their lower bound until none can beat it
  const candidates: { t: number; bound: number }[] = [];
  for (let k = 0; k <= samples; k++) {
    const t = k / samples;
    const q: Pos = [lonA + t * (lonB - lonA), latA + t * (latB - latA)];
    const bound = lowerBoundM(lat, lon, [q[1], q[1], q[0], q[0]], limitM + 1000);
    if (bound <= limitM + 1000) candidates.push({ t, bound });
  }
  candidates.sort((x, y) => x.bound - y.bound);
  let best = { t: 0, m: Infinity };
  for (const { t, bound } of candidates) {
    if (bound > best.m) break;
    const m = f(t);
    if (m < best.m) best = { t, m };
  }
  if (best.m === Infinity) return Infinity;
  const step = 1 / samples;
  return Math.min(best.m, goldenMin(f, Math.max(0, best.t - step), Math.min(1, best.t + step)));
}

function goldenMin(f: (t: number) => number, lo: number, hi: number): number {
  const g = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - g * (hi - lo);
  let x2 = lo + g * (hi - lo);
  let f1 = f(x1);
  let f2 = f(x2);
  for (let i = 0; i < 40; i++) {
    if (f1 < f2) {
      [hi, x2, f2] = [x2, x1, f1];
      x1 = hi - g * (hi - lo);
      f1 = f(x1);
    } else {
      [lo, x1, f1] = [x1, x2, f2];
      x2 = lo + g * (hi - lo);
      f2 = f(x2);
    }
  }
  return Math.min(f1, f2);
}

/** Least distance from P to any edge of the rings, pruning edges beyond the best so far. */
function refRingsM(lat: number, lon: number, rings: Pos[][], limitM: number): number {
  let best = Infinity;
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i++) {
      best = Math.min(
        best,
        refEdgeM(lat, lon, ring[i] as Pos, ring[i + 1] as Pos, Math.min(limitM, best)),
      );
    }
  }
  return best;
}

/** Reference membership and boundary distance (Infinity beyond `limitM`) of one zone. */
function reference(
  zone: RefZone,
  lat: number,
  lon: number,
  limitM: number,
): { inside: boolean; boundaryM: number } {
  if (zone.type === 'Point') {
    const [x, y] = zone.polygons[0]?.[0]?.[0] as Pos;
    const d = geodesicM(y, x, lat, lon);
    return { inside: d <= zone.radiusM, boundaryM: Math.abs(d - zone.radiusM) };
  }
  if (zone.type === 'LineString') {
    const d = refRingsM(lat, lon, zone.polygons[0] as Pos[][], limitM + zone.radiusM);
    return { inside: d <= zone.radiusM, boundaryM: Math.abs(d - zone.radiusM) };
  }
  const boundaryM = Math.min(...zone.polygons.map((rings) => refRingsM(lat, lon, rings, limitM)));
  return { inside: refInsidePolygons(zone, lat, lon), boundaryM };
}

function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 48271) % 2147483647;
    return s / 2147483647;
  };
}

function direct(lat: number, lon: number, az: number, s: number): Pos {
  const end = WGS84.Direct(lat, lon, az, s);
  return [end.lon2 ?? NaN, end.lat2 ?? NaN];
}

/** A point on the zone's boundary (or centre line, then pushed out by the radius). */
function boundaryPoint(zone: RefZone, rnd: () => number): Pos {
  const rings = zone.polygons[Math.floor(rnd() * zone.polygons.length)] as Pos[][];
  const ring = rings[Math.floor(rnd() * rings.length)] as Pos[];
  if (zone.type === 'Point')
    return direct(ring[0]?.[1] ?? 0, ring[0]?.[0] ?? 0, rnd() * 360, zone.radiusM);
  const i = Math.floor(rnd() * (ring.length - 1));
  const [a, b] = [ring[i] as Pos, ring[i + 1] as Pos];
  const t = rnd();
  const onLine: Pos = [a[0] + t * wrap180(b[0] - a[0]), a[1] + t * (b[1] - a[1])];
  if (zone.type !== 'LineString') return onLine;
  return direct(onLine[1], onLine[0], rnd() * 360, zone.radiusM);
}

/** Offsets from 1 mm to 12 km, a fifth of them under 10 m. */
function offsetM(rnd: () => number, maxM: number): number {
  const u = rnd();
  if (u < 0.2) return 10 ** (-3 + 4 * rnd());
  if (u < 0.6) return 10 + rnd() * 990;
  return 1000 + rnd() * (maxM - 1000);
}

interface Outcome {
  compared: number;
  leftOut: number;
  worstM: number;
  failures: string[];
}

/** Compares membership and every boundary within NEAR_M at `count` points near the zones. */
function compareNearBoundaries(files: string[], count: number, seed: number): Outcome {
  const set = loadZones(files.map((file) => ({ file, text: readFileSync(file, 'utf8') })));
  const zones = files.flatMap(readRefZones);
  const rnd = random(seed);
  const out: Outcome = { compared: 0, leftOut: 0, worstM: 0, failures: [] };

  for (let n = 0; n < count; n++) {
    const zone = zones[Math.floor(rnd() * zones.length)] as RefZone;
    const [bx, by] = boundaryPoint(zone, rnd);
    const [lon, lat] = direct(by, bx, rnd() * 360, offsetM(rnd, 12_000));
    const refs = zones.map((z) => ({ id: z.id, ...reference(z, lat, lon, NEAR_M + TOLERANCE_M) }));
    if (refs.some((r) => r.boundaryM < LEFT_OUT_M)) {
      out.leftOut++;
      continue;
    }
    out.compared++;
    const at = `(${lat}, ${lon}) near ${zone.id}`;

    const inside = set.containing({ latDeg: lat, lonDeg: lon }).map((z) => z.id);
    const expected = refs.filter((r) => r.inside).map((r) => r.id);
    if (inside.join() !== expected.join())
      out.failures.push(`${at}: inside [${inside}], expected [${expected}]`);

    const near = new Map(
      set.boundariesWithin(lat, lon, NEAR_M).map((b) => [b.zone.id, b.distanceM]),
    );
    for (const ref of refs) {
      const got = near.get(ref.id);
      if (got !== undefined) {
        const error = Math.abs(got - ref.boundaryM);
        out.worstM = Math.max(out.worstM, error);
        if (error > TOLERANCE_M)
          out.failures.push(`${at}: ${ref.id} at ${got} m, expected ${ref.boundaryM} m`);
      } else if (ref.boundaryM < NEAR_M - TOLERANCE_M) {
        out.failures.push(`${at}: ${ref.id} at ${ref.boundaryM} m missing`);
      }
    }
  }
  return out;
}

describe('zone set against GeographicLib and an even-odd reference', () => {
  it('agrees on the shared CCZ zones at 5,000 points near their edges', () => {
    const outcome = compareNearBoundaries(
      ['data/zones/ccz-apei.geojson', 'data/zones/ccz-contracts.geojson'],
      5200,
      11,
    );

    expect(outcome.failures.slice(0, 10)).toEqual([]);
    expect(outcome.compared).toBeGreaterThanOrEqual(5000);
    expect(outcome.worstM).toBeLessThan(TOLERANCE_M);
  });

  it('agrees on the test zones (antimeridian, holes, circles, corridors) at 5,000 points', () => {
    const outcome = compareNearBoundaries(['rules/fixtures/test-zones.geojson'], 5200, 23);

    expect(outcome.failures.slice(0, 10)).toEqual([]);
    expect(outcome.compared).toBeGreaterThanOrEqual(5000);
    expect(outcome.worstM).toBeLessThan(TOLERANCE_M);
  });

  it('measures boundary distances up to 100 km within 1 m', () => {
    const files = [
      'data/zones/ccz-apei.geojson',
      'data/zones/ccz-contracts.geojson',
      'rules/fixtures/test-zones.geojson',
    ];
    const set = loadZones(files.map((file) => ({ file, text: readFileSync(file, 'utf8') })));
    const zones = files
      .flatMap(readRefZones)
      .filter((z) => z.type === 'Polygon' || z.type === 'MultiPolygon');
    const rnd = random(5);
    let worst = 0;

    for (let n = 0; n < 300; n++) {
      const zone = zones[Math.floor(rnd() * zones.length)] as RefZone;
      const [bx, by] = boundaryPoint(zone, rnd);
      const [lon, lat] = direct(by, bx, rnd() * 360, 10_000 + rnd() * 90_000);
      const ref = reference(zone, lat, lon, 100_000).boundaryM;
      const got = set.distanceToBoundaryM(
        set.byId(zone.id) as NonNullable<ReturnType<typeof set.byId>>,
        lat,
        lon,
      );
      worst = Math.max(worst, Math.abs(got - ref));
    }

    expect(worst).toBeLessThan(TOLERANCE_M);
  });
});
