/**
 * Framing: a byte stream in any chunks → lines. Lines end at CR, LF or CR LF. A line holds
 * printable ASCII only (IEC 61162-1 §7.1), so any other byte is junk that ends the line: that
 * is how binary (u-blox UBX between sentences) is cut away. A sentence starts at its last `$`
 * or `!`, which drops `$$` doubling and text merged in front; what stood before it is either a
 * logger's timestamp (kept as `loggedAtMs`) or junk. Lines without `$` (pressure sensors) are
 * passed on whole. A line longer than 1 KiB is dropped and counted, and the buffer never grows
 * past that bound.
 */
import type { Frame } from './types.js';

/** The longest line kept, in bytes; a longer one is discarded as `too_long`. */
export const MAX_LINE_BYTES = 1024;

const LF = 10;
const CR = 13;
const TAB = 9;
const SPACE = 32;
const TILDE = 126;
const DOLLAR = 36;
const BANG = 33;
const STAR = 42;

/** What a LineFramer has seen and set aside so far. */
export interface FramerCounts {
  /** Frames emitted. */
  frames: number;
  /** Lines discarded for being longer than MAX_LINE_BYTES. */
  tooLong: number;
  /** Stretches of junk discarded: binary, fragments cut by binary, text before a `$`. */
  junk: number;
  /** Bytes in those stretches. */
  junkBytes: number;
}

/** How the current line came to an end. */
const END_EOL = 0;
const END_JUNK = 1;

/** Splits a byte stream into frames; one instance per stream. */
export class LineFramer {
  readonly #line = Buffer.alloc(MAX_LINE_BYTES);
  #length = 0;
  /** The line passed the bound: its bytes are dropped until it ends. */
  #overflow = false;
  /** The line so far follows junk on the same line, so a piece without `$` is a fragment. */
  #afterJunk = false;
  /** Junk is being discarded: the next discarded piece extends the same stretch. */
  #inJunk = false;
  #frames = 0;
  #tooLong = 0;
  #junk = 0;
  #junkBytes = 0;

  /** Feeds a chunk; returns the frames it completed. Strings are taken as UTF-8. */
  push(chunk: Buffer | string): Frame[] {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    const out: Frame[] = [];
    const n = bytes.length;
    let start = 0;

    for (let i = 0; i < n; i++) {
      const b = bytes[i] as number;
      if (b >= SPACE && b <= TILDE) continue;
      if (b === TAB) continue;

      this.#take(bytes, start, i, b === LF || b === CR ? END_EOL : END_JUNK, out);
      if (b !== LF && b !== CR) this.#discardJunkByte();
      start = i + 1;
    }

    this.#carry(bytes, start, n);
    return out;
  }

  /** Ends the stream: a last line without its line end becomes a frame. */
  flush(): Frame[] {
    const out: Frame[] = [];
    this.#take(this.#line, 0, 0, END_EOL, out);
    return out;
  }

  /** Counts so far (a snapshot). */
  counts(): FramerCounts {
    return {
      frames: this.#frames,
      tooLong: this.#tooLong,
      junk: this.#junk,
      junkBytes: this.#junkBytes,
    };
  }

  /** Bytes held for an unfinished line; never more than MAX_LINE_BYTES. */
  get buffered(): number {
    return this.#length;
  }

  /** Ends the current line with the bytes [start, end) of `bytes` as its tail. */
  #take(bytes: Buffer, start: number, end: number, how: number, out: Frame[]): void {
    if (this.#overflow || this.#length + (end - start) > MAX_LINE_BYTES) {
      this.#tooLong++;
      this.#overflow = false;
      this.#length = 0;
    } else if (this.#length === 0) {
      this.#emit(bytes, start, end, how, out);
    } else {
      bytes.copy(this.#line, this.#length, start, end);
      const length = this.#length + (end - start);
      this.#length = 0;
      this.#emit(this.#line, 0, length, how, out);
    }
    this.#afterJunk = how === END_JUNK;
  }

  /** Keeps an unfinished line's bytes for the next chunk, or drops them past the bound. */
  #carry(bytes: Buffer, start: number, end: number): void {
    if (this.#overflow || start === end) return;
    if (this.#length + (end - start) > MAX_LINE_BYTES) {
      this.#overflow = true;
      this.#length = 0;
      return;
    }
    bytes.copy(this.#line, this.#length, start, end);
    this.#length += end - start;
  }

  /** A complete line of printable bytes: a frame, junk, or nothing (a blank line). */
  #emit(bytes: Buffer, start: number, end: number, how: number, out: Frame[]): void {
    if (end === start) return;
    const at = sentenceStart(bytes, start, end);

    if (at < 0) {
      // binary around a piece of text: the piece is part of the binary
      if (this.#afterJunk || how === END_JUNK) return this.#discard(end - start);
      if (isBlank(bytes, start, end)) return;
      return this.#frame(bytes, start, end, out);
    }

    // a sentence cut short by binary has no checksum at its end: it is a fragment
    if (how === END_JUNK && !(end - at >= 4 && bytes[end - 3] === STAR)) {
      return this.#discard(end - start);
    }
    this.#prefix(bytes, start, at, end, out);
  }

  /** Emits the sentence at `at`, taking what stands before it as a timestamp or junk. */
  #prefix(bytes: Buffer, start: number, at: number, end: number, out: Frame[]): void {
    let prefixEnd = at;
    while (prefixEnd > start && isPrefixPadding(bytes[prefixEnd - 1] as number)) prefixEnd--;

    let loggedAtMs: number | null = null;
    if (prefixEnd > start) {
      loggedAtMs = parseIsoTimestamp(bytes, start, prefixEnd);
      if (loggedAtMs === null) this.#discard(prefixEnd - start);
    }
    this.#frames++;
    this.#inJunk = false;
    out.push({ text: bytes.toString('latin1', at, end), loggedAtMs });
  }

