/**
 * What a sentence decoder gives back, and blank readings that decoders fill in. Every reading
 * of a kind is built with its fields in the same order, so the hot path stays monomorphic.
 */
import type { PositionReading, Reading } from '../types.js';
import type { Fields } from './fields.js';

/**
 * Why a decoder made no reading. `no_data` is a well-formed sentence whose needed fields are
 * empty (IEC 61162-1: a null field means no data, as from a receiver without a fix); the
 * caller reports it as `malformed` with `noData: true`.
 */
export type Rejection = 'malformed' | 'no_data' | 'unknown_sentence';

/** Decodes the fields of one sentence. Never throws. */
export type Decoder = (f: Fields, talker: string) => Reading | Rejection;

/** A sentence type the table knows. */
export interface DecoderEntry {
  decode: Decoder;
  /** Fields (address included) of the shortest version of the sentence; fewer is malformed. */
  minFields: number;
}

export const KNOTS_TO_MPS = 1852 / 3600;
export const KMH_TO_MPS = 1000 / 3600;
export const FEET_TO_M = 0.3048;
export const FATHOMS_TO_M = 1.8288;

/** A position reading with every optional value null; the decoder sets what it knows. */
export function newPosition(
  sentence: string,
  talker: string,
  latDeg: number,
  lonDeg: number,
): PositionReading {
  return {
    kind: 'position',
    sentence,
    talker,
    timeOfDayMs: null,
    dateMs: null,
    latDeg,
    lonDeg: normaliseLongitude(lonDeg),
    valid: true,
    quality: null,
    hdop: null,
    satellites: null,
    sogMps: null,
    cogDeg: null,
    depthM: null,
    transponder: null,
  };
}

/** A longitude in [-180, 180): INS output often gives 0–360 east. */
export function normaliseLongitude(lonDeg: number): number {
  if (lonDeg >= -180 && lonDeg < 180) return lonDeg;
  // one subtraction rounds once; the general wrap below rounds three times
  if (lonDeg >= 180 && lonDeg < 540) return lonDeg - 360;
  if (lonDeg < -180 && lonDeg >= -540) return lonDeg + 360;
  return ((((lonDeg + 180) % 360) + 360) % 360) - 180;
}

/** An angle in [0, 360). */
export function normaliseBearing(deg: number): number {
  if (deg >= 0 && deg < 360) return deg;
  return ((deg % 360) + 360) % 360;
}

/**
 * Checks a required pair of coordinates: a Rejection when they are empty or wrong, else null.
 * Coordinates are required for a position: without them a sentence carries no position.
 */
export function coordinateProblem(latDeg: number | null, lonDeg: number | null): Rejection | null {
  if (latDeg === null || lonDeg === null) {
    return latDeg === null && lonDeg === null ? 'no_data' : 'malformed';
  }
  return Number.isNaN(latDeg) || Number.isNaN(lonDeg) ? 'malformed' : null;
}
