/**
 * GeoJSON geometry (RFC 7946) to zone shapes, checking everything a shape needs: positions in
 * range, rings closed, long enough and not crossing themselves, holes inside their outer ring.
 * Every problem goes to `report`; a geometry with any problem gives no shape.
 */
import { normalizeLonDeg, preparePoint, wrapDeltaLonDeg } from './geodesy.js';
import { describe } from './describe.js';
import { pointInPart, type PolygonPart, type Ring, type ZoneShape } from './zone-shapes.js';

/** Records a problem with one field of the feature being read. */
export type Report = (field: string, expected: string, got: string) => void;

/** A position as written, without any altitude, for the zone set's canonical form. */
type Position = [lon: number, lat: number];

export interface ParsedGeometry {
  shape: ZoneShape;
  /** The geometry as written, positions reduced to [lon, lat]: what the hash covers. */
  canonical: { type: string; coordinates: unknown };
}

/** The geometry types a zone may have, and the shape each makes (DESIGN.md §4). */
export const GEOMETRY_TYPES = ['Polygon', 'MultiPolygon', 'Point', 'LineString'] as const;

/** Reads a geometry whose type is one of GEOMETRY_TYPES; `radiusM` is set for Point and Line. */
export function parseGeometry(
  raw: { type: string; coordinates?: unknown },
  radiusM: number,
  report: Report,
): ParsedGeometry | null {
  const field = 'geometry.coordinates';
  switch (raw.type) {
    case 'Polygon': {
      const polygon = parsePolygon(raw.coordinates, field, report);
      if (!polygon) return null;
      return { shape: { type: 'polygon', parts: [polygon.part] }, canonical: polygon.canonical };
    }
    case 'MultiPolygon':
      return parseMultiPolygon(raw.coordinates, report);
    case 'Point':
      return parseCircle(raw.coordinates, radiusM, report);
    case 'LineString':
      return parseCorridor(raw.coordinates, radiusM, report);
    default:
      return null;
  }
}

function parseMultiPolygon(raw: unknown, report: Report): ParsedGeometry | null {
  const field = 'geometry.coordinates';
  if (!Array.isArray(raw) || raw.length === 0) {
    report(field, 'a non-empty array of polygons', describe(raw));
    return null;
  }
  const polygons = raw.map((polygon, i) => parsePolygon(polygon, `${field}[${i}]`, report));
  if (polygons.some((p) => p === null)) return null;
  const parsed = polygons as { part: PolygonPart; canonical: { coordinates: unknown } }[];
  return {
    shape: { type: 'polygon', parts: parsed.map((p) => p.part) },
    canonical: { type: 'MultiPolygon', coordinates: parsed.map((p) => p.canonical.coordinates) },
  };
}

function parseCircle(raw: unknown, radiusM: number, report: Report): ParsedGeometry | null {
  const position = parsePosition(raw, 'geometry.coordinates', report);
  if (!position) return null;
  const [lon, lat] = position;
  const lonDeg = normalizeLonDeg(lon);
  return {
    shape: { type: 'circle', latDeg: lat, lonDeg, centre: preparePoint(lat, lonDeg), radiusM },
    canonical: { type: 'Point', coordinates: position },
  };
}

function parseCorridor(raw: unknown, radiusM: number, report: Report): ParsedGeometry | null {
  const field = 'geometry.coordinates';
  const positions = parsePositions(raw, field, report);
  if (!positions) return null;
  if (positions.length < 2) {
    report(field, 'a line of at least 2 positions', String(positions.length));
    return null;
  }
  const lon = continuousLons(positions, field, report);
  if (!lon) return null;
  const lat = Float64Array.from(positions, (p) => p[1]);
  return {
    shape: { type: 'corridor', lat, lon: Float64Array.from(lon), radiusM },
    canonical: { type: 'LineString', coordinates: positions },
  };
}

/** An outer ring and its holes, the holes brought into the outer ring's longitude turn. */
function parsePolygon(
  raw: unknown,
  field: string,
  report: Report,
): { part: PolygonPart; canonical: { type: string; coordinates: unknown } } | null {
  if (!Array.isArray(raw) || raw.length === 0) {
    report(field, 'a non-empty array of rings', describe(raw));
    return null;
  }
  const rings = raw.map((ring, i) => parseRing(ring, `${field}[${i}]`, report));
  if (rings.some((r) => r === null)) return null;
  const parsed = rings as { ring: Ring; positions: Position[] }[];
  const shell = (parsed[0] as { ring: Ring }).ring;
  const centreLon = (shell.minLon + shell.maxLon) / 2;
  const part: PolygonPart = { rings: [shell], centreLon };

  for (let i = 1; i < parsed.length; i++) {
    const hole = alignRing((parsed[i] as { ring: Ring }).ring, centreLon);
    if (checkHoleInside(hole, part, `${field}[${i}]`, report)) part.rings.push(hole);
  }
  if (part.rings.length < parsed.length) return null;
  return { part, canonical: { type: 'Polygon', coordinates: parsed.map((r) => r.positions) } };
}

