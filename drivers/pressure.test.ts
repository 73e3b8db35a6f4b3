import { describe, expect, it } from 'vitest';

import { decodeLine } from './decode.js';
import { sentence } from './nmea/encode.js';
import { depthFromPressure } from './pressure.js';
import type { Reading } from './types.js';

function readingOf(line: string, options?: Parameters<typeof decodeLine>[1]): Reading {
  const result = decodeLine(line, options);
  if (!result.ok) throw new Error(`${line} was rejected: ${result.reason}`);
  return result.reading;
}

function seaDbarOf(line: string, options?: Parameters<typeof decodeLine>[1]): number {
  const r = readingOf(line, options);
  if (r.kind !== 'pressure') throw new Error(`${line} gave a ${r.kind}`);
  return r.seaPressureDbar;
}

describe('depthFromPressure (UNESCO 1983)', () => {
  it('meets the check value to the millimetre: 10000 dbar at 30° is 9712.653 m', () => {
    expect(Math.abs(depthFromPressure(10000, 30) - 9712.653)).toBeLessThan(0.0005);
  });

  it('is zero at the surface and deeper towards the equator for the same pressure', () => {
    expect(depthFromPressure(0, 45)).toBe(0);
    expect(depthFromPressure(5000, 0)).toBeGreaterThan(depthFromPressure(5000, 60));
  });

  it('is symmetric in latitude', () => {
    expect(depthFromPressure(4850, -11)).toBe(depthFromPressure(4850, 11));
  });
});

describe('Paroscientific Digiquartz', () => {
  it('takes psi absolute and gives sea pressure in dbar', () => {
    const dbar = seaDbarOf('*00018717.1234');

    expect(dbar).toBeCloseTo(8717.1234 * 0.6894757 - 10.1325, 9);
  });

  it('gives about zero at the surface (one atmosphere is 14.696 psi)', () => {
    expect(Math.abs(seaDbarOf('*000114.6959'))).toBeLessThan(0.001);
  });

  it('takes other units when the sensor is set to them', () => {
    expect(seaDbarOf('*0001485.0000', { pressureUnits: 'bar' })).toBeCloseTo(4839.8675, 9);
    expect(seaDbarOf('*000148500.00', { pressureUnits: 'kpa' })).toBeCloseTo(4839.8675, 9);
  });

  it('names the reading and leaves it undated', () => {
    expect(readingOf('*000114.6959')).toMatchObject({
      kind: 'pressure',
      sentence: 'DIGIQUARTZ',
      timeOfDayMs: null,
    });
  });

  it('rejects a reply whose value is not a number', () => {
    expect(decodeLine('*0001ERR')).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('Valeport', () => {
  it('gives the DOMAIN.md line, in metres, as a depth', () => {
    expect(readingOf('0009.996,M,0.000')).toEqual({
      kind: 'depth',
      sentence: 'VALEPORT',
      talker: '',
      timeOfDayMs: null,
      dateMs: null,
      depthM: 9.996,
    });
  });

  it('gives dbar, bar, mbar and psi lines as sea pressure', () => {
    expect(seaDbarOf('4795.200,d,0.002')).toBe(4795.2);
    expect(seaDbarOf('479.5200,B')).toBeCloseTo(4795.2, 9);
    expect(seaDbarOf('9996.000,m,0.000')).toBeCloseTo(99.96, 9);
    expect(seaDbarOf('0100.000,P,0.000')).toBeCloseTo(68.94757, 9);
  });

  it('takes feet as a depth in metres', () => {
    expect(readingOf('0010.000,f,0.000')).toMatchObject({ kind: 'depth', depthM: 3.048 });
  });

  it('reads the unit-less form only when the format is named, in the configured units', () => {
    expect(decodeLine('0009.996,0.000')).toEqual({ ok: false, reason: 'not_a_sentence' });
    expect(seaDbarOf('0009.996,0.000', { pressureFormat: 'valeport' })).toBe(9.996);
    expect(seaDbarOf('0001.000,0.000', { pressureFormat: 'valeport', pressureUnits: 'bar' })).toBe(
      10,
    );
  });

  it('decodes the $PVIPS2 and $PIPS sentences', () => {
    const pvips2 = sentence('PVIPS2,01,12345,4795.200,d,4750.120,M');
    const pips = sentence('PIPS,4750.12,M');

    expect(readingOf(pvips2)).toMatchObject({ kind: 'pressure', seaPressureDbar: 4795.2 });
    expect(readingOf(pips)).toMatchObject({ kind: 'depth', depthM: 4750.12 });
  });
});

describe('Sea-Bird SBE 37', () => {
  it('decodes the DOMAIN.md line: sea pressure, date and time', () => {
    expect(readingOf('24.8339,  0.97795,   -9.262, 07 Jan 2000, 04:51:39')).toEqual({
      kind: 'pressure',
      sentence: 'SBE37',
      talker: '',
      timeOfDayMs: ((4 * 60 + 51) * 60 + 39) * 1000,
      dateMs: Date.UTC(2000, 0, 7),
      seaPressureDbar: -9.262,
    });
  });

  it('finds the date and time after extra values such as salinity', () => {
    const line = ' 2.1234,  3.21000, 4795.123,  34.5678, 15 Oct 2022, 14:23:05';

    expect(readingOf(line)).toMatchObject({ seaPressureDbar: 4795.123 });
  });

  it('accepts a line without date and time only when the format is named', () => {
    const line = ' 2.1234,  3.21000, 4795.123';

    expect(decodeLine(line)).toEqual({ ok: false, reason: 'not_a_sentence' });
    expect(seaDbarOf(line, { pressureFormat: 'sbe37' })).toBe(4795.123);
  });
});

describe('recognising sensor lines', () => {
  it('calls text that is none of the formats not a sentence', () => {
    const lines = ['# Name: BT-451', 'avnav_server 0.6.0', 'S>', '1,2', 'You are connected'];

    const reasons = lines.map((line) => decodeLine(line));

    for (const r of reasons) expect(r).toEqual({ ok: false, reason: 'not_a_sentence' });
  });

  it('holds a named format to its shape', () => {
    expect(decodeLine('0009.996,M,0.000', { pressureFormat: 'digiquartz' })).toEqual({
      ok: false,
      reason: 'not_a_sentence',
    });
  });
});
