/**
 * The decoder table: sentence type → decoder, keyed on the type and never on the talker, so
 * `$GPGGA`, `$INGGA` and `$02GGA` reach the same decoder.
 *
 * Why our own decoders and not nmea-simple's, measured (bench/decode.ts, and a check of its
 * output): nmea-simple has no DPT, DBS or THS and none of the vendor sentences; it throws on
 * every sentence it does not know and on every sentence without a checksum; it turns empty
 * fields into 0, so a receiver without a fix reports 0° N 0° E; it dates a GGA time with
 * the wall clock's date. And it splits every line into strings: on the avnav 2013 log,
 * framing and decoding here run about 5 times as fast as its parseNmeaSentence alone
 * (1.0–1.5 against 0.2–0.26 million lines/s on the 2-core build machine), and still 3–4
 * times on only the lines it accepts. So every decoder here is our own and reads in place.
 */
import { decodeDbs, decodeDbt, decodeDpt } from './sounder.js';
import { decodeGga, decodeGll, decodeGns, decodeRmc, decodeVtg, decodeZda } from './gnss.js';
import { decodeHdg, decodeHdm, decodeHdt, decodeThs } from './heading.js';
import { decodePixse } from './ins.js';
import type { DecoderEntry } from './readings.js';
import { decodePsimssb, decodePsonlld, decodePtsag } from './usbl.js';
import { decodePips, decodePvips2 } from './valeport.js';

/** A standard sentence: its type name and decoder. */
export interface StandardEntry extends DecoderEntry {
  sentence: string;
}

// minFields counts the address too and is the shortest version met in the field: GGA without
// its station id, RMC before NMEA 2.3, GLL before 2.0, GNS before 4.1, VTG before 2.0, DPT
// before 3.0.
const STANDARD_ENTRIES: StandardEntry[] = [
  { sentence: 'GGA', decode: decodeGga, minFields: 14 },
  { sentence: 'RMC', decode: decodeRmc, minFields: 12 },
  { sentence: 'GLL', decode: decodeGll, minFields: 5 },
  { sentence: 'GNS', decode: decodeGns, minFields: 13 },
  { sentence: 'VTG', decode: decodeVtg, minFields: 5 },
  { sentence: 'ZDA', decode: decodeZda, minFields: 7 },
  { sentence: 'DBT', decode: decodeDbt, minFields: 7 },
  { sentence: 'DPT', decode: decodeDpt, minFields: 3 },
  { sentence: 'DBS', decode: decodeDbs, minFields: 7 },
  { sentence: 'HDT', decode: decodeHdt, minFields: 3 },
  { sentence: 'HDG', decode: decodeHdg, minFields: 6 },
  { sentence: 'HDM', decode: decodeHdm, minFields: 3 },
  { sentence: 'THS', decode: decodeThs, minFields: 3 },
];

/** Proprietary sentences, keyed on the whole address (`P` + maker + type). */
const PROPRIETARY: ReadonlyMap<string, DecoderEntry> = new Map([
  ['PSIMSSB', { decode: decodePsimssb, minFields: 11 }],
  ['PTSAG', { decode: decodePtsag, minFields: 15 }],
  ['PSONLLD', { decode: decodePsonlld, minFields: 7 }],
  ['PIXSE', { decode: decodePixse, minFields: 3 }],
  ['PVIPS2', { decode: decodePvips2, minFields: 7 }],
  ['PIPS', { decode: decodePips, minFields: 2 }],
]);

/** Three type characters as one number: a lookup that allocates no string. */
export function typeKey(a: number, b: number, c: number): number {
  return (a << 16) | (b << 8) | c;
}

const STANDARD: ReadonlyMap<number, StandardEntry> = new Map(
  STANDARD_ENTRIES.map((entry) => [
    typeKey(
      entry.sentence.charCodeAt(0),
      entry.sentence.charCodeAt(1),
      entry.sentence.charCodeAt(2),
    ),
    entry,
  ]),
);

/** The decoder for a three-letter standard type, by its `typeKey`. */
export function standardDecoder(key: number): StandardEntry | undefined {
  return STANDARD.get(key);
}

/** The decoder for a proprietary address such as `PSIMSSB`. */
export function proprietaryDecoder(address: string): DecoderEntry | undefined {
  return PROPRIETARY.get(address);
}

/** Every sentence type the table decodes, for documentation and tests. */
export const DECODED_SENTENCES: readonly string[] = [
  ...STANDARD_ENTRIES.map((entry) => entry.sentence),
  ...PROPRIETARY.keys(),
];
