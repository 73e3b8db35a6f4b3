import { readFileSync } from 'node:fs';
import geographiclib from 'geographiclib-geodesic';
import { describe, expect, it } from 'vitest';

import { checksum, decodeLine, type PositionReading } from '../drivers/index.js';
import { relocateLog, RelocateError } from './relocate.js';

const WGS84 = geographiclib.Geodesic.WGS84;
const LOG = readFileSync('data/nmea/nmea-20130630.log', 'latin1');
const NORI_D = { lat: 10.5, lon: -116.9 };

function fixes(text: string): PositionReading[] {
  return text
    .split('\n')
    .map((l) => decodeLine(l))
    .flatMap((r) => (r.ok && r.reading.kind === 'position' ? [r.reading] : []));
}

/** Metres per second between consecutive fixes, on the ellipsoid (GeographicLib). */
function speeds(track: PositionReading[]): { mps: number; metres: number }[] {
  const out: { mps: number; metres: number }[] = [];
  for (let i = 1; i < track.length; i++) {
    const [a, b] = [track[i - 1] as PositionReading, track[i] as PositionReading];
    const metres = WGS84.Inverse(a.latDeg, a.lonDeg, b.latDeg, b.lonDeg).s12 as number;
    const seconds = ((b.timeOfDayMs ?? 0) - (a.timeOfDayMs ?? 0)) / 1000;
    if (seconds > 0) out.push({ mps: metres / seconds, metres });
  }
  return out;
}

describe('relocateLog', () => {
  const moved = relocateLog(LOG, NORI_D, 'nmea-20130630.log');
  const before = fixes(LOG);
  const after = fixes(moved.text);

  it('puts the first fix where asked and moves every fix', () => {
    expect(moved.moved).toBe(18_934);
    expect(after).toHaveLength(before.length);
    expect(after[0]?.latDeg).toBeCloseTo(NORI_D.lat, 9);
    expect(after[0]?.lonDeg).toBeCloseTo(NORI_D.lon, 9);
  });

  it('keeps the speed of every segment within 0.1 %', () => {
    const [v0, v1] = [speeds(before), speeds(after)];
    let worst = 0;
    for (let i = 0; i < v0.length; i++) {
      const [a, b] = [v0[i] as { mps: number; metres: number }, v1[i] as { mps: number }];
      // a segment shorter than a metre is all rounding of the recorded minutes
      if (a.metres >= 1) worst = Math.max(worst, Math.abs(b.mps / a.mps - 1));
      expect(Math.abs(b.mps - a.mps)).toBeLessThan(1e-3);
    }

    expect(v1).toHaveLength(v0.length);
    expect(worst).toBeLessThan(1e-3);
  });

  it('keeps every byte but the position fields and the checksum', () => {
    const [a, b] = [LOG.split('\n'), moved.text.split('\n')];
    const strip = (l: string): string =>
      l.replace(/^(\$GPRMC,[^,]*,[^,]*),[^,]*,[NS],[^,]*,[EW],/, '$1,').replace(/\*..\r$/, '');

    expect(b).toHaveLength(a.length);
    for (let i = 0; i < a.length; i++) {
      if (a[i]?.startsWith('$GPRMC')) expect(strip(b[i] ?? '')).toBe(strip(a[i] ?? ''));
      else expect(b[i]).toBe(a[i]);
    }
  });

  it('writes correct checksums', () => {
    const rmc = moved.text.split('\r\n').filter((l) => l.startsWith('$GPRMC'));

    for (const line of rmc.slice(0, 2000)) {
      expect(line.slice(-2)).toBe(checksum(line.slice(1, -3)));
    }
  });

  it('keeps a wrong recorded checksum wrong by the same bits', () => {
    const good = '$GPGGA,074109.000,5420.4738,N,01330.3948,E,1,08,1.0,12.0,M,40.0,M,,*61';
    const body = good.slice(1, -3);
    const bad = `$${body}*${(parseInt(checksum(body), 16) ^ 0x11).toString(16).toUpperCase()}`;
    const out = relocateLog(`${good.slice(0, -2)}${checksum(body)}\r\n${bad}\r\n`, NORI_D, 'x');
    const [, second] = out.text.split('\r\n');
    const movedBody = second?.slice(1, -3) ?? '';

    expect(out.keptBadChecksum).toBe(1);
    expect(parseInt(second?.slice(-2) ?? '', 16) ^ parseInt(checksum(movedBody), 16)).toBe(0x11);
  });

  it('refuses a log with no position to move', () => {
    expect(() => relocateLog('!AIVDM,1,1,,A,4020tmAumg7a,0*24\r\n', NORI_D, 'ais.log')).toThrow(
      RelocateError,
    );
  });
});
