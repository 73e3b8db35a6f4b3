/**
 * Moving a recorded real track to another place (a real boat's motion and noise replayed inside
 * a contract area). Each fix keeps its offset in metres east and north of the first fix, so
 * speeds and courses survive; a plain shift in degrees would not, since a degree of longitude
 * at 54° N is 40 % shorter than at 10° N. Position fields are rewritten with a correct
 * checksum (or one wrong by the same bits, where the recording's was wrong); every other byte
 * is kept.
 */
import geographiclib from 'geographiclib-geodesic';

import { checksum } from '../drivers/index.js';
import { normaliseLon, type LatLon } from './geo.js';

const WGS84 = geographiclib.Geodesic.WGS84;

/** A log with no position sentence to relocate. */
export class RelocateError extends Error {
  readonly code = 'DSG_RELOCATE_NO_FIX';

  constructor(file: string) {
    super(`${file}: expected a GGA, RMC, GLL or GNS sentence with a position, got none`);
    this.name = 'RelocateError';
  }
}

export interface RelocateResult {
  text: string;
  lines: number;
  /** Sentences whose position was moved. */
  moved: number;
  /** Of those, sentences whose recorded checksum was wrong and stays wrong by the same bits. */
  keptBadChecksum: number;
  from: LatLon;
}

/** Where latitude and longitude sit among a sentence's fields (after the address). */
const POSITION_FIELDS: Record<string, number> = { GGA: 1, RMC: 2, GLL: 0, GNS: 1 };
/** IEC 61162-1: a sentence is at most 82 characters with its CR LF. */
const MAX_SENTENCE = 80;
/** Decimals of minutes added, so rounding the moved position adds no noise the track lacked. */
const EXTRA_DECIMALS = 3;
const SENTENCE = /\$([A-Z0-9]{2})(GGA|RMC|GLL|GNS),([^*\r\n]*)(\*([0-9A-Fa-f]{2}))?/;

interface Parsed {
  /** Offset of `$` in the line. */
  at: number;
  /** Offset just past the sentence (its checksum, or its last field). */
  end: number;
  address: string;
  fields: string[];
  given: string | null;
  latIndex: number;
}

/**
 * Moves every position in `text` (latin1: one char per byte) so that the first fix lands on
 * `to`. `file` names the log in errors.
 */
export function relocateLog(text: string, to: LatLon, file: string): RelocateResult {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const from = firstFix(lines);
  if (from === null) throw new RelocateError(file);

  let moved = 0;
  let keptBadChecksum = 0;
  const out = lines.map((line) => {
    const parsed = parse(line);
    if (parsed === null) return line;
    const next = rewrite(line, parsed, from, to);
    if (next === line) return line;
    moved++;
    if (parsed.given !== null && parsed.given.toUpperCase() !== checksum(body(parsed))) {
      keptBadChecksum++;
    }
    return next;
  });
  return { text: out.join(''), lines: lines.length, moved, keptBadChecksum, from };
}

function parse(line: string): Parsed | null {
  const m = SENTENCE.exec(line);
  if (m === null) return null;
  const address = `${m[1] ?? ''}${m[2] ?? ''}`;
  return {
    at: m.index,
    end: m.index + m[0].length,
    address,
    fields: (m[3] ?? '').split(','),
    given: m[5] ?? null,
    latIndex: POSITION_FIELDS[m[2] ?? ''] ?? 0,
  };
}

function body(p: Parsed): string {
  return [p.address, ...p.fields].join(',');
}

/** The first position in the log whose sentence's checksum holds. */
function firstFix(lines: string[]): LatLon | null {
  for (const line of lines) {
    const p = parse(line);
    if (p === null || (p.given !== null && p.given.toUpperCase() !== checksum(body(p)))) continue;
    const lat = readCoordinate(p.fields[p.latIndex], p.fields[p.latIndex + 1], 2);
    const lon = readCoordinate(p.fields[p.latIndex + 2], p.fields[p.latIndex + 3], 3);
    if (lat !== null && lon !== null) return { lat, lon };
  }
  return null;
}

