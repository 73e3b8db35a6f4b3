/**
 * What lies around a vehicle, reused while it stays near the point surveyed. A vehicle that has
 * moved less than its clearance cannot have crossed a boundary, nor can the segment between two
 * fixes inside that circle, so zone geometry need not be asked again; and a boundary that was d
 * away is now at least d less the distance moved, so only the few near ones need measuring.
 * Validity windows and depth bands do not depend on position and are applied per fix.
 */
import type { BoundaryDistance, Zone, ZoneQueries } from './types.js';

/**
 * How far beyond the largest proximity distance a survey looks; also how far a vehicle may move
 * before the next survey, so every boundary within that distance is always in `near`.
 */
export const SURVEY_MARGIN_M = 2000;

export interface Surroundings {
  latDeg: number;
  lonDeg: number;
  /** The survey radius: the largest proximity distance plus the margin. */
  radiusM: number;
  /** Distance to the nearest boundary of any zone, or the radius if none is nearer. */
  clearM: number;
  /** The zones whose geometry contains the survey point (depth and validity not considered). */
  inside: readonly Zone[];
  /** Every zone boundary within the radius of the survey point, nearest first. */
  near: readonly BoundaryDistance[];
}

/** Surveys the zones around a point, looking `maxProximityM` plus the margin far. */
export function survey(
  zones: ZoneQueries,
  latDeg: number,
  lonDeg: number,
  maxProximityM: number,
): Surroundings {
  const radiusM = maxProximityM + SURVEY_MARGIN_M;
  const inside = zones.containing({ latDeg, lonDeg });
  const near = zones.boundariesWithin(latDeg, lonDeg, radiusM);
  return { latDeg, lonDeg, radiusM, clearM: near[0]?.distanceM ?? radiusM, inside, near };
}

/**
 * The distance from the survey point, overstated by 1 % and 1 m so that the flat approximation
 * never errs the unsafe way; Infinity once the vehicle is beyond where the survey holds (its
 * clearance, or the margin that keeps `near` complete).
 */
export function movedFromM(around: Surroundings, latDeg: number, lonDeg: number): number {
  const moved = flatDistanceM(around.latDeg, around.lonDeg, latDeg, lonDeg) * 1.01 + 1;
  return moved < around.clearM && moved < SURVEY_MARGIN_M ? moved : Infinity;
}

/** Mean Earth radius, metres; the 1 % allowance above covers the ellipsoid's departure. */
const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/** Equirectangular distance: within a fraction of a percent over the few km it is used for. */
function flatDistanceM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  let dLon = lon2 - lon1;
  if (dLon > 180) dLon -= 360;
  if (dLon < -180) dLon += 360;
  const x = dLon * RAD * Math.cos(((lat1 + lat2) / 2) * RAD);
  const y = (lat2 - lat1) * RAD;
  return Math.sqrt(x * x + y * y) * EARTH_RADIUS_M;
}
