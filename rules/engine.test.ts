import { describe, expect, it } from 'vitest';

import { Engine } from './engine.js';
import { boxZones, type BoxSpec } from './fixtures/box-zones.js';
import { T0_MS, at, fixAt } from './fixtures/fixes.js';
import { loadRules } from './ruleset.js';
import type { EngineFix, EventDraft, ZoneQueries } from './types.js';

// Boxes near the equator, where 0.001° is 111.2 m either way.
const ZONES: BoxSpec[] = [
  { id: 'area', kind: 'contract', box: [-1, -1, 1, 1] },
  { id: 'apei', kind: 'apei', box: [0, 0, 0.01, 0.01] },
];

function engineWith(rulesYaml: string, specs: BoxSpec[] = ZONES, maxGapS?: number): Engine {
  const zones = boxZones(specs);
  const rules = loadRules({ file: 'rules.yaml', text: rulesYaml }, zones);
  return new Engine({ zones, rules, ...(maxGapS === undefined ? {} : { maxGapS }) });
}

/** "t kind rule zone detail" with t in seconds from T0: the exact events, readably. */
function lines(drafts: EventDraft[]): string[] {
  return drafts.map((d) => {
    const t = (d.timeMs - T0_MS) / 1000;
    const who = [d.vehicle === 'auv-1' ? null : d.vehicle, d.rule, d.zone].filter((x) => x);
    return `${t} ${d.kind} ${who.join(' ')} ${JSON.stringify(d.detail)}`;
  });
}

function feed(engine: Engine, fixes: EngineFix[]): string[] {
  return fixes.flatMap((fix) => lines(engine.onFix(fix)));
}

/** Fixes every 10 s eastward along lat 0.005 from lon `fromLon`, 0.001° (111.2 m) apart. */
function eastward(count: number, fromLon: number, extra: Partial<EngineFix> = {}): EngineFix[] {
  return Array.from({ length: count }, (_, i) => fixAt(i * 10, 0.005, fromLon + i * 0.001, extra));
}

describe('Engine zone events', () => {
  it('enters every zone the first fix is in, and nothing more while it stays', () => {
    const engine = engineWith('rules: []');

    expect(feed(engine, eastward(3, 0.002))).toEqual([
      '0 zone.entered area {}',
      '0 zone.entered apei {}',
    ]);
  });

  it('records the dwell on exit', () => {
    const engine = engineWith('rules: []');

    expect(feed(engine, eastward(13, -0.001))).toEqual([
      '0 zone.entered area {}',
      '10 zone.entered apei {}',
      '120 zone.exited apei {"dwell_s":110}',
    ]);
  });

  it('ignores a fix that is not after the last one', () => {
    const engine = engineWith('rules: []');
    engine.onFix(fixAt(10, 0.005, 0.005));

    expect(lines(engine.onFix(fixAt(10, 0.005, 2)))).toEqual([]);
    expect(lines(engine.onFix(fixAt(5, 0.005, 2)))).toEqual([]);
  });
});

