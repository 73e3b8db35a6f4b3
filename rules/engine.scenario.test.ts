/**
 * Scenarios on real zones (the CCZ files and zones-nori-d-scenario.geojson through loadZones) with
 * the rules of rules-nori-d.yaml. Tracks run along meridians, so each fix's distance to an
 * east-west edge is a meridian arc: near 10.4° N, 0.001° of latitude is 110.6 m (0.0005° is
 * 55.3 m), and times follow from the fix interval.
 */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { Engine } from './engine.js';
import { canonicalEventJson, stampEvent } from './events.js';
import { T0_MS, at, fixAt } from './fixtures/fixes.js';
import { loadRules, rulesetHash, type RuleSet } from './ruleset.js';
import type { EngineFix, EventDraft, SourceText } from './types.js';
import { loadZones } from './zones.js';

const ROOT = new URL('../', import.meta.url);

function read(path: string): SourceText {
  return { file: path, text: readFileSync(new URL(path, ROOT), 'utf8') };
}

const zones = loadZones(
  [
    'data/zones/ccz-apei.geojson',
    'data/zones/ccz-contracts.geojson',
    'rules/fixtures/zones-nori-d-scenario.geojson',
  ].map(read),
);
const mission = loadRules(read('rules/fixtures/rules-nori-d.yaml'), zones);
const feedRules = loadRules(read('rules/fixtures/rules-feeds.json'), zones);

/** The mission rules with these ids only. */
function rulesOf(...ids: string[]): RuleSet {
  return { file: mission.file, rules: mission.rules.filter((rule) => ids.includes(rule.id)) };
}

function engineFor(...ids: string[]): Engine {
  return new Engine({ zones, rules: rulesOf(...ids) });
}

/** "t vehicle kind rule zone detail", t in seconds from T0. */
function lines(drafts: EventDraft[]): string[] {
  return drafts.map((d) => {
    const t = (d.timeMs - T0_MS) / 1000;
    const who = [d.vehicle, d.kind, d.rule, d.zone].filter((part) => part !== null);
    return `${t} ${who.join(' ')} ${JSON.stringify(d.detail)}`;
  });
}

function feed(engine: Engine, fixes: EngineFix[]): string[] {
  return fixes.flatMap((fix) => lines(engine.onFix(fix)));
}

interface Track {
  vehicle: string;
  lonDeg: number;
  fromLatDeg: number;
  /** Latitude step per fix, degrees (negative southward). */
  stepDeg: number;
  intervalS: number;
  count: number;
  startS?: number;
  extra?: (i: number) => Partial<EngineFix>;
}

/** A straight track along a meridian at constant speed. */
function meridian(track: Track): EngineFix[] {
  return Array.from({ length: track.count }, (_, i) =>
    fixAt(
      (track.startS ?? 0) + i * track.intervalS,
      track.fromLatDeg + i * track.stepDeg,
      track.lonDeg,
      {
        vehicle: track.vehicle,
        ...track.extra?.(i),
      },
    ),
  );
}

describe('scenario: no_entry on overlapping zones (a PRZ inside its buffer)', () => {
  it('opens and closes one violation per zone, zones in file order', () => {
    const engine = engineFor('prz-keep-out', 'buffer-keep-out');
    // 110.6 m a minute (1.84 m/s) north along 117° W; the PRZ spans 10.40–10.41° N, its buffer
    // 10.395–10.415° N. Fix i is at 10.3935 + 0.001 i: in the buffer from i = 2, the PRZ from i =
    // 7 (10.4005) to 16 (10.4095), the buffer to i = 21 (10.4145). Each is 0.0005° from an edge.
    const track = meridian({
      vehicle: 'collector-1',
      lonDeg: -117,
      fromLatDeg: 10.3935,
      stepDeg: 0.001,
      intervalS: 60,
      count: 23,
    });

    expect(feed(engine, track)).toEqual([
      '0 collector-1 zone.entered nori-d {}',
      '120 collector-1 zone.entered prz-a-buffer {}',
      '120 collector-1 violation.opened buffer-keep-out prz-a-buffer {"distance_m":55.3}',
      '420 collector-1 zone.entered prz-a {}',
      '420 collector-1 violation.opened prz-keep-out prz-a {"distance_m":55.3}',
      '1020 collector-1 zone.exited prz-a {"dwell_s":600}',
      '1020 collector-1 violation.closed prz-keep-out prz-a {"distance_m":55.3}',
      '1320 collector-1 zone.exited prz-a-buffer {"dwell_s":1200}',
      '1320 collector-1 violation.closed buffer-keep-out prz-a-buffer {"distance_m":55.3}',
    ]);
  });
});

