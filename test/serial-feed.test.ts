import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { serialFeed, type FeedStatus } from '../drivers/index.js';
import { ptyPair, type PtyPair } from './helpers/pty.js';
import { until } from './helpers/wait.js';

describe('serial feed on a real pseudo-terminal', () => {
  let dir = '';
  let pty: PtyPair | null = null;
  const closers: (() => Promise<void>)[] = [];

  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    await pty?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads what is written, reports an unplug, and resumes when the device returns', async () => {
    dir = mkdtempSync(join(tmpdir(), 'dsg-serial-'));
    pty = await ptyPair(dir);
    const received: string[] = [];
    const statuses: FeedStatus[] = [];
    const feed = serialFeed(
      { path: pty.device, baud: 4800, silenceMs: 10_000 },
      { onData: (chunk) => received.push(chunk.toString()), onStatus: (s) => statuses.push(s) },
    );
    closers.push(() => feed.close());
    feed.start();
    await new Promise((r) => setTimeout(r, 100));

    await pty.write('$GPHDT,87.25,T*3D\r\n');
    await until(() => received.join('').includes('$GPHDT'));
    await pty.unplug();
    await until(() => statuses.some((s) => s.state === 'disconnected'));
    await pty.plug();
    const retry = setInterval(() => void pty?.write('$GPHDT,88.00,T*35\r\n').catch(() => {}), 50);
    await until(() => received.join('').includes('88.00'));
    clearInterval(retry);

    expect(statuses.map((s) => s.state)).toEqual(['connected', 'disconnected', 'connected']);
  });

  it('counts a device that stops talking as disconnected', async () => {
    dir = mkdtempSync(join(tmpdir(), 'dsg-serial-'));
    pty = await ptyPair(dir);
    const statuses: FeedStatus[] = [];
    const feed = serialFeed(
      { path: pty.device, baud: 4800, silenceMs: 300, initialDelayMs: 50, maxDelayMs: 200 },
      { onData: () => {}, onStatus: (s) => statuses.push(s) },
    );
    closers.push(() => feed.close());
    feed.start();
    await new Promise((r) => setTimeout(r, 100));

    await pty.write('$GPHDT,87.25,T*3D\r\n');
    await until(() => statuses.length === 2);

    expect(statuses).toEqual([
      { state: 'connected' },
      { state: 'disconnected', reason: 'silent', attempts: 0 },
    ]);
  });
});
