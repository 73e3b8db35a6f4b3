// The demo as `npm run demo` runs it: the seeded CCZ collector mission, simulated and replayed
// against the published zones and the demonstration rules. Its alerts must be exactly the
// ground truth its mission file states: each violation opening (and closing) within its window,
// and no other.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { jsonLines, runCli } from './helpers/cli.js';

interface TruthViolation {
  rule: string;
  vehicle: string;
  zone: string | null;
  opens: [string, string];
  closes: [string, string] | null;
}

const within = (time: unknown, [from, to]: [string, string]): boolean =>
  typeof time === 'string' && time >= from && time <= to;

describe('npm run demo', () => {
  const out = mkdtempSync(join(tmpdir(), 'dsg-demo-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('raises exactly the violations its mission names, each within its window', async () => {
    const sim = await runCli([
      'sim',
      'run',
      'data/demo/mission.yaml',
      '--seed',
      '1',
      '--stamp',
      '--out',
      out,
    ]);
    const replay = await runCli([
      ...['replay', join(out, 'collector-1-ins.nmea'), join(out, 'collector-1-pressure.nmea')],
      ...['--zones', 'data/zones/ccz-contracts.geojson', '--zones', 'data/zones/ccz-apei.geojson'],
      ...['--rules', 'data/demo/rules.yaml', '--vehicle', 'collector-1', '--json'],
    ]);

    expect(sim.code).toBe(0);
    expect(replay.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
      truth: { violations: TruthViolation[] };
    };
    const truth = manifest.truth.violations;
    const violations = jsonLines(replay.stdout).filter((e) =>
      String(e.kind).startsWith('violation.'),
    );
    expect(truth.length).toBeGreaterThanOrEqual(5);
    for (const t of truth) {
      const mine = violations.filter(
        // stay_inside is about the vehicle, not one zone: its events carry zone null
        (e) => e.rule === t.rule && e.vehicle === t.vehicle && (e.zone ?? t.zone) === t.zone,
      );
      const opened = mine.filter((e) => e.kind === 'violation.opened');
      const closed = mine.filter((e) => e.kind === 'violation.closed');
      expect(
        opened.map((e) => within(e.time, t.opens)),
        `${t.rule} opens`,
      ).toEqual([true]);
      if (t.closes === null) expect(closed, `${t.rule} stays open`).toEqual([]);
      else expect(closed.map((e) => within(e.time, t.closes as [string, string]))).toEqual([true]);
    }
    const expected = truth.reduce((n, t) => n + (t.closes === null ? 1 : 2), 0);
    expect(violations).toHaveLength(expected);
  });
});
