import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const UNIT = fileURLToPath(new URL('../systemd/deepseaguard.service', import.meta.url));
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
