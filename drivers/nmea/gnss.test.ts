import { describe, expect, it } from 'vitest';

import { decodeLine } from '../decode.js';
import type { DecodeResult, PositionReading, Reading } from '../types.js';

function readingOf(line: string): Reading {
  const result = decodeLine(line);
  if (!result.ok) throw new Error(`${line} was rejected: ${result.reason}`);
  return result.reading;
}

function positionOf(line: string): PositionReading {
  const reading = readingOf(line);
  if (reading.kind !== 'position') throw new Error(`${line} gave a ${reading.kind}`);
  return reading;
}

const T_142305 = ((14 * 60 + 23) * 60 + 5) * 1000;
const LAT = 10 + 30.1234 / 60;
const LON = -(116 + 54.5678 / 60);

describe('GGA', () => {
  it('decodes the DOMAIN.md example', () => {
    const line = '$GPGGA,142305.00,1030.1234,N,11654.5678,W,2,12,0.8,12.3,M,3.1,M,5.0,0123*53';

    const r = positionOf(line);

    expect(r).toMatchObject({ sentence: 'GGA', talker: 'GP', timeOfDayMs: T_142305 });
    expect(r.latDeg).toBeCloseTo(LAT, 12);
    expect(r.lonDeg).toBeCloseTo(LON, 12);
    expect(r).toMatchObject({ quality: 2, satellites: 12, hdop: 0.8, valid: true, dateMs: null });
  });

  it('marks quality 0 as not valid but keeps the position', () => {
    const r = positionOf('$INGGA,000000.16,2200.110899,S,01756.359432,W,0,12,0.7,-2.76,M,4.67,M,,');

    expect(r.valid).toBe(false);
    expect(r.quality).toBe(0);
    expect(r.latDeg).toBeCloseTo(-(22 + 0.110899 / 60), 12);
  });

  it('treats an empty quality field as no fix (firefly-II)', () => {
    const r = positionOf('$GPGGA,005947.00,3715.6616,N,12157.6709,W,,11,0.8,86.0,M,-30.1,M,,');

    expect(r.quality).toBeNull();
    expect(r.valid).toBe(false);
  });

  it('decodes a GGA without its last field (saab-r4) and with empty satellites and HDOP', () => {
    const r = positionOf('$GPGGA,130711,5012.790800,N,00806.879600,W,2,,,,,,,*6A');

    expect(r).toMatchObject({ timeOfDayMs: 47_231_000, quality: 2, satellites: null, hdop: null });
    expect(r.lonDeg).toBeCloseTo(-(8 + 6.8796 / 60), 12);
  });

  it('keeps RTK fixed quality 4 and eight decimals of minutes (nmea-rtk)', () => {
    const line =
      '$GNGGA,133859.80,4134.50180205,N,09345.03586649,W,4,19,0.7,280.827,M,-31.442,M,5.8,0002*6D';

    const r = positionOf(line);

    expect(r.quality).toBe(4);
    expect(r.latDeg).toBeCloseTo(41 + 34.50180205 / 60, 12);
    expect(r.timeOfDayMs).toBe(((13 * 60 + 38) * 60 + 59) * 1000 + 800);
  });

  it('says no data, not garbage, for a GGA from a receiver without a fix (hemi)', () => {
    expect(decodeLine('$GPGGA,,,,,,0,,,,M,,M,,*66')).toEqual({
      ok: false,
      reason: 'malformed',
      sentence: 'GGA',
      noData: true,
    });
  });

  it('rejects a latitude with minutes of 60 or more, or a hemisphere that is not N/S', () => {
    const bad = [
      '$GPGGA,142305.00,1060.0000,N,11654.5678,W,1,12,0.8,12.3,M,3.1,M,,',
      '$GPGGA,142305.00,1030.1234,E,11654.5678,W,1,12,0.8,12.3,M,3.1,M,,',
      '$GPGGA,142305.00,9130.1234,N,11654.5678,W,1,12,0.8,12.3,M,3.1,M,,',
      '$GPGGA,142305.00,1030.1234,N,,W,1,12,0.8,12.3,M,3.1,M,,',
      '$GPGGA,142305.00,10x0.1234,N,11654.5678,W,1,12,0.8,12.3,M,3.1,M,,',
    ];

    const reasons = bad.map((line) => reasonOf(decodeLine(line)));

    expect(reasons).toEqual(['malformed', 'malformed', 'malformed', 'malformed', 'malformed']);
  });

  it('keeps a garbled optional field as null instead of rejecting the fix', () => {
    const r = positionOf('$GPGGA,14x305.00,1030.1234,N,11654.5678,W,1,1x,0.8.1,12.3,M,3.1,M,,');

    expect(r).toMatchObject({ timeOfDayMs: null, satellites: null, hdop: null, valid: true });
  });
});

