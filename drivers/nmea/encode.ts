/**
 * NMEA 0183 and pressure-sensor line encoding, for the simulator and for tests. Each encoder
 * returns one line without its CR LF; values are in the same SI units the readings use.
 */
import { ATMOSPHERE_DBAR, DBAR_PER_PSI } from '../pressure.js';

const MS_PER_DAY = 86_400_000;
const MPS_TO_KNOTS = 3600 / 1852;
const MPS_TO_KMH = 3.6;
const M_TO_FEET = 1 / 0.3048;
const M_TO_FATHOMS = 1 / 1.8288;

/** The checksum of a sentence body (between `$` and `*`): XOR of its characters, 2 hex digits. */
export function checksum(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum ^= body.charCodeAt(i);
  return sum.toString(16).toUpperCase().padStart(2, '0');
}

/** A complete sentence from its body: `$body*HH`. */
export function sentence(body: string): string {
  return `$${body}*${checksum(body)}`;
}

/** Values of a GGA sentence. */
export interface GgaFields {
  talker?: string;
  timeOfDayMs: number;
  latDeg: number;
  lonDeg: number;
  /** 0 invalid, 1 GPS, 2 DGPS, 4 RTK fixed, 5 RTK float, 6 dead reckoning, ... (default 1). */
  quality?: number;
  satellites?: number;
  hdop?: number;
  altitudeM?: number;
}

/** `$--GGA`: fix data. */
export function encodeGga(v: GgaFields): string {
  return sentence(
    [
      `${v.talker ?? 'GP'}GGA`,
      formatTime(v.timeOfDayMs, 2),
      formatLatitude(v.latDeg),
      formatLongitude(v.lonDeg),
      String(v.quality ?? 1),
      optional(v.satellites, 0, 2),
      optional(v.hdop, 1),
      optional(v.altitudeM, 1),
      'M',
      '',
      'M',
      '',
      '',
    ].join(','),
  );
}

/** Values of an RMC sentence. */
export interface RmcFields {
  talker?: string;
  /** Epoch ms: gives both the time and the date. */
  timeMs: number;
  latDeg: number;
  lonDeg: number;
  valid?: boolean;
  sogMps?: number;
  cogDeg?: number;
  /** NMEA 2.3 mode letter (default A, or N when not valid). */
  mode?: string;
}

/** `$--RMC`: recommended minimum data (NMEA 2.3, with the mode letter). */
export function encodeRmc(v: RmcFields): string {
  const valid = v.valid ?? true;
  return sentence(
    [
      `${v.talker ?? 'GP'}RMC`,
      formatTime(timeOfDay(v.timeMs), 2),
      valid ? 'A' : 'V',
      formatLatitude(v.latDeg),
      formatLongitude(v.lonDeg),
      optional(v.sogMps === undefined ? undefined : v.sogMps * MPS_TO_KNOTS, 2),
      optional(v.cogDeg, 1),
      formatDdmmyy(v.timeMs),
      '',
      '',
      v.mode ?? (valid ? 'A' : 'N'),
    ].join(','),
  );
}

/** `$--ZDA`: time and date, zone 00:00. */
export function encodeZda(v: { talker?: string; timeMs: number }): string {
  const d = new Date(v.timeMs);
  return sentence(
    [
      `${v.talker ?? 'GP'}ZDA`,
      formatTime(timeOfDay(v.timeMs), 2),
      pad(d.getUTCDate(), 2),
      pad(d.getUTCMonth() + 1, 2),
      String(d.getUTCFullYear()),
      '00',
      '00',
    ].join(','),
  );
}

/** `$--VTG`: course and speed over ground (NMEA 2.3). */
export function encodeVtg(v: { talker?: string; cogDeg?: number; sogMps?: number }): string {
  const sog = v.sogMps;
  return sentence(
    [
      `${v.talker ?? 'GP'}VTG`,
      optional(v.cogDeg, 1),
      'T',
      '',
      'M',
      optional(sog === undefined ? undefined : sog * MPS_TO_KNOTS, 2),
      'N',
      optional(sog === undefined ? undefined : sog * MPS_TO_KMH, 2),
      'K',
      sog === undefined && v.cogDeg === undefined ? 'N' : 'A',
    ].join(','),
  );
}

/** `$--HDT`: true heading. */
export function encodeHdt(v: { talker?: string; headingDeg: number }): string {
  return sentence(`${v.talker ?? 'HE'}HDT,${v.headingDeg.toFixed(2)},T`);
}

