import { describe, expect, it } from 'vitest';

import { decodeLine, type PositionReading } from '../drivers/index.js';
import type { TimedLine } from './faults.js';
import { offsetMetres } from './geo.js';
import { parseMission } from './mission.js';
import { simulate } from './simulate.js';

/** A still ship with one GNSS feed (GGA, RMC) at 1 Hz for 100 s, and the given faults. */
function withFaults(faults: string): { lines: TimedLine[]; applied: number[] } {
  const m = parseMission(
    `
name: faults
start: 2022-10-15T14:00:00Z
duration_s: 99
vehicles:
  - id: ship
    kind: vessel
    start: { lat: 9.94, lon: -116.9 }
    sensors: [{ type: gnss, sentences: [GGA, RMC], sigma_m: 0 }]
faults:
${faults}
`,
    'm.yaml',
  );
  const sim = simulate(m, 1);
  return { lines: sim.feeds[0]?.lines ?? [], applied: sim.faults.map((f) => f.lines) };
}

/** Seconds of the lines in `lines` for which `test` holds. */
function secondsWhere(lines: TimedLine[], test: (l: TimedLine) => boolean): number[] {
  return [...new Set(lines.filter(test).map((l) => l.tMs / 1000))];
}

const rejected = (reason: string) => (l: TimedLine) => {
  const r = decodeLine(l.text);
  return !r.ok && r.reason === reason;
};

describe('scheduled faults', () => {
  it('silences a feed for its window and no longer', () => {
    const { lines, applied } = withFaults(
      '  - { feed: ship-gnss, type: silence, at_s: 10, duration_s: 5 }',
    );
    const seconds = secondsWhere(lines, () => true);

    expect(seconds.filter((s) => s >= 8 && s <= 16)).toEqual([8, 9, 15, 16]);
    expect(applied).toEqual([10]);
  });

  it('gives wrong checksums exactly in their window, the sentences otherwise intact', () => {
    const { lines } = withFaults(
      '  - { feed: ship-gnss, type: bad_checksum, at_s: 20, duration_s: 3 }',
    );
    const bad = lines.filter(rejected('bad_checksum'));

    expect(secondsWhere(bad, () => true)).toEqual([20, 21, 22]);
    expect(bad).toHaveLength(6);
    for (const l of bad) expect(l.text).toMatch(/^\$GP(GGA|RMC),[^*]+\*[0-9A-F]{2}$/);
    expect(lines.filter((l) => !decodeLine(l.text).ok)).toHaveLength(6);
  });

  it('flips one bit of a corrupted line, which its checksum then catches', () => {
    const clean = withFaults('  []').lines;
    const { lines } = withFaults('  - { feed: ship-gnss, type: corrupt, at_s: 30 }');
    const damaged = lines.filter((l, i) => l.text !== clean[i]?.text);

    expect(damaged.map((l) => l.tMs)).toEqual([30_000, 30_000]);
    for (const l of damaged) expect(rejected('bad_checksum')(l)).toBe(true);
    const original = clean.find((c) => c.tMs === 30_000)?.text ?? '';
    const differing = [...original].filter((c, i) => c !== damaged[0]?.text[i]);
    expect(differing).toHaveLength(1);
  });

  it('cuts lines off before their checksum', () => {
    const { lines } = withFaults('  - { feed: ship-gnss, type: cut, at_s: 40, duration_s: 2 }');
    const cut = lines.filter((l) => !/\*[0-9A-F]{2}$/.test(l.text));

    expect(secondsWhere(cut, () => true)).toEqual([40, 41]);
    expect(cut).toHaveLength(4);
    for (const l of cut) expect(l.text.length).toBeLessThan(60);
  });

  it('steps the clock the sentences state, for its window', () => {
    const { lines } = withFaults(
      '  - { feed: ship-gnss, type: clock_step, at_s: 50, duration_s: 10, step_s: -3600 }',
    );
    const stated = (s: number): number | null => {
      const r = decodeLine(lines.find((l) => l.tMs === s * 1000)?.text ?? '');
      return r.ok ? (r.reading as PositionReading).timeOfDayMs : null;
    };

    expect(stated(49)).toBe((14 * 3600 + 49) * 1000);
    expect(stated(50)).toBe((13 * 3600 + 50) * 1000);
    expect(stated(59)).toBe((13 * 3600 + 59) * 1000);
    expect(stated(60)).toBe((14 * 3600 + 60) * 1000);
  });

  it('repeats each sentence from a second talker', () => {
    const { lines } = withFaults(
      '  - { feed: ship-gnss, type: duplicate_talker, at_s: 60, duration_s: 2, talker: GN }',
    );
    const at60 = lines.filter((l) => l.tMs === 60_000).map((l) => l.text.slice(0, 6));

    expect(at60).toEqual(['$GPGGA', '$GNGGA', '$GPRMC', '$GNRMC']);
    expect(lines.filter((l) => l.text.startsWith('$GN'))).toHaveLength(4);
  });

  it('moves the stated position by the jump, for its window only', () => {
    const { lines } = withFaults(
      '  - { feed: ship-gnss, type: position_jump, at_s: 70, east_m: 800, north_m: -300 }',
    );
    const offset = (s: number): { eastM: number; northM: number } => {
      const r = decodeLine(lines.find((l) => l.tMs === s * 1000)?.text ?? '');
      const p = (r.ok ? r.reading : null) as PositionReading;
      return offsetMetres({ lat: 9.94, lon: -116.9 }, { lat: p.latDeg, lon: p.lonDeg });
    };

    expect(offset(69).eastM).toBeCloseTo(0, 1);
    expect(offset(70).eastM).toBeCloseTo(800, 1);
    expect(offset(70).northM).toBeCloseTo(-300, 1);
    expect(offset(71).eastM).toBeCloseTo(0, 1);
  });
});
