// The pipeline of DESIGN.md §1 up to the engine's door: frames → readings → fixes, with every
// line, sentence and rejection counted. Replay and the live agent both drive it.
import type { DecodeResult, Frame, RejectReason } from '../drivers/index.js';
import { decodeLine } from '../drivers/index.js';

import type { FeedInfo, Fix, Fusion } from './fusion.js';

/** What a run has seen, for the summary and the status. */
export class PipelineCounts {
  lines = 0;
  fixes = 0;
  readonly sentences = new Map<string, number>();
  readonly rejected = new Map<RejectReason, number>();

  sentence(type: string): void {
    this.sentences.set(type, (this.sentences.get(type) ?? 0) + 1);
  }

  reject(reason: RejectReason, count = 1): void {
    this.rejected.set(reason, (this.rejected.get(reason) ?? 0) + count);
  }
}

export interface PipelineOptions {
  fusion: Fusion;
  requireChecksum?: boolean;
  /** Called with each fix, in order. */
  onFix: (fix: Fix) => void;
  /** Called with each decoded frame, before fusion (the raw journal). */
  onFrame?: (feed: FeedInfo, frame: Frame, result: DecodeResult) => void;
}

/** Decodes and fuses lines from any number of feeds. */
export class Pipeline {
  readonly counts = new PipelineCounts();
  #options: PipelineOptions;
  #decodeOptions: { requireChecksum: boolean };

  constructor(options: PipelineOptions) {
    this.#options = options;
    this.#decodeOptions = { requireChecksum: options.requireChecksum ?? false };
  }

  /** One framed line from a feed. */
  line(feed: FeedInfo, frame: Frame): void {
    this.counts.lines++;
    const result = decodeLine(frame.text, this.#decodeOptions);
    this.#options.onFrame?.(feed, frame, result);
    if (!result.ok) {
      this.counts.reject(result.reason);
      return;
    }
    this.counts.sentence(result.reading.sentence);
    this.#emit(this.#options.fusion.push(feed, result.reading, frame.loggedAtMs));
  }

  /** Completes pending epochs (end of a log, a pause in a live feed). */
  flush(): void {
    this.#emit(this.#options.fusion.flush());
  }

  #emit(fixes: Fix[]): void {
    for (const fix of fixes) {
      this.counts.fixes++;
      this.#options.onFix(fix);
    }
  }
}
