/**
 * Pressure sensors: sea pressure to depth (UNESCO 1983), and the text lines that Paroscientific
 * Digiquartz, Valeport miniIPS and Sea-Bird SBE 37 sensors print (DOMAIN.md "Depth sensors").
 */
import { dateMs, parseDecimal, twoDigits } from './nmea/fields.js';
import type { Rejection } from './nmea/readings.js';
import type {
  DepthReading,
  PressureFormat,
  PressureReading,
  PressureUnits,
  Reading,
} from './types.js';

const STAR = 42;

/** One standard atmosphere in decibars: what an absolute sensor reads at the surface. */
export const ATMOSPHERE_DBAR = 10.1325;

/** Decibars per pound-force per square inch. */
export const DBAR_PER_PSI = 0.6894757;

/**
 * Depth in metres below the surface for a sea pressure (absolute minus one atmosphere), by the
 * UNESCO 1983 formula (Fofonoff and Millard, UNESCO technical papers in marine science 44).
 * Check value: 10000 dbar at 30° gives 9712.653 m.
 */
export function depthFromPressure(seaPressureDbar: number, latDeg: number): number {
  const p = seaPressureDbar;
  const s = Math.sin((latDeg * Math.PI) / 180);
  const x = s * s;

  // gravity at the latitude, with its mean change through the water column
  const g = 9.780318 * (1 + (5.2788e-3 + 2.36e-5 * x) * x) + 1.092e-6 * p;

  return ((((-1.82e-15 * p + 2.279e-10) * p - 2.2512e-5) * p + 9.72659) * p) / g;
}

/** Decibars per unit of each pressure unit a sensor can be set to. */
const DBAR_PER_UNIT: Record<PressureUnits, number> = {
  psi: DBAR_PER_PSI,
  dbar: 1,
  bar: 10,
  kpa: 0.1,
};

/** Converts a pressure in `units` to decibars. */
export function toDbar(value: number, units: PressureUnits): number {
  return value * DBAR_PER_UNIT[units];
}

/** Why a sensor line made no reading: the NMEA rejections, and "not this format". */
export type SensorLineResult = Reading | Rejection | 'not_a_sentence';

/**
 * Decodes a pressure-sensor line. With `format` the line must be of that format; without it
 * the format is recognised from the line's shape: `*AABB<value>` is a Digiquartz, a value
 * followed by a Valeport unit letter is a Valeport, three numbers followed by a date and a
 * time is an SBE 37.
 */
export function decodeSensorLine(
  text: string,
  format: PressureFormat | undefined,
  units: PressureUnits | undefined,
): SensorLineResult {
  const line = text.trim();
  if (format === 'digiquartz' || (format === undefined && line.charCodeAt(0) === STAR)) {
    return decodeDigiquartz(line, units ?? 'psi');
  }

  const parts = line.split(',');
  if (format === 'valeport' || (format === undefined && looksLikeValeport(parts))) {
    return decodeValeport(parts, units ?? 'dbar', format === 'valeport');
  }
  if (format === 'sbe37' || (format === undefined && looksLikeSbe37(parts))) {
    return decodeSbe37(parts, format === 'sbe37');
  }
  return 'not_a_sentence';
}

/*
 * Paroscientific Digiquartz (RS-232 intelligent transmitters): `*AABB` then the value, where
 * AA is the destination (00, the host) and BB the sending unit's id; e.g. `*000114.6970`.
 * Units are psi unless the unit was set otherwise (UN command); the pressure is absolute, so
 * one standard atmosphere is subtracted to give sea pressure.
 */
function decodeDigiquartz(line: string, units: PressureUnits): SensorLineResult {
  if (line.charCodeAt(0) !== STAR || line.length < 6 || !allDigits(line, 1, 5)) {
    return 'not_a_sentence';
  }
  const value = numberOrNaN(line.slice(5));
  if (Number.isNaN(value)) return 'malformed';

  return pressureReading('DIGIQUARTZ', toDbar(value, units) - ATMOSPHERE_DBAR, null, null);
}

const VALEPORT_UNITS = 'mdBMfP';

/*
 * Valeport miniIPS / miniIPS2, "Valeport standard" and "Valeport CSV" strings:
 * `xxxx.xxx,u,s.sss` or `xxxx.xxx,u`, where u is the unit letter (m mbar, d dbar, B bar,
 * M metres, f feet, P psi) and s the standard deviation. With the unit letter switched off
 * (`xxxx.xxx,s.sss`) the unit is the configured one; that form is only taken when the format
 * is named, as two bare numbers could be anything. Metres and feet are a depth the sensor
 * computed itself, so they give a DepthReading; pressures are taken as sea pressure, since
 * these sensors report relative to the surface.
 */
