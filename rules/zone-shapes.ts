/**
 * The geometry of validated zones and the two questions asked of it: is a point inside, and how
 * far is it from the boundary. Longitudes of a ring or line are continuous (no step of 180° or
 * more), so a ring crossing the antimeridian runs past ±180 instead of jumping (DESIGN.md §4).
 */
import {
  approxDistanceToEdgeM,
  cannotBeWithin,
  distanceFromM,
  distanceToEdgeM,
  preparePoint,
  type PreparedPoint,
  wrapDeltaLonDeg,
} from './geodesy.js';

/** A closed ring, first position repeated last, longitudes continuous. */
export interface Ring {
  lat: Float64Array;
  lon: Float64Array;
  minLat: number;
  maxLat: number;
  minLon: number;
  maxLon: number;
}

/** One polygon: its outer ring first, then its holes, all in the same longitude turn. */
export interface PolygonPart {
  rings: Ring[];
  /** Middle of the outer ring's longitude span: points are compared within ±180° of it. */
  centreLon: number;
}

export interface PolygonShape {
  type: 'polygon';
  parts: PolygonPart[];
}

export interface CircleShape {
  type: 'circle';
  latDeg: number;
  lonDeg: number;
  centre: PreparedPoint;
  radiusM: number;
}

/** A line with a buffer; the line's longitudes are continuous like a ring's. */
export interface CorridorShape {
  type: 'corridor';
  lat: Float64Array;
  lon: Float64Array;
  radiusM: number;
}

export type ZoneShape = PolygonShape | CircleShape | CorridorShape;

/**
 * How close to an edge, in degrees, a point counts as on it (about 0.1 mm): the boundary is
 * inside, and a point written with the edge's own coordinates must land on it.
 */
const ON_EDGE_DEG = 1e-9;

/** Is the point inside the polygon part or on its boundary? Even-odd over all its rings. */
export function pointInPart(part: PolygonPart, latDeg: number, lonDeg: number): boolean {
  const lon = part.centreLon + wrapDeltaLonDeg(lonDeg - part.centreLon);
  let inside = false;
  for (const ring of part.rings) {
    // a point outside a ring's box is outside the ring: its crossings with it are even
    if (latDeg < ring.minLat - ON_EDGE_DEG || latDeg > ring.maxLat + ON_EDGE_DEG) continue;
    if (lon < ring.minLon - ON_EDGE_DEG || lon > ring.maxLon + ON_EDGE_DEG) continue;
    const crossing = crossRing(ring, latDeg, lon);
    if (crossing === ON_BOUNDARY) return true;
    if (crossing === ODD) inside = !inside;
  }
  return inside;
}

const EVEN = 0;
const ODD = 1;
const ON_BOUNDARY = 2;

/** Parity of the crossings of a ray from the point towards +lon with the ring's edges. */
function crossRing(ring: Ring, lat: number, lon: number): number {
  const lats = ring.lat;
  const lons = ring.lon;
  let odd = false;
  for (let i = 0; i < lats.length - 1; i++) {
    const y1 = lats[i] as number;
    const y2 = lats[i + 1] as number;
    if (y1 > lat + ON_EDGE_DEG && y2 > lat + ON_EDGE_DEG) continue;
    if (y1 < lat - ON_EDGE_DEG && y2 < lat - ON_EDGE_DEG) continue;
    const x1 = lons[i] as number;
    const x2 = lons[i + 1] as number;
    if (onEdge(lat, lon, y1, x1, y2, x2)) return ON_BOUNDARY;

    // half-open in latitude, so a ray through a vertex counts it once
    if (y1 > lat !== y2 > lat) {
      const x = x1 + ((lat - y1) * (x2 - x1)) / (y2 - y1);
      if (lon < x) odd = !odd;
    }
  }
  return odd ? ODD : EVEN;
}

