// A recorded log played as a live feed at its recorded pace (or faster), for trials ashore and
// for the agent's tests. The pace comes from the logger's timestamps when the log has them,
// else from the sentences' own times of day; lines without a time go out with the previous one.
import { readFile } from 'node:fs/promises';

import { decodeLine } from '../decode.js';
import { LineFramer } from '../framing.js';
import type { FeedHandlers, FeedSource, Timers } from './source.js';
import { systemTimers } from './source.js';

export interface FileFeedOptions {
  path: string;
  /** Playback speed: 1 is the recorded pace, 10 ten times faster. */
  rate?: number;
  timers?: Timers;
}

/** The longest pause honoured between two lines: a gap in the log is not waited out. */
const MAX_PAUSE_MS = 10_000;

interface TimedLine {
  text: string;
  /** Recorded time (epoch or time of day, ms), or null when the line has none. */
  atMs: number | null;
}

function timeOf(text: string, loggedAtMs: number | null): number | null {
  if (loggedAtMs !== null) return loggedAtMs;
  const result = decodeLine(text);
  if (!result.ok || !('timeOfDayMs' in result.reading)) return null;
  return result.reading.timeOfDayMs;
}

async function readTimedLines(path: string): Promise<TimedLine[]> {
  const framer = new LineFramer();
  const frames = [...framer.push(await readFile(path)), ...framer.flush()];
  return frames.map((f) => ({ text: f.text, atMs: timeOf(f.text, f.loggedAtMs) }));
}

class FileFeed implements FeedSource {
  #options: FileFeedOptions;
  #handlers: FeedHandlers;
  #timers: Timers;
  #timer: unknown = null;
  #closed = false;

  constructor(options: FileFeedOptions, handlers: FeedHandlers) {
    this.#options = options;
    this.#handlers = handlers;
    this.#timers = options.timers ?? systemTimers;
  }

  start(): void {
    readTimedLines(this.#options.path).then(
      (lines) => {
        if (this.#closed) return;
        this.#handlers.onStatus({ state: 'connected' });
        this.#play(lines, 0, null);
      },
      (err: NodeJS.ErrnoException) => {
        this.#handlers.onError?.(err, 0);
        this.#handlers.onStatus({ state: 'disconnected', reason: err.code ?? err.message });
      },
    );
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** Sends every line up to the next change of time, then waits the recorded interval. */
  #play(lines: TimedLine[], from: number, lastAtMs: number | null): void {
    let i = from;
    let batch = '';
    let at = lastAtMs;
    for (; i < lines.length; i++) {
      const line = lines[i] as TimedLine;
      if (line.atMs !== null && at !== null && line.atMs > at && batch !== '') break;
      if (line.atMs !== null) at = line.atMs;
      batch += `${line.text}\r\n`;
    }
    if (batch !== '') this.#handlers.onData(Buffer.from(batch), this.#timers.now());
    if (i >= lines.length) {
      this.#handlers.onStatus({ state: 'disconnected', reason: 'end of file' });
      return;
    }
    const nextAt = lines[i]?.atMs ?? at ?? 0;
    const pauseMs = Math.min(MAX_PAUSE_MS, (nextAt - (at ?? nextAt)) / (this.#options.rate ?? 1));
    this.#timer = this.#timers.setTimeout(() => {
      this.#timer = null;
      if (!this.#closed) this.#play(lines, i, at);
    }, pauseMs);
  }
}

/** A log file played at its recorded pace. */
export function fileFeed(options: FileFeedOptions, handlers: FeedHandlers): FeedSource {
  return new FileFeed(options, handlers);
}