describe('Engine rules', () => {
  it('opens no_entry at the first fix inside and closes it at the first fix outside', () => {
    const engine = engineWith(
      'rules: [{id: keep-out, type: no_entry, severity: critical, zones: [apei]}]',
    );

    expect(feed(engine, eastward(13, -0.0015))).toEqual([
      '0 zone.entered area {}',
      '20 zone.entered apei {}',
      '20 violation.opened keep-out apei {"distance_m":55.6}',
      '120 zone.exited apei {"dwell_s":100}',
      '120 violation.closed keep-out apei {"distance_m":55.6}',
    ]);
  });

  it('opens and closes no_entry for a pass between two fixes', () => {
    const engine = engineWith(
      'rules: [{id: keep-out, type: no_entry, severity: critical, zones: [apei]}]',
    );
    const pass = '{"entered_at":"2022-10-15T14:00:20.000Z","exited_at":"2022-10-15T14:00:40.000Z"}';

    const events = feed(engine, [fixAt(0, 0.005, -0.01), fixAt(60, 0.005, 0.02)]);

    expect(events).toEqual([
      '0 zone.entered area {}',
      `60 zone.entered apei ${pass.replace('}', ',"dwell_s":20}')}`,
      `60 zone.exited apei ${pass.replace('}', ',"dwell_s":20}')}`,
      `60 violation.opened keep-out apei ${pass}`,
      `60 violation.closed keep-out apei ${pass}`,
    ]);
  });

  it('violates stay_inside at once when the first fix is outside every zone', () => {
    const engine = engineWith(
      "rules: [{id: stay, type: stay_inside, severity: critical, zones: ['kind:apei']}]",
    );

    expect(feed(engine, eastward(3, -0.0015))).toEqual([
      '0 zone.entered area {}',
      '0 violation.opened stay {"distance_m":166.8}',
      '20 zone.entered apei {}',
      '20 violation.closed stay {"distance_m":55.6}',
    ]);
  });

  it('opens proximity within the distance outside a zone, closing it inside', () => {
    const engine = engineWith(
      'rules: [{id: near, type: proximity, severity: warning, zones: [apei], distance_m: 200}]',
    );

    expect(feed(engine, eastward(5, -0.0035))).toEqual([
      '0 zone.entered area {}',
      '20 violation.opened near apei {"distance_m":166.8,"limit_m":200}',
      '40 zone.entered apei {}',
      '40 violation.closed near apei {"distance_m":55.6,"limit_m":200}',
    ]);
  });

  it('opens max_dwell at the first fix more than limit_s after the entry', () => {
    const engine = engineWith(
      'rules: [{id: dwell, type: max_dwell, severity: warning, zones: [apei], limit_s: 30}]',
    );

    expect(feed(engine, eastward(13, -0.0005))).toEqual([
      '0 zone.entered area {}',
      '10 zone.entered apei {}',
      '50 violation.opened dwell apei {"dwell_s":40,"limit_s":30}',
      '110 zone.exited apei {"dwell_s":100}',
      '110 violation.closed dwell apei {"dwell_s":100,"limit_s":30}',
    ]);
  });

  it('judges depth only where known and, with zones, only inside them', () => {
    const engine = engineWith(
      'rules: [{id: deep, type: depth, severity: warning, max_m: 5000, zones: [apei]}]',
      ZONES.slice(1),
    );
    const depths = [5100, 5100, 5100, null, 4900, 5200];
    const track = depths.map((depthM, i) => fixAt(i * 10, 0.005, -0.0015 + i * 0.001, { depthM }));
    track.push(fixAt(60, 0.005, 0.02, { depthM: 5200 }));

    expect(feed(engine, track)).toEqual([
      '20 zone.entered apei {}',
      '20 violation.opened deep {"depth_m":5100,"max_m":5000}',
      '40 violation.closed deep {"depth_m":4900,"max_m":5000}',
      '50 violation.opened deep {"depth_m":5200,"max_m":5000}',
      '60 zone.exited apei {"dwell_s":40}',
      '60 violation.closed deep {"depth_m":5200,"max_m":5000}',
    ]);
  });

  it('opens altitude below min_m', () => {
    const engine = engineWith('rules: [{id: low, type: altitude, severity: critical, min_m: 3}]');
    const track = [4, 2.5, 3].map((altitudeM, i) => fixAt(i, 0.5, 0.5, { altitudeM }));

    expect(feed(engine, track).slice(1)).toEqual([
      '1 violation.opened low {"altitude_m":2.5,"min_m":3}',
      '2 violation.closed low {"altitude_m":3,"min_m":3}',
    ]);
  });

  it('opens max_speed above the limit in knots or in m/s', () => {
    const engine = engineWith(`
rules:
  - {id: kn, type: max_speed, severity: warning, max_kn: 2}
  - {id: mps, type: max_speed, severity: warning, max_mps: 1.5}
`);
    // 1.03 m/s is 2.0 kn; 1.6 m/s is 3.11 kn.
    const track = [1.0288, 1.03, 1.6, null, 0.5].map((sogMps, i) => fixAt(i, 0.5, 0.5, { sogMps }));

    expect(feed(engine, track).slice(1)).toEqual([
      '1 violation.opened kn {"sog_kn":2,"max_kn":2}',
      '2 violation.opened mps {"sog_mps":1.6,"max_mps":1.5}',
      '4 violation.closed kn {"sog_kn":0.97,"max_kn":2}',
      '4 violation.closed mps {"sog_mps":0.5,"max_mps":1.5}',
    ]);
  });

  it('applies a rule only to vehicles its globs match', () => {
    const engine = engineWith(
      "rules: [{id: slow, type: max_speed, severity: warning, max_mps: 1, vehicles: ['coll*']}]",
    );

    const auv = feed(engine, [fixAt(0, 2, 2, { sogMps: 3 })]);
    const collector = feed(engine, [fixAt(0, 2, 2, { sogMps: 3, vehicle: 'collector-1' })]);

    expect(auv).toEqual([]);
    expect(collector).toEqual(['0 violation.opened collector-1 slow {"sog_mps":3,"max_mps":1}']);
  });

  it('evaluates a rule only from the start of its active period to its end, then closes', () => {
    const engine = engineWith(`
rules:
  - id: slow
    type: max_speed
    severity: warning
    max_mps: 1
    active: {from: '${at(10)}', to: '${at(20)}'}
`);
    const track = [0, 10, 19, 20].map((s) => fixAt(s, 2, 2 + s / 1000, { sogMps: 3 }));

    expect(feed(engine, track)).toEqual([
      '10 violation.opened slow {"sog_mps":3,"max_mps":1}',
      '20 violation.closed slow {"reason":"rule inactive"}',
    ]);
  });
});

