import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { decodeLine, LineFramer } from '../drivers/index.js';
import { parseMission } from './mission.js';
import type { Manifest } from './output.js';
import { writeSimulation } from './output.js';
import { simulate } from './simulate.js';

const MISSION = parseMission(
  `
name: two
start: 2022-10-15T23:50:00Z
duration_s: 1200
seabed: { depth_m: 4300 }
vehicles:
  - id: c
    kind: collector
    start: { lat: 9.94, lon: -116.9 }
    plan: [{ goto: { lat: 9.935, lon: -116.9 }, speed_mps: 0.5 }]
    sensors: [{ type: ins }, { type: pressure, format: digiquartz }]
  - id: ship
    kind: vessel
    start: { lat: 9.94, lon: -116.9 }
    follow: { vehicles: [c] }
    sensors:
      - { type: gnss, sentences: [GGA, RMC, VTG, ZDA] }
      - { type: heading }
      - { type: usbl, format: psimssb, transponders: { B01: c } }
      - { type: echosounder }
faults:
  - { feed: ship-gnss, type: bad_checksum, at_s: 100, duration_s: 2 }
truth:
  violations:
    - rule: r1
      vehicle: c
      opens: [2022-10-15T23:55:00Z, 2022-10-15T23:56:00Z]
      closes: null
`,
  'two.yaml',
);

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dsg-sim-test-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function filesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) out[name] = readFileSync(join(dir, name), 'latin1');
  return out;
}

describe('simulate and writeSimulation', () => {
  it('give byte-identical files for the same seed, and different ones for another seed', () => {
    const [a, b, c] = [tempDir(), tempDir(), tempDir()];
    writeSimulation(simulate(MISSION, 42), a);
    writeSimulation(simulate(MISSION, 42), b);
    writeSimulation(simulate(MISSION, 43), c);
    const [fa, fb, fc] = [filesOf(a), filesOf(b), filesOf(c)];

    expect(Object.keys(fa)).toEqual([
      'c-ins.nmea',
      'c-pressure.nmea',
      'c-truth.csv',
      'manifest.json',
      'ship-echosounder.nmea',
      'ship-gnss.nmea',
      'ship-heading.nmea',
      'ship-truth.csv',
      'ship-usbl.nmea',
    ]);
    expect(fb).toEqual(fa);
    for (const name of Object.keys(fa).filter((n) => n.endsWith('.nmea'))) {
      expect(fc[name]).not.toEqual(fa[name]);
    }
    expect(fc['c-truth.csv']).toEqual(fa['c-truth.csv']);
  });

  it('writes lines that frame and decode, every one but the faulted ones', () => {
    const dir = tempDir();
    writeSimulation(simulate(MISSION, 1), dir);
    const rejected: string[] = [];
    let decoded = 0;
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.nmea'))) {
      const framer = new LineFramer();
      for (const frame of framer.push(readFileSync(join(dir, name)))) {
        const r = decodeLine(frame.text);
        if (r.ok) decoded++;
        else rejected.push(`${name}: ${r.reason}`);
      }
    }

    expect(rejected).toEqual(Array(8).fill('ship-gnss.nmea: bad_checksum'));
    // INS 3 lines, pressure, heading and sounder 1, GNSS 4 a second; USBL every 4 s
    expect(decoded + rejected.length).toBe(1201 * (3 + 1 + 4 + 1 + 1) + 301);
  });

  it('dates lines across midnight from the mission start, not the clock', () => {
    const ship = simulate(MISSION, 1).feeds.find((f) => f.name === 'ship-gnss');
    const zda = ship?.lines.filter((l) => l.text.startsWith('$GPZDA')).map((l) => l.text);

    expect(zda?.[0]).toMatch(/^\$GPZDA,235000\.00,15,10,2022,/);
    expect(zda?.[1200]).toMatch(/^\$GPZDA,001000\.00,16,10,2022,/);
  });

  it('writes a manifest mapping each file to its vehicle and kind, with the ground truth', () => {
    const dir = tempDir();
    writeSimulation(simulate(MISSION, 7), dir);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;

    expect(manifest.format).toBe('deepseaguard-sim/1');
    expect(manifest.seed).toBe(7);
    expect(manifest.mission).toMatchObject({ name: 'two', duration_s: 1200 });
    expect(manifest.feeds.find((f) => f.kind === 'usbl')).toMatchObject({
      file: 'ship-usbl.nmea',
      vehicle: 'ship',
      format: 'PSIMSSB',
      transponders: { B01: 'c' },
    });
    expect(manifest.feeds.find((f) => f.file === 'c-ins.nmea')).toMatchObject({
      vehicle: 'c',
      provides: ['position', 'depth'],
      lines: 1201 * 3,
    });
    expect(manifest.truth.tracks).toEqual([
      { vehicle: 'c', file: 'c-truth.csv' },
      { vehicle: 'ship', file: 'ship-truth.csv' },
    ]);
    expect(manifest.truth.violations[0]).toMatchObject({
      rule: 'r1',
      opens: ['2022-10-15T23:55:00.000Z', '2022-10-15T23:56:00.000Z'],
      closes: null,
    });
    expect(manifest.truth.faults).toEqual([
      {
        feed: 'ship-gnss',
        type: 'bad_checksum',
        from: '2022-10-15T23:51:40.000Z',
        to: '2022-10-15T23:51:42.000Z',
        lines: 8,
      },
    ]);
  });

  it('writes a one-feed mission to a single file with its manifest beside it', () => {
    const one = parseMission(
      `
name: one
start: 2022-10-15T14:00:00Z
duration_s: 9
vehicles:
  - { id: ship, kind: vessel, start: { lat: 0, lon: 0 }, sensors: [{ type: heading }] }
`,
      'one.yaml',
    );
    const file = join(tempDir(), 'heading.log');
    const written = writeSimulation(simulate(one, 1), file);

    expect(written).toEqual([file, `${file}.manifest.json`]);
    expect(readFileSync(file, 'latin1').split('\r\n')).toHaveLength(11);
  });
});
