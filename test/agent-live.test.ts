// The agent as a real process on real pseudo-terminals: what it reads becomes stored events;
// unplugs, silence, floods of junk, bad and good reloads and SIGTERM are all survived.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createRequire } from 'node:module';

import type * as UnixDgram from 'unix-dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CLOCK_FEED } from '../agent/journal-meta.js';
import { StoreReader } from '../agent/store/index.js';
import { encodeRmc } from '../drivers/index.js';
import type { ComplianceEvent } from '../rules/index.js';
import { CLI_NODE_ARGS, runCli } from './helpers/cli.js';
import { ptyPair, type PtyPair } from './helpers/pty.js';
import { until } from './helpers/wait.js';

const BOX = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { id: 'box', kind: 'apei' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [-117, 10],
            [-116.9, 10],
            [-116.9, 10.1],
            [-117, 10.1],
            [-117, 10],
          ],
        ],
      },
    },
  ],
};
const unixDgram = createRequire(import.meta.url)('unix-dgram') as typeof UnixDgram;

const RULES =
  'rules:\n' +
  '  - {id: box-keep-out, type: no_entry, severity: critical, zones: [box]}\n' +
  '  - {id: gnss-stale, type: feed_stale, severity: warning, feed: position, after_s: 2}\n';

describe('deepseaguard run on real pseudo-terminals', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dsg-live-'));
  const db = join(dir, 'store.db');
  const zones = join(dir, 'zones.geojson');
  let pty: PtyPair;
  let agent: ChildProcess;
  let stdout = '';
  // systemd's side of sd_notify: a datagram socket of the test's own
  const notifySocket = join(dir, 'notify.sock');
  const notified: string[] = [];
  const systemd = unixDgram.createSocket('unix_dgram', (msg) => notified.push(msg.toString()));

  /** Reads the store as it stands, with a reader of its own. */
  const read = <T>(rows: (reader: StoreReader) => Iterable<T>): T[] => {
    const reader = StoreReader.open(db);
    try {
      return [...rows(reader)];
    } finally {
      reader.close();
    }
  };
  const events = () => read((reader) => reader.readEvents());
  const journal = () => read((reader) => reader.readJournal());
  const stored = (kind: string, extra: (e: ComplianceEvent) => boolean = () => true) =>
    until(() => events().find((e) => e.kind === kind && extra(e)), `a stored ${kind}`);
  // sensor time runs a second per fix, however fast the test writes them
  let sensorMs = Date.now();
  const fix = (latDeg: number, stepS = 1) => {
    sensorMs += stepS * 1000;
    return `${encodeRmc({ timeMs: sensorMs, latDeg, lonDeg: -116.95, sogMps: 1, cogDeg: 0 })}\r\n`;
  };

  beforeAll(async () => {
    systemd.bind(notifySocket);
    pty = await ptyPair(dir, 'gnss');
    writeFileSync(zones, JSON.stringify(BOX));
    writeFileSync(join(dir, 'rules.yaml'), RULES);
    writeFileSync(
      join(dir, 'agent.yaml'),
      [
        'agent_id: live-test',
        'vehicle: collector-1',
        `zones: [${zones}]`,
        'rules: rules.yaml',
        'feeds:',
        `  - {name: gnss, path: ${pty.device}, baud: 115200, silence_s: 30}`,
        'store: {path: store.db, max_mb: 64}',
        'log_level: info',
      ].join('\n'),
    );
    agent = spawn(process.execPath, [...CLI_NODE_ARGS, 'run', '--config', 'agent.yaml'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, NOTIFY_SOCKET: notifySocket, WATCHDOG_USEC: '400000' },
    });
    agent.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    await until(() => (stdout.includes('"agent ready"') ? true : undefined), 'agent ready', 20_000);
  }, 30_000);

  afterAll(async () => {
    if (agent.exitCode === null) agent.kill('SIGKILL');
    await pty.close();
    systemd.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('turns sentences written to the PTY into stored events', async () => {
    await pty.write(fix(10.05));
    await pty.write(fix(10.05001));

    const opened = await stored('violation.opened', (e) => e.rule === 'box-keep-out');

    expect(opened).toMatchObject({ vehicle: 'collector-1', zone: 'box', severity: 'critical' });
    expect(events().map((e) => e.kind)).toEqual(
      expect.arrayContaining(['agent.started', 'feed.connected', 'zone.entered']),
    );
  });

  it('tells systemd it is ready and feeds the watchdog while the pipeline moves', async () => {
    await until(() => (notified.includes('WATCHDOG=1') ? true : undefined), 'a watchdog ping');

    expect(notified[0]).toMatch(/^READY=1\nSTATUS=feeds \d\/1 up, lines \d+, fixes \d+/);
  });

  it('opens feed_stale by its timer when the feed goes quiet', async () => {
    const stale = await stored('violation.opened', (e) => e.rule === 'gnss-stale');

    expect(stale.detail).toMatchObject({ feed: 'position' });
  });

  it('reports an unplugged device and reads it again once it is back', async () => {
    await pty.unplug();
    await stored('feed.disconnected');
    await pty.plug();
    const resend = setInterval(() => void pty.write(fix(10.05002)).catch(() => {}), 100);

    try {
      await stored('feed.connected', (e) => e.seq > 4);
      await stored('violation.closed', (e) => e.rule === 'gnss-stale');
    } finally {
      clearInterval(resend);
    }
  });

  it('counts 100,000 malformed lines at full speed and stays up', async () => {
    const junk = Buffer.from('$GPRMC,garbage*00\r\nnot a sentence at all\r\n'.repeat(50_000));

    await pty.write(junk);
    await pty.write(fix(9.95, 1200));

    const exited = await stored('zone.exited');
    expect(exited.zone).toBe('box');
    expect(agent.exitCode).toBeNull();
  });

  it('keeps its zones when a reload is broken, and applies a good one', async () => {
    writeFileSync(zones, '{"type": "FeatureCollection", "features": [{"type": "Feature"}]}');
    agent.kill('SIGHUP');
    const rejected = await stored('config.rejected');

    writeFileSync(zones, JSON.stringify(BOX).replace('"box"', '"box"') + '\n');
    agent.kill('SIGHUP');
    const applied = await stored('config.applied');

    expect(rejected.detail.problems).toEqual(
      expect.arrayContaining([expect.stringContaining(zones)]),
    );
    expect(applied.detail).toMatchObject({ zones: 1, rules: 2 });
  });

  it('journals a tick that finds a feed stale: a record ending in silence re-derives', async () => {
    const staleOpenings = () =>
      events().filter((e) => e.kind === 'violation.opened' && e.rule === 'gnss-stale');
    const before = staleOpenings().length;

    await until(() => staleOpenings().length > before, 'feed_stale to open again');

    const clock = journal().filter((entry) => entry.feed === CLOCK_FEED);
    expect(clock.length).toBeGreaterThanOrEqual(2);
    const lastOpenedMs = Date.parse(staleOpenings().at(-1)?.time ?? '');
    expect(Number(clock.at(-1)?.text)).toBeGreaterThan(lastOpenedMs);
  });

  it('stores agent.stopped and exits 0 on SIGTERM', async () => {
    const exited = new Promise<number | null>((r) => agent.once('exit', (code) => r(code)));

    agent.kill('SIGTERM');

    expect(await exited).toBe(0);
    const last = events().at(-1);
    expect(last?.kind).toBe('agent.stopped');
    expect(last?.detail).toMatchObject({ reason: 'SIGTERM' });
    expect(last?.detail.lines).toBeGreaterThanOrEqual(100_000);
    // 50,000 sentences with a bad checksum, 50,000 lines that are no sentence at all
    expect(last?.detail.rejected_lines).toBeGreaterThanOrEqual(100_000);
    expect(notified.at(-1)).toBe('STOPPING=1\nSTATUS=stopping: SIGTERM');
  });

  it('leaves a journal from which replay re-derives the same findings', async () => {
    const result = await runCli(['replay', '--from-journal', '--db', db, '--json']);

    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({ equal: true });
    expect(result.code).toBe(0);
  });
});