describe('RMC', () => {
  it('decodes the DOMAIN.md example with its date, speed and course', () => {
    const r = positionOf('$GNRMC,142305.00,A,1030.1234,N,11654.5678,W,0.4,87.2,151022,,,D,V*1D');

    expect(r).toMatchObject({ sentence: 'RMC', talker: 'GN', timeOfDayMs: T_142305 });
    expect(r.dateMs).toBe(Date.UTC(2022, 9, 15));
    expect(r.sogMps).toBeCloseTo((0.4 * 1852) / 3600, 12);
    expect(r.cogDeg).toBe(87.2);
    expect(r.valid).toBe(true);
  });

  it('marks status V and mode N as not valid', () => {
    const statusV = positionOf('$GPRMC,142305,V,1030.1234,N,11654.5678,W,,,151022,,,A');
    const modeN = positionOf('$GPRMC,142305,A,1030.1234,N,11654.5678,W,,,151022,,,N');

    expect([statusV.valid, modeN.valid]).toEqual([false, false]);
    expect([statusV.sogMps, statusV.cogDeg]).toEqual([null, null]);
  });

  it('decodes an NMEA 2.0 RMC without the mode field (firefly-II)', () => {
    const r = positionOf('$GPRMC,005947.00,A,3715.6616,N,12157.6709,W,0.0,0.0,080710,,*2F');

    expect(r).toMatchObject({ valid: true, sogMps: 0, cogDeg: 0 });
    expect(r.dateMs).toBe(Date.UTC(2010, 6, 8));
  });

  it('reads two-digit years from 1980 to 2079', () => {
    const y99 = positionOf('$GPRMC,000000,A,1030.1234,N,11654.5678,W,,,311299,,,A');
    const y79 = positionOf('$GPRMC,000000,A,1030.1234,N,11654.5678,W,,,010179,,,A');

    expect(y99.dateMs).toBe(Date.UTC(1999, 11, 31));
    expect(y79.dateMs).toBe(Date.UTC(2079, 0, 1));
  });

  it('gives no date for a day that does not exist', () => {
    const r = positionOf('$GPRMC,000000,A,1030.1234,N,11654.5678,W,,,290223,,,A');

    expect(r.dateMs).toBeNull();
  });

  it('decodes a real RMC of the Seapath INS (openrvdas)', () => {
    const line = '$INRMC,000000.16,A,2200.110899,S,01756.359432,W,9.1,215.11,010814,24.7,W,A*3B';

    const r = positionOf(line);

    expect(r.lonDeg).toBeCloseTo(-(17 + 56.359432 / 60), 12);
    expect(r.dateMs).toBe(Date.UTC(2014, 7, 1));
    expect(r.timeOfDayMs).toBe(160);
  });
});