describe('scenario: stay_inside NORI-D', () => {
  it('opens on leaving across the south edge (9.895° N) and closes on coming back', () => {
    const engine = engineFor('stay-in-contract');
    const south = meridian({
      vehicle: 'collector-1',
      lonDeg: -117,
      fromLatDeg: 9.8975,
      stepDeg: -0.001,
      intervalS: 60,
      count: 5,
    });
    const north = meridian({
      vehicle: 'collector-1',
      lonDeg: -117,
      fromLatDeg: 9.8935,
      stepDeg: 0.001,
      intervalS: 60,
      count: 4,
      startS: 300,
    });

    expect(feed(engine, [...south, ...north])).toEqual([
      '0 collector-1 zone.entered nori-d {}',
      '180 collector-1 zone.exited nori-d {"dwell_s":180}',
      '180 collector-1 violation.opened stay-in-contract {"distance_m":55.3}',
      '420 collector-1 zone.entered nori-d {}',
      '420 collector-1 violation.closed stay-in-contract {"distance_m":55.3}',
    ]);
  });

  it('is violated at once when the first fix is outside every zone it names', () => {
    const engine = engineFor('stay-in-contract');
    // 9.8° N is 0.095° of meridian (10,507.6 m) south of NORI-D's south edge.

    expect(feed(engine, [fixAt(0, 9.8, -117, { vehicle: 'collector-1' })])).toEqual([
      '0 collector-1 violation.opened stay-in-contract {"distance_m":10507.6}',
    ]);
  });
});

describe('scenario: proximity to APEI-11', () => {
  it('opens within 10 km of the north edge (9.75° N) and closes beyond it', () => {
    const engine = engineFor('apei-approach');
    // 10 km of meridian at 9.8° N is 0.0904°: the first fix south of 9.8404° N is 9.8395,
    // 0.0895° (9,899 m) from the edge; heading back north, 9.8405 is 0.0905° (10,010 m) away.
    const south = meridian({
      vehicle: 'collector-1',
      lonDeg: -117,
      fromLatDeg: 9.8455,
      stepDeg: -0.001,
      intervalS: 60,
      count: 7,
    });
    const north = meridian({
      vehicle: 'collector-1',
      lonDeg: -117,
      fromLatDeg: 9.8395,
      stepDeg: 0.001,
      intervalS: 60,
      count: 3,
      startS: 420,
    });

    expect(feed(engine, [...south, ...north])).toEqual([
      '360 collector-1 violation.opened apei-approach apei-11 ' +
        '{"distance_m":9899.3,"limit_m":10000}',
      '480 collector-1 violation.closed apei-approach apei-11 ' +
        '{"distance_m":10009.9,"limit_m":10000}',
    ]);
  });
});

