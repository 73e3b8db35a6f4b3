/**
 * Position, velocity and time from GNSS receivers and INS that speak standard NMEA 0183:
 * GGA, RMC, GLL, GNS, VTG, ZDA. Speeds enter in knots or km/h and leave in m/s.
 */
import type { Reading, TimeReading, VelocityReading } from '../types.js';
import type { Fields } from './fields.js';
import { dateMs } from './fields.js';
import type { Rejection } from './readings.js';
import { coordinateProblem, KMH_TO_MPS, KNOTS_TO_MPS, newPosition } from './readings.js';

const A = 65;
const N = 78;

/*
 * GGA: fix data.
 * $--GGA,hhmmss.ss,llll.ll,a,yyyyy.yy,a,x,xx,x.x,x.x,M,x.x,M,x.x,xxxx*hh
 *        1         2       3 4        5 6 7  8   9   10 11 12 13  14
 * 1 UTC; 2–5 position; 6 quality (0 invalid, 1 GPS, 2 DGPS, 3 PPS, 4 RTK fixed, 5 RTK float,
 * 6 dead reckoning, 7 manual, 8 simulator); 7 satellites; 8 HDOP; 9–12 altitude and geoid
 * separation; 13 DGPS age; 14 station. Some receivers omit field 14.
 */
export function decodeGga(f: Fields, talker: string): Reading | Rejection {
  const lat = f.latitude(2);
  const lon = f.longitude(4);
  const problem = coordinateProblem(lat, lon);
  if (problem !== null) return problem;

  const r = newPosition('GGA', talker, lat as number, lon as number);
  r.timeOfDayMs = f.optTime(1);
  const quality = f.optInt(6);
  r.quality = quality !== null && quality >= 0 && quality <= 8 ? quality : null;
  // an empty or unknown quality states no fix: the position is not to be trusted
  r.valid = r.quality !== null && r.quality !== 0;
  r.satellites = f.optInt(7);
  r.hdop = f.optNum(8);
  return r;
}

/*
 * RMC: recommended minimum data.
 * $--RMC,hhmmss.ss,A,llll.ll,a,yyyyy.yy,a,x.x,x.x,ddmmyy,x.x,a,m,s*hh
 *        1         2 3       4 5        6 7   8   9      10  11 12 13
 * 1 UTC; 2 status A valid / V warning; 3–6 position; 7 SOG knots; 8 COG true; 9 date;
 * 10–11 magnetic variation; 12 mode (NMEA 2.3: A, D, E, F, M, N, P, R, S; N = not valid);
 * 13 navigational status (NMEA 4.1; V there means "not provided", so it is not used).
 */
export function decodeRmc(f: Fields, talker: string): Reading | Rejection {
  const lat = f.latitude(3);
  const lon = f.longitude(5);
  const problem = coordinateProblem(lat, lon);
  if (problem !== null) return problem;

  const r = newPosition('RMC', talker, lat as number, lon as number);
  r.timeOfDayMs = f.optTime(1);
  r.dateMs = f.optDateDdmmyy(9);
  r.valid = f.char(2) === A && f.char(12) !== N;
  const sogKn = f.optNum(7);
  r.sogMps = sogKn === null ? null : sogKn * KNOTS_TO_MPS;
  r.cogDeg = f.optNum(8);
  return r;
}

/*
 * GLL: geographic position.
 * $--GLL,llll.ll,a,yyyyy.yy,a,hhmmss.ss,A,m*hh
 *        1       2 3        4 5         6 7
 * 1–4 position; 5 UTC; 6 status A/V; 7 mode (NMEA 2.3). Receivers before NMEA 2.0 end the
 * sentence after field 4: with no status field the position is taken as stated.
 */
export function decodeGll(f: Fields, talker: string): Reading | Rejection {
  const lat = f.latitude(1);
  const lon = f.longitude(3);
  const problem = coordinateProblem(lat, lon);
  if (problem !== null) return problem;

  const r = newPosition('GLL', talker, lat as number, lon as number);
  r.timeOfDayMs = f.optTime(5);
  const hasStatus = f.count > 6;
  r.valid = (!hasStatus || f.char(6) === A) && f.char(7) !== N;
  return r;
}

/*
 * GNS: fix data for several constellations.
 * $--GNS,hhmmss.ss,llll.ll,a,yyyyy.yy,a,c--c,xx,x.x,x.x,x.x,x.x,x.x,a*hh
 *        1         2       3 4        5 6    7  8   9   10  11  12  13
 * 1 UTC; 2–5 position; 6 one mode letter per constellation (N = no fix); 7 satellites;
 * 8 HDOP; 9 altitude; 10 geoid separation; 11 DGPS age; 12 station; 13 navigational status
 * (NMEA 4.1; V means "not provided"). Valid when any constellation has a fix.
 */
export function decodeGns(f: Fields, talker: string): Reading | Rejection {
  const lat = f.latitude(2);
  const lon = f.longitude(4);
  const problem = coordinateProblem(lat, lon);
  if (problem !== null) return problem;

  const r = newPosition('GNS', talker, lat as number, lon as number);
  r.timeOfDayMs = f.optTime(1);
  r.valid = anyFix(f, 6);
  r.satellites = f.optInt(7);
  r.hdop = f.optNum(8);
  return r;
}

function anyFix(f: Fields, i: number): boolean {
  const end = f.end(i);
  for (let k = f.start(i); k < end; k++) {
    if (f.text.charCodeAt(k) !== N) return true;
  }
  return false;
}

/*
 * VTG: course and speed over ground.
 * $--VTG,x.x,T,x.x,M,x.x,N,x.x,K,m*hh
 *        1   2 3   4 5   6 7   8 9
 * 1 COG true; 3 COG magnetic; 5 SOG knots; 7 SOG km/h; 9 mode (NMEA 2.3; N = not valid).
 * Before NMEA 2.0 there were no unit letters: $--VTG,true,magnetic,knots,kmh.
 */
export function decodeVtg(f: Fields, talker: string): Reading | Rejection {
  const unitLetters = f.count > 5;
  const cogDeg = f.optNum(1);
  const sogKn = f.optNum(unitLetters ? 5 : 3);
  const sogKmh = f.optNum(unitLetters ? 7 : 4);

  const r: VelocityReading = {
    kind: 'velocity',
    sentence: 'VTG',
    talker,
    sogMps: sogKn !== null ? sogKn * KNOTS_TO_MPS : sogKmh !== null ? sogKmh * KMH_TO_MPS : null,
    cogDeg,
    valid: f.char(9) !== N,
  };
  if (r.sogMps === null && r.cogDeg === null) return 'no_data';
  return r;
}

/*
 * ZDA: time and date.
 * $--ZDA,hhmmss.ss,xx,xx,xxxx,xx,xx*hh
 *        1         2  3  4    5  6
 * 1 UTC; 2 day; 3 month; 4 year; 5–6 local zone hours and minutes (not needed: UTC is given).
 */
export function decodeZda(f: Fields, talker: string): Reading | Rejection {
  const timeOfDayMs = f.optTime(1);
  const day = f.optInt(2);
  const month = f.optInt(3);
  const year = f.optInt(4);
  const date = day !== null && month !== null && year !== null ? dateMs(year, month, day) : null;
  if (timeOfDayMs === null && date === null) {
    return f.empty(1) && f.empty(2) && f.empty(3) && f.empty(4) ? 'no_data' : 'malformed';
  }

  const r: TimeReading = { kind: 'time', sentence: 'ZDA', talker, timeOfDayMs, dateMs: date };
  return r;
}
