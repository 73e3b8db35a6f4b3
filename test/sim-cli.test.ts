// `deepseaguard sim run` and `sim relocate` as real processes, from source.
import { spawn } from 'node:child_process';
import {
  createReadStream,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { decodeLine } from '../drivers/index.js';
import { CLI_NODE_ARGS, ROOT, runCli } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'dsg-sim-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MISSION = join(dir, 'mission.yaml');
writeFileSync(
  MISSION,
  `
name: cli
start: 2022-10-15T14:00:00Z
duration_s: 120
seabed: { depth_m: 4300 }
vehicles:
  - id: c
    kind: collector
    start: { lat: 9.94, lon: -116.9 }
    plan: [{ goto: { lat: 9.939, lon: -116.9 }, speed_mps: 0.5 }]
    sensors: [{ type: ins }]
  - id: ship
    kind: vessel
    start: { lat: 9.94, lon: -116.9 }
    follow: { vehicles: [c] }
    sensors: [{ type: gnss, sentences: [GGA, RMC] }]
`,
);

describe.concurrent('deepseaguard sim', () => {
  it('run writes one file per feed and a manifest, and sums up on stderr', async () => {
    const out = join(dir, 'out');

    const { code, stderr } = await runCli(['sim', 'run', MISSION, '--seed', '3', '--out', out]);

    expect(code).toBe(0);
    expect(stderr).toMatch(/^sim: cli, seed 3: 0:02:00 simulated from 2022-10-15T14:00:00.000Z\n/);
    expect(stderr).toMatch(/ship-gnss +242 lines/);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
      feeds: { file: string }[];
    };
    expect(manifest.feeds.map((f) => f.file)).toEqual(['c-ins.nmea', 'ship-gnss.nmea']);
    expect(readFileSync(join(out, 'c-ins.nmea'), 'latin1')).toMatch(/^\$INZDA,140000\.00,/);
  });

  it('run exits 2 listing every problem of a bad mission', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'name: bad\nstart: yesterday\nvehicles: []\nfaults: 3\n');

    const { code, stderr } = await runCli(['sim', 'run', bad, '--out', join(dir, 'x')]);

    expect(code).toBe(2);
    expect(stderr.split('\n')).toEqual([
      `deepseaguard: ${bad}: 2 problems in the mission`,
      `  - ${bad}: start: expected an ISO 8601 time with a zone, e.g. 2022-10-15T14:00:00Z, ` +
        'got "yesterday"',
      `  - ${bad}: faults: expected a list of faults, got 3`,
      '',
    ]);
  });

  it('run plays a feed to a PTY it makes with socat, for an agent to open', async () => {
    const pty = join(dir, 'ins-pty');
    const child = spawn(
      process.execPath,
      [...CLI_NODE_ARGS, 'sim', 'run', MISSION, '--pty', `c-ins=${pty}`, '--rate', '200'],
      { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    for (let i = 0; i < 500 && !existsSync(pty); i++) await new Promise((r) => setTimeout(r, 20));

    const text = await new Promise<string>((resolve) => {
      let got = '';
      const stream = createReadStream(pty, { encoding: 'latin1' });
      stream.on('data', (chunk) => (got += chunk));
      stream.on('error', () => resolve(got));
      stream.on('end', () => resolve(got));
    });

    expect(await exited).toBe(0);
    const lines = text.split('\r\n').filter((l) => l !== '');
    expect(lines).toHaveLength(121 * 3);
    expect(lines.every((l) => decodeLine(l).ok)).toBe(true);
  });

  it('relocate moves a recorded track and says how many fixes it moved', async () => {
    const log = join(dir, 'track.log');
    const out = join(dir, 'moved.log');
    writeFileSync(
      log,
      'avnav_server 0.6.0\r\n' +
        '$GPRMC,074109.000,A,5420.4738,N,01330.3948,E,0.11,63.77,300613,,,A*5B\r\n' +
        '$GPRMC,074110.000,A,5420.4737,N,01330.3948,E,0.14,172.17,300613,,,A*6E\r\n',
    );

    const { code, stderr } = await runCli([
      'sim',
      'relocate',
      log,
      '--to',
      '10.2,-116.9',
      '--out',
      out,
    ]);

    expect(code).toBe(0);
    expect(stderr).toMatch(/^sim relocate: 3 lines, 2 positions moved from 54\.34123,13\.50658/);
    expect(readFileSync(out, 'latin1').split('\r\n')[1]).toBe(
      '$GPRMC,074109.000,A,1012.0000000,N,11654.0000000,W,0.11,63.77,300613,,,A*40',
    );
  });
});
