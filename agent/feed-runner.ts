// Live feeds for the daemon: each configured feed becomes a source (serial device, TCP server
// or file) whose bytes are framed and queued for the pipeline. The queue is bounded: when the
// pipeline falls behind, lines are counted as dropped, never buffered without end, and the
// reader never waits on the store.
import { existsSync, statSync } from 'node:fs';

import type { FeedSource, FeedStatus, Frame, Timers } from '../drivers/index.js';
import { fileFeed, LineFramer, parseTcpUrl, serialFeed, tcpFeed } from '../drivers/index.js';

import type { FeedConfig } from './config.js';
import type { FeedInfo } from './fusion.js';
import type { Logger } from './log.js';

/** The most lines waiting for the pipeline, over all feeds. */
export const QUEUE_LIMIT = 10_000;

export interface QueuedLine {
  feed: FeedInfo;
  frame: Frame;
  receivedMs: number;
}

export interface FeedRunnerOptions {
  feeds: readonly FeedConfig[];
  logger: Logger;
  timers?: Timers;
  /** Lines are ready in the queue. */
  onLines: () => void;
  onStatus: (feed: FeedConfig, status: FeedStatus, atMs: number) => void;
}

/** Per feed: what it has delivered and how it stands. */
export interface FeedCounters {
  name: string;
  connected: boolean;
  lines: number;
  dropped: number;
  tooLong: number;
  junk: number;
}

function feedInfo(config: FeedConfig): FeedInfo {
  const decode =
    config.protocol === 'pressure'
      ? {
          ...(config.format ? { pressureFormat: config.format } : {}),
          ...(config.units ? { pressureUnits: config.units } : {}),
        }
      : undefined;
  return {
    name: config.name,
    vehicle: config.vehicle,
    transponders: config.transponders,
    ...(decode ? { decode } : {}),
  };
}

function isRegularFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/** Starts every feed and queues what they deliver. */
export class FeedRunner {
  readonly queue: QueuedLine[] = [];
  readonly counters: FeedCounters[];
  /** The feeds as fusion sees them, in configuration order. */
  readonly infos: FeedInfo[];
  #sources: FeedSource[] = [];
  #options: FeedRunnerOptions;

  constructor(options: FeedRunnerOptions) {
    this.#options = options;
    this.infos = options.feeds.map(feedInfo);
    this.counters = options.feeds.map((f) => ({
      name: f.name,
      connected: false,
      lines: 0,
      dropped: 0,
      tooLong: 0,
      junk: 0,
    }));
  }

  start(): void {
    this.#sources = this.#options.feeds.map((config, i) =>
      this.#source(config, this.infos[i] as FeedInfo, this.counters[i] as FeedCounters),
    );
    for (const source of this.#sources) source.start();
  }

  async close(): Promise<void> {
    await Promise.all(this.#sources.map((s) => s.close()));
    this.#sources = [];
  }

  /** Takes up to `max` queued lines, oldest first. */
  take(max: number): QueuedLine[] {
    return this.queue.splice(0, max);
  }

  #source(config: FeedConfig, info: FeedInfo, counters: FeedCounters): FeedSource {
    const framer = new LineFramer();
    const log = this.#options.logger.child({ component: 'feed', feed: config.name });
    const handlers = {
      onData: (chunk: Buffer, receivedMs: number) => {
        this.#enqueue(info, framer.push(chunk), receivedMs, counters);
        const framing = framer.counts();
        counters.tooLong = framing.tooLong;
        counters.junk = framing.junk;
      },
      onStatus: (status: FeedStatus) => {
        counters.connected = status.state === 'connected';
        this.#options.onStatus(config, status, Date.now());
      },
      onError: (err: Error, repeats: number) => {
        // the first failure is worth a warning; its repeats only a count (STYLE.md §9)
        if (repeats === 0) log.warn({ err, path: config.path }, 'feed cannot be opened');
        else log.debug({ repeats, code: (err as NodeJS.ErrnoException).code }, 'feed retry');
      },
    };
    return this.#open(config, handlers);
  }

  #open(config: FeedConfig, handlers: Parameters<typeof serialFeed>[1]): FeedSource {
    const timers = this.#options.timers ? { timers: this.#options.timers } : {};
    const silenceMs = config.silenceS * 1000;
    const tcp = parseTcpUrl(config.path);
    if (tcp) return tcpFeed({ ...tcp, silenceMs, ...timers }, handlers);
    if (isRegularFile(config.path)) return fileFeed({ path: config.path, ...timers }, handlers);
    return serialFeed({ path: config.path, baud: config.baud, silenceMs, ...timers }, handlers);
  }

  #enqueue(feed: FeedInfo, frames: Frame[], receivedMs: number, counters: FeedCounters): void {
    if (frames.length === 0) return;
    counters.lines += frames.length;
    const room = QUEUE_LIMIT - this.queue.length;
    if (room < frames.length) counters.dropped += frames.length - Math.max(0, room);
    for (const frame of frames.slice(0, Math.max(0, room))) {
      this.queue.push({ feed, frame, receivedMs });
    }
    this.#options.onLines();
  }
}
