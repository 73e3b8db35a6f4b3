import { describe, expect, it } from 'vitest';

import { ReconnectingSource, type Connector } from './reconnecting.js';
import type { FeedStatus, Timers } from './source.js';

/** Timers driven by hand: `advance` runs what falls due, in order. */
function manualTimers(): Timers & { advance(ms: number): Promise<void>; pending(): number } {
  let now = 0;
  let nextId = 1;
  const due = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout: (fn, ms) => {
      due.set(nextId, { at: now + ms, fn });
      return nextId++;
    },
    clearTimeout: (id) => void due.delete(id as number),
    pending: () => due.size,
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        // let connection promises settle before looking at what is due
        await new Promise((resolve) => setImmediate(resolve));
        const next = [...due].sort((a, b) => a[1].at - b[1].at)[0];
        if (!next || next[1].at > end) break;
        due.delete(next[0]);
        now = next[1].at;
        next[1].fn();
      }
      now = end;
    },
  };
}

describe('ReconnectingSource', () => {
  it('retries a missing device with doubling delays capped at the maximum', async () => {
    const timers = manualTimers();
    const attemptsAtMs: number[] = [];
    const connect: Connector = async () => {
      attemptsAtMs.push(timers.now());
      throw Object.assign(new Error('no such device'), { code: 'ENOENT' });
    };
    const errors: number[] = [];
    const source = new ReconnectingSource(
      connect,
      { onData: () => {}, onStatus: () => {}, onError: (_e, repeats) => errors.push(repeats) },
      { silenceMs: 10_000, initialDelayMs: 100, maxDelayMs: 1000, timers },
    );

    source.start();
    await timers.advance(5000);
    await source.close();

    expect(attemptsAtMs.slice(0, 7)).toEqual([0, 100, 300, 700, 1500, 2500, 3500]);
    expect(errors.slice(0, 3)).toEqual([0, 1, 2]);
    expect(timers.pending()).toBe(0);
  });

  it('reports connected on the first bytes and disconnected after silence', async () => {
    const timers = manualTimers();
    let push: (chunk: Buffer) => void = () => {};
    const statuses: FeedStatus[] = [];
    const source = new ReconnectingSource(
      async (onData) => {
        push = onData;
        return { close: () => {} };
      },
      { onData: () => {}, onStatus: (s) => statuses.push(s) },
      { silenceMs: 1000, timers },
    );

    source.start();
    await timers.advance(10);
    push(Buffer.from('$'));
    await timers.advance(900);
    push(Buffer.from('$'));
    await timers.advance(900);
    const beforeSilence = statuses.length;
    await timers.advance(200);
    await source.close();

    expect(beforeSilence).toBe(1);
    expect(statuses).toEqual([
      { state: 'connected' },
      { state: 'disconnected', reason: 'silent', attempts: 0 },
    ]);
  });
});
