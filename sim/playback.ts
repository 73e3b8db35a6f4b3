/**
 * Playing a run in simulated time, scaled by a rate: 1 is real time, 60 a minute a second.
 * Lines of all feeds are merged by time; each reaches its sink no earlier than its moment, and
 * a slow sink holds the playback back rather than losing lines.
 */
import type { TimedLine } from './faults.js';

/** Where one feed's lines go: a pseudo-terminal, TCP clients, ... */
export interface Sink {
  /** Writes text; resolves when the sink can take more. */
  write(text: string): Promise<void>;
  close(): Promise<void>;
}

/** The clock the playback waits on; tests may pass their own. */
export interface PlaybackClock {
  nowMs(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: PlaybackClock = {
  nowMs: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface PlaybackOptions {
  /** Simulated seconds per wall-clock second. */
  rate: number;
  clock?: PlaybackClock;
  /** Called after each moment is written, with its simulated time. */
  onProgress?: (tMs: number) => void;
  signal?: AbortSignal;
}

export interface PlayedFeed {
  lines: readonly TimedLine[];
  sink: Sink;
}

/** Plays the feeds to their sinks; resolves with the number of lines written. */
export async function play(
  feeds: readonly PlayedFeed[],
  options: PlaybackOptions,
): Promise<number> {
  const clock = options.clock ?? systemClock;
  const moments = mergeByTime(feeds);
  const startMs = clock.nowMs();
  let written = 0;

  for (const moment of moments) {
    if (options.signal?.aborted) break;
    const dueMs = startMs + moment.tMs / options.rate;
    const waitMs = dueMs - clock.nowMs();
    if (waitMs > 0) await clock.sleep(waitMs);

    // one write per sink per moment: the lines of an instant arrive together, in order
    await Promise.all(moment.writes.map(({ sink, text }) => sink.write(text)));
    written += moment.count;
    options.onProgress?.(moment.tMs);
  }
  return written;
}

interface Moment {
  tMs: number;
  writes: { sink: Sink; text: string }[];
  count: number;
}

/** Groups lines by simulated time, keeping each feed's own order. */
function mergeByTime(feeds: readonly PlayedFeed[]): Moment[] {
  const byTime = new Map<number, Map<Sink, string[]>>();
  for (const feed of feeds) {
    for (const line of feed.lines) {
      let sinks = byTime.get(line.tMs);
      if (sinks === undefined) byTime.set(line.tMs, (sinks = new Map()));
      let texts = sinks.get(feed.sink);
      if (texts === undefined) sinks.set(feed.sink, (texts = []));
      texts.push(line.text);
    }
  }
  return [...byTime.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([tMs, sinks]) => ({
      tMs,
      writes: [...sinks.entries()].map(([sink, texts]) => ({
        sink,
        text: texts.map((t) => `${t}\r\n`).join(''),
      })),
      count: [...sinks.values()].reduce((n, texts) => n + texts.length, 0),
    }));
}