describe('scenario: max_dwell in an IRZ with 20 m hysteresis', () => {
  // 55.3 m a minute north along 116.8° W through the IRZ (10.40–10.41° N). Fix i is at
  // 10.3991 + 0.0005 i: i = 2 is 11 m inside (within the band: not entered), i = 3 is 66 m inside
  // (entered at 180 s); i = 22 is 11 m past the north edge (still in), i = 23 is 66 m past it.
  const track = meridian({
    vehicle: 'auv-1',
    lonDeg: -116.8,
    fromLatDeg: 10.3991,
    stepDeg: 0.0005,
    intervalS: 60,
    count: 25,
  });
  const expected = [
    '0 auv-1 zone.entered nori-d {}',
    '180 auv-1 zone.entered irz-a {}',
    '840 auv-1 violation.opened irz-dwell irz-a {"dwell_s":660,"limit_s":600}',
    '1380 auv-1 zone.exited irz-a {"dwell_s":1200}',
    '1380 auv-1 violation.closed irz-dwell irz-a {"dwell_s":1200,"limit_s":600}',
  ];

  it('opens at the first fix more than limit_s after the entry, closing at the exit', () => {
    expect(feed(engineFor('irz-dwell'), track)).toEqual(expected);
  });

  it('gives the same events when snapshotted and restored in the middle of the dwell', () => {
    const first = engineFor('irz-dwell');
    const before = feed(first, track.slice(0, 9));
    const state = JSON.parse(JSON.stringify(first.snapshot()));

    const second = new Engine({ zones, rules: rulesOf('irz-dwell'), state });
    const after = feed(second, track.slice(9));

    expect(second.restoreEvents).toEqual([]);
    expect([...before, ...after]).toEqual(expected);
  });

  it('keeps the dwell across a reload that keeps the zone, closing what the reload removed', () => {
    const engine = engineFor('irz-dwell', 'collector-speed');
    const fast = track.map((fix) => ({ ...fix, vehicle: 'collector-1', sogMps: 0.6 }));
    const before = feed(engine, fast.slice(0, 9));

    const reload = lines(engine.replaceConfig(zones, rulesOf('irz-dwell')));
    const after = feed(engine, fast.slice(9));

    expect(before).toEqual([
      '0 collector-1 zone.entered nori-d {}',
      '0 collector-1 violation.opened collector-speed {"sog_kn":1.17,"max_kn":1}',
      '180 collector-1 zone.entered irz-a {}',
    ]);
    expect(reload).toEqual([
      '480 collector-1 violation.closed collector-speed {"reason":"rule removed"}',
    ]);
    expect(after).toEqual(expected.slice(2).map((line) => line.replace('auv-1', 'collector-1')));
  });
});

describe('scenario: depth, altitude and speed', () => {
  it('opens depth outside 4000–4300 m inside NORI-D, keeping state while depth is unknown', () => {
    const engine = engineFor('collector-depth');
    const depths = [4100, 4250, 4310, null, 4290, 3990, 4000];
    const track = depths.map((depthM, i) =>
      fixAt(i * 10, 10.5, -117, { vehicle: 'collector-1', depthM }),
    );

    expect(feed(engine, track)).toEqual([
      '0 collector-1 zone.entered nori-d {}',
      '20 collector-1 violation.opened collector-depth {"depth_m":4310,"min_m":4000,"max_m":4300}',
      '40 collector-1 violation.closed collector-depth {"depth_m":4290,"min_m":4000,"max_m":4300}',
      '50 collector-1 violation.opened collector-depth {"depth_m":3990,"min_m":4000,"max_m":4300}',
      '60 collector-1 violation.closed collector-depth {"depth_m":4000,"min_m":4000,"max_m":4300}',
    ]);
  });

  it('opens altitude below 10 m for the AUV only', () => {
    const engine = engineFor('auv-altitude');
    const altitudes = [15, 12, 9.5, 8, 10.5];
    const auv = altitudes.map((altitudeM, i) => fixAt(i * 10, 10.5, -117, { altitudeM }));
    const collector = fixAt(0, 10.5, -117.1, { vehicle: 'collector-1', altitudeM: 0.5 });

    expect(feed(engine, [collector, ...auv])).toEqual([
      '0 collector-1 zone.entered nori-d {}',
      '0 auv-1 zone.entered nori-d {}',
      '20 auv-1 violation.opened auv-altitude {"altitude_m":9.5,"min_m":10}',
      '40 auv-1 violation.closed auv-altitude {"altitude_m":10.5,"min_m":10}',
    ]);
  });

  it('opens max_speed above 1 kn (0.514 m/s)', () => {
    const engine = engineFor('collector-speed');
    // A collector north along 117° W; its speed over ground as the fusion reports it.
    const speeds = [0.4, 0.5, 0.52, 0.6, 0.51, 0.5];
    const track = meridian({
      vehicle: 'collector-1',
      lonDeg: -117,
      fromLatDeg: 10.5,
      stepDeg: 0.0001,
      intervalS: 20,
      count: speeds.length,
      extra: (i) => ({ sogMps: speeds[i] ?? null }),
    });

    expect(feed(engine, track)).toEqual([
      '0 collector-1 zone.entered nori-d {}',
      '40 collector-1 violation.opened collector-speed {"sog_kn":1.01,"max_kn":1}',
      '80 collector-1 violation.closed collector-speed {"sog_kn":0.99,"max_kn":1}',
    ]);
  });
});

