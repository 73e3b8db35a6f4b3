// Several recorded feeds replayed as one: a USBL fix needs the ship's fix of the same moment,
// so a replay of a ship's GNSS log and its USBL log must interleave them in time. Loggers stamp
// each line (openrvdas, the simulator): lines are merged by that stamp, and a line without one
// keeps its place after the line before it in its file. Logs without any stamps are read one
// after the other, as given.
import { createReadStream } from 'node:fs';

import type { Frame } from '../drivers/index.js';
import { LineFramer } from '../drivers/index.js';

import type { FeedInfo } from './fusion.js';

export interface LogSource {
  path: string;
  feed: FeedInfo;
}

export interface MergedFrame {
  source: LogSource;
  frame: Frame;
}

const CHUNK_BYTES = 256 * 1024;

/** One log read as frames, with its framer's counts for the summary. */
class LogReader {
  readonly framer = new LineFramer();
  readonly source: LogSource;
  #chunks: AsyncIterator<Buffer>;
  #pending: Frame[] = [];
  #index = 0;
  #ended = false;
  /** The merge key of the head frame: the last logger stamp seen in this log. */
  key = -Infinity;
  bytesRead = 0;

  constructor(source: LogSource) {
    this.source = source;
    const stream = createReadStream(source.path, { highWaterMark: CHUNK_BYTES });
    this.#chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  }

  /** True when `head()` can answer without reading more of the file. */
  get ready(): boolean {
    return this.#index < this.#pending.length || this.#ended;
  }

  /** Reads until a frame is waiting or the log has ended. */
  async fill(): Promise<void> {
    while (!this.ready) {
      const next = await this.#chunks.next();
      if (next.done) {
        this.#ended = true;
        this.#pending = this.framer.flush();
      } else {
        this.bytesRead += next.value.length;
        this.#pending = this.framer.push(next.value);
      }
      this.#index = 0;
    }
  }

  /** The next frame without taking it (call `fill()` first); null at the end of the log. */
  head(): Frame | null {
    const frame = this.#pending[this.#index];
    if (frame === undefined) return null;
    if (frame.loggedAtMs !== null) this.key = frame.loggedAtMs;
    return frame;
  }

  take(): void {
    this.#index++;
  }
}

/** Frames of all logs in time order (see above); `readers` exposes each log's counts. */
export class LogMerge {
  readonly readers: LogReader[];

  constructor(sources: readonly LogSource[]) {
    this.readers = sources.map((s) => new LogReader(s));
  }

  get bytesRead(): number {
    return this.readers.reduce((n, r) => n + r.bytesRead, 0);
  }

  /** Up to `max` frames, in order; an empty batch means every log has ended. */
  async next(max: number): Promise<MergedFrame[]> {
    const out: MergedFrame[] = [];
    while (out.length < max) {
      let best: LogReader | null = null;
      let bestFrame: Frame | null = null;
      for (const reader of this.readers) {
        if (!reader.ready) await reader.fill();
        const frame = reader.head();
        // the earlier-named log wins a tie
        if (frame !== null && (best === null || reader.key < best.key)) {
          best = reader;
          bestFrame = frame;
        }
      }
      if (best === null || bestFrame === null) break;
      out.push({ source: best.source, frame: bestFrame });
      best.take();
    }
    return out;
  }
}