/** Is the point within ON_EDGE_DEG of the edge, in lon/lat degrees? */
function onEdge(lat: number, lon: number, y1: number, x1: number, y2: number, x2: number): boolean {
  if (lon < Math.min(x1, x2) - ON_EDGE_DEG || lon > Math.max(x1, x2) + ON_EDGE_DEG) return false;
  if (lat < Math.min(y1, y2) - ON_EDGE_DEG || lat > Math.max(y1, y2) + ON_EDGE_DEG) return false;
  const dx = x2 - x1;
  const dy = y2 - y1;
  const len = Math.hypot(dx, dy);
  if (len === 0) return Math.hypot(lon - x1, lat - y1) <= ON_EDGE_DEG;
  const along = ((lon - x1) * dx + (lat - y1) * dy) / len;
  if (along < -ON_EDGE_DEG || along > len + ON_EDGE_DEG) return false;
  return Math.abs((lon - x1) * dy - (lat - y1) * dx) / len <= ON_EDGE_DEG;
}

/** Is the point inside the zone's geometry (the boundary counts as inside)? */
export function shapeContains(shape: ZoneShape, latDeg: number, lonDeg: number): boolean {
  switch (shape.type) {
    case 'polygon':
      return shape.parts.some((part) => pointInPart(part, latDeg, lonDeg));
    case 'circle':
      return distanceFromM(shape.centre, latDeg, lonDeg) <= shape.radiusM;
    case 'corridor':
      return distanceToLineM(shape, preparePoint(latDeg, lonDeg)) <= shape.radiusM;
  }
}

/**
 * Distance from the point to the zone's boundary, metres. For a circle or a corridor it is
 * |d − radius|, d the distance to the centre or the centre line; inside a corridor close to the
 * inner side of a bend this is less than the true distance to the buffer's edge.
 */
export function shapeBoundaryDistanceM(shape: ZoneShape, p: PreparedPoint): number {
  switch (shape.type) {
    case 'polygon':
      return Math.min(...shape.parts.map((part) => partBoundaryDistanceM(part, p)));
    case 'circle':
      return Math.abs(distanceFromM(shape.centre, p.latDeg, p.lonDeg) - shape.radiusM);
    case 'corridor':
      return Math.abs(distanceToLineM(shape, p) - shape.radiusM);
  }
}

function partBoundaryDistanceM(part: PolygonPart, p: PreparedPoint): number {
  let best = Infinity;
  for (const ring of part.rings) best = Math.min(best, lineDistanceM(ring, p, best));
  return best;
}

/** Least distance from the point to the line's edges, if less than `bestM`; else `bestM`. */
function lineDistanceM(
  line: { lat: Float64Array; lon: Float64Array },
  p: PreparedPoint,
  bestM: number,
): number {
  const { lat, lon } = line;
  let best = bestM;
  for (let i = 0; i < lat.length - 1; i++) {
    const [latA, lonA] = [lat[i] as number, lon[i] as number];
    const [latB, lonB] = [lat[i + 1] as number, lon[i + 1] as number];
    if (cannotBeWithin(p, approxDistanceToEdgeM(p, latA, lonA, latB, lonB), best)) continue;
    best = Math.min(best, distanceToEdgeM(p, latA, lonA, latB, lonB));
  }
  return best;
}

/** Distance from the point to edge i of a ring (or segment i of a line), metres. */
export function ringEdgeM(
  ring: { lat: Float64Array; lon: Float64Array },
  i: number,
  p: PreparedPoint,
): number {
  return distanceToEdgeM(
    p,
    ring.lat[i] as number,
    ring.lon[i] as number,
    ring.lat[i + 1] as number,
    ring.lon[i + 1] as number,
  );
}

/** Distance from the point to a corridor's centre line, metres. */
export function distanceToLineM(line: CorridorShape, p: PreparedPoint): number {
  return lineDistanceM(line, p, Infinity);
}

/** The longitude of the point brought within ±180° of a reference longitude. */
export function lonNear(lonDeg: number, refLonDeg: number): number {
  return refLonDeg + wrapDeltaLonDeg(lonDeg - refLonDeg);
}
