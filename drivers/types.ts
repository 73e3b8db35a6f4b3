/**
 * Readings: what the drivers make of one line from a feed. Values are in SI units (metres, m/s,
 * degrees true, decimal degrees); knots, feet and fathoms are converted where they enter.
 * A field that is empty or malformed in the sentence is `null` (IEC 61162-1: an empty field
 * means "no data").
 */

/** Why a line did not become a reading. Counted by the caller, never thrown. */
export type RejectReason =
  | 'not_a_sentence'
  | 'too_long'
  | 'bad_checksum'
  | 'missing_checksum'
  | 'unknown_sentence'
  | 'malformed';

/** Time as the sensor states it: a time of day, and a date when the sentence carries one. */
export interface SensorTime {
  /** Milliseconds since 00:00 UTC of the day. */
  timeOfDayMs: number | null;
  /** Milliseconds since the epoch at 00:00 UTC of the date, when the sentence carries a date. */
  dateMs: number | null;
}

interface ReadingBase {
  /** Sentence type without the talker: `GGA`, `PSIMSSB`, `PIXSE,POSITI`, `DIGIQUARTZ`, ... */
  sentence: string;
  /** Two-character talker (`GP`, `IN`, `02`), empty for proprietary sentences and sensors. */
  talker: string;
}

/** A position from GNSS, INS or USBL (an absolute one: latitude and longitude). */
export interface PositionReading extends ReadingBase, SensorTime {
  kind: 'position';
  latDeg: number;
  /** Normalised to [-180, 180). */
  lonDeg: number;
  /** False for GGA quality 0, RMC/GLL status V, mode N, USBL status V. */
  valid: boolean;
  /** GGA fix quality (0–8) where stated. */
  quality: number | null;
  hdop: number | null;
  satellites: number | null;
  sogMps: number | null;
  cogDeg: number | null;
  /** Vehicle depth below the surface when the sentence states it (USBL, INS), metres. */
  depthM: number | null;
  /** USBL transponder or beacon id; null for the feed's own vehicle. */
  transponder: string | null;
}

/** A USBL position given as offsets from the ship's transducer: needs the ship's fix. */
export interface UsblOffsetReading extends ReadingBase, SensorTime {
  kind: 'usbl_offset';
  transponder: string;
  valid: boolean;
  /** Offsets in metres, east/north when `frame` is `north_up`, starboard/forward when `head_up`. */
  xM: number;
  yM: number;
  frame: 'north_up' | 'head_up' | 'east_up';
  depthM: number | null;
}

/** Speed and course over ground (VTG). */
export interface VelocityReading extends ReadingBase {
  kind: 'velocity';
  sogMps: number | null;
  cogDeg: number | null;
  valid: boolean;
}

/** Date and time only (ZDA). */
export interface TimeReading extends ReadingBase, SensorTime {
  kind: 'time';
}

/** True heading (HDT, THS; HDG when deviation and variation are given). */
export interface HeadingReading extends ReadingBase {
  kind: 'heading';
  headingDeg: number;
  /** True when the heading is true north; HDG without variation gives magnetic. */
  isTrue: boolean;
}

/**
 * An echo-sounder or altimeter range: DBT, DPT, DBS. On a vehicle it is the altitude above the
 * seabed; on a ship the water depth under the keel (DESIGN.md §3).
 */
export interface RangeReading extends ReadingBase {
  kind: 'altitude';
  altitudeM: number;
  /**
   * DPT only: the transducer offset in metres, positive to the waterline, negative to the keel
   * (add it to `altitudeM` for depth below the waterline or under the keel); null when not given.
   */
  offsetM?: number | null;
}

/** Vehicle depth below the surface from an INS (PIXSE DEPIN_) or a sensor set to metres. */
export interface DepthReading extends ReadingBase, SensorTime {
  kind: 'depth';
  depthM: number;
}

/** Sea pressure from a pressure sensor, already made relative to the surface (dbar). */
export interface PressureReading extends ReadingBase, SensorTime {
  kind: 'pressure';
  seaPressureDbar: number;
}

/** Position standard deviations from an INS (PIXSE STDPOS), metres. */
export interface PositionStdReading extends ReadingBase {
  kind: 'position_std';
  latStdM: number | null;
  lonStdM: number | null;
  altStdM: number | null;
}

export type Reading =
  | PositionReading
  | UsblOffsetReading
  | VelocityReading
  | TimeReading
  | HeadingReading
  | RangeReading
  | DepthReading
  | PressureReading
  | PositionStdReading;

/** The outcome of decoding one line. */
export type DecodeResult =
  | { ok: true; reading: Reading; checksum: 'ok' | 'absent' }
  | {
      ok: false;
      reason: RejectReason;
      /** The sentence type when the line got that far (`GGA`, `VDM`, `PGLOR`). */
      sentence?: string;
      /**
       * With `malformed`: the sentence is well formed but the fields a reading needs are empty
       * (IEC 61162-1 null fields, as from a receiver without a fix), not garbled.
       */
      noData?: true;
    };

/** One framed line from a byte stream. */
export interface Frame {
  /** The text from the `$` (or the start of a sensor line) to the end, without CR/LF. */
  text: string;
  /** A logger's timestamp found before the `$`, as epoch milliseconds; null when none. */
  loggedAtMs: number | null;
}

/** Pressure-sensor line formats (DOMAIN.md "Depth sensors"). */
export type PressureFormat = 'digiquartz' | 'valeport' | 'sbe37';
export type PressureUnits = 'psi' | 'dbar' | 'bar' | 'kpa';
