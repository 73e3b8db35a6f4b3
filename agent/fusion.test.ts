import { describe, expect, it } from 'vitest';

import type {
  PositionReading,
  PressureReading,
  Reading,
  UsblOffsetReading,
} from '../drivers/index.js';
import { depthFromPressure } from '../drivers/index.js';
import { Fusion, type FeedInfo, type Fix } from './fusion.js';

const DAY = Date.UTC(2022, 9, 15);
const H = 3_600_000;
const gnss: FeedInfo = { name: 'gnss', vehicle: 'ship' };

function position(over: Partial<PositionReading>): PositionReading {
  return {
    kind: 'position',
    sentence: 'GGA',
    talker: 'GP',
    timeOfDayMs: 14 * H,
    dateMs: null,
    latDeg: 10.5,
    lonDeg: -116.9,
    valid: true,
    quality: 1,
    hdop: 0.9,
    satellites: 10,
    sogMps: null,
    cogDeg: null,
    depthM: null,
    transponder: null,
    ...over,
  };
}

const rmc = (over: Partial<PositionReading>): PositionReading =>
  position({ sentence: 'RMC', dateMs: DAY, quality: null, hdop: null, ...over });

function run(fusion: Fusion, readings: [FeedInfo, Reading][]): Fix[] {
  const fixes = readings.flatMap(([feed, reading]) => fusion.push(feed, reading));
  return [...fixes, ...fusion.flush()];
}

describe('Fusion', () => {
  it('merges GGA and RMC of one instant into one fix carrying both', () => {
    const fusion = new Fusion();

    const fixes = run(fusion, [
      [gnss, rmc({ sogMps: 2.5, cogDeg: 87 })],
      [gnss, position({ quality: 2, hdop: 0.8 })],
      [gnss, position({ sentence: 'GGA', talker: 'GA', quality: 1 })],
    ]);

    expect(fixes).toHaveLength(1);
    expect(fixes[0]).toMatchObject({
      timeMs: DAY + 14 * H,
      vehicle: 'ship',
      quality: 2,
      hdop: 0.8,
      sogMps: 2.5,
      cogDeg: 87,
      source: 'gnss',
    });
  });

  it('dates time-of-day sentences by the last RMC date and rolls over at midnight', () => {
    const fusion = new Fusion();

    const fixes = run(fusion, [
      [gnss, rmc({ timeOfDayMs: 24 * H - 1000 })],
      [gnss, position({ timeOfDayMs: 24 * H - 500, latDeg: 10.50001 })],
      [gnss, position({ timeOfDayMs: 500, latDeg: 10.50002 })],
    ]);

    expect(fixes.map((f) => new Date(f.timeMs).toISOString())).toEqual([
      '2022-10-15T23:59:59.000Z',
      '2022-10-15T23:59:59.500Z',
      '2022-10-16T00:00:00.500Z',
    ]);
  });

  it('holds positions seen before the first date and dates them once it arrives', () => {
    const fusion = new Fusion();

    const fixes = run(fusion, [
      [gnss, position({ timeOfDayMs: 14 * H })],
      [gnss, rmc({ timeOfDayMs: 14 * H + 1000, latDeg: 10.50001 })],
    ]);

    expect(fixes.map((f) => f.timeMs)).toEqual([DAY + 14 * H, DAY + 14 * H + 1000]);
    expect(fusion.undatedFeeds).toEqual([]);
  });

  it('names a feed that never states a date, and uses a supplied date instead', () => {
    const readings: [FeedInfo, Reading][] = Array.from({ length: 40 }, (_, i) => [
      gnss,
      position({ timeOfDayMs: 14 * H + i * 1000, latDeg: 10.5 + i * 1e-5 }),
    ]);

    const undated = new Fusion({ undatedHoldLimit: 8 });
    const dated = new Fusion({ defaultDateMs: DAY });

    expect(run(undated, readings)).toEqual([]);
    expect(undated.undatedFeeds).toEqual(['gnss']);
    expect(undated.dropped.get('undated')).toBe(40);
    expect(run(dated, readings)).toHaveLength(40);
  });

  it('never makes a fix from an invalid position', () => {
    const fusion = new Fusion();

    const fixes = run(fusion, [
      [gnss, rmc({ valid: false })],
      [gnss, position({ timeOfDayMs: 14 * H + 1000, quality: 0, valid: false })],
    ]);

    expect(fixes).toEqual([]);
    expect(fusion.dropped.get('invalid_position')).toBe(2);
  });

  it('drops a fix whose time is not after the previous one', () => {
    const fusion = new Fusion();

    const fixes = run(fusion, [
      [gnss, rmc({ timeOfDayMs: 14 * H + 2000 })],
      [gnss, rmc({ timeOfDayMs: 14 * H + 3000, latDeg: 10.50001 })],
      [gnss, rmc({ timeOfDayMs: 14 * H + 1000 })],
    ]);

    expect(fixes.map((f) => f.timeMs - DAY - 14 * H)).toEqual([2000, 3000]);
    expect(fusion.dropped.get('not_after_previous')).toBe(1);
  });

  it('drops a lone jump as an outlier but follows a track that stays where it jumped', () => {
    const fusion = new Fusion();
    const at = (s: number, latDeg: number): [FeedInfo, Reading] => [
      gnss,
      rmc({ timeOfDayMs: 14 * H + s * 1000, latDeg }),
    ];

    const fixes = run(fusion, [
      at(0, 10.5),
      at(1, 10.51), // 1.1 km in a second
      at(2, 10.50001),
      at(3, 10.6),
      at(4, 10.60001), // the vehicle really is there now
    ]);

    expect(fixes.map((f) => f.latDeg)).toEqual([10.5, 10.50001, 10.60001]);
    expect(fusion.dropped.get('implausible_jump')).toBe(2);
  });

  it('derives speed over ground from fixes at least a second apart when no sensor gives it', () => {
    const fusion = new Fusion();

    const fixes = run(fusion, [
      [gnss, rmc({ timeOfDayMs: 14 * H, latDeg: 10 })],
      [gnss, rmc({ timeOfDayMs: 14 * H + 500, latDeg: 10.000005 })],
      [gnss, rmc({ timeOfDayMs: 14 * H + 10_000, latDeg: 10.0001 })],
    ]);

    // 0.0001° of latitude at 10° N is 11.06 m, over 10 s
    expect(fixes[0]?.sogMps).toBeNull();
    expect(fixes[1]?.sogMps).toBeNull();
    expect(fixes[2]?.sogMps).toBeCloseTo(1.106, 3);
  });

  it('attaches a fresh pressure depth at the vehicle latitude and forgets a stale one', () => {
    const fusion = new Fusion();
    const depthFeed: FeedInfo = { name: 'digiquartz', vehicle: 'ship' };
    const pressure: PressureReading = {
      kind: 'pressure',
      sentence: 'DIGIQUARTZ',
      talker: '',
      timeOfDayMs: null,
      dateMs: null,
      seaPressureDbar: 4800,
    };

    const fixes = run(fusion, [
      [gnss, rmc({ timeOfDayMs: 14 * H })],
      [depthFeed, pressure],
      [gnss, rmc({ timeOfDayMs: 14 * H + 1000, latDeg: 10.50001 })],
      [gnss, rmc({ timeOfDayMs: 14 * H + 9000, latDeg: 10.50008 })],
    ]);

    expect(fixes[0]?.depthM).toBeCloseTo(depthFromPressure(4800, 10.5), 9);
    expect(fixes[1]?.depthM).toBeCloseTo(depthFromPressure(4800, 10.5), 9);
    expect(fixes[2]?.depthM).toBeNull();
  });

  it('places a USBL offset from the ship fix and heading, never as lat/lon', () => {
    const fusion = new Fusion();
    const usbl: FeedInfo = {
      name: 'hipap',
      vehicle: 'ship',
      transponders: new Map([['B01', 'collector-1']]),
    };
    const offset: UsblOffsetReading = {
      kind: 'usbl_offset',
      sentence: 'PSIMSSB',
      talker: '',
      timeOfDayMs: 14 * H,
      dateMs: null,
      transponder: 'B01',
      valid: true,
      xM: 0,
      yM: 1000,
      frame: 'head_up',
      depthM: 4795.2,
    };

    const before = run(new Fusion(), [[usbl, offset]]);
    const fixes = run(fusion, [
      [gnss, rmc({ timeOfDayMs: 14 * H, latDeg: 10, lonDeg: -117 })],
      [gnss, { kind: 'heading', sentence: 'HDT', talker: 'HE', headingDeg: 90, isTrue: true }],
      [usbl, offset],
    ]);

    expect(before).toEqual([]);
    const collector = fixes.find((f) => f.vehicle === 'collector-1');
    // 1000 m ahead of a ship heading east: due east, at the same latitude
    expect(collector?.latDeg).toBeCloseTo(10, 6);
    expect(collector?.lonDeg).toBeCloseTo(-117 + 1000 / 109_639.2, 5);
    expect(collector?.depthM).toBe(4795.2);
  });
});

