/**
 * Distances on the WGS84 ellipsoid, fast enough for the hot path and within a millimetre of
 * GeographicLib up to 100 km (DESIGN.md §4), and the lon/lat bookkeeping around them.
 *
 * A distance between two points is the ECEF chord lengthened by the curvature of the normal
 * section it spans: s = c + c³ / (24 ρ²), with 1/ρ = cos²α / M + sin²α / N (Euler). At 100 km
 * the correction is about 1 m and its own error under a millimetre. Longer chords go to
 * GeographicLib.
 *
 * A zone edge is a straight line in longitude/latitude (RFC 7946 §3.1.1), not a geodesic. The
 * nearest point of an edge is found in a local affine frame scaled at the point, then again at
 * the latitude halfway to the edge, then where the convergence of the meridians matters by a
 * Newton step on the chord; it is measured with the chord formula. An error in where the
 * nearest point lies changes the distance only to second order.
 */

import geodesic from 'geographiclib-geodesic';

export const WGS84_A_M = 6378137;
export const WGS84_F = 1 / 298.257223563;
const E2 = WGS84_F * (2 - WGS84_F);
const RAD = Math.PI / 180;

/** The smallest meridional radius of curvature (at the equator), metres. */
const MIN_MERIDIONAL_RADIUS_M = WGS84_A_M * (1 - E2);

/** The Newton step is taken when the affine estimate may be off by more than this, metres. */
const NEWTON_BELOW_M = 1e-4;
/** Step of the finite differences in the Newton step, metres along the edge. */
const NEWTON_STEP_M = 50;

/** Longitude in [-180, 180). */
export function normalizeLonDeg(lonDeg: number): number {
  return lonDeg - 360 * Math.floor((lonDeg + 180) / 360);
}

/** A longitude difference brought into [-180, 180]: the short way round. */
export function wrapDeltaLonDeg(deltaDeg: number): number {
  return deltaDeg - 360 * Math.round(deltaDeg / 360);
}

/** Radius of curvature of the meridian at a latitude, metres. */
export function meridionalRadiusM(latDeg: number): number {
  const s = Math.sin(latDeg * RAD);
  const w2 = 1 - E2 * s * s;
  return (WGS84_A_M * (1 - E2)) / (w2 * Math.sqrt(w2));
}

/** Radius of curvature in the prime vertical at a latitude, metres. */
export function primeVerticalRadiusM(latDeg: number): number {
  const s = Math.sin(latDeg * RAD);
  return WGS84_A_M / Math.sqrt(1 - E2 * s * s);
}

/** A point with what every distance from it needs, computed once. */
export interface PreparedPoint {
  readonly latDeg: number;
  readonly lonDeg: number;
  /** Earth-centred, earth-fixed coordinates, metres. */
  readonly x: number;
  readonly y: number;
  readonly z: number;
  /** Metres per radian of latitude (M) and of longitude (N cos φ) at the point. */
  readonly mM: number;
  readonly nCosM: number;
  /** 1/M and 1/N, the principal curvatures of the ellipsoid at the point. */
  readonly invM: number;
  readonly invN: number;
}

/** Prepares a point for repeated distance computations. */
export function preparePoint(latDeg: number, lonDeg: number): PreparedPoint {
  const sinLat = Math.sin(latDeg * RAD);
  const cosLat = Math.cos(latDeg * RAD);
  const w2 = 1 - E2 * sinLat * sinLat;
  const n = WGS84_A_M / Math.sqrt(w2);
  const m = (n * (1 - E2)) / w2;
  const lon = lonDeg * RAD;
  return {
    latDeg,
    lonDeg,
    x: n * cosLat * Math.cos(lon),
    y: n * cosLat * Math.sin(lon),
    z: n * (1 - E2) * sinLat,
    mM: m,
    nCosM: n * cosLat,
    invM: 1 / m,
    invN: 1 / n,
  };
}

/** Ellipsoidal distance from a prepared point to another point, metres. */
export function distanceFromM(p: PreparedPoint, latDeg: number, lonDeg: number): number {
  const sinLat = Math.sin(latDeg * RAD);
  const cosLat = Math.cos(latDeg * RAD);
  const n = WGS84_A_M / Math.sqrt(1 - E2 * sinLat * sinLat);
  const lon = lonDeg * RAD;
  const dx = n * cosLat * Math.cos(lon) - p.x;
  const dy = n * cosLat * Math.sin(lon) - p.y;
  const dz = n * (1 - E2) * sinLat - p.z;
  const chord2 = dx * dx + dy * dy + dz * dz;
  if (chord2 > LONG_CHORD_M * LONG_CHORD_M) return exactDistanceM(p, latDeg, lonDeg);

  // the azimuth of the line fixes the curvature of the section it lies in (Euler's formula)
  const north = p.mM * (latDeg - p.latDeg) * RAD;
  const east = p.nCosM * wrapDeltaLonDeg(lonDeg - p.lonDeg) * RAD;
  const h2 = north * north + east * east;
  const k = h2 > 0 ? (north * north * p.invM + east * east * p.invN) / h2 : p.invM;
  return Math.sqrt(chord2) * (1 + (chord2 * k * k) / 24);
}