describe('Engine feed_stale', () => {
  const STALE = `
rules:
  - {id: depth-feed, type: feed_stale, severity: warning, feed: depth, after_s: 10}
  - {id: gnss, type: feed_stale, severity: critical, feed: position, after_s: 30}
`;

  it('opens at the last reading plus after_s and closes at the next, both on its arrival', () => {
    const engine = engineWith(STALE);
    engine.onReading('auv-1', 'depth', T0_MS);
    engine.onReading('auv-1', 'depth', T0_MS + 8000);

    const late = lines(engine.onReading('auv-1', 'depth', T0_MS + 25_000));

    expect(late).toEqual([
      `18 violation.opened depth-feed {"feed":"depth","after_s":10,"last_at":"${at(8)}"}`,
      '25 violation.closed depth-feed {"feed":"depth","gap_s":17,"after_s":10}',
    ]);
  });

  it('opens when another input shows the time has passed, and closes at the next reading', () => {
    const engine = engineWith(STALE);
    engine.onReading('auv-1', 'depth', T0_MS);

    const atFix = feed(engine, [fixAt(12, 2, 2)]);
    const atReading = lines(engine.onReading('auv-1', 'depth', T0_MS + 14_000));

    expect(atFix).toEqual([
      `10 violation.opened depth-feed {"feed":"depth","after_s":10,"last_at":"${at(0)}"}`,
    ]);
    expect(atReading).toEqual([
      '14 violation.closed depth-feed {"feed":"depth","gap_s":14,"after_s":10}',
    ]);
  });

  it('opens by tick when now passes the last reading plus after_s, once', () => {
    const engine = engineWith(STALE);
    engine.onFix(fixAt(0, 2, 2));
    engine.onReading('auv-1', 'depth', T0_MS + 5000);

    const early = lines(engine.tick(T0_MS + 15_000));
    const due = lines(engine.tick(T0_MS + 15_001));
    const again = lines(engine.tick(T0_MS + 40_000));

    expect(early).toEqual([]);
    expect(due).toEqual([
      `15 violation.opened depth-feed {"feed":"depth","after_s":10,"last_at":"${at(5)}"}`,
    ]);
    expect(again).toEqual([
      `30 violation.opened gnss {"feed":"position","after_s":30,"last_at":"${at(0)}"}`,
    ]);
  });

  it('counts a feed never heard from since the vehicle was first seen', () => {
    const engine = engineWith(STALE);
    engine.onFix(fixAt(0, 2, 2));

    expect(lines(engine.tick(T0_MS + 11_000))).toEqual([
      '10 violation.opened depth-feed {"feed":"depth","after_s":10,"last_at":null}',
    ]);
  });
});

const DWELL = `
rules:
  - {id: dwell, type: max_dwell, severity: warning, zones: [apei], limit_s: 45}
  - {id: keep-out, type: no_entry, severity: critical, zones: [apei]}
  - {id: depth-feed, type: feed_stale, severity: warning, feed: depth, after_s: 20}
`;

