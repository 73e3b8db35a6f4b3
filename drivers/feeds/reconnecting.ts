// The reconnect loop shared by serial and TCP sources: open, read, notice the end (an error,
// a close, or silence longer than the limit: some USB adapters vanish without a close),
// back off with a cap, open again.
import type { FeedHandlers, FeedSource, Timers } from './source.js';
import { systemTimers } from './source.js';

/** One open connection: a way to close it. */
export interface Connection {
  close(): void;
}

/** Opens a connection, calling `onData` for bytes and `onEnd` once when it ends. */
export type Connector = (
  onData: (chunk: Buffer) => void,
  onEnd: (reason: string) => void,
) => Promise<Connection>;

export interface ReconnectOptions {
  /** Silence longer than this counts as a lost device (config `silence_s`). */
  silenceMs: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
  timers?: Timers;
}

const INITIAL_DELAY_MS = 250;
// A replugged device is back within a second; probing a missing path that often costs nothing.
const MAX_DELAY_MS = 1_000;

export class ReconnectingSource implements FeedSource {
  #connect: Connector;
  #handlers: FeedHandlers;
  #timers: Timers;
  #silenceMs: number;
  #initialDelayMs: number;
  #maxDelayMs: number;

  #connection: Connection | null = null;
  #retryTimer: unknown = null;
  #silenceTimer: unknown = null;
  #lastDataMs = 0;
  #attempts = 0;
  #errorRepeats = 0;
  #connected = false;
  #closed = false;
  #generation = 0;

  constructor(connect: Connector, handlers: FeedHandlers, options: ReconnectOptions) {
    this.#connect = connect;
    this.#handlers = handlers;
    this.#timers = options.timers ?? systemTimers;
    this.#silenceMs = options.silenceMs;
    this.#initialDelayMs = options.initialDelayMs ?? INITIAL_DELAY_MS;
    this.#maxDelayMs = options.maxDelayMs ?? MAX_DELAY_MS;
  }

  start(): void {
    void this.#open();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#clearTimers();
    this.#connection?.close();
    this.#connection = null;
  }

  async #open(): Promise<void> {
    if (this.#closed) return;
    const generation = ++this.#generation;
    try {
      const connection = await this.#connect(
        (chunk) => this.#data(generation, chunk),
        (reason) => this.#ended(generation, reason),
      );
      if (this.#closed || generation !== this.#generation) {
        connection.close();
        return;
      }
      this.#connection = connection;
      this.#lastDataMs = this.#timers.now();
      this.#armSilence();
    } catch (err) {
      this.#failed(err as Error);
    }
  }

  /** The feed counts as connected when bytes flow, not when a device merely opens. */
  #data(generation: number, chunk: Buffer): void {
    if (generation !== this.#generation || this.#closed) return;
    const now = this.#timers.now();
    this.#lastDataMs = now;
    if (!this.#connected) {
      this.#connected = true;
      this.#attempts = 0;
      this.#errorRepeats = 0;
      this.#handlers.onStatus({ state: 'connected' });
    }
    this.#handlers.onData(chunk, now);
  }

  #ended(generation: number, reason: string): void {
    if (generation !== this.#generation || this.#closed) return;
    this.#drop(reason);
  }

  #failed(err: Error): void {
    if (this.#closed) return;
    this.#handlers.onError?.(err, this.#errorRepeats++);
    this.#drop((err as NodeJS.ErrnoException).code ?? err.message);
  }

  #drop(reason: string): void {
    this.#generation++;
    this.#connection?.close();
    this.#connection = null;
    if (this.#silenceTimer !== null) this.#timers.clearTimeout(this.#silenceTimer);
    this.#silenceTimer = null;
    if (this.#connected) {
      this.#connected = false;
      this.#handlers.onStatus({ state: 'disconnected', reason, attempts: this.#attempts });
    }
    this.#scheduleRetry();
  }

  #scheduleRetry(): void {
    if (this.#closed || this.#retryTimer !== null) return;
    const delayMs = Math.min(this.#maxDelayMs, this.#initialDelayMs * 2 ** this.#attempts);
    this.#attempts++;
    this.#retryTimer = this.#timers.setTimeout(() => {
      this.#retryTimer = null;
      void this.#open();
    }, delayMs);
  }

  #armSilence(): void {
    const dueMs = this.#lastDataMs + this.#silenceMs - this.#timers.now();
    this.#silenceTimer = this.#timers.setTimeout(
      () => {
        this.#silenceTimer = null;
        if (this.#timers.now() - this.#lastDataMs >= this.#silenceMs) this.#drop('silent');
        else this.#armSilence();
      },
      Math.max(0, dueMs),
    );
  }

  #clearTimers(): void {
    if (this.#retryTimer !== null) this.#timers.clearTimeout(this.#retryTimer);
    if (this.#silenceTimer !== null) this.#timers.clearTimeout(this.#silenceTimer);
    this.#retryTimer = null;
    this.#silenceTimer = null;
  }
}
