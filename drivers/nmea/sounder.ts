/**
 * Echo sounders and altimeters: DBT, DPT, DBS. On a vehicle the range is its altitude above
 * the seabed, on a ship the water depth (DESIGN.md §3); either way it becomes a RangeReading
 * in metres. Feet and fathoms are converted here.
 */
import type { RangeReading, Reading } from '../types.js';
import type { Fields } from './fields.js';
import type { Rejection } from './readings.js';
import { FATHOMS_TO_M, FEET_TO_M } from './readings.js';

/*
 * DBT: depth below transducer.  $--DBT,x.x,f,x.x,M,x.x,F*hh
 * DBS: depth below surface.     $--DBS,x.x,f,x.x,M,x.x,F*hh
 *                                      1   2 3   4 5   6
 * 1 feet; 3 metres; 5 fathoms. Metres are used when given, else feet, else fathoms.
 */
export function decodeDbt(f: Fields, talker: string): Reading | Rejection {
  return threeUnitRange(f, talker, 'DBT');
}

export function decodeDbs(f: Fields, talker: string): Reading | Rejection {
  return threeUnitRange(f, talker, 'DBS');
}

function threeUnitRange(f: Fields, talker: string, sentence: string): Reading | Rejection {
  const metres = f.num(3);
  const feet = f.num(1);
  const fathoms = f.num(5);
  const altitudeM =
    metres !== null
      ? metres
      : feet !== null
        ? feet * FEET_TO_M
        : fathoms !== null
          ? fathoms * FATHOMS_TO_M
          : null;
  if (altitudeM === null) return 'no_data';
  if (!(altitudeM >= 0)) return 'malformed';

  return range(sentence, talker, altitudeM, null);
}

/*
 * DPT: depth.  $--DPT,x.x,x.x,x.x*hh
 *                     1   2   3
 * 1 depth below the transducer, metres; 2 transducer offset, metres (positive: distance to
 * the waterline, negative: to the keel); 3 maximum range (NMEA 3.0; older sentences end at 2).
 */
export function decodeDpt(f: Fields, talker: string): Reading | Rejection {
  const depth = f.num(1);
  if (depth === null) return 'no_data';
  if (!(depth >= 0)) return 'malformed';

  return range('DPT', talker, depth, f.optNum(2));
}

function range(
  sentence: string,
  talker: string,
  altitudeM: number,
  offsetM: number | null,
): RangeReading {
  return { kind: 'altitude', sentence, talker, altitudeM, offsetM };
}
