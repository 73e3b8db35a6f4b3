import { describe, expect, it } from 'vitest';

import { decodeLine } from '../decode.js';
import type { Reading } from '../types.js';

function readingOf(line: string): Reading {
  const result = decodeLine(line);
  if (!result.ok) throw new Error(`${line} was rejected: ${result.reason}`);
  return result.reading;
}

describe('DBT', () => {
  it('decodes the DOMAIN.md example in metres', () => {
    expect(readingOf('$SDDBT,15754.6,f,4802.0,M,2625.8,F*07')).toEqual({
      kind: 'altitude',
      sentence: 'DBT',
      talker: 'SD',
      altitudeM: 4802,
      offsetM: null,
    });
  });

  it('falls back to feet, then fathoms, when metres are empty', () => {
    const feet = readingOf('$SDDBT,10.0,f,,M,,F');
    const fathoms = readingOf('$SDDBT,,f,,M,2.0,F');

    expect(feet.kind === 'altitude' && feet.altitudeM).toBeCloseTo(3.048, 12);
    expect(fathoms.kind === 'altitude' && fathoms.altitudeM).toBeCloseTo(3.6576, 12);
  });

  it('decodes the real sounder log line', () => {
    expect(readingOf('$SDDBT,7.7,f,2.3,M,1.3,F*05')).toMatchObject({ altitudeM: 2.3 });
  });

  it('says no data when all three are empty and rejects a negative range', () => {
    const empty = decodeLine('$SDDBT,,f,,M,,F');
    const negative = decodeLine('$SDDBT,,f,-2.0,M,,F');

    expect(empty).toMatchObject({ ok: false, reason: 'malformed', noData: true });
    expect(negative).toMatchObject({ ok: false, reason: 'malformed' });
    expect(negative).not.toHaveProperty('noData');
  });
});

describe('DPT', () => {
  it('decodes the DOMAIN.md example with its offset', () => {
    expect(readingOf('$SDDPT,4802.0,7.5,12000*74')).toMatchObject({
      kind: 'altitude',
      sentence: 'DPT',
      altitudeM: 4802,
      offsetM: 7.5,
    });
  });

  it('decodes the NMEA 2 form without range (humminbird) and an empty range (gofree)', () => {
    expect(readingOf('$INDPT,2.2,0.0*47')).toMatchObject({ talker: 'IN', altitudeM: 2.2 });
    expect(readingOf('$SDDPT,0.5,0.5,*7B')).toMatchObject({ altitudeM: 0.5, offsetM: 0.5 });
  });

  it('decodes a multibeam depth under the KI talker with a lower-case checksum', () => {
    const result = decodeLine('$KIDPT,4419.96,8.20,12000.0*7e');

    expect(result).toMatchObject({ ok: true, checksum: 'ok' });
    expect(result.ok && result.reading).toMatchObject({ talker: 'KI', altitudeM: 4419.96 });
  });

  it('rejects a DPT with only its depth field', () => {
    expect(decodeLine('$SDDPT,12.0')).toMatchObject({ ok: false, reason: 'malformed' });
  });
});

describe('DBS', () => {
  it('decodes the DOMAIN.md example', () => {
    expect(readingOf('$SDDBS,15779.2,f,4809.5,M,2629.9,F*08')).toMatchObject({
      kind: 'altitude',
      sentence: 'DBS',
      altitudeM: 4809.5,
    });
  });

  it('decodes a DBS from a numeric talker (n2kd)', () => {
    expect(readingOf('$23DBS,01.9,f,0.58,M,00.3,F*21')).toMatchObject({
      talker: '23',
      altitudeM: 0.58,
    });
  });
});