function decodeValeport(parts: string[], units: PressureUnits, named: boolean): SensorLineResult {
  const first = parts[0] ?? '';
  const unit = (parts[1] ?? '').trim();
  if (parts.length > 3) return 'not_a_sentence';
  if (unit.length !== 1 || !VALEPORT_UNITS.includes(unit)) {
    if (!named || !looksNumeric(first)) return 'not_a_sentence';
    const value = numberOrNaN(first);
    return Number.isNaN(value) ? 'malformed' : valeportReading('VALEPORT', '', value, '', units);
  }

  const value = numberOrNaN(first);
  if (Number.isNaN(value)) return 'malformed';
  return valeportReading('VALEPORT', '', value, unit, units);
}

/**
 * A Valeport value with its unit letter as a reading: metres and feet give a depth, pressure
 * units a sea pressure; an empty letter means `units`.
 */
export function valeportReading(
  sentence: string,
  talker: string,
  value: number,
  unit: string,
  units: PressureUnits,
): PressureReading | DepthReading {
  switch (unit) {
    case 'M':
      return depthReading(sentence, talker, value);
    case 'f':
      return depthReading(sentence, talker, value * 0.3048);
    case 'm':
      return pressureReading(sentence, value / 100, null, null, talker);
    case 'd':
      return pressureReading(sentence, value, null, null, talker);
    case 'B':
      return pressureReading(sentence, toDbar(value, 'bar'), null, null, talker);
    case 'P':
      return pressureReading(sentence, toDbar(value, 'psi'), null, null, talker);
    default:
      return pressureReading(sentence, toDbar(value, units), null, null, talker);
  }
}

/*
 * Sea-Bird SBE 37 MicroCAT, text output:
 * `tttt.tttt, cc.ccccc, pppp.ppp, dd mmm yyyy, hh:mm:ss`
 *  temperature °C, conductivity S/m, sea pressure dbar, date, time. Models and settings add
 * oxygen, salinity or sound velocity before the date; the pressure is always the third value.
 */
function decodeSbe37(parts: string[], named: boolean): SensorLineResult {
  if (parts.length < 3 || !looksNumeric(parts[0]) || !looksNumeric(parts[1])) {
    return 'not_a_sentence';
  }
  const pressure = numberOrNaN(parts[2] ?? '');
  if (Number.isNaN(pressure)) return 'malformed';

  const stamp = sbeDateTime(parts);
  if (stamp === null && !named) return 'not_a_sentence';
  return pressureReading('SBE37', pressure, stamp?.timeOfDayMs ?? null, stamp?.dateMs ?? null);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The trailing `dd mmm yyyy, hh:mm:ss` of an SBE 37 line, or null when it has none. */
function sbeDateTime(parts: string[]): { timeOfDayMs: number; dateMs: number | null } | null {
  if (parts.length < 5) return null;
  const date = (parts[parts.length - 2] ?? '').trim().split(/ +/);
  const time = (parts[parts.length - 1] ?? '').trim();
  if (date.length !== 3 || time.length !== 8 || time[2] !== ':' || time[5] !== ':') return null;

  const h = twoDigits(time, 0);
  const m = twoDigits(time, 3);
  const s = twoDigits(time, 6);
  const month = MONTHS.indexOf(date[1] ?? '') + 1;
  if (!(h < 24 && m < 60 && s <= 60) || month === 0) return null;

  const day = Number(date[0]);
  const year = Number(date[2]);
  return { timeOfDayMs: ((h * 60 + m) * 60 + s) * 1000, dateMs: dateMs(year, month, day) };
}

function looksLikeValeport(parts: string[]): boolean {
  const unit = parts[1] ?? '';
  return (
    (parts.length === 2 || parts.length === 3) &&
    unit.length === 1 &&
    VALEPORT_UNITS.includes(unit) &&
    looksNumeric(parts[0])
  );
}

function looksLikeSbe37(parts: string[]): boolean {
  return (
    parts.length >= 5 &&
    looksNumeric(parts[0]) &&
    looksNumeric(parts[1]) &&
    looksNumeric(parts[2]) &&
    sbeDateTime(parts) !== null
  );
}

function pressureReading(
  sentence: string,
  seaPressureDbar: number,
  timeOfDayMs: number | null,
  date: number | null,
  talker = '',
): PressureReading {
  return { kind: 'pressure', sentence, talker, timeOfDayMs, dateMs: date, seaPressureDbar };
}

function depthReading(sentence: string, talker: string, depthM: number): DepthReading {
  return { kind: 'depth', sentence, talker, timeOfDayMs: null, dateMs: null, depthM };
}

/** A trimmed plain decimal as a number, or NaN (Number() would take hex, '' and 'Infinity'). */
function numberOrNaN(text: string): number {
  const t = text.trim();
  return t.length > 0 ? parseDecimal(t, 0, t.length) : NaN;
}

function looksNumeric(text: string | undefined): boolean {
  return text !== undefined && !Number.isNaN(numberOrNaN(text));
}

function allDigits(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
  }
  return true;
}