describe('GLL', () => {
  it('decodes the DOMAIN.md example with time, status and mode', () => {
    const r = positionOf('$GPGLL,1030.1234,N,11654.5678,W,142305.00,A,D*72');

    expect(r).toMatchObject({ sentence: 'GLL', timeOfDayMs: T_142305, valid: true });
    expect(r.latDeg).toBeCloseTo(LAT, 12);
  });

  it('decodes an old GLL that ends after the longitude, taking it as stated', () => {
    const r = positionOf('$GPGLL,5119.881,N,00125.169,E');

    expect(r).toMatchObject({ timeOfDayMs: null, valid: true });
    expect(r.lonDeg).toBeCloseTo(1 + 25.169 / 60, 12);
  });

  it('decodes the sounder log GLL with time and status but no milliseconds', () => {
    const r = positionOf('$ECGLL,5119.881,N,00125.169,E,164326,A,D*52');

    expect(r).toMatchObject({ talker: 'EC', timeOfDayMs: 60_206_000, valid: true });
  });

  it('marks status V as not valid', () => {
    expect(positionOf('$GPGLL,1030.1234,N,11654.5678,W,142305.00,V,N').valid).toBe(false);
  });
});

describe('GNS', () => {
  it('decodes the DOMAIN.md example: valid while any constellation has a fix', () => {
    const line = '$GNGNS,142305.00,1030.1234,N,11654.5678,W,DDNN,14,0.6,12.3,3.1,5.0,0123,V*16';

    const r = positionOf(line);

    expect(r).toMatchObject({ sentence: 'GNS', timeOfDayMs: T_142305, valid: true });
    expect(r).toMatchObject({ satellites: 14, hdop: 0.6, quality: null });
  });

  it('is not valid when every constellation says N', () => {
    const r = positionOf('$GNGNS,142305.00,1030.1234,N,11654.5678,W,NNN,00,,,,,,V');

    expect(r.valid).toBe(false);
  });

  it('says no data for the quectel GNS without a position', () => {
    expect(reasonOf(decodeLine('$GNGNS,191434.96,,,,,NNN,,,,,,*36'))).toBe('malformed/no data');
  });
});

describe('VTG', () => {
  it('decodes the DOMAIN.md example, preferring knots', () => {
    const r = readingOf('$GPVTG,87.2,T,,M,0.4,N,0.7,K,D*36');

    expect(r).toMatchObject({ kind: 'velocity', cogDeg: 87.2, valid: true });
    expect(r.kind === 'velocity' && r.sogMps).toBeCloseTo((0.4 * 1852) / 3600, 12);
  });

  it('falls back to km/h when knots are empty', () => {
    const r = readingOf('$GPVTG,87.2,T,,M,,N,36.0,K,A');

    expect(r.kind === 'velocity' && r.sogMps).toBeCloseTo(10, 12);
  });

  it('decodes the pre-NMEA 2.0 form without unit letters', () => {
    const r = readingOf('$GPVTG,054.7,034.4,005.5,010.2');

    expect(r).toMatchObject({ kind: 'velocity', cogDeg: 54.7 });
    expect(r.kind === 'velocity' && r.sogMps).toBeCloseTo((5.5 * 1852) / 3600, 12);
  });

  it('says no data for an all-empty VTG (hemi)', () => {
    expect(reasonOf(decodeLine('$GPVTG,,T,,M,,N,,K,N*2C'))).toBe('malformed/no data');
  });
});

describe('ZDA', () => {
  it('decodes the DOMAIN.md example', () => {
    const r = readingOf('$GPZDA,142305.00,15,10,2022,00,00*60');

    expect(r).toEqual({
      kind: 'time',
      sentence: 'ZDA',
      talker: 'GP',
      timeOfDayMs: T_142305,
      dateMs: Date.UTC(2022, 9, 15),
    });
  });

  it('decodes a ZDA with empty zone fields (Seapath)', () => {
    const r = readingOf('$INZDA,000000.17,01,08,2014,,*7E');

    expect(r).toMatchObject({ timeOfDayMs: 170, dateMs: Date.UTC(2014, 7, 1) });
  });

  it('rejects a ZDA whose time and date are both garbled, and says no data when empty', () => {
    expect(reasonOf(decodeLine('$GPZDA,99xx99,45,13,2022,00,00'))).toBe('malformed');
    expect(reasonOf(decodeLine('$GPZDA,,,,,,'))).toBe('malformed/no data');
  });
});

function reasonOf(result: DecodeResult): string {
  if (result.ok) return 'ok';
  return result.noData === true ? `${result.reason}/no data` : result.reason;
}