describe('Fusion, live', () => {
  it('lends a late sentence of an already completed epoch its speed, without dropping it', () => {
    const fusion = new Fusion();

    const completed = [
      ...fusion.push(gnss, rmc({ timeOfDayMs: 14 * H - 1000, latDeg: 10.49999 })),
      ...fusion.push(gnss, position({ timeOfDayMs: 14 * H, quality: 2 })),
      ...fusion.flush(),
    ];
    const late = fusion.push(gnss, rmc({ timeOfDayMs: 14 * H, sogMps: 2.5, cogDeg: 90 }));
    const next = [
      ...fusion.push(gnss, position({ timeOfDayMs: 14 * H + 1000, latDeg: 10.50002 })),
      ...fusion.flush(),
    ];

    expect(completed.map((f) => f.quality)).toEqual([null, 2]);
    expect(late).toEqual([]);
    expect(next[0]).toMatchObject({ sogMps: 2.5, cogDeg: 90 });
    expect(fusion.dropped.size).toBe(0);
  });
});

describe('Fusion, several feeds', () => {
  it('completes a pending fix when another feed reports from well after it', () => {
    const heard: number[] = [];
    const fusion = new Fusion({ onHeard: (_v, _k, timeMs) => heard.push(timeMs) });
    const sounder: FeedInfo = { name: 'sounder', vehicle: 'ship' };
    const range = { kind: 'altitude', sentence: 'DBT', talker: 'SD', altitudeM: 4800 } as const;

    const first = fusion.push(gnss, rmc({ timeOfDayMs: 14 * H }));
    const sameMoment = fusion.push(sounder, range, DAY + 14 * H + 500);
    const later = fusion.push(sounder, range, DAY + 14 * H + 30_000);

    expect(first).toEqual([]);
    expect(sameMoment).toEqual([]);
    expect(later.map((f) => [f.timeMs, f.altitudeM])).toEqual([[DAY + 14 * H, 4800]]);
    expect(heard).toEqual([DAY + 14 * H + 500, DAY + 14 * H + 30_000]);
  });
});
