/**
 * Heading sensors: HDT and THS (true heading), HDM (magnetic heading), HDG (magnetic sensor
 * heading with deviation and variation, which makes it true when the variation is given).
 */
import type { HeadingReading, Reading } from '../types.js';
import type { Fields } from './fields.js';
import type { Rejection } from './readings.js';
import { normaliseBearing } from './readings.js';

const E = 69;
const W = 87;
const V = 86;

/*
 * HDT: heading, true.  $--HDT,x.x,T*hh
 *                             1   2
 */
export function decodeHdt(f: Fields, talker: string): Reading | Rejection {
  const heading = f.num(1);
  if (heading === null) return 'no_data';
  if (Number.isNaN(heading)) return 'malformed';

  return headingReading('HDT', talker, heading, true);
}

/*
 * HDM: heading, magnetic.  $--HDM,x.x,M*hh
 *                                1   2
 */
export function decodeHdm(f: Fields, talker: string): Reading | Rejection {
  const heading = f.num(1);
  if (heading === null) return 'no_data';
  if (Number.isNaN(heading)) return 'malformed';

  return headingReading('HDM', talker, heading, false);
}

/*
 * THS: true heading and status.  $--THS,x.x,a*hh
 *                                       1   2
 * 2 mode: A autonomous, E estimated, M manual, S simulator, V not valid. A heading the sensor
 * itself calls not valid carries no data.
 */
export function decodeThs(f: Fields, talker: string): Reading | Rejection {
  const heading = f.num(1);
  if (heading === null || f.char(2) === V) return 'no_data';
  if (Number.isNaN(heading)) return 'malformed';

  return headingReading('THS', talker, heading, true);
}

/*
 * HDG: heading, deviation and variation.  $--HDG,x.x,x.x,a,x.x,a*hh
 *                                                1   2   3 4   5
 * 1 magnetic sensor heading; 2–3 deviation E/W; 4–5 variation E/W. Magnetic heading is the
 * sensor heading plus easterly deviation; true heading is magnetic plus easterly variation.
 * Without a variation the heading stays magnetic.
 */
export function decodeHdg(f: Fields, talker: string): Reading | Rejection {
  const sensor = f.num(1);
  if (sensor === null) return 'no_data';
  if (Number.isNaN(sensor)) return 'malformed';

  const deviation = signedByHemisphere(f.optNum(2), f.char(3));
  const variation = signedByHemisphere(f.optNum(4), f.char(5));
  const magnetic = sensor + (deviation ?? 0);
  if (variation === null) return headingReading('HDG', talker, magnetic, false);
  return headingReading('HDG', talker, magnetic + variation, true);
}

function signedByHemisphere(value: number | null, hemi: number): number | null {
  if (value === null) return null;
  if (hemi === E) return value;
  if (hemi === W) return -value;
  // a zero needs no direction; any other value without one is unusable
  return value === 0 ? 0 : null;
}

function headingReading(
  sentence: string,
  talker: string,
  headingDeg: number,
  isTrue: boolean,
): HeadingReading {
  return { kind: 'heading', sentence, talker, headingDeg: normaliseBearing(headingDeg), isTrue };
}
