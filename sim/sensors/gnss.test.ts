import { describe, expect, it } from 'vitest';

import { decodeLine, type PositionReading, type Reading } from '../../drivers/index.js';
import { offsetMetres } from '../geo.js';
import { parseMission } from '../mission.js';
import { simulate } from '../simulate.js';

function gnssLines(vehicle: string, sensor: string, duration: number): string[] {
  const m = parseMission(
    `
name: gnss
start: 2022-10-15T14:00:00Z
duration_s: ${duration}
vehicles:
  - ${vehicle}
    sensors: [${sensor}]
`,
    'm.yaml',
  );
  return simulate(m, 5).feeds[0]?.lines.map((l) => l.text) ?? [];
}

function decoded(line: string): Reading {
  const result = decodeLine(line);
  if (!result.ok) throw new Error(`${line}: ${result.reason}`);
  return result.reading;
}

const STILL_SHIP = 'id: ship\n    kind: vessel\n    start: { lat: 9.94, lon: -116.9 }';

function errors(lines: string[]): { eastM: number[]; northM: number[] } {
  const fixes = lines.map((l) => decoded(l) as PositionReading);
  const offsets = fixes.map((f) =>
    offsetMetres({ lat: 9.94, lon: -116.9 }, { lat: f.latDeg, lon: f.lonDeg }),
  );
  return { eastM: offsets.map((o) => o.eastM), northM: offsets.map((o) => o.northM) };
}

function sd(values: number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
}

function lag1(values: number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < values.length; i++) {
    den += ((values[i] as number) - mean) ** 2;
    if (i > 0) num += ((values[i] as number) - mean) * ((values[i - 1] as number) - mean);
  }
  return num / den;
}

describe('gnssModel', () => {
  it('has the configured horizontal error per axis (10,000 fixes)', () => {
    const lines = gnssLines(
      STILL_SHIP,
      '{ type: gnss, sigma_m: 2.5, correlation_s: 0, sentences: [GGA] }',
      9999,
    );
    const e = errors(lines);

    expect(lines).toHaveLength(10_000);
    expect(Math.abs(sd(e.eastM) / 2.5 - 1)).toBeLessThan(0.1);
    expect(Math.abs(sd(e.northM) / 2.5 - 1)).toBeLessThan(0.1);
  });

  it('lets its error wander with the configured time constant', () => {
    const white = errors(
      gnssLines(STILL_SHIP, '{ type: gnss, correlation_s: 0, sentences: [GGA] }', 3000),
    );
    const wander = errors(
      gnssLines(STILL_SHIP, '{ type: gnss, correlation_s: 60, sentences: [GGA] }', 3000),
    );

    expect(Math.abs(lag1(white.eastM))).toBeLessThan(0.1);
    // exp(-1/60) = 0.983 from one fix to the next
    expect(lag1(wander.eastM)).toBeGreaterThan(0.95);
  });

  it('states HDOP, satellites, date and time, and speed over ground', () => {
    const lines = gnssLines(
      'id: ship\n    kind: vessel\n    start: { lat: 9.94, lon: -116.9 }\n' +
        '    plan: [{ goto: { lat: 9.95, lon: -116.9 }, speed_mps: 2 }]',
      '{ type: gnss, hdop: 1.2, sentences: [GGA, RMC, VTG, ZDA] }',
      10,
    );
    const [gga, rmc, vtg, zda] = lines.slice(20, 24).map(decoded);

    expect(gga).toMatchObject({ valid: true, quality: 1, timeOfDayMs: (14 * 3600 + 5) * 1000 });
    expect((gga as PositionReading).hdop).toBeCloseTo(1.2, 0);
    expect((gga as PositionReading).satellites).toBeGreaterThanOrEqual(11);
    expect(rmc).toMatchObject({ valid: true, dateMs: Date.UTC(2022, 9, 15) });
    expect((rmc as PositionReading).sogMps).toBeCloseTo(2, 0);
    expect(vtg).toMatchObject({ kind: 'velocity', valid: true });
    expect(zda).toMatchObject({ kind: 'time', dateMs: Date.UTC(2022, 9, 15) });
  });

  it('has no fix under water: GGA quality 0 and RMC status V, at the last fixed position', () => {
    const lines = gnssLines(
      'id: auv\n    kind: auv\n    start: { lat: 9.94, lon: -116.9 }\n' +
        '    plan: [{ dive: { to_depth_m: 100, rate_mps: 1 } }, { ascend: { rate_mps: 1 } }]',
      '{ type: gnss, sentences: [GGA, RMC] }',
      200,
    );
    const at = (s: number, k: 0 | 1): PositionReading =>
      decoded(lines[2 * s + k] ?? '') as PositionReading;

    expect(at(0, 0).valid).toBe(true);
    expect(at(50, 0)).toMatchObject({ valid: false, quality: 0 });
    expect(at(50, 1).valid).toBe(false);
    expect(at(50, 0).latDeg).toBe(at(0, 0).latDeg);
    expect(at(200, 1).valid).toBe(true);
  });
});
