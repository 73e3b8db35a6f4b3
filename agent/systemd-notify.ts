// The sd_notify protocol (sd_notify(3)): newline-separated KEY=VALUE datagrams to the unix
// socket named by $NOTIFY_SOCKET. Node has no unix datagram sockets of its own, hence the
// `unix-dgram` addon. Outside systemd ($NOTIFY_SOCKET unset) every call is a no-op.
import { createRequire } from 'node:module';
import { constants } from 'node:os';

import type * as UnixDgram from 'unix-dgram';

type Socket = ReturnType<typeof UnixDgram.createSocket>;

/** Sends READY, STATUS, WATCHDOG and STOPPING to systemd. */
export class SystemdNotifier {
  #path: string | null;
  #socket: Socket | null = null;
  #onError: (err: Error) => void;

  constructor(socketPath = process.env.NOTIFY_SOCKET, onError: (err: Error) => void = () => {}) {
    // sd_notify(3): a path starting with "@" is in the abstract namespace
    this.#path = socketPath ? socketPath.replace(/^@/, '\0') : null;
    this.#onError = onError;
  }

  get enabled(): boolean {
    return this.#path !== null;
  }

  /** The watchdog interval systemd expects, from $WATCHDOG_USEC; null when it is off. */
  static watchdogIntervalMs(env = process.env): number | null {
    const usec = Number(env.WATCHDOG_USEC);
    const pid = env.WATCHDOG_PID === undefined ? process.pid : Number(env.WATCHDOG_PID);
    return Number.isFinite(usec) && usec > 0 && pid === process.pid ? usec / 1000 : null;
  }

  ready(status: string): void {
    this.#send(`READY=1\nSTATUS=${status}`);
  }

  status(status: string): void {
    this.#send(`STATUS=${status}`);
  }

  watchdog(): void {
    this.#send('WATCHDOG=1');
  }

  stopping(status: string): void {
    this.#send(`STOPPING=1\nSTATUS=${status}`);
  }

  close(): void {
    this.#socket?.close();
    this.#socket = null;
  }

  #send(text: string): void {
    if (this.#path === null) return;
    try {
      this.#socket ??= loadUnixDgram().createSocket('unix_dgram');
      const buf = Buffer.from(text);
      this.#socket.send(buf, 0, buf.length, this.#path, (err) => {
        if (err) this.#onError(new Error(`sd_notify to ${this.#path}: ${errnoName(err)}`));
      });
    } catch (err) {
      this.#onError(err as Error);
    }
  }
}

/** The addon reports "send -2"; the log should say ENOENT. */
function errnoName(err: Error): string {
  const errno = Number(/-(\d+)$/.exec(err.message)?.[1]);
  const name = Object.entries(constants.errno).find(([, value]) => value === errno)?.[0];
  return name ?? err.message;
}

/** Loaded only under systemd, so commands that never notify do not load the addon. */
function loadUnixDgram(): typeof UnixDgram {
  return createRequire(import.meta.url)('unix-dgram') as typeof UnixDgram;
}
