// Short distances for fusion (outlier checks, derived speed, USBL offsets): a local flat
// approximation on the WGS84 ellipsoid, good to well under a metre over a few kilometres.
// Zone geometry uses the exact geodesy of rules/.

const WGS84_A_M = 6_378_137;
const WGS84_E2 = 6.69437999014e-3;
const DEG = Math.PI / 180;

/** Metres per degree of latitude and of longitude at a latitude (meridional, prime vertical). */
function metresPerDegree(latDeg: number): { latM: number; lonM: number } {
  const s = Math.sin(latDeg * DEG);
  const w = Math.sqrt(1 - WGS84_E2 * s * s);
  const meridionalM = (WGS84_A_M * (1 - WGS84_E2)) / (w * w * w);
  const primeVerticalM = WGS84_A_M / w;
  return { latM: meridionalM * DEG, lonM: primeVerticalM * Math.cos(latDeg * DEG) * DEG };
}

/** Approximate distance between two nearby points, metres. */
export function localDistanceM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const scale = metresPerDegree((lat1 + lat2) / 2);
  let dLon = lon2 - lon1;
  if (dLon > 180) dLon -= 360;
  else if (dLon < -180) dLon += 360;
  return Math.hypot((lat2 - lat1) * scale.latM, dLon * scale.lonM);
}

/** The point `eastM` east and `northM` north of a position. */
export function offsetPosition(
  latDeg: number,
  lonDeg: number,
  eastM: number,
  northM: number,
): { latDeg: number; lonDeg: number } {
  const scale = metresPerDegree(latDeg);
  let lon = lonDeg + eastM / scale.lonM;
  if (lon >= 180) lon -= 360;
  else if (lon < -180) lon += 360;
  return { latDeg: latDeg + northM / scale.latM, lonDeg: lon };
}
