// `npm ci` (or `npm run build`) leaves a working `node_modules/.bin/deepseaguard`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { ROOT } from './helpers/cli.js';

describe('node_modules/.bin/deepseaguard', () => {
  it('runs the built command line and prints the package version', () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { version: string };

    const result = spawnSync(`${ROOT}node_modules/.bin/deepseaguard`, ['--version'], {
      encoding: 'utf8',
    });

    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`${pkg.version}\n`);
    expect(result.status).toBe(0);
  });

  it('exits 2 on an unknown command, naming it', () => {
    const result = spawnSync(`${ROOT}node_modules/.bin/deepseaguard`, ['fly'], {
      encoding: 'utf8',
    });

    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown command 'fly'");
  });
});
