/**
 * A feed source: bytes from a serial device, a TCP server or a file, delivered with the time
 * they arrived, and its connection state reported as it changes. Sources reconnect by
 * themselves; `close()` stops them and clears every timer and listener.
 */
export interface FeedSource {
  start(): void;
  close(): Promise<void>;
}

export type FeedState = 'connected' | 'disconnected';

export interface FeedStatus {
  state: FeedState;
  /** Why the feed went down: the error code or `silent`. */
  reason?: string;
  /** Reconnection attempts since the feed went down. */
  attempts?: number;
}

export interface FeedHandlers {
  onData(chunk: Buffer, receivedMs: number): void;
  onStatus(status: FeedStatus): void;
  /** Errors while (re)connecting: the first is worth a loud log, repeats only a count. */
  onError?(err: Error, repeats: number): void;
}

/** Timers and the clock, injected so reconnection over minutes is tested in milliseconds. */
export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