/** `$--DBT`: depth below transducer in feet, metres and fathoms. */
export function encodeDbt(v: { talker?: string; altitudeM: number }): string {
  const m = v.altitudeM;
  return sentence(
    `${v.talker ?? 'SD'}DBT,${(m * M_TO_FEET).toFixed(1)},f,${m.toFixed(1)},M,` +
      `${(m * M_TO_FATHOMS).toFixed(1)},F`,
  );
}

/** `$--DPT`: depth below transducer, transducer offset and range (NMEA 3.0). */
export function encodeDpt(v: {
  talker?: string;
  altitudeM: number;
  offsetM?: number;
  rangeM?: number;
}): string {
  const body = [
    `${v.talker ?? 'SD'}DPT`,
    v.altitudeM.toFixed(2),
    optional(v.offsetM, 2),
    optional(v.rangeM, 0),
  ];
  return sentence(body.join(','));
}

/** Values of a Kongsberg `$PSIMSSB` cartesian position. */
export interface PsimssbFields {
  timeOfDayMs: number;
  /** Transponder code, e.g. `B01`. */
  transponder: string;
  valid?: boolean;
  /** East (north-up) or starboard (head-up), metres. */
  xM: number;
  /** North (north-up) or forward (head-up), metres. */
  yM: number;
  frame?: 'north_up' | 'head_up' | 'east_up';
  depthM?: number;
  accuracyM?: number;
}

/** `$PSIMSSB`: HiPAP SSBL position as cartesian offsets from the ship's transducer. */
export function encodePsimssb(v: PsimssbFields): string {
  const frame = v.frame ?? 'north_up';
  return sentence(
    [
      'PSIMSSB',
      formatTime(v.timeOfDayMs, 2),
      v.transponder,
      v.valid === false ? 'V' : 'A',
      '',
      'C',
      frame === 'head_up' ? 'H' : frame === 'east_up' ? 'E' : 'N',
      'M',
      v.xM.toFixed(1),
      v.yM.toFixed(1),
      optional(v.depthM, 1),
      optional(v.accuracyM, 1),
      'N',
      '',
      '',
    ].join(','),
  );
}

/** Values of an iXblue GAPS `$PTSAG` position. */
export interface PtsagFields {
  /** Recurrence frame number. */
  frame?: number;
  timeMs: number;
  /** Beacon id; 0 is the ship's own antenna. */
  beacon: number;
  latDeg: number;
  lonDeg: number;
  valid?: boolean;
  depthM?: number;
}

/** `$PTSAG`: GAPS transponder position with sensor depth. */
export function encodePtsag(v: PtsagFields): string {
  const d = new Date(v.timeMs);
  const depth = optional(v.depthM, 2);
  return sentence(
    [
      'PTSAG',
      `#${pad(v.frame ?? 0, 5)}`,
      formatTime(timeOfDay(v.timeMs), 3),
      pad(d.getUTCDate(), 2),
      pad(d.getUTCMonth() + 1, 2),
      String(d.getUTCFullYear()),
      String(v.beacon),
      formatLatitude(v.latDeg),
      formatLongitude(v.lonDeg),
      v.valid === false ? '0' : 'F',
      depth,
      depth === '' ? '0' : '2',
      depth,
    ].join(','),
  );
}

/** `$PSONLLD`: Sonardyne USBL position in signed decimal degrees. */
export function encodePsonlld(v: {
  timeOfDayMs: number;
  beacon: string;
  latDeg: number;
  lonDeg: number;
  valid?: boolean;
  depthM?: number;
}): string {
  return sentence(
    [
      'PSONLLD',
      formatTime(v.timeOfDayMs, 3),
      v.beacon,
      v.valid === false ? 'V' : 'A',
      v.latDeg.toFixed(7),
      v.lonDeg.toFixed(7),
      optional(v.depthM, 1),
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
    ].join(','),
  );
}

/** `$PIXSE,POSITI`: INS position; longitude as 0–360 east, as the INS sends it. */
export function encodePixsePositi(v: { latDeg: number; lonDeg: number; depthM: number }): string {
  const lon360 = v.lonDeg < 0 ? v.lonDeg + 360 : v.lonDeg;
  return sentence(
    `PIXSE,POSITI,${v.latDeg.toFixed(8)},${lon360.toFixed(8)},${(-v.depthM).toFixed(3)}`,
  );
}

