import { describe, expect, it } from 'vitest';

import { distanceMetres, meridianArc, type LatLon } from './geo.js';
import { parseMission } from './mission.js';
import type { LawnmowerLeg } from './mission-types.js';
import { simulateMotion, stateAt, type TruthTrack } from './motion.js';
import { lawnmowerWaypoints } from './plan.js';

function run(yaml: string): { durationS: number; tracks: TruthTrack[] } {
  return simulateMotion(parseMission(yaml, 'm.yaml'));
}

const at = (t: TruthTrack, i: number): { lat: number; lon: number } => ({
  lat: t.lat[i] as number,
  lon: t.lon[i] as number,
});

describe('lawnmowerWaypoints', () => {
  const leg: LawnmowerLeg = {
    type: 'lawnmower',
    box: { south: 9.93, north: 9.935, west: -116.91, east: -116.9 },
    spacingM: 100,
    lines: 'east_west',
    from: 'sw',
    speedMps: 0.4,
    vertical: null,
  };

  it('runs lines spacingM apart across the box, alternating direction', () => {
    const points = lawnmowerWaypoints(leg);

    // 553 m of latitude at 100 m spacing: 6 lines, two turning points each
    expect(points).toHaveLength(12);
    expect(points.slice(0, 4)).toMatchObject([
      { lat: 9.93, lon: -116.91 },
      { lat: 9.93, lon: -116.9 },
      { lon: -116.9 },
      { lon: -116.91 },
    ]);
    expect(distanceMetres(points[1] as LatLon, points[2] as LatLon)).toBeCloseTo(100, 3);
    expect(points[11]?.lat).toBeLessThanOrEqual(9.935);
  });

  it('starts from the named corner and runs north-south when asked', () => {
    const points = lawnmowerWaypoints({ ...leg, lines: 'north_south', from: 'ne' });

    expect(points[0]).toEqual({ lat: 9.935, lon: -116.9 });
    expect(points[1]).toEqual({ lat: 9.93, lon: -116.9 });
    expect(points[2]?.lon).toBeLessThan(-116.9);
  });
});

describe('simulateMotion', () => {
  it('crawls a collector along its plan at its speed, on the seabed', () => {
    const { durationS, tracks } = run(`
name: crawl
start: 2022-10-15T14:00:00Z
seabed: { depth_m: 4300, slope_north_m_per_km: -10, origin: { lat: 9.94, lon: -116.9 } }
vehicles:
  - id: c
    kind: collector
    start: { lat: 9.94, lon: -116.9 }
    plan: [{ goto: { lat: 9.93, lon: -116.9 }, speed_mps: 0.4 }]
    sensors: [{ type: ins }]
`);
    const c = tracks[0] as TruthTrack;
    const lengthM = meridianArc(9.94) - meridianArc(9.93);

    expect(durationS).toBe(Math.ceil(lengthM / 0.4));
    expect(c.sogMps[100]).toBeCloseTo(0.4, 6);
    expect(c.cogDeg[100]).toBeCloseTo(180, 6);
    expect(c.lat[durationS]).toBeCloseTo(9.93, 12);
    expect(c.depthM[durationS]).toBeCloseTo(4300 + lengthM / 100, 6);
    expect(c.depthM[durationS]).toBe(c.seabedM[durationS]);
  });

  it('dives and ascends an AUV at the planned rates and holds its height over the seabed', () => {
    const { tracks } = run(`
name: dive
start: 2022-10-15T14:00:00Z
seabed: { depth_m: 1000 }
vehicles:
  - id: auv
    kind: auv
    start: { lat: 9.94, lon: -116.9 }
    plan:
      - dive: { to_depth_m: 900, rate_mps: 1.5 }
      - goto: { lat: 9.945, lon: -116.9 }
        speed_mps: 1.5
        altitude_m: 50
      - ascend: { rate_mps: 0.5 }
    sensors: [{ type: gnss }]
`);
    const auv = tracks[0] as TruthTrack;

    expect(auv.depthM[200]).toBeCloseTo(300, 9);
    expect(auv.depthM[600]).toBeCloseTo(900, 9);
    expect(auv.depthM[700]).toBeCloseTo(950, 9);
    const end = auv.depthM.length - 1;
    expect(auv.depthM[end]).toBe(0);
    expect((auv.depthM[end - 101] as number) - (auv.depthM[end - 1] as number)).toBeCloseTo(50, 6);
  });

  it('keeps a vessel over the vehicle it follows', () => {
    const { tracks } = run(`
name: follow
start: 2022-10-15T14:00:00Z
duration_s: 3000
seabed: { depth_m: 4300 }
vehicles:
  - id: c
    kind: collector
    start: { lat: 9.94, lon: -116.9 }
    plan: [{ goto: { lat: 9.93, lon: -116.91 }, speed_mps: 0.5 }]
  - id: ship
    kind: vessel
    start: { lat: 9.945, lon: -116.895 }
    follow: { vehicles: [c], deadband_m: 30, max_speed_mps: 2 }
    sensors: [{ type: gnss }]
`);
    const [c, ship] = tracks as [TruthTrack, TruthTrack];
    const gaps = [600, 1200, 2400, 3000].map((i) => distanceMetres(at(c, i), at(ship, i)));

    expect(distanceMetres(at(c, 0), at(ship, 0))).toBeGreaterThan(700);
    for (const gap of gaps) expect(gap).toBeLessThan(30);
    expect(Math.max(...ship.sogMps)).toBeLessThanOrEqual(2 + 1e-6);
    expect(ship.depthM.every((d) => d === 0)).toBe(true);
  });

  it('interpolates the state between whole seconds', () => {
    const { tracks } = run(`
name: interp
start: 2022-10-15T14:00:00Z
vehicles:
  - id: ship
    kind: vessel
    start: { lat: 0, lon: 0 }
    plan: [{ goto: { lat: 0.01, lon: 0 }, speed_mps: 2 }]
    sensors: [{ type: gnss }]
`);
    const ship = tracks[0] as TruthTrack;
    const mid = stateAt(ship, 10.5);

    expect(mid.lat).toBeCloseTo(((ship.lat[10] as number) + (ship.lat[11] as number)) / 2, 12);
  });
});
