// Placing a point by metres east and north of another (USBL offsets from the ship's
// transducer), on the WGS84 ellipsoid's local radii: good to well under a metre over the few
// kilometres of a USBL's reach. Distances come from rules/ geodesy.
import { meridionalRadiusM, normalizeLonDeg, primeVerticalRadiusM } from '../rules/index.js';

const RAD = Math.PI / 180;

/** The point `eastM` east and `northM` north of a position. */
export function offsetPosition(
  latDeg: number,
  lonDeg: number,
  eastM: number,
  northM: number,
): { latDeg: number; lonDeg: number } {
  const metresPerDegLat = meridionalRadiusM(latDeg) * RAD;
  const metresPerDegLon = primeVerticalRadiusM(latDeg) * Math.cos(latDeg * RAD) * RAD;
  return {
    latDeg: latDeg + northM / metresPerDegLat,
    lonDeg: normalizeLonDeg(lonDeg + eastM / metresPerDegLon),
  };
}
