// The store's public data types. Events and fixes are the rules layer's own shapes.
import type {
  ComplianceEvent,
  EngineFix,
  EventKind,
  Severity,
  SourceText,
} from '../../rules/index.js';

import type { Logger } from '../log.js';

export type { ComplianceEvent, EngineFix, EventKind, Severity, SourceText };

/** One line as a feed delivered it: the raw journal's row. */
export interface RawLine {
  feed: string;
  /** Wall-clock epoch ms when the agent received the line. */
  receivedMs: number;
  /** A logger's timestamp found before the `$`, epoch ms; null when none. */
  loggedMs: number | null;
  text: string;
}

/** A raw line as read back, with its position in the journal. */
export interface JournalEntry extends RawLine {
  /** The journal row that holds the line; consecutive lines of one feed share a row. */
  id: number;
}

/** A fix as read back, with its position in the fixes table. */
export interface StoredFix extends EngineFix {
  id: number;
}

/** Which events to read; every member narrows the set. */
export interface EventFilter {
  /** Events after this seq (exclusive): a reader's cursor. */
  sinceSeq?: number;
  vehicle?: string;
  kind?: EventKind | string;
  severity?: Severity | string;
  /** Event time range, epoch ms, both inclusive. */
  fromMs?: number;
  toMs?: number;
  limit?: number;
}

export interface FixFilter {
  vehicle?: string;
  /** Fix time range, epoch ms, both inclusive. */
  fromMs?: number;
  toMs?: number;
}

/** The engine snapshot restored at start, with the seq of the last event issued before it. */
export interface SavedState {
  seq: number;
  savedMs: number;
  state: unknown;
}

/** The last record of the chain. `seq` 0 and the genesis hash when there is none. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** A zones-and-rules configuration as it was loaded, keyed by its hash. */
export interface RulesetSources {
  /** `sha256:...`, as events carry it in `ruleset`. */
  hash: string;
  zones: readonly SourceText[];
  rules: SourceText;
}

/** A ruleset as recorded, with where in the record it came into force. */
export interface RulesetRecord extends RulesetSources {
  recordedMs: number;
  /** The last event seq and fix id stored before it came into force. */
  afterSeq: number;
  afterFixId: number;
}

/** Wall clock and timers, injected so that tests drive group commit and retries. */
export interface StoreClock {
  now(): number;
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Reported once when the store first fails to write (disk full, I/O error). */
export interface StorageFailure {
  /** The SQLite code, e.g. `SQLITE_FULL`. */
  code: string;
  message: string;
  sinceMs: number;
}

/** Reported once when writes succeed again after a failure. */
export interface StorageRecovery {
  code: string;
  failedSinceMs: number;
  recoveredMs: number;
  /** Events held in memory during the outage, now durable: publish them now, in this order. */
  heldEvents: ComplianceEvent[];
  /** Refused because the in-memory bound was reached; their seqs were reissued. */
  refusedEvents: number;
  droppedFixes: number;
  droppedRawLines: number;
}

export interface StoreOptions {
  /** The agent id; recorded on first open and checked against the file afterwards. */
  agentId?: string;
  /** Size budget in bytes: near it, raw lines are thinned, then fixes. */
  maxBytes?: number;
  /** A ceiling the file never exceeds (PRAGMA max_page_count); beyond it writes fail as FULL. */
  hardLimitBytes?: number;
  /** Rows (raw lines and fixes) that trigger a commit; default 2000. */
  batchMaxRows?: number;
  /** The longest a raw line or fix waits for its commit; default 50 ms, the most allowed. */
  batchMaxDelayMs?: number;
  /** Events held in memory while storage fails; default 10,000. */
  maxHeldEvents?: number;
  /** How often a failed write is retried; default 1000 ms. */
  retryDelayMs?: number;
  /**
   * `full` (default): every commit is fsynced and survives a power loss. `normal`: commits
   * survive a crash of the process only; for replays of recorded logs.
   */
  synchronous?: 'full' | 'normal';
  /** Enqueue each event for the forwarder in its own transaction; default true. */
  outbox?: boolean;
  clock?: StoreClock;
  logger?: Logger;
  onStorageFailed?: (failure: StorageFailure) => void;
  onStorageRecovered?: (recovery: StorageRecovery) => void;
}

/** What `appendEvents` did with the events it was given. */
export type AppendResult =
  | { durable: true }
  /** Storage failed: the events are held in memory and will be written on recovery. */
  | { durable: false; held: true }
  /** Storage failed and the in-memory bound is reached: the events are lost, seqs reissued. */
  | { durable: false; held: false };

/** How the store is doing, for the status topic and the console. */
export interface StoreStatus {
  healthy: boolean;
  failure: StorageFailure | null;
  head: ChainHead;
  heldEvents: number;
  pendingRows: number;
  refusedEvents: number;
  droppedFixes: number;
  droppedRawLines: number;
  thinnedFixes: number;
  thinnedRawLines: number;
}
