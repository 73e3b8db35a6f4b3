import { describe, expect, it } from 'vitest';

import { play, type PlaybackClock, type Sink } from './playback.js';

/** A clock that only moves when the playback sleeps, recording each wait. */
function manualClock(): PlaybackClock & { waits: number[] } {
  let now = 1000;
  const waits: number[] = [];
  return {
    waits,
    nowMs: () => now,
    sleep: async (ms) => {
      waits.push(ms);
      now += ms;
    },
  };
}

function recordingSink(log: string[], name: string): Sink {
  return {
    write: async (text) => void log.push(`${name}:${text}`),
    close: async () => undefined,
  };
}

describe('play', () => {
  it('writes lines in simulated-time order, one write per sink per instant, CR LF', async () => {
    const log: string[] = [];
    const [a, b] = [recordingSink(log, 'a'), recordingSink(log, 'b')];

    const written = await play(
      [
        {
          sink: a,
          lines: [
            { tMs: 0, text: 'A0' },
            { tMs: 0, text: 'A0b' },
            { tMs: 2000, text: 'A2' },
          ],
        },
        {
          sink: b,
          lines: [
            { tMs: 1000, text: 'B1' },
            { tMs: 2000, text: 'B2' },
          ],
        },
      ],
      { rate: 1, clock: manualClock() },
    );

    expect(written).toBe(5);
    expect(log).toEqual(['a:A0\r\nA0b\r\n', 'b:B1\r\n', 'a:A2\r\n', 'b:B2\r\n']);
  });

  it('waits simulated time divided by the rate', async () => {
    const clock = manualClock();
    const lines = [0, 1000, 3000, 10_000].map((tMs) => ({ tMs, text: String(tMs) }));

    await play([{ sink: recordingSink([], 'a'), lines }], { rate: 10, clock });

    expect(clock.waits).toEqual([100, 200, 700]);
  });

  it('reports progress in simulated time and stops when aborted', async () => {
    const seen: number[] = [];
    const abort = new AbortController();
    const lines = [0, 1000, 2000, 3000].map((tMs) => ({ tMs, text: 'x' }));

    await play([{ sink: recordingSink([], 'a'), lines }], {
      rate: 1,
      clock: manualClock(),
      signal: abort.signal,
      onProgress: (tMs) => {
        seen.push(tMs);
        if (tMs === 1000) abort.abort();
      },
    });

    expect(seen).toEqual([0, 1000]);
  });
});
