import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { runCli } from '../../test/helpers/cli.js';
import { AGENT, eventsFrom, fixAt, tempDir } from '../../test/helpers/store.js';
import { Store } from '../store/index.js';
import { exportCommand, parseTime } from './export.js';
import { VerificationFailed } from '../errors.js';

let dir: ReturnType<typeof tempDir>;
let path: string;

beforeEach(() => {
  dir = tempDir();
  path = `${dir.dir}/agent.db`;
  const store = Store.open(path, { agentId: AGENT });
  for (let i = 0; i < 10; i++) store.appendFix(fixAt(i));
  store.appendEvents(eventsFrom(1, 5));
  store.close();
});

afterEach(() => dir.remove());

describe('deepseaguard export', () => {
  it('writes a bundle and reports it with the chain head', async () => {
    const out = join(dir.dir, 'bundle');

    const { code, stdout } = await runCli([
      'export',
      '--db',
      path,
      '--from',
      '2022-10-15',
      '--to',
      '2022-10-15',
      '--out',
      out,
    ]);

    expect(code).toBe(0);
    expect(stdout).toMatch(
      /5 events, 10 fixes of 1 vehicles, 1 rulesets, 3 files; chain intact, head seq 5/,
    );
    expect(
      ['events.jsonl', 'chain.jsonl', 'track.geojson', 'manifest.json'].every((f) =>
        existsSync(join(out, f)),
      ),
    ).toBe(true);
  });

  it('writes the bundle and fails verification when the chain is broken', async () => {
    const db = new Database(path);
    db.pragma('foreign_keys = OFF');
    db.exec('DELETE FROM events WHERE seq = 4');
    db.close();
    const out = join(dir.dir, 'bundle');

    const run = exportCommand({ db: path, from: '2022-10-15', to: '2022-10-16', out });

    await expect(run).rejects.toBeInstanceOf(VerificationFailed);
    await expect(run).rejects.toThrow('the chain is broken at seq 4');
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
  });

  it('refuses a directory that already holds files', async () => {
    const out = join(dir.dir, 'used');
    mkdirSync(out);
    writeFileSync(join(out, 'x'), '');

    const run = exportCommand({ db: path, from: '2022-10-15', to: '2022-10-16', out });

    await expect(run).rejects.toThrow(
      `--out: expected a new or empty directory, got "${out}" with 1 entries`,
    );
  });

  it('refuses an end before the start', async () => {
    const run = exportCommand({ db: path, from: '2022-10-16', to: '2022-10-15', out: dir.dir });

    await expect(run).rejects.toThrow('--to: expected a time not before --from');
  });
});

describe('parseTime', () => {
  it('reads an ISO 8601 time with its zone', () => {
    expect(parseTime('--from', '2022-10-15T16:23:05+02:00', 'start')).toBe(
      Date.parse('2022-10-15T14:23:05Z'),
    );
  });

  it('takes a date from its start, or as an end to its last millisecond', () => {
    expect(parseTime('--from', '2022-10-15', 'start')).toBe(Date.parse('2022-10-15T00:00:00Z'));
    expect(parseTime('--to', '2022-10-15', 'end')).toBe(Date.parse('2022-10-15T23:59:59.999Z'));
  });

  it('refuses a time without a zone, which would be read as local time', () => {
    expect(() => parseTime('--from', '2022-10-15T14:00', 'start')).toThrow(
      '--from: expected an ISO 8601 time with its zone',
    );
  });

  it('refuses a date that does not exist', () => {
    expect(() => parseTime('--to', '2022-02-30', 'end')).toThrow('got "2022-02-30"');
  });
});
