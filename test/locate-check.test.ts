// `deepseaguard locate` and `deepseaguard check` as real processes: exit codes, messages, and
// locate answering stdin line by line while the input is still open.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { CLI_NODE_ARGS, jsonLines, ROOT, runCli } from './helpers/cli.js';

const ZONES = [
  '--zones',
  'data/zones/ccz-apei.geojson',
  '--zones',
  'data/zones/ccz-contracts.geojson',
];

describe('deepseaguard check --zones', () => {
  it('prints the zone count, the kinds and the hash, and exits 0', async () => {
    const result = await runCli(['check', ...ZONES]);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(
        [
          'zones: 17 from 2 files',
          '  data/zones/ccz-apei.geojson: 13',
          '  data/zones/ccz-contracts.geojson: 4',
          'kinds: apei 13, contract 4',
          'zones hash: sha256:[0-9a-f]{64}',
        ].join('\\n'),
      ),
    );
  });

  it('exits 2 listing every problem of invalid zones', async () => {
    const file = 'rules/fixtures/invalid-zones.geojson';

    const result = await runCli(['check', '--zones', file]);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      [
        'deepseaguard: invalid zones: 4 problems',
        `  - ${file}: feature 0 (id "open-ring"): geometry.coordinates[0]: expected a closed ring` +
          ' (last position equal to the first), got [-117, 11] ≠ [-117, 10]',
        `  - ${file}: feature 1 (no id): id: expected a non-empty string in properties.id or` +
          " the feature's id, got none",
        `  - ${file}: feature 1 (no id): properties.min_depth_m: expected at most max_depth_m` +
          ' (4000), got 5000',
        `  - ${file}: feature 2 (id "lander"): properties.radius_m: expected a radius in metres` +
          ' (> 0) for a Point, got none',
        '',
      ].join('\n'),
    );
  });

  it('exits 2 naming a zone file that does not exist', async () => {
    const result = await runCli(['check', '--zones', 'data/zones/missing.geojson']);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'deepseaguard: cannot read zones file "data/zones/missing.geojson": ENOENT\n',
    );
  });
});

describe('deepseaguard check --rules and --config', () => {
  it('prints the rules by type and severity and the ruleset hash', async () => {
    const result = await runCli(['check', ...ZONES, '--rules', 'data/demo/rules.yaml']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('rules: 6 from data/demo/rules.yaml\n');
    expect(result.stdout).toContain('  severities: critical 3, warning 3\n');
    expect(result.stdout).toMatch(/^ruleset hash: sha256:[0-9a-f]{64}$/m);
  });

  it('exits 2 listing every problem of a rules file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dsg-check-'));
    const rules = join(dir, 'rules.yaml');
    writeFileSync(
      rules,
      'rules:\n  - {id: a, type: no_entry, severity: fatal, zones: [nowhere]}\n' +
        '  - {id: a, type: flying, severity: warning}\n',
    );

    const result = await runCli(['check', ...ZONES, '--rules', rules]);
    rmSync(dir, { recursive: true, force: true });

    expect(result.code).toBe(2);
    const problems = result.stderr.split('\n').filter((l) => l.startsWith('  - '));
    expect(problems).toHaveLength(4);
    expect(problems[0]).toBe(
      `  - ${rules}: rules[0] (a): severity: expected 'critical' or 'warning', got 'fatal'`,
    );
  });

  it('refuses --rules without the zones its selectors refer to', async () => {
    const result = await runCli(['check', '--rules', 'data/demo/rules.yaml']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('check: expected --zones FILE...');
  });

  it('checks a configuration with the zones and rules it names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dsg-check-'));
    const config = join(dir, 'agent.yaml');
    writeFileSync(
      config,
      [
        'agent_id: nori-collector-1',
        'vehicle: collector-1',
        `zones: [${ROOT}data/zones/ccz-contracts.geojson, ${ROOT}data/zones/ccz-apei.geojson]`,
        `rules: ${ROOT}data/demo/rules.yaml`,
        'feeds: [{name: ins, path: /dev/ttyUSB0, baud: 115200}]',
        'store: {path: store.db, max_mb: 512}',
      ].join('\n'),
    );

    const good = await runCli(['check', '--config', config]);
    writeFileSync(config, 'agent_id: x\nfeeds: []\ncolour: blue\n');
    const bad = await runCli(['check', '--config', config]);
    rmSync(dir, { recursive: true, force: true });

    expect(good.code).toBe(0);
    expect(good.stdout).toContain('  ins: /dev/ttyUSB0 (nmea, vehicle collector-1, silence 10 s)');
    expect(good.stdout).toMatch(/^ruleset hash: sha256:[0-9a-f]{64}$/m);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`  - ${config}: colour: unknown key`);
    expect(bad.stderr).toContain(
      `  - ${config}: feeds: expected a list of at least one feed, got []`,
    );
    expect(bad.stderr).toContain(`  - ${config}: store: expected an object with path and max_mb`);
  });
});

describe('deepseaguard locate', () => {
  it('answers a position given on the command line, negative longitude and all', async () => {
    const result = await runCli(['locate', ...ZONES, '--within', '30000', '9.5', '-117.5']);

    // GeographicLib: the meridian arc from 9.5° N to APEI-11's north edge at 9.75° N
    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout)).toEqual([
      {
        lat: 9.5,
        lon: -117.5,
        inside: ['apei-11'],
        boundaries: [{ zone: 'apei-11', distance_m: 27651.3 }],
      },
    ]);
  });

  it('answers each stdin line as it arrives, while stdin stays open', async () => {
    const child = spawn(process.execPath, [...CLI_NODE_ARGS, 'locate', ...ZONES], { cwd: ROOT });
    const lines: string[] = [];
    let pending = '';
    const nextLine = async (): Promise<string> => {
      while (lines.length === 0) {
        const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
        pending += chunk.toString();
        const parts = pending.split('\n');
        pending = parts.pop() ?? '';
        lines.push(...parts);
      }
      return lines.shift() as string;
    };

    child.stdin.write('10.5 -117\n');
    const first = await nextLine();
    child.stdin.write('not a position\n');
    const second = await nextLine();
    child.stdin.write('10.5 243\n');
    const third = await nextLine();
    child.stdin.end();
    const [code] = (await once(child, 'close')) as [number];

    expect(JSON.parse(first)).toEqual({ lat: 10.5, lon: -117, inside: ['nori-d'], boundaries: [] });
    expect(JSON.parse(second)).toEqual({
      line: 2,
      error: 'expected "LAT LON" in decimal degrees, got "not a position"',
    });
    expect(JSON.parse(third)).toMatchObject({ lon: 243, inside: ['nori-d'] });
    expect(code).toBe(2);
  });

  it('exits 0 after a stdin of positions only', async () => {
    const result = await runCli(['locate', ...ZONES], { input: '10.5 -117\n11.1 -117\n' });

    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout).map((answer) => answer['inside'])).toEqual([
      ['nori-d'],
      ['bgr-east-a'],
    ]);
  });

  it('exits 2 on a bad --within or a half position', async () => {
    const within = await runCli(['locate', ...ZONES, '--within', 'far', '10', '-117']);
    const half = await runCli(['locate', ...ZONES, '10']);

    expect(within.code).toBe(2);
    expect(within.stderr).toBe(
      'deepseaguard: locate --within: expected a distance in metres (> 0), got "far"\n',
    );
    expect(half.code).toBe(2);
    expect(half.stderr).toBe(
      'deepseaguard: locate: expected "LAT LON" in decimal degrees, got "10"\n',
    );
  });
});
