import { describe, expect, it } from 'vitest';

import { decodeLine } from '../decode.js';
import type { Reading } from '../types.js';
import { sentence } from './encode.js';

function readingOf(line: string): Reading {
  const result = decodeLine(line);
  if (!result.ok) throw new Error(`${line} was rejected: ${result.reason}`);
  return result.reading;
}

const T_142305 = ((14 * 60 + 23) * 60 + 5) * 1000;

describe('PSIMSSB', () => {
  const example = '$PSIMSSB,142305.12,B01,A,,C,N,M,-123.4,456.7,4795.2,2.1,N,,*72';

  it('decodes the DOMAIN.md cartesian example as offsets, never as a position', () => {
    expect(readingOf(example)).toEqual({
      kind: 'usbl_offset',
      sentence: 'PSIMSSB',
      talker: '',
      timeOfDayMs: T_142305 + 120,
      dateMs: null,
      transponder: 'B01',
      valid: true,
      xM: -123.4,
      yM: 456.7,
      frame: 'north_up',
      depthM: 4795.2,
    });
  });

  it('reads head-up orientation and status V', () => {
    const line = sentence('PSIMSSB,142305.12,B02,V,,C,H,F,12.0,-3.5,100.0,,N,,');

    expect(readingOf(line)).toMatchObject({ frame: 'head_up', valid: false, transponder: 'B02' });
  });

  it('rejects polar, UTM and radian output, which it cannot resolve without the ship', () => {
    const lines = ['P', 'U', 'R'].map((system) =>
      sentence(`PSIMSSB,142305.12,B01,A,,${system},N,M,-123.4,456.7,4795.2,2.1,N,,`),
    );

    const results = lines.map((line) => decodeLine(line));

    for (const result of results) {
      expect(result).toEqual({ ok: false, reason: 'malformed', sentence: 'PSIMSSB' });
    }
  });

  it('says no data when both offsets are empty', () => {
    const line = sentence('PSIMSSB,142305.12,B01,V,E01,C,N,M,,,,,N,,');

    expect(decodeLine(line)).toMatchObject({ ok: false, reason: 'malformed', noData: true });
  });
});

describe('PTSAG', () => {
  it('decodes the DOMAIN.md example with its date, sensor depth and beacon', () => {
    const line =
      '$PTSAG,#04127,142305.120,15,10,2022,1,1030.05123,N,11654.61234,W,F,4795.20,2,4795.10*34';

    const r = readingOf(line);

    expect(r).toMatchObject({ kind: 'position', sentence: 'PTSAG', transponder: '1' });
    expect(r).toMatchObject({ timeOfDayMs: T_142305 + 120, dateMs: Date.UTC(2022, 9, 15) });
    expect(r).toMatchObject({ valid: true, depthM: 4795.1 });
    expect(r.kind === 'position' && r.latDeg).toBeCloseTo(10 + 30.05123 / 60, 12);
    expect(r.kind === 'position' && r.lonDeg).toBeCloseTo(-(116 + 54.61234 / 60), 12);
  });

  it('reports beacon 0 as transponder "0", the ship itself', () => {
    const line = sentence('PTSAG,#04128,142306.000,15,10,2022,0,1030.00000,N,11654.00000,W,F,,0,');

    expect(readingOf(line)).toMatchObject({ transponder: '0', depthM: null });
  });

  it('uses the calculated depth when the depth source says calculated', () => {
    const line = sentence(
      'PTSAG,#04129,142306.000,15,10,2022,3,1030.00000,N,11654.00000,W,7,4790.00,1,',
    );

    expect(readingOf(line)).toMatchObject({ transponder: '3', depthM: 4790, valid: true });
  });

  it('is not valid when no receive channel is', () => {
    const line = sentence(
      'PTSAG,#04130,142306.000,15,10,2022,3,1030.00000,N,11654.00000,W,0,4790.00,1,',
    );

    expect(readingOf(line)).toMatchObject({ valid: false });
  });
});

describe('PSONLLD', () => {
  it('decodes the DOMAIN.md example in signed decimal degrees', () => {
    const r = readingOf('$PSONLLD,142305.120,1,A,10.50085,-116.91020,4795.2,,,,,,,,*21');

    expect(r).toMatchObject({ kind: 'position', sentence: 'PSONLLD', transponder: '1' });
    expect(r).toMatchObject({ latDeg: 10.50085, lonDeg: -116.9102, depthM: 4795.2 });
    expect(r).toMatchObject({ timeOfDayMs: T_142305 + 120, valid: true });
  });

  it('marks status V as not valid and rejects a latitude beyond 90', () => {
    const invalid = sentence('PSONLLD,142305.120,1,V,10.50085,-116.91020,4795.2,,,,,,,,');
    const beyond = sentence('PSONLLD,142305.120,1,A,95.00000,-116.91020,4795.2,,,,,,,,');

    expect(readingOf(invalid)).toMatchObject({ valid: false });
    expect(decodeLine(beyond)).toMatchObject({ ok: false, reason: 'malformed' });
  });
});