/** Beyond this chord (where the series is 3 mm off) GeographicLib takes over: rare, 1.5 µs. */
const LONG_CHORD_M = 200_000;

/** GeographicLib's inverse geodesic: exact at any distance. */
function exactDistanceM(p: PreparedPoint, latDeg: number, lonDeg: number): number {
  const line = geodesic.Geodesic.WGS84.Inverse(p.latDeg, p.lonDeg, latDeg, lonDeg, DISTANCE);
  return line.s12 ?? NaN;
}

const DISTANCE = geodesic.Geodesic.DISTANCE;

/** Ellipsoidal distance between two points, metres. */
export function distanceM(latA: number, lonA: number, latB: number, lonB: number): number {
  return distanceFromM(preparePoint(latA, lonA), latB, lonB);
}

/**
 * Where along the lon/lat-straight edge A→B the point nearest to `p` lies, as a fraction in
 * [0, 1]. `lonB` continues `lonA` (|lonB − lonA| < 180); either may be offset from `p` by
 * whole turns.
 */
export function nearestOnEdge(
  p: PreparedPoint,
  latA: number,
  lonA: number,
  latB: number,
  lonB: number,
): number {
  const ax = wrapDeltaLonDeg(lonA - p.lonDeg);
  const ay = latA - p.latDeg;
  const dLon = lonB - lonA;
  const dLat = latB - latA;

  // in a local affine frame scaled at the point, then again at the latitude halfway to the
  // nearest point found, where the scale is right on average
  let t = projectOnSegment(ax * p.nCosM, ay * p.mM, dLon * p.nCosM, dLat * p.mM);
  const midLat = (p.latDeg + ay / 2 + (t * dLat) / 2) * RAD;
  const sinMid = Math.sin(midLat);
  const cosMid = Math.cos(midLat);
  const w2 = 1 - E2 * sinMid * sinMid;
  const sx = (WGS84_A_M * cosMid) / Math.sqrt(w2);
  const sy = (WGS84_A_M * (1 - E2)) / (w2 * Math.sqrt(w2));
  t = projectOnSegment(ax * sx, ay * sy, dLon * sx, dLat * sy);

  // the frame ignores how the meridians converge, which moves the nearest point by about
  // d² tan φ / 2R and the distance by about d³ tan² φ / 8R²; a Newton step removes that
  const ex = (ax + t * dLon) * sx * RAD;
  const ey = (ay + t * dLat) * sy * RAD;
  const d2 = ex * ex + ey * ey;
  const tan2 = (sinMid * sinMid) / (cosMid * cosMid);
  if ((d2 * Math.sqrt(d2) * tan2) / (8 * WGS84_A_M * WGS84_A_M) < NEWTON_BELOW_M) return t;
  const lengthM = Math.hypot(dLon * sx, dLat * sy) * RAD;
  const edge = { lat: latA, lon: p.lonDeg + ax, dLat, dLon };
  return newtonOnChord(p, edge, t, Math.min(0.25, NEWTON_STEP_M / lengthM));
}

interface EdgeLine {
  lat: number;
  lon: number;
  dLat: number;
  dLon: number;
}

/** One Newton step on the squared chord from `p` to the edge point at t, by differences. */
function newtonOnChord(p: PreparedPoint, edge: EdgeLine, t: number, h: number): number {
  if (!(h > 0)) return t;
  const lo = chord2At(p, edge, t - h);
  const mid = chord2At(p, edge, t);
  const hi = chord2At(p, edge, t + h);
  const curvature = lo - 2 * mid + hi;
  if (!(curvature > 0)) return t;
  const next = t - (h * (hi - lo)) / (2 * curvature);
  return next < 0 ? 0 : next > 1 ? 1 : next;
}

