import { describe, expect, it } from 'vitest';

import { boxZones } from './fixtures/box-zones.js';
import { T0_MS, fixAt } from './fixtures/fixes.js';
import { pointAt, updateMembership, zoneApplies, type MembershipState } from './membership.js';
import type { EngineFix, ZoneQueries } from './types.js';

const options = (zones: ZoneQueries) => ({
  maxGapS: 120,
  zoneIndex: new Map(zones.zones.map((zone, i) => [zone.id, i])),
  maxProximityM: 0,
});

/** Runs a track through membership, returning "entered a", "exited b", "passed c" lines. */
function run(zones: ZoneQueries, fixes: EngineFix[]): string[] {
  const state: MembershipState = { inside: new Map(), around: null };
  const lines: string[] = [];
  let prev: EngineFix | null = null;
  for (const fix of fixes) {
    const change = updateMembership(zones, state, prev, fix, options(zones));
    const t = (fix.timeMs - T0_MS) / 1000;
    for (const { zone } of change.exited) lines.push(`${t} exited ${zone.id}`);
    for (const pass of change.passed) {
      const [a, b] = [pass.enteredMs, pass.exitedMs].map((ms) => (ms - T0_MS) / 1000);
      lines.push(`${t} passed ${pass.zone.id} ${a}-${b}`);
    }
    for (const zone of change.entered) lines.push(`${t} entered ${zone.id}`);
    prev = fix;
  }
  return lines;
}

// Boxes near the equator: 0.001° is 111 m either way.
const square = boxZones([{ id: 'a', box: [0, 0, 0.01, 0.01] }]);

describe('updateMembership', () => {
  it('enters at the first fix inside and exits at the first fix outside', () => {
    const track = [fixAt(0, 0.005, -0.002), fixAt(10, 0.005, 0.001), fixAt(20, 0.005, 0.012)];

    expect(run(square, track)).toEqual(['10 entered a', '20 exited a']);
  });

  it('enters every zone containing the first fix, in zone order', () => {
    const zones = boxZones([
      { id: 'outer', box: [-1, -1, 1, 1] },
      { id: 'far', box: [5, 5, 6, 6] },
      { id: 'inner', box: [0, 0, 0.01, 0.01], hysteresisM: 500 },
    ]);

    expect(run(zones, [fixAt(0, 0.005, 0.005)])).toEqual(['0 entered outer', '0 entered inner']);
  });

  it('does not flap on a track jittering across a boundary within the hysteresis band', () => {
    const zones = boxZones([{ id: 'h', box: [0, 0, 0.01, 0.01], hysteresisM: 50 }]);
    // 0.0002° is 22 m: inside the 50 m band on either side of the west edge.
    const jitter = [-0.0002, 0.0002, -0.0002, 0.0002];
    const track = [
      ...jitter.map((lon, i) => fixAt(i, 0.005, lon)),
      fixAt(4, 0.005, 0.001),
      ...jitter.map((lon, i) => fixAt(5 + i, 0.005, lon)),
      fixAt(9, 0.005, -0.001),
    ];

    expect(run(zones, track)).toEqual(['4 entered h', '9 exited h']);
  });

  it('emits a pass through a small zone that neither of two fixes 60 s apart is in', () => {
    const zones = boxZones([{ id: 's', box: [0.004, 0.004, 0.006, 0.006] }]);
    // From lon -0.005 to 0.015 the segment meets lon 0.004 at 45 % and 0.006 at 55 %.
    const track = [fixAt(0, 0.005, -0.005), fixAt(60, 0.005, 0.015)];

    expect(run(zones, track)).toEqual(['60 passed s 27-33']);
  });

  it('joins no fixes further apart than the maximum gap', () => {
    const zones = boxZones([{ id: 's', box: [0.004, 0.004, 0.006, 0.006] }]);
    const track = [fixAt(0, 0.005, -0.005), fixAt(121, 0.005, 0.015)];

    expect(run(zones, track)).toEqual([]);
  });

  it('counts no pass through a zone outside its validity window at the crossing time', () => {
    const validFromMs = T0_MS + 40_000;
    const zones = boxZones([{ id: 's', box: [0.004, 0.004, 0.006, 0.006], validFromMs }]);
    const track = [fixAt(0, 0.005, -0.005), fixAt(60, 0.005, 0.015)];

    expect(run(zones, track)).toEqual([]);
  });

  it('counts no pass that stays within the hysteresis band', () => {
    const zones = boxZones([{ id: 's', box: [0.004, 0.004, 0.006, 0.006], hysteresisM: 200 }]);
    const track = [fixAt(0, 0.005, -0.005), fixAt(60, 0.005, 0.015)];

    expect(run(zones, track)).toEqual([]);
  });

  it('leaves a zone whose validity ends, however near the boundary', () => {
    const validToMs = T0_MS + 15_000;
    const zones = boxZones([{ id: 'v', box: [0, 0, 0.01, 0.01], validToMs, hysteresisM: 5000 }]);
    const track = [fixAt(0, 0.005, 0.005), fixAt(10, 0.005, 0.005), fixAt(20, 0.005, 0.005)];

    expect(run(zones, track)).toEqual(['0 entered v', '20 exited v']);
  });

  it('does not put a vehicle whose known depth is outside the band in the zone', () => {
    const zones = boxZones([{ id: 'd', box: [0, 0, 0.01, 0.01], minDepthM: 1000 }]);
    const track = [
      fixAt(0, 0.005, 0.005, { depthM: 500 }),
      fixAt(10, 0.005, 0.005, { depthM: null }),
      fixAt(20, 0.005, 0.005, { depthM: 200 }),
    ];

    expect(run(zones, track)).toEqual(['10 entered d', '20 exited d']);
  });
});

describe('zoneApplies', () => {
  it('includes valid_from but not valid_to, and both ends of the depth band', () => {
    const [zone] = boxZones([
      { id: 'z', box: [0, 0, 1, 1], validFromMs: 10, validToMs: 20, minDepthM: 5, maxDepthM: 9 },
    ]).zones;
    if (zone === undefined) throw new Error('no zone');

    expect([9, 10, 19, 20].map((t) => zoneApplies(zone, t, null))).toEqual([
      false,
      true,
      true,
      false,
    ]);
    expect([4.9, 5, 9, 9.1].map((d) => zoneApplies(zone, 15, d))).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });
});

describe('pointAt', () => {
  it('interpolates across the antimeridian the short way', () => {
    const a = { latDeg: 0, lonDeg: 179.5 };
    const b = { latDeg: 1, lonDeg: -179.5 };

    expect(pointAt(a, b, 0.25)).toEqual({ latDeg: 0.25, lonDeg: 179.75 });
    expect(pointAt(a, b, 0.75)).toEqual({ latDeg: 0.75, lonDeg: -179.75 });
  });
});
