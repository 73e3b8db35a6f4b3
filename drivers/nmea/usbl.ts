/**
 * USBL acoustic positioning: Kongsberg HiPAP ($PSIMSSB), iXblue GAPS ($PTSAG) and Sonardyne
 * ($PSONLLD). Each reading names its transponder, which the agent maps to a vehicle.
 */
import type { Reading, UsblOffsetReading } from '../types.js';
import type { Fields } from './fields.js';
import { dateMs } from './fields.js';
import type { Rejection } from './readings.js';
import { coordinateProblem, newPosition } from './readings.js';

const A = 65;
const C = 67;
const E = 69;
const H = 72;
const N = 78;

/*
 * PSIMSSB: Kongsberg HiPAP/HPR SSBL position.
 * $PSIMSSB,hhmmss.ss,cc_,A,cc_,a,a,a,x.x,x.x,x.x,x.x,a,x.x,x.x*hh
 *          1         2   3 4   5 6 7 8   9   10  11  12 13  14
 * 1 time; 2 transponder (B01 ...); 3 status A ok / V not ok; 4 error code; 5 coordinate
 * system C cartesian, P polar, U UTM, R radians; 6 orientation H head-up, N north-up, E east;
 * 7 filter M measured, F filtered, P predicted; 8 x; 9 y; 10 depth, metres; 11 expected
 * accuracy; 12 additional info kind; 13–14 additional values.
 *
 * Only cartesian offsets are decoded: x east (or starboard, head-up) and y north (or
 * forward), relative to the ship's transducer, so they need the ship's fix and heading and
 * never become a latitude and longitude here. Polar output needs the same and is given as
 * angle and range; UTM output lacks its zone; radians output is not described well enough in
 * the public documents to trust. Those three are rejected as malformed.
 */
export function decodePsimssb(f: Fields): Reading | Rejection {
  if (f.char(5) !== C) return 'malformed';
  const frame = orientation(f.char(6));
  if (frame === null || f.empty(2)) return 'malformed';

  const x = f.num(8);
  const y = f.num(9);
  if (x === null || y === null) return x === null && y === null ? 'no_data' : 'malformed';
  if (Number.isNaN(x) || Number.isNaN(y)) return 'malformed';

  const r: UsblOffsetReading = {
    kind: 'usbl_offset',
    sentence: 'PSIMSSB',
    talker: '',
    timeOfDayMs: f.optTime(1),
    dateMs: null,
    transponder: f.str(2),
    valid: f.char(3) === A,
    xM: x,
    yM: y,
    frame,
    depthM: f.optNum(10),
  };
  return r;
}

function orientation(code: number): UsblOffsetReading['frame'] | null {
  if (code === H) return 'head_up';
  if (code === N) return 'north_up';
  if (code === E) return 'east_up';
  return null;
}

/*
 * PTSAG: iXblue GAPS transponder absolute position.
 * $PTSAG,#NNNNN,hhmmss.sss,dd,mm,yyyy,BBB,ddmm.mmmmm,a,dddmm.mmmmm,a,h,x.x,d,x.x[,x.x]*hh
 *        1      2          3  4  5    6   7          8 9           10 11 12 13 14  15
 * 1 frame number; 2 UTC; 3–5 day, month, year; 6 beacon (0 = the ship's own antenna,
 * 1–128 transponders, negative = unknown); 7–10 position; 11 validity of the four receive
 * channels as one hex digit (0 = none valid); 12 calculated depth; 13 depth validity
 * (0 none, 1 calculated, 2 sensor); 14 sensor depth; 15 altitude (later firmware).
 */
export function decodePtsag(f: Fields): Reading | Rejection {
  const beacon = f.optInt(6);
  if (beacon === null) return 'malformed';
  const lat = f.latitude(7);
  const lon = f.longitude(9);
  const problem = coordinateProblem(lat, lon);
  if (problem !== null) return problem;

  const r = newPosition('PTSAG', '', lat as number, lon as number);
  r.timeOfDayMs = f.optTime(2);
  r.dateMs = gapsDate(f);
  r.valid = hexDigit(f.char(11)) > 0;
  r.depthM = gapsDepth(f);
  r.transponder = String(beacon);
  return r;
}

function gapsDate(f: Fields): number | null {
  const day = f.optInt(3);
  const month = f.optInt(4);
  const year = f.optInt(5);
  return day !== null && month !== null && year !== null ? dateMs(year, month, day) : null;
}

function gapsDepth(f: Fields): number | null {
  const source = f.char(13);
  if (source === 49 /* 1: calculated */) return f.optNum(12);
  if (source === 50 /* 2: sensor */) return f.optNum(14) ?? f.optNum(12);
  return null;
}

/** A hex digit's value, or -1. */
function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const upper = code & ~32;
  return upper >= 65 && upper <= 70 ? upper - 55 : -1;
}

/*
 * PSONLLD: Sonardyne USBL position in latitude and longitude.
 * $PSONLLD,hhmmss.sss,id,A,±dd.ddddd,±ddd.ddddd,x.x,...*hh
 *          1          2  3 4         5          6
 * 1 UTC; 2 beacon; 3 status A valid / V not valid; 4–5 latitude and longitude in signed
 * decimal degrees; 6 depth, metres; then the error ellipse and other optional values.
 */
export function decodePsonlld(f: Fields): Reading | Rejection {
  const lat = f.num(4);
  const lon = f.num(5);
  const problem = coordinateProblem(lat, lon);
  if (problem !== null) return problem;
  if (!(Math.abs(lat as number) <= 90 && Math.abs(lon as number) <= 360) || f.empty(2)) {
    return 'malformed';
  }

  const r = newPosition('PSONLLD', '', lat as number, lon as number);
  r.timeOfDayMs = f.optTime(1);
  r.valid = f.char(3) === A;
  r.depthM = f.optNum(6);
  r.transponder = f.str(2);
  return r;
}