function chord2At(p: PreparedPoint, edge: EdgeLine, u: number): number {
  const lat = (edge.lat + u * edge.dLat) * RAD;
  const lon = (edge.lon + u * edge.dLon) * RAD;
  const sinLat = Math.sin(lat);
  const cosLat = Math.cos(lat);
  const n = WGS84_A_M / Math.sqrt(1 - E2 * sinLat * sinLat);
  const dx = n * cosLat * Math.cos(lon) - p.x;
  const dy = n * cosLat * Math.sin(lon) - p.y;
  const dz = n * (1 - E2) * sinLat - p.z;
  return dx * dx + dy * dy + dz * dz;
}

/** Fraction along the segment from A by D of the point nearest to the origin, in a plane. */
function projectOnSegment(ax: number, ay: number, dx: number, dy: number): number {
  const len2 = dx * dx + dy * dy;
  if (len2 === 0) return 0;
  const t = -(ax * dx + ay * dy) / len2;
  return t < 0 ? 0 : t > 1 ? 1 : t;
}

/** Ellipsoidal distance from `p` to the lon/lat-straight edge A→B, metres. */
export function distanceToEdgeM(
  p: PreparedPoint,
  latA: number,
  lonA: number,
  latB: number,
  lonB: number,
): number {
  const t = nearestOnEdge(p, latA, lonA, latB, lonB);
  return distanceFromM(p, latA + t * (latB - latA), lonA + t * (lonB - lonA));
}

/**
 * Half-sizes in degrees of a lon/lat box holding every point within `distanceM` of a point at
 * `latDeg`: never smaller than needed (it is used to find candidates).
 */
export function degreesAround(latDeg: number, distM: number): { dLat: number; dLon: number } {
  const dLat = Math.min(180, ((distM / MIN_MERIDIONAL_RADIUS_M) * 1.001) / RAD);
  const maxAbsLat = Math.abs(latDeg) + dLat;
  if (maxAbsLat >= 89.9) return { dLat, dLon: 180 };
  const dLon = ((distM / (WGS84_A_M * Math.cos(maxAbsLat * RAD))) * 1.001) / RAD;
  return { dLat, dLon: Math.min(dLon, 180) };
}

/**
 * A quick estimate of the distance from `p` to the edge A→B, in a flat frame scaled at `p`, to
 * skip edges that cannot be the nearest: see `cannotBeWithin`.
 */
export function approxDistanceToEdgeM(
  p: PreparedPoint,
  latA: number,
  lonA: number,
  latB: number,
  lonB: number,
): number {
  const ax = wrapDeltaLonDeg(lonA - p.lonDeg) * p.nCosM * RAD;
  const ay = (latA - p.latDeg) * p.mM * RAD;
  const dx = (lonB - lonA) * p.nCosM * RAD;
  const dy = (latB - latA) * p.mM * RAD;
  const t = projectOnSegment(ax, ay, dx, dy);
  return Math.hypot(ax + t * dx, ay + t * dy);
}

/**
 * The flat estimate is off by at most 0.5 % of the distance up to 30° of latitude, 1.5 % up to
 * 60° and 3.2 % up to 75°, for distances up to 300 km (measured against this module's exact
 * distances, which agree with GeographicLib): 5 % is claimed, up to 75°, within 100 km.
 */
const APPROX_RELATIVE = 0.05;
const APPROX_MAX_LAT = 75;
const APPROX_MAX_M = 100_000;

/**
 * Is an edge whose quick estimate (approxDistanceToEdgeM) from `p` is `approxM` certainly
 * further than `limitM`? If it were within it, the estimate would be at most limitM (1 + 5 %)
 * + 1 m. Never claimed beyond 100 km or above 75° of latitude, where that bound is not known.
 */
export function cannotBeWithin(p: PreparedPoint, approxM: number, limitM: number): boolean {
  if (limitM > APPROX_MAX_M || Math.abs(p.latDeg) > APPROX_MAX_LAT) return false;
  return approxM > limitM * (1 + APPROX_RELATIVE) + 1;
}

/**
 * Is an edge whose quick estimate from `p` is `approxM` certainly further than another edge
 * whose estimate is `leastApproxM`? The other is at most (least + 1 m) / (1 − 5 %) away, and
 * this one at least (approx − 1 m) / (1 + 5 %), as long as both are within 100 km.
 */
export function cannotBeNearer(p: PreparedPoint, approxM: number, leastApproxM: number): boolean {
  const otherAtMostM = (leastApproxM + 1) / (1 - APPROX_RELATIVE);
  if (otherAtMostM > APPROX_MAX_M || Math.abs(p.latDeg) > APPROX_MAX_LAT) return false;
  return (approxM - 1) / (1 + APPROX_RELATIVE) > otherAtMostM;
}
