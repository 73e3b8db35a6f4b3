/**
 * Valeport miniIPS / miniIPS2 pressure sensors in their NMEA-style output modes. The plain
 * text modes are decoded in ../pressure.ts.
 */
import { valeportReading } from '../pressure.js';
import type { Reading } from '../types.js';
import type { Fields } from './fields.js';
import type { Rejection } from './readings.js';

/*
 * PVIPS2: $PVIPS2,aa,bbbbb,p.ppp,d,d.ddd,u*hh
 *                 1  2     3     4 5     6
 * 1 instrument address; 2 serial number; 3 pressure, dbar (relative to the surface); 4 the
 * letter d when units are shown; 5 the value in the configured units; 6 their unit letter.
 */
export function decodePvips2(f: Fields): Reading | Rejection {
  const pressure = f.num(3);
  if (pressure === null) return 'no_data';
  if (Number.isNaN(pressure)) return 'malformed';

  return valeportReading('PVIPS2', '', pressure, 'd', 'dbar');
}

/*
 * PIPS: $PIPS,xxxx.xx,u*hh
 *             1       2
 * 1 pressure or depth; 2 unit letter (m mbar, d dbar, B bar, M metres, f feet, P psi), empty
 * when units are hidden, then the sensor's default, dbar.
 */
export function decodePips(f: Fields): Reading | Rejection {
  const value = f.num(1);
  if (value === null) return 'no_data';
  if (Number.isNaN(value)) return 'malformed';

  const unit = f.str(2);
  if (unit.length > 1 || (unit.length === 1 && !'mdBMfP'.includes(unit))) return 'malformed';
  return valeportReading('PIPS', '', value, unit, 'dbar');
}
