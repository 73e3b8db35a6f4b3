/**
 * One line of text → one reading or one reason. NMEA sentences (`$` or `!`) have their
 * checksum checked and are decoded by type; other lines are tried as pressure-sensor lines.
 * Never throws: every line ends as a reading or a RejectReason the caller counts.
 */
import { Fields, MAX_LINE_CHARS } from './nmea/fields.js';
import type { Rejection } from './nmea/readings.js';
import type { DecoderEntry } from './nmea/readings.js';
import { proprietaryDecoder, standardDecoder, typeKey } from './nmea/table.js';
import { decodeSensorLine } from './pressure.js';
import type {
  DecodeResult,
  PressureFormat,
  PressureUnits,
  Reading,
  RejectReason,
} from './types.js';

/** Options of `decodeLine`. */
export interface DecodeOptions {
  /** Reject NMEA sentences that carry no checksum (`missing_checksum`) instead of marking them. */
  requireChecksum?: boolean;
  /** The format of sensor lines (those not starting with `$`); recognised when not given. */
  pressureFormat?: PressureFormat;
  /** Units of a pressure sensor set to other than its default (Digiquartz psi, Valeport dbar). */
  pressureUnits?: PressureUnits;
}

const DOLLAR = 36;
const BANG = 33;
const SPACE = 32;
const P = 80;

const TOO_LONG: DecodeResult = Object.freeze({ ok: false, reason: 'too_long' });
const NOT_A_SENTENCE: DecodeResult = Object.freeze({ ok: false, reason: 'not_a_sentence' });

/** Reused for every line: decoding is synchronous, so one scanner serves all callers. */
const fields = new Fields();

/** Decodes one line (without or with its CR LF) into a reading, or says why it could not. */
export function decodeLine(text: string, options?: DecodeOptions): DecodeResult {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) <= SPACE) end--;
  if (end > MAX_LINE_CHARS) return TOO_LONG;
  if (end === 0) return NOT_A_SENTENCE;

  const first = text.charCodeAt(0);
  if (first === DOLLAR || first === BANG) {
    return decodeSentence(text, end, options?.requireChecksum === true);
  }
  return decodeSensor(text.slice(0, end), options);
}

function decodeSentence(text: string, end: number, requireChecksum: boolean): DecodeResult {
  // a doubled `$$` is a logger's or a receiver's habit, not part of the sentence
  let from = 1;
  while (from < end && text.charCodeAt(from) === DOLLAR) from++;

  const dataEnd = fields.scan(text, from, end);
  if (dataEnd < 0) return NOT_A_SENTENCE;
  const addressEnd = fields.end(0);
  if (!isAddress(text, from, addressEnd)) return NOT_A_SENTENCE;

  const checksum = checksumState(text, dataEnd, end, fields.sum);
  const proprietary = text.charCodeAt(from) === P;
  if (checksum === 'bad') return reject('bad_checksum', sentenceName(text, from, addressEnd));
  if (checksum === 'absent' && requireChecksum) {
    return reject('missing_checksum', sentenceName(text, from, addressEnd));
  }

  return proprietary
    ? decodeProprietary(text, from, addressEnd, checksum)
    : decodeStandard(text, from, addressEnd, checksum);
}

function decodeStandard(
  text: string,
  from: number,
  addressEnd: number,
  checksum: 'ok' | 'absent',
): DecodeResult {
  const entry =
    addressEnd - from === 5
      ? standardDecoder(
          typeKey(text.charCodeAt(from + 2), text.charCodeAt(from + 3), text.charCodeAt(from + 4)),
        )
      : undefined;
  if (entry === undefined) return reject('unknown_sentence', sentenceName(text, from, addressEnd));

  return run(entry, talkerOf(text, from), entry.sentence, checksum);
}

function decodeProprietary(
  text: string,
  from: number,
  addressEnd: number,
  checksum: 'ok' | 'absent',
): DecodeResult {
  const address = text.slice(from, addressEnd);
  const entry = proprietaryDecoder(address);
  if (entry === undefined) return reject('unknown_sentence', address);

  return run(entry, '', address, checksum);
}

function run(
  entry: DecoderEntry,
  talker: string,
  sentence: string,
  checksum: 'ok' | 'absent',
): DecodeResult {
  if (fields.count < entry.minFields) return reject('malformed', sentence);
  const outcome = entry.decode(fields, talker);
  if (typeof outcome === 'string') return rejected(outcome, sentence);
  return { ok: true, reading: outcome, checksum };
}

function decodeSensor(line: string, options: DecodeOptions | undefined): DecodeResult {
  const outcome = decodeSensorLine(line, options?.pressureFormat, options?.pressureUnits);
  if (outcome === 'not_a_sentence') return NOT_A_SENTENCE;
  if (typeof outcome === 'string') return rejected(outcome, undefined);
  return success(outcome);
}

function success(reading: Reading): DecodeResult {
  return { ok: true, reading, checksum: 'absent' };
}

function rejected(outcome: Rejection, sentence: string | undefined): DecodeResult {
  if (outcome === 'no_data') return { ok: false, reason: 'malformed', sentence, noData: true };
  return reject(outcome, sentence);
}

function reject(reason: RejectReason, sentence: string | undefined): DecodeResult {
  return { ok: false, reason, sentence };
}

/** `ok`, `bad` (wrong, or not two hex digits ending the line) or `absent`. */
function checksumState(
  text: string,
  dataEnd: number,
  end: number,
  sum: number,
): 'ok' | 'bad' | 'absent' {
  if (dataEnd === end) return 'absent';
  if (end - dataEnd !== 3) return 'bad';
  const high = hexValue(text.charCodeAt(dataEnd + 1));
  const low = hexValue(text.charCodeAt(dataEnd + 2));
  return high >= 0 && low >= 0 && high * 16 + low === sum ? 'ok' : 'bad';
}

/** A hex digit's value in either case, or -1. */
function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const upper = code & ~32;
  return upper >= 65 && upper <= 70 ? upper - 55 : -1;
}

/** An address: two or more upper-case letters or digits (`GPGGA`, `02MWV`, `PSIMSSB`). */
function isAddress(text: string, from: number, to: number): boolean {
  if (to - from < 2) return false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57))) return false;
  }
  return true;
}

// Talker and type names are few; interning them saves a string per line. The caps bound
// the caches against streams of random addresses.
const CACHE_LIMIT = 4096;
const talkers = new Map<number, string>();
const typeNames = new Map<number, string>();

function talkerOf(text: string, from: number): string {
  const key = (text.charCodeAt(from) << 8) | text.charCodeAt(from + 1);
  let talker = talkers.get(key);
  if (talker === undefined) {
    talker = text.slice(from, from + 2);
    if (talkers.size < CACHE_LIMIT) talkers.set(key, talker);
  }
  return talker;
}

/** The sentence type for a rejection: the type after the talker, or a proprietary address. */
function sentenceName(text: string, from: number, addressEnd: number): string {
  if (text.charCodeAt(from) === P || addressEnd - from !== 5) {
    return text.slice(text.charCodeAt(from) === P ? from : from + 2, addressEnd);
  }
  const key = typeKey(
    text.charCodeAt(from + 2),
    text.charCodeAt(from + 3),
    text.charCodeAt(from + 4),
  );
  let name = typeNames.get(key);
  if (name === undefined) {
    name = text.slice(from + 2, addressEnd);
    if (typeNames.size < CACHE_LIMIT) typeNames.set(key, name);
  }
  return name;
}
