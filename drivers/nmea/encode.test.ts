import { describe, expect, it } from 'vitest';

import { decodeLine } from '../decode.js';
import type { Reading } from '../types.js';
import {
  checksum,
  encodeDbt,
  encodeDigiquartz,
  encodeDpt,
  encodeGga,
  encodeHdt,
  encodePixseDepin,
  encodePixsePositi,
  encodePsimssb,
  encodePsonlld,
  encodePtsag,
  encodeRmc,
  encodeSbe37,
  encodeValeport,
  encodeVtg,
  encodeZda,
  sentence,
} from './encode.js';

function readingOf(line: string): Reading {
  const result = decodeLine(line, { requireChecksum: line.startsWith('$') });
  if (!result.ok) throw new Error(`${line} was rejected: ${result.reason}`);
  return result.reading;
}

const T = Date.UTC(2022, 9, 15, 14, 23, 5, 120);
const TOD = T % 86_400_000;

describe('checksum and sentence', () => {
  it('XORs the body into two upper-case hex digits', () => {
    expect(checksum('HEHDT,87.25,T')).toBe('27');
    expect(checksum('')).toBe('00');
    expect(checksum('A')).toBe('41');
  });

  it('wraps a body as $body*HH', () => {
    expect(sentence('SDDPT,4802.0,7.5,12000')).toBe('$SDDPT,4802.0,7.5,12000*74');
  });
});

describe('encoders reproduce the DOMAIN.md examples', () => {
  it('for HDT, DBT, PSIMSSB, PSONLLD and PIXSE POSITI', () => {
    expect(encodeHdt({ headingDeg: 87.25 })).toBe('$HEHDT,87.25,T*27');
    expect(encodeDbt({ altitudeM: 4802 })).toBe('$SDDBT,15754.6,f,4802.0,M,2625.8,F*07');
    expect(
      encodePsimssb({
        timeOfDayMs: TOD,
        transponder: 'B01',
        xM: -123.4,
        yM: 456.7,
        depthM: 4795.2,
        accuracyM: 2.1,
      }),
    ).toBe('$PSIMSSB,142305.12,B01,A,,C,N,M,-123.4,456.7,4795.2,2.1,N,,*72');
    expect(
      encodePsonlld({
        timeOfDayMs: TOD,
        beacon: '1',
        latDeg: 10.50085,
        lonDeg: -116.9102,
        depthM: 4795.2,
      }),
    ).toBe('$PSONLLD,142305.120,1,A,10.5008500,-116.9102000,4795.2,,,,,,,,*21');
    expect(encodePixsePositi({ latDeg: 10.500854, lonDeg: -116.9102, depthM: 4795.2 })).toBe(
      '$PIXSE,POSITI,10.50085400,243.08980000,-4795.200*40',
    );
  });

  it('for the Valeport and SBE 37 lines', () => {
    expect(encodeValeport({ depthM: 9.996 })).toBe('0009.996,M,0.000');
    const sbe = encodeSbe37({
      temperatureC: 24.8339,
      conductivitySpm: 0.97795,
      seaPressureDbar: -9.262,
      timeMs: Date.UTC(2000, 0, 7, 4, 51, 39),
    });
    expect(sbe).toBe('24.8339,  0.97795,   -9.262, 07 Jan 2000, 04:51:39');
  });
});

describe('what is encoded decodes to the same values', () => {
  it('GGA', () => {
    const line = encodeGga({ timeOfDayMs: TOD, latDeg: -45.8775915, lonDeg: 170.50012483 });

    const r = readingOf(line);

    expect(r).toMatchObject({ kind: 'position', quality: 1, timeOfDayMs: TOD, valid: true });
    expect(r.kind === 'position' && r.latDeg).toBeCloseTo(-45.8775915, 7);
    expect(r.kind === 'position' && r.lonDeg).toBeCloseTo(170.50012483, 7);
  });

  it('RMC, with date, speed and an invalid status', () => {
    const line = encodeRmc({ timeMs: T, latDeg: 10.5, lonDeg: -116.9, sogMps: 1.5, valid: false });

    expect(readingOf(line)).toMatchObject({ dateMs: Date.UTC(2022, 9, 15), valid: false });
    expect(readingOf(line)).toMatchObject({ sogMps: expect.closeTo(1.5, 2) as number });
  });

  it('ZDA, VTG, DPT', () => {
    expect(readingOf(encodeZda({ timeMs: T }))).toMatchObject({
      timeOfDayMs: TOD,
      dateMs: Date.UTC(2022, 9, 15),
    });
    expect(readingOf(encodeVtg({ cogDeg: 12.5, sogMps: 2 }))).toMatchObject({
      cogDeg: 12.5,
      sogMps: expect.closeTo(2, 2) as number,
    });
    expect(readingOf(encodeDpt({ altitudeM: 12.25, offsetM: -0.5 }))).toMatchObject({
      altitudeM: 12.25,
      offsetM: -0.5,
    });
  });

  it('PTSAG, for a transponder and for the ship (beacon 0)', () => {
    const fix = { timeMs: T, latDeg: 10.5, lonDeg: -116.9 };

    expect(readingOf(encodePtsag({ ...fix, beacon: 3, depthM: 4795.1 }))).toMatchObject({
      transponder: '3',
      depthM: 4795.1,
      dateMs: Date.UTC(2022, 9, 15),
      timeOfDayMs: TOD,
    });
    expect(readingOf(encodePtsag({ ...fix, beacon: 0 }))).toMatchObject({
      transponder: '0',
      depthM: null,
    });
  });

  it('PIXSE DEPIN_, Digiquartz and Valeport pressure', () => {
    expect(readingOf(encodePixseDepin({ depthM: 4795.2, timeOfDayMs: TOD }))).toMatchObject({
      kind: 'depth',
      depthM: 4795.2,
    });
    expect(readingOf(encodeDigiquartz({ seaPressureDbar: 4850 }))).toMatchObject({
      seaPressureDbar: expect.closeTo(4850, 3) as number,
    });
    expect(readingOf(encodeValeport({ seaPressureDbar: 4795.2 }))).toMatchObject({
      seaPressureDbar: 4795.2,
    });
  });
});

describe('rounding', () => {
  it('carries 59.999999 minutes into the next degree', () => {
    const line = encodeGga({ timeOfDayMs: 0, latDeg: 10.99999999999, lonDeg: -0.0000000001 });

    expect(line).toContain(',1100.00000,N,00000.00000,W,');
  });

  it('does not round a time just before midnight up to 24:00', () => {
    expect(encodeGga({ timeOfDayMs: 86_399_999, latDeg: 0, lonDeg: 0 })).toContain(
      'GGA,235959.99,',
    );
  });
});