/** RFC 7946 §3.1.6: holes lie inside the outer ring; even-odd would make one outside a zone. */
function checkHoleInside(hole: Ring, shell: PolygonPart, field: string, report: Report): boolean {
  for (let i = 0; i < hole.lat.length; i++) {
    const lat = hole.lat[i] as number;
    const lon = hole.lon[i] as number;
    if (!pointInPart(shell, lat, lon)) {
      const at = formatPosition([normalizeLonDeg(lon), lat]);
      report(field, 'a hole inside the outer ring', `position ${i} ${at} outside it`);
      return false;
    }
  }
  return true;
}

/** Shifts a ring by whole turns so that it starts within ±180° of `centreLon`. */
function alignRing(ring: Ring, centreLon: number): Ring {
  const shift = 360 * Math.round((centreLon - (ring.lon[0] as number)) / 360);
  if (shift === 0) return ring;
  const lon = ring.lon.map((x) => x + shift);
  return { ...ring, lon, minLon: ring.minLon + shift, maxLon: ring.maxLon + shift };
}

/** A linear ring: at least four positions, closed, not crossing itself (RFC 7946 §3.1.6). */
function parseRing(
  raw: unknown,
  field: string,
  report: Report,
): { ring: Ring; positions: Position[] } | null {
  const positions = parsePositions(raw, field, report);
  if (!positions) return null;
  if (positions.length < 4) {
    report(field, 'a ring of at least 4 positions', String(positions.length));
    return null;
  }
  const first = positions[0] as Position;
  const last = positions[positions.length - 1] as Position;
  if (!samePosition(first, last)) {
    const got = `${formatPosition(last)} ≠ ${formatPosition(first)}`;
    report(field, 'a closed ring (last position equal to the first)', got);
    return null;
  }

  const lon = continuousLons(positions, field, report);
  if (!lon) return null;
  const turns = Math.round(((lon[lon.length - 1] as number) - (lon[0] as number)) / 360);
  if (turns !== 0) {
    report(field, 'a ring that does not encircle a pole', 'one that winds 360° in longitude');
    return null;
  }
  lon[lon.length - 1] = lon[0] as number;

  const ring = distinctRing(positions, lon);
  if (ring.lat.length < 4) {
    const distinct = String(Math.max(1, ring.lat.length - 1));
    report(field, 'a ring of at least 3 distinct positions', distinct);
    return null;
  }
  const crossing = findSelfCrossing(ring.lon, ring.lat);
  if (crossing) {
    const [i, j, x, y] = crossing;
    const edges = `edges ${edgeName(ring.index, i)} and ${edgeName(ring.index, j)}`;
    const got = `${edges} meeting at ${formatPosition([normalizeLonDeg(x), y])}`;
    report(field, 'a ring that does not cross itself', got);
    return null;
  }
  return { ring: ringOf(ring.lat, ring.lon), positions };
}

/** Names an edge of the de-duplicated ring by the positions it joins as written. */
function edgeName(index: number[], edge: number): string {
  return `${index[edge]}→${index[edge + 1]}`;
}

function samePosition(a: Position, b: Position): boolean {
  return a[1] === b[1] && normalizeLonDeg(a[0]) === normalizeLonDeg(b[0]);
}

/** The ring without repeated consecutive positions, and where each kept position was. */
function distinctRing(
  positions: Position[],
  lon: number[],
): { lat: number[]; lon: number[]; index: number[] } {
  const out = { lat: [] as number[], lon: [] as number[], index: [] as number[] };
  for (let i = 0; i < positions.length; i++) {
    const lat = (positions[i] as Position)[1];
    const x = lon[i] as number;
    const k = out.lat.length - 1;
    if (k >= 0 && out.lat[k] === lat && out.lon[k] === x) continue;
    out.lat.push(lat);
    out.lon.push(x);
    out.index.push(i);
  }
  return out;
}

function ringOf(lat: number[], lon: number[]): Ring {
  return {
    lat: Float64Array.from(lat),
    lon: Float64Array.from(lon),
    minLat: Math.min(...lat),
    maxLat: Math.max(...lat),
    minLon: Math.min(...lon),
    maxLon: Math.max(...lon),
  };
}

/**
 * Longitudes made continuous: each step taken the short way round, so a ring crossing the
 * antimeridian runs past ±180 (DESIGN.md §4). The first is brought into [-180, 180).
 */
function continuousLons(positions: Position[], field: string, report: Report): number[] | null {
  const lon = [normalizeLonDeg((positions[0] as Position)[0])];
  for (let i = 1; i < positions.length; i++) {
    const raw = (positions[i] as Position)[0];
    const previous = lon[i - 1] as number;
    const step = wrapDeltaLonDeg(raw - previous);
    if (Math.abs(step) >= 180) {
      const expected = 'a step in longitude of less than 180° from the previous position';
      report(`${field}[${i}]`, expected, `${Math.abs(step)}°`);
      return null;
    }
    lon.push(previous + step);
  }
  return lon;
}

