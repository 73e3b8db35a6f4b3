/**
 * Field access for one NMEA sentence without splitting it: the scanner records where each
 * field starts, and the parsers read numbers, times and coordinates straight from the
 * character codes. One instance is reused for every line, so decoding a line allocates only
 * its reading.
 *
 * Conventions (IEC 61162-1 §7.2.3): an empty field means "no data" and parses to `null`; a
 * field that is present but not a valid value parses to `NaN` where the caller needs to tell
 * the two apart, and to `null` through the `opt*` readers where it does not.
 */

/** The longest line the drivers accept, in characters (a longer one is `too_long`). */
export const MAX_LINE_CHARS = 1024;

const COMMA = 44;
const STAR = 42;
const SPACE = 32;
const TILDE = 126;
const DOT = 46;
const MINUS = 45;
const PLUS = 43;
const ZERO = 48;

/** Exact powers of ten: dividing an integer below 2^53 by one of these rounds once. */
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
const MAX_EXACT_DIGITS = 15;

export class Fields {
  /** The whole line; field positions index into it. */
  text = '';
  /** Number of fields, the address (field 0) included. */
  count = 0;
  /** Start of field i; `starts[count]` is one past the data end plus one (a virtual comma). */
  readonly starts = new Int32Array(MAX_LINE_CHARS + 2);

  /** XOR of the characters scanned: the NMEA checksum of the data. */
  sum = 0;

  /**
   * Records the fields of `text` from `from` (after the `$`) up to the first `*` or `to`, and
   * their checksum. Returns where the data ends (the `*` or `to`), or -1 at a character that
   * no sentence holds (outside printable ASCII).
   */
  scan(text: string, from: number, to: number): number {
    const starts = this.starts;
    let count = 0;
    let sum = 0;
    let i = from;
    starts[count++] = from;
    for (; i < to; i++) {
      const c = text.charCodeAt(i);
      if (c === STAR) break;
      if (c < SPACE || c > TILDE) return -1;
      if (c === COMMA) starts[count++] = i + 1;
      sum ^= c;
    }
    starts[count] = i + 1;
    this.text = text;
    this.count = count;
    this.sum = sum;
    return i;
  }

  start(i: number): number {
    return this.starts[i] ?? 0;
  }

  end(i: number): number {
    return (this.starts[i + 1] ?? 1) - 1;
  }

  /** True when field i is absent (past the end) or empty. */
  empty(i: number): boolean {
    return i >= this.count || this.end(i) <= this.start(i);
  }

  /** The single character of field i as a code; 0 when it is empty or longer than one. */
  char(i: number): number {
    if (i >= this.count) return 0;
    const s = this.start(i);
    return this.end(i) - s === 1 ? this.text.charCodeAt(s) : 0;
  }

  /** True when field i is exactly `word`. */
  is(i: number, word: string): boolean {
    if (i >= this.count) return false;
    const s = this.start(i);
    if (this.end(i) - s !== word.length) return false;
    for (let k = 0; k < word.length; k++) {
      if (this.text.charCodeAt(s + k) !== word.charCodeAt(k)) return false;
    }
    return true;
  }

  /** Field i as a string (allocates: not for numbers). */
  str(i: number): string {
    return i < this.count ? this.text.slice(this.start(i), this.end(i)) : '';
  }

  /** A decimal number; null when empty, NaN when not a plain decimal. */
  num(i: number): number | null {
    if (this.empty(i)) return null;
    return parseDecimal(this.text, this.start(i), this.end(i));
  }

  /** A decimal number, or null when empty or not a number. */
  optNum(i: number): number | null {
    const v = this.num(i);
    return v === null || Number.isNaN(v) ? null : v;
  }

  /** A whole number, or null when empty or not a whole number. */
  optInt(i: number): number | null {
    const v = this.optNum(i);
    return v !== null && Number.isInteger(v) ? v : null;
  }

  /** UTC time of day `hhmmss[.sss]` in ms since midnight; null when empty or not a time. */
  optTime(i: number): number | null {
    if (this.empty(i)) return null;
    const ms = parseTimeOfDay(this.text, this.start(i), this.end(i));
    return Number.isNaN(ms) ? null : ms;
  }

  /** Date `ddmmyy` as epoch ms of 00:00 UTC; null when empty or not a date. */
  optDateDdmmyy(i: number): number | null {
    if (this.empty(i)) return null;
    const s = this.start(i);
    if (this.end(i) - s !== 6) return null;
    const t = this.text;
    const day = twoDigits(t, s);
    const month = twoDigits(t, s + 2);
    const yy = twoDigits(t, s + 4);
    // NMEA 0183 dates have two-digit years; receivers predate 1980 only in simulators.
    return dateMs(yy < 80 ? 2000 + yy : 1900 + yy, month, day);
  }

