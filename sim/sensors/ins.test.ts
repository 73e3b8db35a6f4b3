import { describe, expect, it } from 'vitest';

import { decodeLine, type PositionReading, type Reading } from '../../drivers/index.js';
import { distanceMetres } from '../geo.js';
import { parseMission } from '../mission.js';
import { createRandom } from '../random.js';
import { simulate } from '../simulate.js';
import { InsDrift } from './ins.js';

const PARAMS = { driftMps: 0.01, aidingIntervalS: 100, aidingSigmaM: 2, correctionS: 20 };

function sd(values: number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
}

describe('InsDrift', () => {
  it('drifts from each aiding fix: σ² = aiding σ² + (drift × time since)² (10,000 periods)', () => {
    const drift = new InsDrift(PARAMS, createRandom(1));
    const at80: number[] = [];
    const at30: number[] = [];
    for (let k = 0; k < 10_000; k++) {
      at30.push(drift.errorAt(k * 100 + 30).eastM);
      at80.push(drift.errorAt(k * 100 + 80).northM);
    }

    expect(Math.abs(sd(at30) / Math.hypot(2, 0.01 * 30) - 1)).toBeLessThan(0.1);
    expect(Math.abs(sd(at80) / Math.hypot(2, 0.01 * 80) - 1)).toBeLessThan(0.1);
  });

  it('blends into each new solution instead of jumping', () => {
    const drift = new InsDrift(PARAMS, createRandom(2));
    let previous = drift.errorAt(0);
    let largest = 0;
    for (let t = 1; t < 20_000; t++) {
      const e = drift.errorAt(t);
      largest = Math.max(largest, Math.hypot(e.eastM - previous.eastM, e.northM - previous.northM));
      previous = e;
    }

    // a jump would be several metres; a blend over 20 s moves a few tenths a second at most
    expect(largest).toBeLessThan(1);
  });
});

describe('insModel', () => {
  it('writes INZDA, PIXSE POSITI (0–360 east) and DEPIN_ that decode near the truth', () => {
    const m = parseMission(
      `
name: ins
start: 2022-10-15T14:00:00Z
duration_s: 60
seabed: { depth_m: 4300 }
vehicles:
  - id: c
    kind: collector
    start: { lat: 9.94, lon: -116.9 }
    sensors: [{ type: ins, aiding_sigma_m: 1, depth_sigma_m: 0.1 }]
`,
      'm.yaml',
    );
    const lines = simulate(m, 3).feeds[0]?.lines.map((l) => l.text) ?? [];
    const [zda, positi, depin] = lines.slice(30, 33).map((l) => decodeLine(l));

    expect(lines[31]).toMatch(/^\$PIXSE,POSITI,9\.9\d+,243\.\d+,-4[23]\d\d\.\d{3}\*[0-9A-F]{2}$/);
    expect(zda).toMatchObject({ ok: true, reading: { kind: 'time', timeOfDayMs: 50_410_000 } });
    const fix = (positi as { reading: Reading }).reading as PositionReading;
    expect(
      distanceMetres({ lat: fix.latDeg, lon: fix.lonDeg }, { lat: 9.94, lon: -116.9 }),
    ).toBeLessThan(5);
    expect(fix.depthM).toBeCloseTo(4300, 0);
    expect(depin).toMatchObject({ ok: true, reading: { kind: 'depth', depthM: fix.depthM } });
    expect(lines[32]).toMatch(/,140010\.000\*[0-9A-F]{2}$/);
  });
});