describe('scenario: a pass through a small zone between fixes 60 s apart', () => {
  it('emits entered and exited, and opens and closes no_entry, with the crossing times', () => {
    const engine = engineFor('prz-keep-out');
    // 132.7 m a minute (2.2 m/s) north along 117.2° W; lander-1 spans 10.4050–10.4055° N (55 m).
    // From 10.4047 to 10.4059 the segment meets its edges at 1/4 and 2/3: at 15 s and 40 s.
    const track = meridian({
      vehicle: 'auv-1',
      lonDeg: -117.2,
      fromLatDeg: 10.4047,
      stepDeg: 0.0012,
      intervalS: 60,
      count: 2,
    });
    const times = '"entered_at":"2022-10-15T14:00:15.000Z","exited_at":"2022-10-15T14:00:40.000Z"';

    expect(feed(engine, track)).toEqual([
      '0 auv-1 zone.entered nori-d {}',
      `60 auv-1 zone.entered lander-1 {${times},"dwell_s":25}`,
      `60 auv-1 zone.exited lander-1 {${times},"dwell_s":25}`,
      `60 auv-1 violation.opened prz-keep-out lander-1 {${times}}`,
      `60 auv-1 violation.closed prz-keep-out lander-1 {${times}}`,
    ]);
  });
});

describe('scenario: a zone with a validity window', () => {
  it('contains the vehicle from valid_from (included) to valid_to (excluded)', () => {
    const engine = engineFor('closure');
    // closure-1 (10.40–10.41° N) exists from 14:10 to 14:20; the collector works north through its
    // box from 14:05, 0.0003° a minute: at 14:10 it is 0.0025° (276.5 m) from the south edge, at
    // 14:20 0.0045° (497.7 m) from the north edge.
    const track = meridian({
      vehicle: 'collector-1',
      lonDeg: -117.4,
      fromLatDeg: 10.401,
      stepDeg: 0.0003,
      intervalS: 60,
      count: 21,
      startS: 300,
    });

    expect(feed(engine, track)).toEqual([
      '300 collector-1 zone.entered nori-d {}',
      '600 collector-1 zone.entered closure-1 {}',
      '600 collector-1 violation.opened closure closure-1 {"distance_m":276.5}',
      '1200 collector-1 zone.exited closure-1 {"dwell_s":600}',
      '1200 collector-1 violation.closed closure closure-1 {"distance_m":497.7}',
    ]);
  });
});

describe('scenario: two vehicles', () => {
  it('keeps membership and violations apart, events in input order', () => {
    const engine = engineFor('prz-keep-out', 'collector-speed', 'auv-altitude');
    const collector = meridian({
      vehicle: 'collector-1',
      lonDeg: -117,
      fromLatDeg: 10.3985,
      stepDeg: 0.001,
      intervalS: 60,
      count: 3,
      extra: () => ({ sogMps: 0.6 }),
    });
    const auv = meridian({
      vehicle: 'auv-1',
      lonDeg: -117,
      fromLatDeg: 10.4015,
      stepDeg: 0.001,
      intervalS: 60,
      count: 3,
      extra: (i) => ({ altitudeM: 12 - 2 * i, sogMps: 0.6 }),
    });
    const interleaved = collector.flatMap((fix, i) => [fix, auv[i] as EngineFix]);

    expect(feed(engine, interleaved)).toEqual([
      '0 collector-1 zone.entered nori-d {}',
      '0 collector-1 zone.entered prz-a-buffer {}',
      '0 collector-1 violation.opened collector-speed {"sog_kn":1.17,"max_kn":1}',
      '0 auv-1 zone.entered nori-d {}',
      '0 auv-1 zone.entered prz-a {}',
      '0 auv-1 zone.entered prz-a-buffer {}',
      '0 auv-1 violation.opened prz-keep-out prz-a {"distance_m":165.9}',
      '120 collector-1 zone.entered prz-a {}',
      '120 collector-1 violation.opened prz-keep-out prz-a {"distance_m":55.3}',
      '120 auv-1 violation.opened auv-altitude {"altitude_m":8,"min_m":10}',
    ]);
  });
});

