import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type * as UnixDgram from 'unix-dgram';
import { afterEach, describe, expect, it } from 'vitest';

import { SystemdNotifier } from './systemd-notify.js';

const unixDgram = createRequire(import.meta.url)('unix-dgram') as typeof UnixDgram;

describe('SystemdNotifier', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((f) => f()));

  function listen(): { path: string; received: string[]; next: () => Promise<string> } {
    const dir = mkdtempSync(join(tmpdir(), 'dsg-notify-'));
    const path = join(dir, 'notify.sock');
    const received: string[] = [];
    const waiting: ((msg: string) => void)[] = [];
    const socket = unixDgram.createSocket('unix_dgram', (msg) => {
      const text = msg.toString();
      const waiter = waiting.shift();
      if (waiter) waiter(text);
      else received.push(text);
    });
    socket.bind(path);
    cleanups.push(() => {
      socket.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const next = (): Promise<string> => {
      const queued = received.shift();
      return queued !== undefined ? Promise.resolve(queued) : new Promise((r) => waiting.push(r));
    };
    return { path, received, next };
  }

  it('sends READY, WATCHDOG and STOPPING datagrams to the socket systemd names', async () => {
    const server = listen();
    const notifier = new SystemdNotifier(server.path);
    cleanups.push(() => notifier.close());

    notifier.ready('zones 17, feeds 2');
    notifier.watchdog();
    notifier.stopping('stopping on SIGTERM');

    expect(await server.next()).toBe('READY=1\nSTATUS=zones 17, feeds 2');
    expect(await server.next()).toBe('WATCHDOG=1');
    expect(await server.next()).toBe('STOPPING=1\nSTATUS=stopping on SIGTERM');
  });

  it('does nothing outside systemd', () => {
    const notifier = new SystemdNotifier('');

    notifier.ready('up');

    expect(notifier.enabled).toBe(false);
  });

  it('reports a socket it cannot reach instead of throwing', async () => {
    const errors: Error[] = [];
    const notifier = new SystemdNotifier('/nonexistent/notify.sock', (err) => errors.push(err));
    cleanups.push(() => notifier.close());

    notifier.ready('up');

    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toBe('sd_notify to /nonexistent/notify.sock: ENOENT');
  });

  it('reads the watchdog interval only when it is meant for this process', () => {
    const pid = String(process.pid);

    expect(SystemdNotifier.watchdogIntervalMs({ WATCHDOG_USEC: '20000000' })).toBe(20_000);
    expect(
      SystemdNotifier.watchdogIntervalMs({ WATCHDOG_USEC: '2000000', WATCHDOG_PID: pid }),
    ).toBe(2000);
    expect(
      SystemdNotifier.watchdogIntervalMs({ WATCHDOG_USEC: '1', WATCHDOG_PID: '1' }),
    ).toBeNull();
    expect(SystemdNotifier.watchdogIntervalMs({})).toBeNull();
  });
});