  /** A line that is not an NMEA sentence, passed on whole (a sensor line, a comment). */
  #frame(bytes: Buffer, start: number, end: number, out: Frame[]): void {
    let textStart = start;
    let loggedAtMs: number | null = null;
    if (isDigit(bytes[start] as number)) {
      const space = indexOfSpace(bytes, start, end);
      loggedAtMs = space < 0 ? null : parseIsoTimestamp(bytes, start, space);
      if (loggedAtMs !== null) {
        textStart = space;
        while (textStart < end && bytes[textStart] === SPACE) textStart++;
        if (textStart === end) return;
      }
    }
    this.#frames++;
    this.#inJunk = false;
    out.push({ text: bytes.toString('latin1', textStart, end), loggedAtMs });
  }

  #discard(length: number): void {
    if (!this.#inJunk) this.#junk++;
    this.#inJunk = true;
    this.#junkBytes += length;
  }

  #discardJunkByte(): void {
    this.#discard(1);
  }
}

/**
 * The last `$` or `!` that begins an address (a letter or digit follows), or -1. The last,
 * because `$` and `!` never occur inside a sentence: an earlier one belongs to a doubled
 * start or to a cut-off sentence merged in front.
 */
function sentenceStart(bytes: Buffer, start: number, end: number): number {
  for (let i = end - 2; i >= start; i--) {
    const b = bytes[i];
    if (b !== DOLLAR && b !== BANG) continue;
    const next = bytes[i + 1] as number;
    if ((next >= 65 && next <= 90) || (next >= 48 && next <= 57)) return i;
  }
  return -1;
}

/** Between a logger's timestamp and the `$`: spaces, tabs and the extra `$` of a `$$`. */
function isPrefixPadding(b: number): boolean {
  return b === SPACE || b === TAB || b === DOLLAR;
}

function indexOfSpace(bytes: Buffer, start: number, end: number): number {
  for (let i = start; i < end; i++) if (bytes[i] === SPACE) return i;
  return -1;
}

function isBlank(bytes: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    if (bytes[i] !== SPACE && bytes[i] !== TAB) return false;
  }
  return true;
}

/**
 * An ISO 8601 timestamp filling [start, end) as epoch ms, or null: `YYYY-MM-DDThh:mm:ss`,
 * `T` or a space between date and time, optional fraction, `Z` or `±hh:mm` or nothing (UTC),
 * as research-vessel loggers write them (OpenRVDAS: `2014-08-01T00:00:07.475000Z`).
 */
export function parseIsoTimestamp(bytes: Buffer, start: number, end: number): number | null {
  if (end - start < 19) return null;
  const s = start;
  const sep = bytes[s + 10];
  if (bytes[s + 4] !== 45 || bytes[s + 7] !== 45 || (sep !== 84 && sep !== SPACE)) return null;
  if (bytes[s + 13] !== 58 || bytes[s + 16] !== 58) return null;

  const year = digits(bytes, s, 4);
  const month = digits(bytes, s + 5, 2);
  const day = digits(bytes, s + 8, 2);
  const hour = digits(bytes, s + 11, 2);
  const minute = digits(bytes, s + 14, 2);
  const second = digits(bytes, s + 17, 2);
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour < 24 && minute < 60)) {
    return null;
  }
  if (!(second <= 60)) return null;

  let i = s + 19;
  let ms = 0;
  if (i < end && bytes[i] === 46) {
    let scale = 100;
    for (i++; i < end && isDigit(bytes[i] as number); i++) {
      ms += ((bytes[i] as number) - 48) * scale;
      scale /= 10;
    }
    ms = Math.round(ms);
  }

  const offsetMs = zoneOffsetMs(bytes, i, end);
  if (offsetMs === null) return null;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMs;
}

/** `Z`, nothing, or `±hh:mm` / `±hhmm` filling [i, end): the offset from UTC in ms. */
function zoneOffsetMs(bytes: Buffer, i: number, end: number): number | null {
  if (i === end) return 0;
  if (bytes[i] === 90 && i + 1 === end) return 0;
  const sign = bytes[i] === 43 ? 1 : bytes[i] === 45 ? -1 : 0;
  if (sign === 0) return null;

  const colon = end - i === 6 && bytes[i + 3] === 58;
  if (!colon && end - i !== 5) return null;
  const hours = digits(bytes, i + 1, 2);
  const minutes = digits(bytes, colon ? i + 4 : i + 3, 2);
  if (!(hours <= 14 && minutes < 60)) return null;
  return sign * (hours * 60 + minutes) * 60_000;
}

function digits(bytes: Buffer, at: number, count: number): number {
  let v = 0;
  for (let k = 0; k < count; k++) {
    const b = bytes[at + k] as number;
    if (!isDigit(b)) return NaN;
    v = v * 10 + b - 48;
  }
  return v;
}

function isDigit(b: number): boolean {
  return b >= 48 && b <= 57;
}