describe('scenario: feed_stale', () => {
  it('opens by data time at the last reading plus after_s and closes at the next reading', () => {
    const engine = new Engine({ zones, rules: feedRules });
    const position = (s: number) => fixAt(s, 10.5, -117, { vehicle: 'collector-1' });
    const depth = (s: number) => lines(engine.onReading('collector-1', 'depth', T0_MS + s * 1000));

    // Depth readings at 0, 20 and 320 s; positions at 0, 60, 300 and 330 s.
    const events = [
      ...depth(0),
      ...feed(engine, [position(0)]),
      ...depth(20),
      ...feed(engine, [position(60), position(300)]),
      ...depth(320),
      ...feed(engine, [position(330)]),
    ];

    expect(events).toEqual([
      '0 collector-1 zone.entered nori-d {}',
      `50 collector-1 violation.opened depth-silence ` +
        `{"feed":"depth","after_s":30,"last_at":"${at(20)}"}`,
      `180 collector-1 violation.opened usbl-silence ` +
        `{"feed":"position","after_s":120,"last_at":"${at(60)}"}`,
      '300 collector-1 violation.closed usbl-silence {"feed":"position","gap_s":240,"after_s":120}',
      '320 collector-1 violation.closed depth-silence {"feed":"depth","gap_s":300,"after_s":30}',
    ]);
  });

  it('opens by tick when the wall clock passes the last reading plus after_s', () => {
    const engine = new Engine({ zones, rules: feedRules });
    engine.onFix(fixAt(0, 10.5, -117, { vehicle: 'collector-1' }));
    engine.onReading('collector-1', 'depth', T0_MS + 10_000);

    const ticks = [30, 41, 60, 121].map((s) => lines(engine.tick(T0_MS + s * 1000)));
    const reading = lines(engine.onReading('collector-1', 'depth', T0_MS + 125_000));

    expect(ticks).toEqual([
      [],
      [
        `40 collector-1 violation.opened depth-silence ` +
          `{"feed":"depth","after_s":30,"last_at":"${at(10)}"}`,
      ],
      [],
      [
        `120 collector-1 violation.opened usbl-silence ` +
          `{"feed":"position","after_s":120,"last_at":"${at(0)}"}`,
      ],
    ]);
    expect(reading).toEqual([
      '125 collector-1 violation.closed depth-silence {"feed":"depth","gap_s":115,"after_s":30}',
    ]);
  });
});

describe('scenario: a whole mission', () => {
  const rules: RuleSet = { file: 'both', rules: [...mission.rules, ...feedRules.rules] };
  const hash = rulesetHash(zones.hash, rules);

  /** Two vehicles under every rule, a clock tick at the end, stamped as the agent would. */
  function run(): string {
    const engine = new Engine({ zones, rules });
    const collector = meridian({
      vehicle: 'collector-1',
      lonDeg: -117,
      fromLatDeg: 10.3935,
      stepDeg: 0.001,
      intervalS: 60,
      count: 23,
      extra: (i) => ({ depthM: 4100 + 17 * i, sogMps: 0.45 + 0.01 * i, altitudeM: 0.6 }),
    });
    const auv = meridian({
      vehicle: 'auv-1',
      lonDeg: -116.8,
      fromLatDeg: 10.3991,
      stepDeg: 0.0005,
      intervalS: 60,
      count: 23,
      extra: (i) => ({ depthM: 4700.05, altitudeM: 14 - 0.3 * i, sogMps: 0.92 }),
    });
    const drafts = collector.flatMap((fix, i) => [
      ...engine.onFix(fix),
      ...engine.onFix(auv[i] as EngineFix),
    ]);
    drafts.push(...engine.tick(T0_MS + 3_600_000));
    return drafts
      .map((draft, i) => stampEvent(draft, { seq: i + 1, agentId: 'nori', ruleset: hash }))
      .map(canonicalEventJson)
      .join('\n');
  }

  it('gives byte-identical events for the same input twice', () => {
    const first = run();
    const fired = new Set(first.split('\n').map((line) => JSON.parse(line).rule ?? 'zone'));

    expect(run()).toBe(first);
    expect([...fired].sort()).toEqual([
      'auv-altitude',
      'buffer-keep-out',
      'collector-depth',
      'collector-speed',
      'depth-silence',
      'irz-dwell',
      'prz-keep-out',
      'usbl-silence',
      'zone',
    ]);
  });
});
