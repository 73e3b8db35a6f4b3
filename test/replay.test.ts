import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { encodeGga } from '../drivers/index.js';
import { jsonLines, runCli } from './helpers/cli.js';

const BALTIC = ['data/nmea/nmea-20130630.log'];
const BALTIC_RULESET = [
  '--zones',
  'data/baltic/zones.geojson',
  '--rules',
  'data/baltic/rules.yaml',
];
const dir = mkdtempSync(join(tmpdir(), 'dsg-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function box(id: string, [w, s, e, n]: number[]): unknown {
  return {
    type: 'Feature',
    properties: { id, kind: 'test' },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [w, s],
          [e, s],
          [e, n],
          [w, n],
          [w, s],
        ],
      ],
    },
  };
}

describe('replay --fixes', () => {
  it('prints fused fixes as JSON Lines and a summary on stderr', async () => {
    const result = await runCli(['replay', 'test/fixtures/gpsd/nmea-rtk.log', '--fixes', '--json']);

    const fixes = jsonLines(result.stdout);
    expect(result.code).toBe(0);
    expect(fixes.length).toBeGreaterThan(100);
    expect(Object.keys(fixes[0] ?? {})).toEqual(
      expect.arrayContaining(['time', 'vehicle', 'lat', 'lon', 'quality', 'source']),
    );
    expect(fixes[0]?.source).toBe('nmea-rtk.log');
    expect(result.stderr).toMatch(new RegExp(`^fixes +${fixes.length}$`, 'm'));
    expect(result.stderr).toMatch(/^rejected +\d+ \(/m);
  });

  it('refuses a missing log, naming it, with exit 2', async () => {
    const result = await runCli(['replay', 'no/such.log', '--fixes']);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe('deepseaguard: replay: cannot read log "no/such.log": ENOENT\n');
  });

  it('refuses a date that is not a calendar date', async () => {
    const result = await runCli(['replay', ...BALTIC, '--fixes', '--date', '2022-02-30']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '--date: expected a calendar date YYYY-MM-DD, got "2022-02-30"',
    );
  });

  it('names a log that needs --date, and dates it when given', async () => {
    const log = 'test/fixtures/gpsd/sounder.log';

    const undated = await runCli(['replay', log, '--fixes', '--json']);
    const dated = await runCli(['replay', log, '--fixes', '--json', '--date', '2020-06-01']);

    expect(undated.code).toBe(2);
    expect(undated.stderr).toContain('replay: sounder.log: positions carry a time of day but');
    const fixes = jsonLines(dated.stdout);
    expect(dated.code).toBe(0);
    expect(fixes.length).toBeGreaterThan(100);
    expect(String(fixes[0]?.time)).toMatch(/^2020-06-01T/);
    // DBT is the sounder's range to the seabed: altitude, not vehicle depth (DESIGN.md §3)
    expect(fixes.some((f) => typeof f.altitude_m === 'number')).toBe(true);
    expect(fixes.some((f) => 'depth_m' in f)).toBe(false);
  });
});

describe('replay of several logs', () => {
  it('interleaves logs by logger stamps; fixes carry the sounding of their moment', async () => {
    const dir = 'test/fixtures/openrvdas/';
    const depthLog = `${dir}NBP1406_mbdp-2014-08-01`;
    const depths = readFileSync(depthLog, 'utf8')
      .split('\n')
      .filter((line) => line.includes('DPT'))
      .map((line) => ({
        atMs: Date.parse(line.slice(0, 27)),
        depthM: Number(line.split(',')[1]),
      }));

    const result = await runCli([
      'replay',
      `${dir}NBP1406_s330-2014-08-01`,
      depthLog,
      '--fixes',
      '--json',
    ]);

    const fixes = jsonLines(result.stdout);
    const sounded = fixes.filter((f) => typeof f.altitude_m === 'number');
    expect(result.code).toBe(0);
    expect(sounded.length).toBeGreaterThan(fixes.length / 4);
    for (const fix of sounded) {
      const fixMs = Date.parse(String(fix.time));
      // the sounding is the latest one logged at most a second after the fix, and not stale
      const source = depths.filter((d) => d.atMs <= fixMs + 1000).at(-1);
      expect(source?.depthM).toBe(fix.altitude_m);
      expect(fixMs - (source?.atMs ?? 0)).toBeLessThanOrEqual(5000);
    }
  });
});

describe('replay against zones and rules', () => {
  it('gives byte-identical events when run twice', async () => {
    const first = await runCli(['replay', ...BALTIC, ...BALTIC_RULESET, '--json']);
    const second = await runCli(['replay', ...BALTIC, ...BALTIC_RULESET, '--json']);

    expect(first.code).toBe(0);
    expect(jsonLines(first.stdout).length).toBeGreaterThan(10);
    expect(second.stdout).toBe(first.stdout);
  });

  it('raises nothing for a moored boat 1 km from a zone with a 200 m proximity rule', async () => {
    const moored = readFileSync(BALTIC[0] as string, 'utf8')
      .split('\n')
      .filter((line) => !/RMC,(0[89]|1\d)/.test(line) || /RMC,08[0-4]/.test(line))
      .join('\n');
    const log = write('moored.log', moored);
    // the boat lies at 54.3412 N 13.5066 E; the zone's south edge is 1 km north of it
    const southDeg = 54.3412 + 1000 / 111_360;
    const zones = write(
      'near.geojson',
      JSON.stringify({
        type: 'FeatureCollection',
        features: [box('near', [13.49, southDeg, 13.52, southDeg + 0.01])],
      }),
    );
    const rules = write(
      'near.yaml',
      'rules:\n' +
        '  - {id: near-approach, type: proximity, severity: warning, zones: [near],\n' +
        '     distance_m: 200}\n' +
        '  - {id: near-keep-out, type: no_entry, severity: critical, zones: [near]}\n',
    );

    const result = await runCli(['replay', log, '--zones', zones, '--rules', rules, '--json']);

    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^fixes +[1-9]\d{3}$/m);
    expect(result.stdout).toBe('');
  });

  it('dates GGA-only time across midnight from --date and keeps judging', async () => {
    const day = Date.UTC(2022, 9, 15);
    const lines = [];
    for (let s = -20; s <= 20; s++) {
      const timeOfDayMs = (((s * 1000) % 86_400_000) + 86_400_000) % 86_400_000;
      // 2 m/s due north, across the box's south edge at 10.0 N one second after midnight
      lines.push(encodeGga({ timeOfDayMs, latDeg: 10 + ((s - 1) * 2) / 110_600, lonDeg: -117 }));
    }
    const log = write('midnight.log', lines.join('\r\n') + '\r\n');
    const zones = write(
      'box.geojson',
      JSON.stringify({
        type: 'FeatureCollection',
        features: [box('box', [-117.1, 10, -116.9, 10.1])],
      }),
    );
    const rules = write(
      'box.yaml',
      'rules:\n  - {id: box-keep-out, type: no_entry, severity: critical, zones: [box]}\n',
    );

    const result = await runCli([
      ...['replay', log, '--zones', zones, '--rules', rules, '--json', '--date', '2022-10-14'],
    ]);

    const events = jsonLines(result.stdout);
    expect(result.code).toBe(0);
    expect(events.map((e) => [e.kind, e.time])).toEqual([
      ['zone.entered', new Date(day + 1000).toISOString()],
      ['violation.opened', new Date(day + 1000).toISOString()],
    ]);
  });

  it('stores a replay and re-derives the same findings from its journal', async () => {
    const db = join(dir, 'baltic.db');

    const stored = await runCli(['replay', ...BALTIC, ...BALTIC_RULESET, '--db', db, '--json']);
    const rederived = await runCli(['replay', '--from-journal', '--db', db, '--json']);

    expect(stored.code).toBe(0);
    const count = jsonLines(stored.stdout).length;
    expect(rederived.code).toBe(0);
    expect(jsonLines(rederived.stdout)).toEqual([
      { stored_findings: count, rederived_findings: count, equal: true },
    ]);
  });
});
