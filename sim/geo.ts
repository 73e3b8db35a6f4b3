/**
 * Local geodesy on the WGS84 ellipsoid for moving vehicles by metres east and north. Distances
 * here are for simulation steps and relocation offsets of tens of kilometres at most; the
 * rules engine has its own exact geodesy and the simulator does not need it.
 */

const A = 6378137;
const F = 1 / 298.257223563;
const E2 = F * (2 - F);
const N3 = F / (2 - F);
/** Radians per degree. */
export const DEG = Math.PI / 180;

/** A position in decimal degrees. */
export interface LatLon {
  lat: number;
  lon: number;
}

/** Radius of curvature in the meridian at a latitude, metres per radian of latitude. */
export function meridionalRadius(latDeg: number): number {
  const s = Math.sin(latDeg * DEG);
  return (A * (1 - E2)) / Math.pow(1 - E2 * s * s, 1.5);
}

/** Radius of the parallel at a latitude, metres per radian of longitude. */
export function parallelRadius(latDeg: number): number {
  const s = Math.sin(latDeg * DEG);
  return (A * Math.cos(latDeg * DEG)) / Math.sqrt(1 - E2 * s * s);
}

/** Metres along the meridian from the equator to a latitude (Helmert's series in n). */
export function meridianArc(latDeg: number): number {
  const phi = latDeg * DEG;
  const n = N3;
  const n2 = n * n;
  const n3 = n2 * n;
  const n4 = n2 * n2;
  const scale = (A / (1 + n)) * (1 + n2 / 4 + n4 / 64);
  return (
    scale *
    (phi -
      (1.5 * n - (9 / 16) * n3) * Math.sin(2 * phi) +
      ((15 / 16) * n2 - (15 / 32) * n4) * Math.sin(4 * phi) -
      (35 / 48) * n3 * Math.sin(6 * phi) +
      (315 / 512) * n4 * Math.sin(8 * phi))
  );
}

/** The latitude whose meridian arc is `arcM` (Newton's method on meridianArc). */
export function latitudeFromArc(arcM: number): number {
  let lat = arcM / (meridionalRadius(45) * DEG);
  for (let i = 0; i < 8; i++) {
    const step = (arcM - meridianArc(lat)) / (meridionalRadius(lat) * DEG);
    lat += step;
    if (Math.abs(step) < 1e-13) break;
  }
  return lat;
}

/** Longitude difference `to - from` in [-180, 180), so a track may cross the antimeridian. */
export function lonDelta(fromDeg: number, toDeg: number): number {
  return ((((toDeg - fromDeg) % 360) + 540) % 360) - 180;
}

/** Longitude normalised to [-180, 180). */
export function normaliseLon(lonDeg: number): number {
  return ((((lonDeg + 180) % 360) + 360) % 360) - 180;
}

/** East and north metres from `from` to `to`: north along the meridian, east at mid-latitude. */
export function offsetMetres(from: LatLon, to: LatLon): { eastM: number; northM: number } {
  const northM = meridianArc(to.lat) - meridianArc(from.lat);
  const eastM = lonDelta(from.lon, to.lon) * DEG * parallelRadius((from.lat + to.lat) / 2);
  return { eastM, northM };
}

/** The position `eastM` east and `northM` north of `from` (the inverse of offsetMetres). */
export function moveBy(from: LatLon, eastM: number, northM: number): LatLon {
  const lat = latitudeFromArc(meridianArc(from.lat) + northM);
  const lon = normaliseLon(from.lon + eastM / (parallelRadius((from.lat + lat) / 2) * DEG));
  return { lat, lon };
}

/** Horizontal distance in metres between two nearby positions. */
export function distanceMetres(a: LatLon, b: LatLon): number {
  const { eastM, northM } = offsetMetres(a, b);
  return Math.hypot(eastM, northM);
}

/** Bearing in degrees true [0, 360) of a displacement east and north. */
export function bearingDeg(eastM: number, northM: number): number {
  const deg = Math.atan2(eastM, northM) / DEG;
  return deg < 0 ? deg + 360 : deg;
}
