import { describe, expect, it } from 'vitest';

import {
  decodeLine,
  depthFromPressure,
  type PressureReading,
  type RangeReading,
  type Reading,
} from '../../drivers/index.js';
import { parseMission } from '../mission.js';
import { simulate } from '../simulate.js';

/** A collector sitting on a flat 4300 m seabed and a ship over it, for 1999 s. */
function lines(collectorSensors: string, shipSensors = '{ type: gnss }'): string[][] {
  const m = parseMission(
    `
name: depth
start: 2022-10-15T14:00:00Z
duration_s: 1999
seabed: { depth_m: 4300 }
vehicles:
  - id: c
    kind: collector
    start: { lat: 9.94, lon: -116.9 }
    sensors: [${collectorSensors}]
  - id: ship
    kind: vessel
    start: { lat: 9.94, lon: -116.9 }
    sensors: [${shipSensors}]
`,
    'm.yaml',
  );
  return simulate(m, 9).feeds.map((f) => f.lines.map((l) => l.text));
}

function decoded(line: string): Reading {
  const result = decodeLine(line);
  if (!result.ok) throw new Error(`${line}: ${result.reason}`);
  return result.reading;
}

function stats(values: number[]): { mean: number; sd: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { mean, sd: Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length) };
}

describe('pressureModel', () => {
  it('gives absolute pressure whose depth is the true depth, with the configured noise', () => {
    const [digiquartz] = lines('{ type: pressure, format: digiquartz, sigma_dbar: 0.5 }');
    const depths = (digiquartz ?? []).map((l) =>
      depthFromPressure((decoded(l) as PressureReading).seaPressureDbar, 9.94),
    );
    const { mean, sd } = stats(depths);

    expect(digiquartz?.[0]).toMatch(/^\*0001\d{4}\.\d{4}$/);
    expect(mean).toBeCloseTo(4300, 1);
    // about 0.99 m of depth per dbar at 4300 m
    expect(Math.abs(sd / (0.5 * 0.99) - 1)).toBeLessThan(0.1);
  });

  it('writes Valeport and SBE 37 lines that decode to the same depth', () => {
    const [valeport, sbe] = lines(
      '{ type: pressure, format: valeport, sigma_dbar: 0 }, ' +
        '{ type: pressure, name: ctd, format: sbe37, sigma_dbar: 0 }',
    );
    const depthOf = (l: string): number =>
      depthFromPressure((decoded(l) as PressureReading).seaPressureDbar, 9.94);

    expect(depthOf(valeport?.[5] ?? '')).toBeCloseTo(4300, 2);
    expect(depthOf(sbe?.[5] ?? '')).toBeCloseTo(4300, 2);
    expect(sbe?.[5]).toMatch(/15 Oct 2022, 14:00:05$/);
  });
});

describe('echosounderModel', () => {
  it('measures the range to the seabed: a ship sees the water depth, with its noise', () => {
    const [, dpt] = lines('{ type: ins }', '{ type: echosounder, sentence: DPT, sigma_m: 0.4 }');
    const { mean, sd } = stats((dpt ?? []).map((l) => (decoded(l) as RangeReading).altitudeM));

    expect(dpt?.[0]).toMatch(/^\$SDDPT,4[23]\d\d\.\d\d,0\.00,12000\*[0-9A-F]{2}$/);
    expect(mean).toBeCloseTo(4300, 1);
    expect(Math.abs(sd / 0.4 - 1)).toBeLessThan(0.1);
  });

  it('says nothing when the seabed is beyond its range', () => {
    const [, dbt] = lines(
      '{ type: ins }',
      '{ type: echosounder, sentence: DBT, max_range_m: 1000 }',
    );

    expect(dbt).toEqual([]);
  });
});
