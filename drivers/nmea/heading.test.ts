import { describe, expect, it } from 'vitest';

import { decodeLine } from '../decode.js';
import type { HeadingReading } from '../types.js';

function headingOf(line: string): HeadingReading {
  const result = decodeLine(line);
  if (!result.ok || result.reading.kind !== 'heading') {
    throw new Error(`${line} gave no heading: ${JSON.stringify(result)}`);
  }
  return result.reading;
}

describe('HDT', () => {
  it('decodes the DOMAIN.md example', () => {
    expect(headingOf('$HEHDT,87.25,T*27')).toEqual({
      kind: 'heading',
      sentence: 'HDT',
      talker: 'HE',
      headingDeg: 87.25,
      isTrue: true,
    });
  });

  it('says no data for an empty heading (hemi)', () => {
    expect(decodeLine('$GPHDT,,T*1B')).toMatchObject({ ok: false, noData: true });
  });

  it('brings 360 to 0', () => {
    expect(headingOf('$HEHDT,360.0,T').headingDeg).toBe(0);
  });
});

describe('THS', () => {
  it('decodes the DOMAIN.md example', () => {
    expect(headingOf('$HETHS,191.75,A*16')).toMatchObject({ headingDeg: 191.75, isTrue: true });
  });

  it('says no data when the sensor marks the heading not valid', () => {
    expect(decodeLine('$HETHS,191.75,V')).toMatchObject({ ok: false, noData: true });
  });
});

describe('HDM', () => {
  it('decodes a magnetic heading (pypilot)', () => {
    expect(headingOf('$APHDM,218.634,M*39')).toMatchObject({
      sentence: 'HDM',
      talker: 'AP',
      headingDeg: 218.634,
      isTrue: false,
    });
  });
});

describe('HDG', () => {
  it('adds an easterly variation to make the heading true (avnav)', () => {
    const r = headingOf('$SDHDG,80.0,,,0.9,E*04');

    expect(r.isTrue).toBe(true);
    expect(r.headingDeg).toBeCloseTo(80.9, 12);
  });

  it('applies deviation and a westerly variation', () => {
    const r = headingOf('$HCHDG,10.0,2.0,E,15.0,W');

    expect(r.headingDeg).toBeCloseTo(357, 12);
  });

  it('stays magnetic without a variation', () => {
    const r = headingOf('$HCHDG,101.1,,,,');

    expect(r).toMatchObject({ headingDeg: 101.1, isTrue: false });
  });

  it('decodes the numeric-talker HDG of the n2kd log', () => {
    expect(headingOf('$24HDG,182.1,00.0,E,00.0,E*45')).toMatchObject({
      talker: '24',
      headingDeg: 182.1,
      isTrue: true,
    });
  });
});
