import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { runCli } from '../../test/helpers/cli.js';
import { AGENT, eventsFrom, tempDir } from '../../test/helpers/store.js';
import { Store } from '../store/index.js';
import { exitCodeOf } from './exit.js';
import { VerificationFailed } from '../errors.js';
import { verifyCommand } from './verify.js';

let dir: ReturnType<typeof tempDir>;
let path: string;

beforeEach(() => {
  dir = tempDir();
  path = `${dir.dir}/agent.db`;
  const store = Store.open(path, { agentId: AGENT });
  store.appendEvents(eventsFrom(1, 5), { seq: 5 });
  store.close();
});

afterEach(() => dir.remove());

function tamper(...statements: string[]): void {
  const db = new Database(path);
  db.pragma('foreign_keys = OFF');
  db.transaction(() => statements.forEach((sql) => db.exec(sql)))();
  db.close();
}

describe('deepseaguard verify', () => {
  it('exits 0 with the count and head of an intact chain', async () => {
    const { code, stdout } = await runCli(['verify', '--db', path]);

    expect(code).toBe(0);
    expect(stdout).toMatch(/chain intact: 5 events, head seq 5 hash [0-9a-f]{64}\n$/);
  });

  it('exits 3 naming an edited record', async () => {
    tamper(
      `UPDATE events SET json = replace(json, '"distance_m":0', '"distance_m":900') WHERE seq = 3`,
    );

    const { code, stderr } = await runCli(['verify', '--db', path]);

    expect(code).toBe(3);
    expect(stderr).toContain(
      'chain broken at seq 3: record seq 3: hash does not match its content',
    );
  });

  it('fails verification naming a deleted record', async () => {
    tamper('DELETE FROM events WHERE seq = 2');

    const run = verifyCommand({ db: path });

    await expect(run).rejects.toBeInstanceOf(VerificationFailed);
    await expect(run).rejects.toThrow('chain broken at seq 2: record seq 2 is missing');
  });

  it('fails verification naming reordered records', async () => {
    tamper(
      'UPDATE events SET seq = -4 WHERE seq = 4',
      'UPDATE events SET seq = 4 WHERE seq = 5',
      'UPDATE events SET seq = 5 WHERE seq = -4',
    );

    const run = verifyCommand({ db: path });

    await expect(run).rejects.toThrow('record seq 4 holds event seq 5 (records reordered)');
  });

  it('exits 2 for a file that does not exist', async () => {
    const err: unknown = await verifyCommand({ db: `${dir.dir}/none.db` }).catch((e: unknown) => e);

    expect(exitCodeOf(err)).toBe(2);
    expect(String(err)).toContain('none.db: no such store file');
  });
});
