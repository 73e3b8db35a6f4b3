// The live agent on a real filesystem that fills up (a 2 MB tmpfs): while the disk is full it
// keeps judging and logging its alerts, and once space returns it stores what it held and
// raises one storage.alarm.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { StoreReader } from '../agent/store/index.js';
import { encodeRmc } from '../drivers/index.js';
import type { ComplianceEvent } from '../rules/index.js';
import { CLI_NODE_ARGS } from './helpers/cli.js';
import { ptyPair, type PtyPair } from './helpers/pty.js';
import { fillFilesystem, mountTmpfs, unmountTmpfs } from './helpers/tmpfs.js';
import { until } from './helpers/wait.js';

const BOX = {
  type: 'Feature',
  properties: { id: 'box' },
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [-117, 10],
        [-116, 10],
        [-116, 11],
        [-117, 11],
        [-117, 10],
      ],
    ],
  },
};

const tmpfs = mountTmpfs('2m');

const skipped = tmpfs.reason ? ` (skipped: ${tmpfs.reason})` : '';

describe.skipIf(tmpfs.dir === null)(
  `deepseaguard run on a filesystem that fills up${skipped}`,
  () => {
    const work = mkdtempSync(join(tmpdir(), 'dsg-agent-full-'));
    const db = join(tmpfs.dir ?? '', 'store.db');
    const filler = join(tmpfs.dir ?? '', 'filler');
    let pty: PtyPair;
    let agent: ChildProcess;
    let stdout = '';
    let sensorMs = Date.now();

    afterAll(async () => {
      if (agent && agent.exitCode === null) {
        // the store must be closed before the filesystem can be unmounted
        const exited = new Promise((r) => agent.once('exit', r));
        agent.kill('SIGTERM');
        await exited;
      }
      await pty?.close();
      unmountTmpfs(tmpfs.dir ?? '');
      rmSync(work, { recursive: true, force: true });
    });

    const logged = (kind: string): ComplianceEvent[] =>
      stdout
        .split('\n')
        .filter((line) => line.includes(`"kind":"${kind}"`))
        .map((line) => (JSON.parse(line) as { event: ComplianceEvent }).event);
    const stored = (): ComplianceEvent[] => {
      const reader = StoreReader.open(db);
      try {
        return [...reader.readEvents()];
      } finally {
        reader.close();
      }
    };
    // to and fro across the box's south edge, half a metre each side, one fix a second
    let fixes = 0;
    const fix = async (): Promise<void> => {
      sensorMs += 1000;
      const latDeg = 10 + (fixes++ % 2 === 0 ? 0.5 : -0.5) / 110_600;
      await pty.write(`${encodeRmc({ timeMs: sensorMs, latDeg, lonDeg: -116.5, sogMps: 1 })}\r\n`);
    };

    it('logs alerts while the disk is full, then stores them and raises one alarm', async () => {
      pty = await ptyPair(work, 'gnss');
      writeFileSync(
        join(work, 'zones.geojson'),
        JSON.stringify({ type: 'FeatureCollection', features: [BOX] }),
      );
      writeFileSync(
        join(work, 'rules.yaml'),
        'rules:\n  - {id: keep-out, type: no_entry, severity: critical, zones: [box]}\n',
      );
      writeFileSync(
        join(work, 'agent.yaml'),
        [
          'agent_id: full-test',
          'vehicle: collector-1',
          'zones: [zones.geojson]',
          'rules: rules.yaml',
          `feeds: [{name: gnss, path: ${pty.device}, silence_s: 60}]`,
          `store: {path: ${db}, max_mb: 64}`,
        ].join('\n'),
      );
      agent = spawn(process.execPath, [...CLI_NODE_ARGS, 'run', '--config', 'agent.yaml'], {
        cwd: work,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      agent.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      await until(
        () => (stdout.includes('"agent ready"') ? true : undefined),
        'agent ready',
        30_000,
      );

      await fix();
      await until(
        () => (logged('violation.opened').length > 0 ? true : undefined),
        'a first alert',
      );
      fillFilesystem(filler);
      for (let i = 0; i < 6; i++) await fix();
      await until(() => (stdout.includes('storage failing') ? true : undefined), 'the failure log');
      const closedWhileFull = await until(
        () => (logged('violation.closed').length >= 3 ? logged('violation.closed') : undefined),
        'alerts while the disk is full',
      );

      rmSync(filler);
      await fix();
      const alarm = await until(
        () => stored().find((e) => e.kind === 'storage.alarm'),
        'storage.alarm',
      );

      expect(agent.exitCode).toBeNull();
      expect(alarm.severity).toBe('warning');
      expect(alarm.detail).toMatchObject({ code: 'SQLITE_FULL' });
      const seqs = new Set(stored().map((e) => e.seq));
      expect(closedWhileFull.filter((e) => !seqs.has(e.seq))).toEqual([]);
      expect(stored().filter((e) => e.kind === 'storage.alarm')).toHaveLength(1);
    }, 90_000);
  },
);
