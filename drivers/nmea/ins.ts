/**
 * iXblue INS (Phins, Rovins) standard protocol: $PIXSE sentences, keyed on their second field.
 * These sentences carry no time of their own; the agent dates them by the feed's time.
 */
import type { DepthReading, PositionStdReading, Reading } from '../types.js';
import type { Fields } from './fields.js';
import type { Rejection } from './readings.js';
import { coordinateProblem, newPosition } from './readings.js';

/** Dispatches on the PIXSE subtype; subtypes not listed are unknown sentences. */
export function decodePixse(f: Fields): Reading | Rejection {
  if (f.is(1, 'POSITI')) return decodePositi(f);
  if (f.is(1, 'DEPIN_')) return decodeDepin(f);
  if (f.is(1, 'STDPOS')) return decodeStdpos(f);
  return 'unknown_sentence';
}

/*
 * POSITI: position.  $PIXSE,POSITI,x.xxxxxxxx,y.yyyyyyyy,z.zzz*hh
 *                                  2          3          4
 * 2 latitude, signed degrees; 3 longitude, degrees, often 0–360 east; 4 altitude, metres,
 * negative below the surface (so depth is its negation).
 */
function decodePositi(f: Fields): Reading | Rejection {
  const lat = f.num(2);
  const lon = f.num(3);
  const problem = coordinateProblem(lat, lon);
  if (problem !== null) return problem;
  if (!(Math.abs(lat as number) <= 90 && Math.abs(lon as number) <= 360)) return 'malformed';

  const r = newPosition('PIXSE,POSITI', '', lat as number, lon as number);
  const altitude = f.optNum(4);
  r.depthM = altitude === null ? null : -altitude;
  return r;
}

/*
 * DEPIN_: the depth the INS received from its depth sensor.
 * $PIXSE,DEPIN_,x.xxx,hhmmss.sss*hh
 *               2     3
 * 2 depth, metres, positive down; 3 time of validity of the sensor input. Like the other
 * PIXSE sentences the reading is dated by its feed, not by this field.
 */
function decodeDepin(f: Fields): Reading | Rejection {
  const depth = f.num(2);
  if (depth === null) return 'no_data';
  if (Number.isNaN(depth)) return 'malformed';

  const r: DepthReading = {
    kind: 'depth',
    sentence: 'PIXSE,DEPIN_',
    talker: '',
    timeOfDayMs: null,
    dateMs: null,
    depthM: depth,
  };
  return r;
}

/*
 * STDPOS: position standard deviations.  $PIXSE,STDPOS,x.xxx,y.yyy,z.zzz*hh
 *                                                      2     3     4
 * 2 latitude, 3 longitude, 4 altitude standard deviation, metres.
 */
function decodeStdpos(f: Fields): Reading | Rejection {
  const r: PositionStdReading = {
    kind: 'position_std',
    sentence: 'PIXSE,STDPOS',
    talker: '',
    latStdM: f.optNum(2),
    lonStdM: f.optNum(3),
    altStdM: f.optNum(4),
  };
  if (r.latStdM === null && r.lonStdM === null && r.altStdM === null) return 'no_data';
  return r;
}
