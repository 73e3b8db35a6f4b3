// `replay --db` killed with SIGKILL at 20 random moments, as a power cut or the OOM killer
// would: after each kill the store opens and its chain verifies, every event the replay printed
// is stored (it prints only after the commit), and the next run continues the seq where the
// stored events end, without repeating a finding.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { StoreReader } from '../agent/store/index.js';
import { encodeRmc } from '../drivers/index.js';
import { CLI_NODE_ARGS } from './helpers/cli.js';
import { mulberry32 } from '../sim/index.js';

const KILLS = 20;
const MAX_DELAY_MS = 150;
const FIXES = 240_000;
/** The track crosses the zone's edge every this many fixes: two events each time. */
const LEG_FIXES = 40;

/** A track going to and fro across a zone's edge at 1 m/s, crossing it every LEG_FIXES. */
function toAndFroLog(): string {
  const start = Date.UTC(2022, 9, 15, 14);
  const lines: string[] = [];
  for (let i = 0; i < FIXES; i++) {
    const legS = i % (2 * LEG_FIXES);
    const northM = (legS < LEG_FIXES ? legS : 2 * LEG_FIXES - legS) - LEG_FIXES / 2 + 0.5;
    const latDeg = 10 + northM / 110_600;
    lines.push(encodeRmc({ timeMs: start + i * 1000, latDeg, lonDeg: -116.5, sogMps: 1 }));
  }
  return lines.join('\r\n') + '\r\n';
}

interface Run {
  printed: number[];
  events: string[];
  killed: boolean;
}

function replay(args: string[], killAfterMs: number | null): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI_NODE_ARGS, 'replay', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let armed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (armed || killAfterMs === null || !out.includes('\n')) return;
      armed = true;
      setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      const lines = out.split('\n');
      lines.pop(); // a line cut by the kill was not printed whole
      const printed = lines.map((line) => (JSON.parse(line) as { seq: number }).seq);
      resolve({ printed, events: lines, killed: signal === 'SIGKILL' });
    });
  });
}

function inspect(db: string): { ok: boolean; seqs: number[]; events: string[]; problem: string } {
  const reader = StoreReader.open(db);
  try {
    const report = reader.verify();
    const events = [...reader.readEvents()];
    return {
      ok: report.ok,
      problem: report.ok ? '' : report.problem,
      seqs: events.map((e) => e.seq),
      events: events.map((e) => JSON.stringify(e)),
    };
  } finally {
    reader.close();
  }
}

describe('replay --db killed at random moments', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dsg-replay-crash-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps a verifiable store holding every printed event, and continues seq', async () => {
    const log = join(dir, 'jitter.nmea');
    const zones = join(dir, 'zones.geojson');
    const rules = join(dir, 'rules.yaml');
    const db = join(dir, 'store.db');
    writeFileSync(log, toAndFroLog());
    const ring = [
      [-117, 10],
      [-116, 10],
      [-116, 11],
      [-117, 11],
      [-117, 10],
    ];
    const zone = {
      type: 'Feature',
      properties: { id: 'box' },
      geometry: { type: 'Polygon', coordinates: [ring] },
    };
    writeFileSync(zones, JSON.stringify({ type: 'FeatureCollection', features: [zone] }));
    writeFileSync(
      rules,
      'rules:\n  - {id: keep-out, type: no_entry, severity: critical, zones: [box]}\n' +
        // a dwell spans restarts: each pass lasts 40 s against a 30 s limit
        '  - {id: linger, type: max_dwell, severity: warning, zones: [box], limit_s: 30}\n',
    );
    const args = [log, '--zones', zones, '--rules', rules, '--db', db, '--json'];
    const rnd = mulberry32(7);
    let storedHead = 0;
    let killed = 0;

    for (let i = 0; i < KILLS; i++) {
      const run = await replay(args, Math.floor(rnd() * MAX_DELAY_MS));
      const store = inspect(db);

      expect(store.ok, `after kill ${i + 1}: ${store.problem}`).toBe(true);
      const stored = new Set(store.seqs);
      expect(
        run.printed.filter((seq) => !stored.has(seq)),
        `kill ${i + 1}`,
      ).toEqual([]);
      if (run.printed.length > 0) expect(run.printed[0]).toBe(storedHead + 1);
      expect(store.seqs).toEqual(store.seqs.map((_, k) => k + 1));
      storedHead = store.seqs.length;
      if (run.killed) killed++;
    }
    const last = await replay(args, null);
    const final = inspect(db);
    const clean = await replay(
      [...args.slice(0, -3), '--db', join(dir, 'clean.db'), '--json'],
      null,
    );

    expect(killed).toBeGreaterThan(KILLS / 2);
    expect(final.ok).toBe(true);
    if (last.printed.length > 0) expect(last.printed[0]).toBe(storedHead + 1);
    // neither repeated nor forgotten: the same findings, with the same seqs, as one clean run
    expect(final.events).toEqual(clean.events);
  }, 240_000);
});
