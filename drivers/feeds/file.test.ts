import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { manualTimers } from '../../test/helpers/manual-timers.js';
import { fileFeed } from './file.js';
import type { FeedStatus } from './source.js';

const LOG = [
  '$GPRMC,142305.00,A,1030.1234,N,11654.5678,W,0.4,87.2,151022,,,D*79',
  '$HEHDT,87.25,T*27',
  '$GPRMC,142306.00,A,1030.1235,N,11654.5678,W,0.4,87.2,151022,,,D*7B',
  '$GPRMC,142308.00,A,1030.1236,N,11654.5678,W,0.4,87.2,151022,,,D*76',
].join('\r\n');

describe('file feed', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('plays a log at its recorded pace scaled by the rate, then reports its end', async () => {
    dir = mkdtempSync(join(tmpdir(), 'dsg-file-'));
    const path = join(dir, 'track.nmea');
    writeFileSync(path, LOG);
    const timers = manualTimers();
    const arrivals: [number, string][] = [];
    const statuses: FeedStatus[] = [];
    const feed = fileFeed(
      { path, rate: 10, timers },
      {
        onData: (chunk, atMs) => arrivals.push([atMs, chunk.toString().slice(7, 16)]),
        onStatus: (s) => statuses.push(s),
      },
    );

    feed.start();
    while (statuses.length === 0) await new Promise((r) => setTimeout(r, 5));
    await timers.advance(1000);
    await feed.close();

    // one second of log is 100 ms at rate 10; the heading rides with its epoch
    expect(arrivals).toEqual([
      [0, '142305.00'],
      [100, '142306.00'],
      [300, '142308.00'],
    ]);
    expect(statuses.map((s) => s.state)).toEqual(['connected', 'disconnected']);
  });
});
