import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { CLI_NODE_ARGS } from './helpers/cli.js';
import { serviceNodeFlags, UNIT_PATH as UNIT } from './helpers/unit.js';

const hasSystemdAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0;

// systemd-analyze comes with systemd, which every machine of this project's kind has.
describe.runIf(hasSystemdAnalyze)('systemd/deepseaguard.service', () => {
  it('is rated 2.0 or lower by systemd-analyze security', () => {
    const out = execFileSync(
      'systemd-analyze',
      ['security', '--offline=true', '--no-pager', UNIT],
      { encoding: 'utf8' },
    );

    const match = /Overall exposure level for deepseaguard\.service: ([\d.]+)/.exec(out);
    expect(match, out).not.toBeNull();
    expect(Number(match?.[1])).toBeLessThanOrEqual(2.0);
  });

  it('passes systemd-analyze verify', () => {
    const result = spawnSync('systemd-analyze', ['verify', UNIT], { encoding: 'utf8' });

    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('is a notify service with a watchdog, state and configuration directories', () => {
    const out = readFileSync(UNIT, 'utf8');

    for (const line of [
      'Type=notify',
      'WatchdogSec=30',
      'StateDirectory=deepseaguard',
      'ConfigurationDirectory=deepseaguard',
      'SupplementaryGroups=dialout',
    ]) {
      expect(out).toContain(line);
    }
  });
});

describe('the node flags in the unit', () => {
  it('keep the heap small, which the live memory figure depends on', () => {
    expect(serviceNodeFlags()).toContain('--optimize-for-size');
  });

  it('are accepted by node without a warning', () => {
    const result = spawnSync(
      process.execPath,
      [...serviceNodeFlags(), ...CLI_NODE_ARGS, '--version'],
      {
        encoding: 'utf8',
      },
    );

    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('are read from ExecStart, between node and the script', () => {
    const unit = '[Service]\nExecStart=/usr/bin/node --a --b=1 /opt/x/main.js run --config c\n';

    expect(serviceNodeFlags(unit)).toEqual(['--a', '--b=1']);
    expect(() => serviceNodeFlags('[Service]\n')).toThrow(/no ExecStart/);
  });
});
