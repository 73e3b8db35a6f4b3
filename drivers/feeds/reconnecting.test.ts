import { describe, expect, it } from 'vitest';

import { ReconnectingSource, type Connector } from './reconnecting.js';
import { manualTimers } from '../../test/helpers/manual-timers.js';
import type { FeedStatus } from './source.js';

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

  it('retries at least every second by default: a device back is read within 2 s', async () => {
    const timers = manualTimers();
    const attemptsAtMs: number[] = [];
    const source = new ReconnectingSource(
      async () => {
        attemptsAtMs.push(timers.now());
        throw Object.assign(new Error('no such device'), { code: 'ENOENT' });
      },
      { onData: () => {}, onStatus: () => {} },
      { silenceMs: 10_000, timers },
    );

    source.start();
    await timers.advance(60_000);
    await source.close();

    const gaps = attemptsAtMs.slice(1).map((at, i) => at - (attemptsAtMs[i] ?? 0));
    expect(Math.max(...gaps)).toBe(1000);
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