/** `ddmm.mmmm` (or `dddmm.mmmm`) and a hemisphere letter to signed degrees. */
function readCoordinate(value: string | undefined, hemi: string | undefined, degDigits: number) {
  if (value === undefined || !/^\d+(\.\d*)?$/.test(value) || value.indexOf('.') === 0) return null;
  const dot = value.includes('.') ? value.indexOf('.') : value.length;
  if (dot !== degDigits + 2) return null;
  const deg = Number(value.slice(0, degDigits)) + Number(value.slice(degDigits)) / 60;
  const sign = hemi === 'S' || hemi === 'W' ? -1 : hemi === 'N' || hemi === 'E' ? 1 : 0;
  return sign === 0 ? null : sign * deg;
}

function rewrite(line: string, p: Parsed, from: LatLon, to: LatLon): string {
  const i = p.latIndex;
  const lat = readCoordinate(p.fields[i], p.fields[i + 1], 2);
  const lon = readCoordinate(p.fields[i + 2], p.fields[i + 3], 3);
  if (lat === null || lon === null) return line;

  const moved = translate({ lat, lon }, from, to);
  const decimals = Math.max(decimalsOf(p.fields[i]), decimalsOf(p.fields[i + 2]));
  for (let extra = EXTRA_DECIMALS; extra >= 0; extra--) {
    const fields = [...p.fields];
    [fields[i], fields[i + 1]] = formatCoordinate(moved.lat, 2, decimals + extra, 'N', 'S');
    [fields[i + 2], fields[i + 3]] = formatCoordinate(moved.lon, 3, decimals + extra, 'E', 'W');
    const sentence = sentenceText(p, fields);
    if (sentence.length <= MAX_SENTENCE || extra === 0) {
      return line.slice(0, p.at) + sentence + line.slice(p.end);
    }
  }
  return line;
}

/** The sentence with new fields; a wrong recorded checksum stays wrong by the same bits. */
function sentenceText(p: Parsed, fields: string[]): string {
  const text = [p.address, ...fields].join(',');
  if (p.given === null) return `$${text}`;
  const error = parseInt(p.given, 16) ^ parseInt(checksum(body(p)), 16);
  const sum = (parseInt(checksum(text), 16) ^ error).toString(16).toUpperCase().padStart(2, '0');
  return `$${text}*${sum}`;
}

/**
 * The fix the same metres east and north of `to` as it lay from `from`, in the local polar
 * frame of the start: the geodesic distance and the azimuth from the first fix, laid off from
 * the new start (GeographicLib). Lengths and angles near the start survive to a few parts per
 * million over tens of kilometres; a frame of east along each fix's own parallel would not,
 * since meridians converge faster at 54° than at 10° and would shear diagonal legs.
 */
export function translate(fix: LatLon, from: LatLon, to: LatLon): LatLon {
  const inverse = WGS84.Inverse(from.lat, from.lon, fix.lat, fix.lon);
  const direct = WGS84.Direct(to.lat, to.lon, inverse.azi1 as number, inverse.s12 as number);
  return { lat: direct.lat2 as number, lon: normaliseLon(direct.lon2 as number) };
}

function decimalsOf(value: string | undefined): number {
  const dot = value?.indexOf('.') ?? -1;
  return value === undefined || dot < 0 ? 0 : value.length - dot - 1;
}

function formatCoordinate(
  deg: number,
  degDigits: number,
  decimals: number,
  plus: string,
  minus: string,
): [string, string] {
  const scale = 10 ** decimals;
  const units = Math.round(Math.abs(deg) * 60 * scale);
  const whole = Math.floor(units / (60 * scale));
  const minuteUnits = units - whole * 60 * scale;
  const minutes = (minuteUnits / scale)
    .toFixed(decimals)
    .padStart(decimals > 0 ? 3 + decimals : 2, '0');
  return [`${String(whole).padStart(degDigits, '0')}${minutes}`, deg < 0 ? minus : plus];
}
