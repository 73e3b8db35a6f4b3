import { describe, expect, it } from 'vitest';

import { loadMission, MissionInvalidError, parseMission } from './mission.js';

const VALID = `
name: small
start: 2022-10-15T14:00:00Z
seabed: { depth_m: 4300 }
vehicles:
  - id: collector-1
    kind: collector
    start: { lat: 9.94, lon: -116.9 }
    plan:
      - lawnmower: { south: 9.93, north: 9.935, west: -116.91, east: -116.9, spacing_m: 100 }
        speed_mps: 0.4
      - hold: { duration_s: 60 }
    sensors: [{ type: ins }, { type: pressure, format: sbe37 }]
  - id: ship
    kind: vessel
    start: { lat: 9.94, lon: -116.9 }
    follow: { vehicles: [collector-1] }
    sensors:
      - { type: usbl, format: psimssb, transponders: { B01: collector-1 } }
faults:
  - { feed: ship-usbl, type: silence, at_s: 100, duration_s: 30 }
`;

function problemsOf(text: string): string[] {
  try {
    parseMission(text, 'm.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(MissionInvalidError);
    expect((err as MissionInvalidError).code).toBe('DSG_MISSION_INVALID');
    return (err as MissionInvalidError).problems;
  }
  throw new Error('the mission was accepted');
}

describe('parseMission', () => {
  it('reads a valid mission into SI units with defaults filled in', () => {
    const m = parseMission(VALID, 'm.yaml');

    expect(m.startMs).toBe(Date.UTC(2022, 9, 15, 14));
    expect(m.durationS).toBeNull();
    expect(m.vehicles.map((v) => v.id)).toEqual(['collector-1', 'ship']);
    expect(m.vehicles[0]?.sensors.map((s) => s.feed)).toEqual([
      'collector-1-ins',
      'collector-1-pressure',
    ]);
    expect(m.vehicles[1]?.sensors[0]).toMatchObject({ type: 'usbl', sigmaDeg: 0.14, intervalS: 4 });
    expect(m.faults[0]).toMatchObject({ feed: 'ship-usbl', atS: 100, durationS: 30 });
  });

  it('accepts JSON as well as YAML', () => {
    const json = JSON.stringify({
      name: 'j',
      start: '2022-10-15T14:00:00Z',
      vehicles: [
        { id: 'v', kind: 'vessel', start: { lat: 0, lon: 0 }, sensors: [{ type: 'gnss' }] },
      ],
    });

    expect(parseMission(json, 'm.json').vehicles[0]?.sensors[0]?.type).toBe('gnss');
  });

  it('lists every problem at once, each with file, field path, expected and got', () => {
    const problems = problemsOf(`
name: broken
start: 2022-13-45T14:00:00Z
vehicles:
  - id: c1
    kind: crawler
    start: { lat: 95, lon: -116.9 }
  - id: auv-1
    kind: auv
    start: { lat: 9.9, lon: -116.9 }
    plan:
      - goto: { lat: 9.91, lon: -116.9 }
        speed_mps: 12
      - dive: { to_depth_m: 4000 }
    sensors:
      - { type: gnss, hdop: 0.1, sentences: [GGA, GSV] }
      - { type: sonar }
faults:
  - { feed: auv-1-gps, type: silence, at_s: 10 }
`);

    expect(problems).toEqual([
      'm.yaml: start: expected a real calendar time, got "2022-13-45T14:00:00Z"',
      'm.yaml: vehicles[0].kind: expected one of collector, auv, vessel, got "crawler"',
      'm.yaml: vehicles[0].start.lat: expected latitude: a number in [-90, 90], got 95',
      "m.yaml: vehicles[1].plan[0].speed_mps: expected a auv's speed, m/s: " +
        'a number in (0, 3], got 12',
      'm.yaml: vehicles[1].plan[1].dive.rate_mps: expected m/s: a number in (0, 5], got nothing',
      'm.yaml: vehicles[1].sensors[0].hdop: expected HDOP: a number in [0.5, 99], got 0.1',
      'm.yaml: vehicles[1].sensors[0].sentences[1]: expected one of GGA, RMC, ZDA, VTG, got "GSV"',
      'm.yaml: vehicles[1].sensors[1].type: expected one of gnss, heading, usbl, ins, pressure, ' +
        'echosounder, got "sonar"',
      'm.yaml: faults[0].feed: expected one of auv-1-gnss, got "auv-1-gps"',
    ]);
  });

  it('checks references between vehicles, transponders, faults and the truth', () => {
    const problems = problemsOf(`
name: refs
start: 2022-10-15T14:00:00Z
duration_s: 600
seabed: { depth_m: 4000 }
vehicles:
  - id: ship
    kind: vessel
    start: { lat: 0, lon: 0 }
    follow: { vehicles: [ghost] }
    sensors:
      - { type: usbl, format: ptsag, transponders: { B01: ship } }
      - { type: heading }
  - id: ship
    kind: collector
    start: { lat: 0, lon: 0 }
    sensors: [{ type: usbl, format: psonlld, transponders: { "3": ship } }]
faults:
  - { feed: ship-heading, type: clock_step, at_s: 700, step_s: 2 }
truth:
  violations:
    - rule: r
      vehicle: nobody
      opens: [2022-10-15T13:00:00Z, 2022-10-15T14:10:00Z]
      closes: [2022-10-15T14:10:00Z]
`);

    expect(problems).toEqual([
      'm.yaml: vehicles[0].sensors[0].transponders.B01: expected a beacon number from 1 to 9999, ' +
        'got "B01"',
      'm.yaml: vehicles[1].sensors[0].type: expected a sensor a collector carries, got "usbl"',
      'm.yaml: truth.violations[0].opens[0]: expected a time after the mission start, ' +
        'got "2022-10-15T13:00:00.000Z"',
      'm.yaml: truth.violations[0].closes: expected a window [earliest, latest] of two ISO 8601 ' +
        'times or null (open at the end), got a list of 1',
      'm.yaml: vehicles[1].id: expected a vehicle id used once, got "ship"',
      'm.yaml: vehicles[1].sensors[0].name: expected a feed name <vehicle>-<sensor> used once, ' +
        'got "ship-usbl"',
      'm.yaml: vehicles[0].follow.vehicles[0]: expected the id of another vehicle, got "ghost"',
      'm.yaml: vehicles[1].sensors[0].transponders.3: expected the id of another vehicle, ' +
        'got "ship"',
      'm.yaml: faults[0].type: expected a fault a heading feed can show, got "clock_step"',
      'm.yaml: faults[0].at_s: expected a time before the end (600 s), got 700',
      'm.yaml: truth.violations[0].vehicle: expected a vehicle id of the mission, got "nobody"',
    ]);
  });

  it('refuses a ground-truth window that opens after the mission ends', () => {
    const problems = problemsOf(`${VALID}duration_s: 600
truth:
  violations:
    - rule: r
      vehicle: ship
      opens: [2022-10-15T15:00:00Z, 2022-10-15T15:01:00Z]
      closes: null
`);

    expect(problems).toEqual([
      'm.yaml: truth.violations[0].opens: expected a window starting by the end ' +
        '(2022-10-15T14:10:00.000Z), got "2022-10-15T15:00:00.000Z"',
    ]);
  });

  it('refuses a field it does not know, naming the ones it does', () => {
    const problems = problemsOf(
      VALID.replace('kind: collector', 'kind: collector\n    colour: red'),
    );

    expect(problems).toEqual([
      'm.yaml: vehicles[0].colour: expected one of id, kind, start, plan, follow, sensors, ' +
        'got "colour"',
    ]);
  });

  it('reports YAML syntax errors with the file name', () => {
    expect(problemsOf('name: [unclosed')[0]).toMatch(/^m\.yaml: /);
  });
});

describe('loadMission', () => {
  it('names a file it cannot read', () => {
    expect(() => loadMission('/nonexistent/m.yaml')).toThrow(MissionInvalidError);
  });

  it('loads the demo mission', () => {
    const m = loadMission('data/demo/mission.yaml');

    expect(m.truth.map((t) => t.rule)).toContain('nori-d-stay-inside');
  });
});