function parsePositions(raw: unknown, field: string, report: Report): Position[] | null {
  if (!Array.isArray(raw)) {
    report(field, 'an array of positions', describe(raw));
    return null;
  }
  const positions = raw.map((p, i) => parsePosition(p, `${field}[${i}]`, report));
  return positions.some((p) => p === null) ? null : (positions as Position[]);
}

/** RFC 7946 §3.1.1: [longitude, latitude], maybe an altitude; longitudes 0–360 accepted. */
function parsePosition(raw: unknown, field: string, report: Report): Position | null {
  if (!Array.isArray(raw) || raw.length < 2) {
    report(field, 'a position [lon, lat]', describe(raw));
    return null;
  }
  const [lon, lat] = raw as unknown[];
  let ok = true;
  if (typeof lon !== 'number' || !Number.isFinite(lon) || lon < -180 || lon > 360) {
    report(`${field}[0]`, 'a longitude in [-180, 360]', describe(lon));
    ok = false;
  }
  if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < -90 || lat > 90) {
    report(`${field}[1]`, 'a latitude in [-90, 90]', describe(lat));
    ok = false;
  }
  return ok ? [lon as number, lat as number] : null;
}

/** [lon, lat] as a message shows it. */
export function formatPosition(p: Position): string {
  const round = (x: number): number => Math.round(x * 1e7) / 1e7;
  return `[${round(p[0])}, ${round(p[1])}]`;
}

type Crossing = [edgeI: number, edgeJ: number, lon: number, lat: number];

/**
 * The first pair of edges (in ring order) that meet anywhere but at the vertex adjacent edges
 * share, with where they meet; null for a simple ring. Edges are swept in order of their west
 * end, so only edges whose longitude spans overlap are compared.
 */
export function findSelfCrossing(xs: ArrayLike<number>, ys: ArrayLike<number>): Crossing | null {
  const n = xs.length - 1;
  const west = (e: number): number => Math.min(xs[e] as number, xs[e + 1] as number);
  const east = (e: number): number => Math.max(xs[e] as number, xs[e + 1] as number);
  const order = Array.from({ length: n }, (_, e) => e).sort((a, b) => west(a) - west(b));

  let best: Crossing | null = null;
  for (let k = 0; k < n; k++) {
    const a = order[k] as number;
    for (let m = k + 1; m < n && west(order[m] as number) <= east(a); m++) {
      const b = order[m] as number;
      const i = Math.min(a, b);
      const j = Math.max(a, b);
      if (best && (i > best[0] || (i === best[0] && j > best[1]))) continue;
      const at = edgesMeet(xs, ys, i, j, n);
      if (at) best = [i, j, at[0], at[1]];
    }
  }
  return best;
}

/** Where edges i < j of a ring of n edges meet, other than at a vertex they share. */
function edgesMeet(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  i: number,
  j: number,
  n: number,
): [number, number] | null {
  const p = (k: number): [number, number] => [xs[k] as number, ys[k] as number];
  // adjacent edges share a vertex and may only meet there: they fail if they fold back
  if (j === i + 1) return foldsBack(p(i), p(j), p(j + 1));
  if (i === 0 && j === n - 1) return foldsBack(p(j), p(0), p(1));
  return segmentsMeet(p(i), p(i + 1), p(j), p(j + 1));
}

/** Do the edges a→v and v→c overlap beyond v (a spike)? */
function foldsBack(
  a: [number, number],
  v: [number, number],
  c: [number, number],
): [number, number] | null {
  if (orient(a, v, c) !== 0) return null;
  const dot = (a[0] - v[0]) * (c[0] - v[0]) + (a[1] - v[1]) * (c[1] - v[1]);
  if (dot <= 0) return null;
  const nearer = Math.hypot(a[0] - v[0], a[1] - v[1]) < Math.hypot(c[0] - v[0], c[1] - v[1]);
  return nearer ? a : c;
}

function orient(a: [number, number], b: [number, number], c: [number, number]): number {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

/** A point common to segments ab and cd, or null. */
function segmentsMeet(
  a: [number, number],
  b: [number, number],
  c: [number, number],
  d: [number, number],
): [number, number] | null {
  const d1 = orient(c, d, a);
  const d2 = orient(c, d, b);
  const d3 = orient(a, b, c);
  const d4 = orient(a, b, d);
  if (d1 * d2 < 0 && d3 * d4 < 0) {
    const t = d1 / (d1 - d2);
    return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
  }
  if (d1 === 0 && within(c, d, a)) return a;
  if (d2 === 0 && within(c, d, b)) return b;
  if (d3 === 0 && within(a, b, c)) return c;
  if (d4 === 0 && within(a, b, d)) return d;
  return null;
}

/** Is p, collinear with ab, between a and b? */
function within(a: [number, number], b: [number, number], p: [number, number]): boolean {
  return (
    p[0] >= Math.min(a[0], b[0]) &&
    p[0] <= Math.max(a[0], b[0]) &&
    p[1] >= Math.min(a[1], b[1]) &&
    p[1] <= Math.max(a[1], b[1])
  );
}
