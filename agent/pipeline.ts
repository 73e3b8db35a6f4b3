// The pipeline of DESIGN.md §1, from framed lines through readings and fixes to the engine's
// events, with every line, sentence and rejection counted. Replay and the live agent both drive
// it; the store, when there is one, gets every raw line and fix, and events go through the
// EventLog.
import type { DecodeOptions, Frame, RejectReason } from '../drivers/index.js';
import { decodeLine } from '../drivers/index.js';
import type { Engine } from '../rules/index.js';

import type { EventLog } from './event-log.js';
import { Fusion, type FeedInfo, type Fix, type FusionOptions } from './fusion.js';
import type { Store } from './store/index.js';

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
    if (count > 0) this.rejected.set(reason, (this.rejected.get(reason) ?? 0) + count);
  }
}

/** The engine and where its events go; absent for `replay --fixes`. */
export interface Judge {
  engine: Engine;
  events: EventLog;
}

export interface PipelineOptions {
  fusion?: Omit<FusionOptions, 'onHeard'>;
  decode?: DecodeOptions;
  store?: Store | null;
  judge?: Judge | null;
  /** Each fix, in order, after the engine has seen it. */
  onFix?: (fix: Fix) => void;
}

/** Decodes, fuses and judges lines from any number of feeds. */
export class Pipeline {
  readonly counts = new PipelineCounts();
  readonly fusion: Fusion;
  #decode: DecodeOptions;
  #store: Store | null;
  #judge: Judge | null;
  #onFix: ((fix: Fix) => void) | undefined;
  #pendingHeard: { vehicle: string; kind: 'depth' | 'altitude' | 'heading'; timeMs: number }[] = [];

  constructor(options: PipelineOptions = {}) {
    this.#decode = options.decode ?? {};
    this.#store = options.store ?? null;
    this.#judge = options.judge ?? null;
    this.#onFix = options.onFix;
    this.fusion = new Fusion({
      ...options.fusion,
      onHeard: (vehicle, kind, timeMs) => this.#heard(vehicle, kind, timeMs),
    });
  }

  /** One framed line from a feed, received at `receivedMs` (wall clock). */
  line(feed: FeedInfo, frame: Frame, receivedMs: number): void {
    this.counts.lines++;
    this.#store?.appendRaw({
      feed: feed.name,
      receivedMs,
      loggedMs: frame.loggedAtMs,
      text: frame.text,
    });
    const result = decodeLine(frame.text, feed.decode ?? this.#decode);
    if (!result.ok) {
      this.counts.reject(result.reason);
      return;
    }
    this.counts.sentence(result.reading.sentence);
    this.#fixes(this.fusion.push(feed, result.reading, frame.loggedAtMs));
    this.#judgeHeard();
  }

  /** Completes pending epochs (end of a log, a pause in a live feed). */
  flush(): void {
    this.#fixes(this.fusion.flush());
  }

  #fixes(fixes: Fix[]): void {
    for (const fix of fixes) {
      this.counts.fixes++;
      this.#store?.appendFix(fix);
      if (this.#judge) this.#judgeFix(this.#judge, fix);
      this.#onFix?.(fix);
    }
  }

  #judgeFix(judge: Judge, fix: Fix): void {
    const engine = judge.engine;
    judge.events.record(engine.onFix(fix), () => engine.snapshot());
  }

  /** Fusion tells of a reading before it returns the (earlier) fixes it completed. */
  #heard(vehicle: string, kind: 'depth' | 'altitude' | 'heading', timeMs: number): void {
    if (this.#judge) this.#pendingHeard.push({ vehicle, kind, timeMs });
  }

  #judgeHeard(): void {
    if (!this.#judge || this.#pendingHeard.length === 0) return;
    const engine = this.#judge.engine;
    for (const { vehicle, kind, timeMs } of this.#pendingHeard.splice(0)) {
      this.#judge.events.record(engine.onReading(vehicle, kind, timeMs), () => engine.snapshot());
    }
  }
}
