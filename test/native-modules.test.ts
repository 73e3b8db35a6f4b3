// The native modules build from source during `npm ci`; a missing or broken binary must fail
// here rather than on a vehicle.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { listSerialPorts } from '../drivers/index.js';

describe('native modules', () => {
  it('better-sqlite3 opens a database file, writes and reads it back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dsg-native-'));
    try {
      const db = new Database(join(dir, 'probe.db'));
      db.exec('CREATE TABLE t (v TEXT)');
      db.prepare('INSERT INTO t VALUES (?)').run('deep');

      const row = db.prepare('SELECT v, sqlite_version() AS version FROM t').get() as {
        v: string;
        version: string;
      };
      db.close();

      expect(row.v).toBe('deep');
      expect(row.version).toMatch(/^3\./);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serialport lists the serial ports through its native binding and udevadm', async () => {
    const ports = await listSerialPorts();

    expect(Array.isArray(ports)).toBe(true);
    for (const port of ports) expect(port.path).toMatch(/^\/dev\//);
  });
});
