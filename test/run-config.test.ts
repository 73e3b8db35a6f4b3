// `deepseaguard run` refuses to start on a configuration it cannot use, naming every problem.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { runCli } from './helpers/cli.js';

describe('deepseaguard run with a bad configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dsg-run-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 2 naming a configuration file that does not exist', async () => {
    const result = await runCli(['run', '--config', join(dir, 'missing.yaml')]);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `deepseaguard: cannot read configuration file "${join(dir, 'missing.yaml')}": ENOENT\n`,
    );
  });

  it('exits 2 listing every problem, before opening any feed or store', async () => {
    const config = join(dir, 'agent.yaml');
    writeFileSync(config, 'agent_id: a\nvehicle: v\nzones: z.geojson\nrules: r.yaml\nfeeds: []\n');

    const result = await runCli(['run', '--config', config]);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `deepseaguard: ${config}: 2 problem(s) in the configuration\n` +
        `  - ${config}: feeds: expected a list of at least one feed, got []\n` +
        `  - ${config}: store: expected an object with path and max_mb, got nothing\n`,
    );
    expect(result.stdout).toBe('');
  });

  it('exits 2 listing the problems of the zones it names', async () => {
    const config = join(dir, 'zones-bad.yaml');
    writeFileSync(join(dir, 'bad.geojson'), '{"type": "FeatureCollection", "features": [{}]}');
    writeFileSync(join(dir, 'r.yaml'), 'rules: []\n');
    writeFileSync(
      config,
      'agent_id: a\nvehicle: v\nzones: bad.geojson\nrules: r.yaml\n' +
        'feeds: [{name: gnss, path: /dev/null}]\nstore: {path: s.db, max_mb: 8}\n',
    );

    const result = await runCli(['run', '--config', config]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`  - ${join(dir, 'bad.geojson')}: feature 0`);
  });
});