  /**
   * A latitude `ddmm.mmm` in field i with its hemisphere N/S in field i + 1, in signed
   * degrees; null when both are empty, NaN when either is wrong or out of range.
   */
  latitude(i: number): number | null {
    return this.#coordinate(i, 90, 78 /* N */, 83 /* S */);
  }

  /** A longitude `dddmm.mmm` with its hemisphere E/W in field i + 1 (see `latitude`). */
  longitude(i: number): number | null {
    return this.#coordinate(i, 180, 69 /* E */, 87 /* W */);
  }

  #coordinate(i: number, limit: number, positive: number, negative: number): number | null {
    const hemi = this.char(i + 1);
    if (this.empty(i)) return this.empty(i + 1) ? null : NaN;
    if (hemi !== positive && hemi !== negative) return NaN;

    const deg = parseDegreesMinutes(this.text, this.start(i), this.end(i));
    if (!(deg <= limit)) return NaN;
    return hemi === negative ? -deg : deg;
  }
}

/** A plain decimal `[+-]digits[.digits]` as a number, or NaN. */
export function parseDecimal(t: string, s: number, e: number): number {
  let i = s;
  let c = t.charCodeAt(i);
  const negative = c === MINUS;
  if (negative || c === PLUS) i++;

  let mantissa = 0;
  let digits = 0;
  let scale = -1;
  for (; i < e; i++) {
    c = t.charCodeAt(i);
    const d = c - ZERO;
    if (d >= 0 && d <= 9) {
      mantissa = mantissa * 10 + d;
      digits++;
    } else if (c === DOT && scale < 0) {
      scale = digits;
    } else {
      return NaN;
    }
  }
  if (digits === 0) return NaN;

  // mantissa / 10^k rounds once, as Number() does, while both are exact
  const fraction = scale < 0 ? 0 : digits - scale;
  const v =
    digits <= MAX_EXACT_DIGITS
      ? mantissa / (POW10[fraction] ?? 1)
      : Number(t.slice(negative || t.charCodeAt(s) === PLUS ? s + 1 : s, e));
  return negative ? -v : v;
}

/** `dddmm.mmmm` as degrees, or NaN when it is not one (minutes must be below 60). */
function parseDegreesMinutes(t: string, s: number, e: number): number {
  let whole = 0;
  let i = s;
  for (; i < e; i++) {
    const d = t.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) break;
    whole = whole * 10 + d;
  }
  if (i === s || i - s > 5) return NaN;

  let fraction = 0;
  if (i < e) {
    if (t.charCodeAt(i) !== DOT) return NaN;
    fraction = i + 1 < e ? parseDecimal(t, i, e) : 0;
    if (Number.isNaN(fraction)) return NaN;
  }

  const degrees = Math.floor(whole / 100);
  const minutes = whole - degrees * 100 + fraction;
  return minutes < 60 ? degrees + minutes / 60 : NaN;
}

/** `hhmmss[.sss]` as ms since midnight, or NaN. Second 60 is a leap second. */
export function parseTimeOfDay(t: string, s: number, e: number): number {
  if (e - s < 6) return NaN;
  const h = twoDigits(t, s);
  const m = twoDigits(t, s + 2);
  const sec = twoDigits(t, s + 4);
  if (!(h < 24 && m < 60 && sec <= 60)) return NaN;

  let ms = 0;
  if (e - s > 6) {
    if (t.charCodeAt(s + 6) !== DOT) return NaN;
    const fraction = e - s > 7 ? parseDecimal(t, s + 6, e) : 0;
    if (Number.isNaN(fraction)) return NaN;
    ms = Math.round(fraction * 1000);
  }
  return ((h * 60 + m) * 60 + sec) * 1000 + ms;
}

/** Two decimal digits at s as a number, or NaN. */
export function twoDigits(t: string, s: number): number {
  const a = t.charCodeAt(s) - ZERO;
  const b = t.charCodeAt(s + 1) - ZERO;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : NaN;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Epoch ms of 00:00 UTC of a calendar date, or null when the date does not exist. */
export function dateMs(year: number, month: number, day: number): number | null {
  if (!(year >= 1900 && year < 2200 && month >= 1 && month <= 12 && day >= 1)) return null;
  if (day > (DAYS_IN_MONTH[month - 1] ?? 0)) return null;
  if (month === 2 && day === 29 && !isLeapYear(year)) return null;
  return Date.UTC(year, month - 1, day);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
