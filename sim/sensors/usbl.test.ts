import { describe, expect, it } from 'vitest';

import { decodeLine, type PositionReading, type UsblOffsetReading } from '../../drivers/index.js';
import { moveBy, offsetMetres } from '../geo.js';
import { parseMission } from '../mission.js';
import { simulate } from '../simulate.js';

const SHIP = { lat: 9.94, lon: -116.9 };
const TARGET = moveBy(SHIP, 0, 3000);

/** A still ship and a still AUV 3000 m north of it at 4000 m: 5000 m slant range. */
function usblLines(sensor: string, duration = 600): string[] {
  const m = parseMission(
    `
name: usbl
start: 2022-10-15T14:00:00Z
duration_s: ${duration}
vehicles:
  - id: ship
    kind: vessel
    start: { lat: ${SHIP.lat}, lon: ${SHIP.lon}, heading_deg: 90 }
    sensors: [${sensor}]
  - id: auv
    kind: auv
    start: { lat: ${TARGET.lat}, lon: ${TARGET.lon}, depth_m: 4000 }
`,
    'm.yaml',
  );
  return simulate(m, 11).feeds[0]?.lines.map((l) => l.text) ?? [];
}

function decoded<T>(line: string): T {
  const result = decodeLine(line);
  if (!result.ok) throw new Error(`${line}: ${result.reason}`);
  return result.reading as T;
}

function sd(values: number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
}

describe('usblModel', () => {
  it('errs by slant range × σ per axis: 12.2 m at 5 km for 0.14° (10,000 fixes)', () => {
    const lines = usblLines(
      '{ type: usbl, format: psonlld, transponders: { "7": auv }, interval_s: 1 }',
      9999,
    );
    const errors = lines.map((l) => {
      const fix = decoded<PositionReading>(l);
      return offsetMetres(TARGET, { lat: fix.latDeg, lon: fix.lonDeg });
    });
    const expected = 5000 * 0.14 * (Math.PI / 180);

    expect(lines).toHaveLength(10_000);
    expect(Math.abs(sd(errors.map((e) => e.eastM)) / expected - 1)).toBeLessThan(0.1);
    expect(Math.abs(sd(errors.map((e) => e.northM)) / expected - 1)).toBeLessThan(0.1);
  });

  it('writes PSIMSSB offsets from the ship north-up, or head-up turned by its heading', () => {
    const quiet = 'sigma_deg: 0, range_sigma_m: 0, transponders: { B07: auv }';
    const [northUp] = usblLines(`{ type: usbl, format: psimssb, ${quiet} }`);
    const [headUp] = usblLines(`{ type: usbl, format: psimssb, orientation: head_up, ${quiet} }`);

    expect(decoded<UsblOffsetReading>(northUp ?? '')).toMatchObject({
      transponder: 'B07',
      frame: 'north_up',
      xM: 0,
      yM: 3000,
      depthM: 4000,
    });
    // the ship heads east, so a target to the north lies to port
    expect(decoded<UsblOffsetReading>(headUp ?? '')).toMatchObject({ frame: 'head_up', xM: -3000 });
    expect(decoded<UsblOffsetReading>(headUp ?? '').yM).toBeCloseTo(0, 6);
  });

  it('writes PTSAG positions of numbered beacons, dated, that decode to the target', () => {
    const lines = usblLines(
      '{ type: usbl, format: ptsag, sigma_deg: 0, range_sigma_m: 0, transponders: { "3": auv } }',
    );
    const fix = decoded<PositionReading>(lines[1] ?? '');

    expect(lines).toHaveLength(151);
    expect(fix.transponder).toBe('3');
    expect(fix.dateMs).toBe(Date.UTC(2022, 9, 15));
    expect(fix.timeOfDayMs).toBe((14 * 3600 + 4) * 1000);
    expect(fix.latDeg).toBeCloseTo(TARGET.lat, 6);
    expect(fix.lonDeg).toBeCloseTo(TARGET.lon, 6);
    expect(fix.depthM).toBe(4000);
  });

  it('gives no fix beyond its range', () => {
    const lines = usblLines(
      '{ type: usbl, format: psonlld, transponders: { "1": auv }, max_range_m: 4500 }',
    );

    expect(lines).toEqual([]);
  });
});