describe('Engine snapshot', () => {
  it('is plain JSON, and a restored engine gives the events an uninterrupted run gives', () => {
    const track = eastward(14, -0.0015, { depthM: 4000 });
    const whole = engineWith(DWELL);
    const expected = feed(whole, track);

    const first = engineWith(DWELL);
    const before = feed(first, track.slice(0, 5));
    const state = JSON.parse(JSON.stringify(first.snapshot()));
    const zones = boxZones(ZONES);
    const rules = loadRules({ file: 'rules.yaml', text: DWELL }, zones);
    const second = new Engine({ zones, rules, state });
    const after = feed(second, track.slice(5));

    expect(second.restoreEvents).toEqual([]);
    expect([...before, ...after]).toEqual(expected);
    expect(expected).toContain('70 violation.opened dwell apei {"dwell_s":50,"limit_s":45}');
  });

  it('has the shape of EngineState', () => {
    const engine = engineWith(DWELL);
    feed(engine, eastward(3, -0.0015, { depthM: 4000 }));
    engine.onReading('auv-1', 'depth', T0_MS + 20_000);

    expect(engine.snapshot()).toEqual({
      version: 1,
      vehicles: [
        {
          vehicle: 'auv-1',
          firstSeenMs: T0_MS,
          lastDataMs: T0_MS + 20_000,
          lastFix: eastward(3, -0.0015, { depthM: 4000 })[2],
          feeds: [
            { feed: 'position', lastMs: T0_MS + 20_000 },
            { feed: 'depth', lastMs: T0_MS + 20_000 },
          ],
          inside: [
            { zone: 'area', sinceMs: T0_MS },
            { zone: 'apei', sinceMs: T0_MS + 20_000 },
          ],
          open: [
            {
              rule: 'keep-out',
              zone: 'apei',
              type: 'no_entry',
              severity: 'critical',
              openedMs: T0_MS + 20_000,
            },
          ],
        },
      ],
    });
  });
});

describe('Engine restore', () => {
  it('refuses a state of another version', () => {
    const zones = boxZones(ZONES);
    const rules = loadRules({ file: 'rules.yaml', text: DWELL }, zones);
    const state = JSON.parse('{"version": 2, "vehicles": []}');

    expect(() => new Engine({ zones, rules, state })).toThrow(
      'engine state: expected version 1, got 2',
    );
  });

  it('closes on restore what the configuration no longer has', () => {
    const first = engineWith(DWELL);
    feed(first, eastward(4, -0.0015));
    const zones = boxZones(ZONES);
    const rules = loadRules({ file: 'none.yaml', text: 'rules: []' }, zones);

    const restored = new Engine({ zones, rules, state: first.snapshot() });

    expect(lines(restored.restoreEvents)).toEqual([
      '30 violation.closed keep-out apei {"reason":"rule removed"}',
      '30 violation.closed depth-feed {"reason":"rule removed"}',
    ]);
  });
});

describe('Engine replaceConfig', () => {
  it('keeps membership and dwell of zones that remain, closing what vanished with a reason', () => {
    const engine = engineWith(DWELL);
    feed(engine, eastward(4, -0.0015));
    const zones: ZoneQueries = boxZones([ZONES[1] as BoxSpec]);
    // The dwell rule alone: the no_entry and feed_stale rules are gone.
    const text = DWELL.split('\n').slice(0, 3).join('\n');
    const rules = loadRules({ file: 'new.yaml', text }, zones);

    const reload = lines(engine.replaceConfig(zones, rules));
    const next = feed(engine, [fixAt(70, 0.005, 0.006)]);

    expect(reload).toEqual([
      '30 zone.exited area {"reason":"zone removed","dwell_s":30}',
      '30 violation.closed keep-out apei {"reason":"rule removed"}',
      '30 violation.closed depth-feed {"reason":"rule removed"}',
    ]);
    expect(next).toEqual(['70 violation.opened dwell apei {"dwell_s":50,"limit_s":45}']);
  });

  it('closes a violation whose rule no longer selects its zone or the vehicle', () => {
    const engine = engineWith(`
rules:
  - {id: keep-out, type: no_entry, severity: critical, zones: [apei]}
  - {id: slow, type: max_speed, severity: warning, max_mps: 1}
`);
    feed(engine, [fixAt(0, 0.005, 0.005, { sogMps: 2 })]);
    const zones = boxZones(ZONES);
    const text = `
rules:
  - {id: keep-out, type: no_entry, severity: critical, zones: [area]}
  - {id: slow, type: max_speed, severity: warning, max_mps: 1, vehicles: [collector-*]}
`;

    const reload = lines(engine.replaceConfig(zones, loadRules({ file: 'r.yaml', text }, zones)));

    expect(reload).toEqual([
      '0 violation.closed keep-out apei {"reason":"zone no longer selected"}',
      '0 violation.closed slow {"reason":"vehicle no longer selected"}',
    ]);
  });
});

describe('Engine determinism', () => {
  it('gives byte-identical events for the same input twice', () => {
    const run = () => {
      const engine = engineWith(DWELL);
      const track = eastward(20, -0.0035, { depthM: 4000.04, sogMps: 1 / 3 });
      const fixes = track.flatMap((fix) => engine.onFix(fix));
      return JSON.stringify([...fixes, ...engine.tick(T0_MS + 500_000)]);
    };

    expect(run()).toBe(run());
  });
});