/** `$PIXSE,DEPIN_`: the depth the INS received, with its time of validity. */
export function encodePixseDepin(v: { depthM: number; timeOfDayMs: number }): string {
  return sentence(`PIXSE,DEPIN_,${v.depthM.toFixed(3)},${formatTime(v.timeOfDayMs, 3)}`);
}

/** A Paroscientific Digiquartz reply, `*0001` and the absolute pressure in psi. */
export function encodeDigiquartz(v: { seaPressureDbar: number }): string {
  const psi = (v.seaPressureDbar + ATMOSPHERE_DBAR) / DBAR_PER_PSI;
  return `*0001${psi.toFixed(4)}`;
}

/** A Valeport "standard" line: the depth in metres (`M`) or sea pressure in dbar (`d`). */
export function encodeValeport(v: { depthM: number } | { seaPressureDbar: number }): string {
  const [value, unit] = 'depthM' in v ? [v.depthM, 'M'] : [v.seaPressureDbar, 'd'];
  const text = value.toFixed(3);
  const padded = value < 0 ? `-${text.slice(1).padStart(8, '0')}` : text.padStart(8, '0');
  return `${padded},${unit},0.000`;
}

/** A Sea-Bird SBE 37 text line: temperature, conductivity, sea pressure, date, time. */
export function encodeSbe37(v: {
  temperatureC: number;
  conductivitySpm: number;
  seaPressureDbar: number;
  timeMs: number;
}): string {
  const d = new Date(v.timeMs);
  const month = MONTHS[d.getUTCMonth()] ?? 'Jan';
  const date = `${pad(d.getUTCDate(), 2)} ${month} ${d.getUTCFullYear()}`;
  const time = [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()]
    .map((n) => pad(n, 2))
    .join(':');
  return (
    `${v.temperatureC.toFixed(4).padStart(7)}, ${v.conductivitySpm.toFixed(5).padStart(8)}, ` +
    `${v.seaPressureDbar.toFixed(3).padStart(8)}, ${date}, ${time}`
  );
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function timeOfDay(timeMs: number): number {
  return ((timeMs % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;
}

/** `hhmmss.ss` with `decimals` digits of seconds, rounded without reaching 24:00. */
function formatTime(timeOfDayMs: number, decimals: number): string {
  const unit = 10 ** (3 - decimals);
  const ticksPerDay = MS_PER_DAY / unit;
  const ticks = Math.min(Math.round(timeOfDayMs / unit), ticksPerDay - 1);
  const perSecond = 10 ** decimals;
  const seconds = Math.floor(ticks / perSecond);
  const fraction = ticks - seconds * perSecond;
  const hms =
    pad(Math.floor(seconds / 3600), 2) +
    pad(Math.floor(seconds / 60) % 60, 2) +
    pad(seconds % 60, 2);
  return decimals === 0 ? hms : `${hms}.${pad(fraction, decimals)}`;
}

/** `ddmm.mmmmm,N`. */
function formatLatitude(latDeg: number): string {
  return `${degreesMinutes(Math.abs(latDeg), 2)},${latDeg < 0 ? 'S' : 'N'}`;
}

/** `dddmm.mmmmm,E`. */
function formatLongitude(lonDeg: number): string {
  return `${degreesMinutes(Math.abs(lonDeg), 3)},${lonDeg < 0 ? 'W' : 'E'}`;
}

const MINUTE_DECIMALS = 5;

/** Degrees as `dd(d)mm.mmmmm`, rounding in whole units of the last digit so 60' carries. */
function degreesMinutes(deg: number, degreeDigits: number): string {
  const perMinute = 10 ** MINUTE_DECIMALS;
  const units = Math.round(deg * 60 * perMinute);
  const whole = Math.floor(units / (60 * perMinute));
  const minuteUnits = units - whole * 60 * perMinute;
  const minutes = Math.floor(minuteUnits / perMinute);
  const fraction = minuteUnits - minutes * perMinute;
  return `${pad(whole, degreeDigits)}${pad(minutes, 2)}.${pad(fraction, MINUTE_DECIMALS)}`;
}

function formatDdmmyy(timeMs: number): string {
  const d = new Date(timeMs);
  return pad(d.getUTCDate(), 2) + pad(d.getUTCMonth() + 1, 2) + pad(d.getUTCFullYear() % 100, 2);
}

function optional(value: number | undefined, decimals: number, width = 0): string {
  if (value === undefined) return '';
  return width > 0 ? pad(value, width) : value.toFixed(decimals);
}

function pad(value: number, width: number): string {
  return String(Math.round(value)).padStart(width, '0');
}
