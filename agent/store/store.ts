// The durable store of one agent (DESIGN.md §1, §6): chained events, fixes, the raw journal, the
// engine's state, rulesets and the forwarder's outbox, in one SQLite file.
//
// Raw lines and fixes are group-committed: held until `batchMaxRows` of them are pending or
// `batchMaxDelayMs` has passed since the first. Events are committed before `appendEvents`
// returns, together with whatever is pending, so a caller prints or publishes only what is on
// disk. When storage fails (disk full, I/O error) nothing is thrown at the caller: the failure
// is reported once, events are held in memory (bounded) and written when storage returns.
import Database from 'better-sqlite3';

import type { Logger } from '../log.js';
import { BatchWriter, type Batch, type PreparedEvent } from './batch-writer.js';
import { enforceBudget, thinStep, walPagesFor, type Thinned } from './budget.js';
import { storedForm } from './chain.js';
import { systemClock } from './clock.js';
import { isStorageFailure, StoreError } from './errors.js';
import { Outbox } from './outbox.js';
import * as q from './queries.js';
import { prepareWritable, SCHEMA_VERSION } from './schema.js';
import type {
  AppendResult,
  ChainHead,
  ComplianceEvent,
  EngineFix,
  EventFilter,
  FixFilter,
  JournalEntry,
  RawLine,
  RulesetRecord,
  RulesetSources,
  SavedState,
  StorageFailure,
  StoreClock,
  StoredFix,
  StoreOptions,
  StoreStatus,
} from './types.js';

/** The longest a raw line or fix may wait for its commit (issue #5). */
export const MAX_BATCH_DELAY_MS = 50;

const DEFAULTS = {
  batchMaxRows: 2000,
  batchMaxDelayMs: MAX_BATCH_DELAY_MS,
  maxHeldEvents: 10_000,
  retryDelayMs: 1000,
};

/** How long a writer waits for another connection's lock before giving up. */
const BUSY_TIMEOUT_MS = 1000;

interface Settings {
  batchMaxRows: number;
  batchMaxDelayMs: number;
  maxHeldEvents: number;
  retryDelayMs: number;
  maxBytes: number | null;
}

interface Counters {
  refusedEvents: number;
  droppedFixes: number;
  droppedRawLines: number;
  thinnedFixes: number;
  thinnedRawLines: number;
}

/** What close() could not write. */
export interface CloseResult {
  unwrittenEvents: number;
}

/** The writable store. One per file and process; readers use `StoreReader`. */
export class Store {
  readonly path: string;
  /** The forwarder's queue. */
  readonly outbox: Outbox;

  #db: Database.Database;
  #writer: BatchWriter;
  #clock: StoreClock;
  #log: Logger | null;
  #settings: Settings;
  #callbacks: Pick<StoreOptions, 'onStorageFailed' | 'onStorageRecovered'>;
  #head: ChainHead;
  #closed = false;

  // waiting for the next commit
  #rawLines: RawLine[] = [];
  #fixes: EngineFix[] = [];
  #telemetry: string[] = [];
  #events: PreparedEvent[] = [];
  #state: { seq: number; json: string } | null = null;
  #rulesets: RulesetSources[] = [];
  #batchTimer: unknown = null;

  // storage failure
  #failure: StorageFailure | null = null;
  #retryTimer: unknown = null;
  #outage: Counters = zeroCounters();
  #totals: Counters = zeroCounters();

  /** Opens (creating and migrating as needed) the store at `path`. */
  static open(path: string, options: StoreOptions = {}): Store {
    const settings = settingsOf(options);
    const db = openDatabase(path);
    try {
      prepareWritable(db, path, options.synchronous ?? 'full');
      applyLimits(db, options);
      recordIdentity(db, path, options.agentId);
      Outbox.requeueInflight(db);
    } catch (err) {
      db.close();
      throw err;
    }
    return new Store(db, path, options, settings);
  }

  private constructor(
    db: Database.Database,
    path: string,
    options: StoreOptions,
    settings: Settings,
  ) {
    this.path = path;
    this.#db = db;
    this.#clock = options.clock ?? systemClock;
    this.#log = options.logger ?? null;
    this.#settings = settings;
    this.#callbacks = options;
    this.#writer = new BatchWriter(db, { outbox: options.outbox ?? true });
    this.outbox = new Outbox(db, () => this.#clock.now());
    this.#head = q.readHead(db);
  }

  /** The seq the next event must carry: the last one stored or held, plus one. */
  nextSeq(): number {
    return this.#head.seq + this.#events.length + 1;
  }

  /** Queues one received line for the raw journal. */
  appendRaw(line: RawLine): void {
    this.#rawLines.push(line);
    this.#rowAdded();
  }

  /** Queues one fused fix. */
  appendFix(fix: EngineFix): void {
    this.#fixes.push(fix);
    this.#rowAdded();
  }

  /** Queues a telemetry payload for the forwarder's telemetry lane. */
  enqueueTelemetry(payload: string): void {
    this.#telemetry.push(payload);
    this.#rowAdded();
  }

  /**
   * Writes the events, each carrying the next seq, and the engine's state after them, in one
   * transaction with everything pending; commits before returning. Print or publish the events
   * only when the result says `durable`; events held during a storage failure come back through
   * `onStorageRecovered` once written.
   */
  appendEvents(events: readonly ComplianceEvent[], state?: unknown): AppendResult {
    this.#checkOpen();
    const prepared = events.map((event, i) => this.#prepare(event, this.nextSeq() + i));
    const previousState = this.#state;
    this.#events.push(...prepared);
    if (state !== undefined) {
      this.#state = { seq: this.nextSeq() - 1, json: JSON.stringify(state) };
    }

    let durable: boolean;
    try {
      durable = this.#commit(prepared.length);
    } catch (err) {
      this.#unqueue(prepared.length, previousState);
      throw err;
    }
    if (durable) return { durable: true };
    if (this.#events.length <= this.#settings.maxHeldEvents) return { durable: false, held: true };

    // the bound is reached: these events are lost, and their seqs go to the next ones
    this.#unqueue(prepared.length, previousState);
    this.#count('refusedEvents', prepared.length);
    this.#log?.error({ refused: prepared.length, seq: prepared[0]?.seq }, 'store: events lost');
    return { durable: false, held: false };
  }

  /**
   * Saves the engine's state as of event `seq` (the last one issued) with the next group
   * commit, so that it agrees with the fixes written with it.
   */
  saveState(seq: number, state: unknown): void {
    const lastSeq = this.nextSeq() - 1;
    if (seq !== lastSeq) {
      throw new StoreError('STORE_STATE_SEQ', `saveState: expected seq ${lastSeq}, got ${seq}`);
    }
    this.#state = { seq, json: JSON.stringify(state) };
    this.#rowAdded();
  }

  /** The engine's state as last saved, with the seq it follows; null for a new store. */
  loadState(): SavedState | null {
    return q.readState(this.#db);
  }

  /**
   * Records the zones and rules now in force, with their sources, so that an evidence bundle
   * can include them. Written with everything pending, before returning.
   */
  recordRuleset(ruleset: RulesetSources): boolean {
    this.#checkOpen();
    this.#rulesets.push(ruleset);
    return this.#commit(0);
  }

  /** Commits everything pending now. False when storage is failing. */
  flush(): boolean {
    this.#checkOpen();
    return this.#commit(0);
  }

  /** Changes the size budget and hard ceiling, as a configuration reload does. */
  resize(limits: Pick<StoreOptions, 'maxBytes' | 'hardLimitBytes'>): void {
    this.#checkOpen();
    applyLimits(this.#db, limits);
    this.#settings.maxBytes = limits.maxBytes ?? null;
  }

  /** Writes what is pending and closes the file. Events that still cannot be written are lost. */
  close(): CloseResult {
    if (this.#closed) return { unwrittenEvents: 0 };
    try {
      this.#commit(0);
    } finally {
      this.#clearTimers();
      this.#closed = true;
      this.#db.close();
    }
    const unwrittenEvents = this.#events.length;
    if (unwrittenEvents > 0) {
      this.#log?.error({ unwrittenEvents, path: this.path }, 'store: closed with unwritten events');
    }
    return { unwrittenEvents };
  }

  status(): StoreStatus {
    return {
      healthy: this.#failure === null,
      failure: this.#failure,
      head: this.#head,
      heldEvents: this.#events.length,
      pendingRows: this.#pendingRows(),
      ...this.#totals,
    };
  }

  /** The durability of commits in force on the connection. */
  synchronous(): 'full' | 'normal' | 'off' | 'extra' {
    const level = this.#db.pragma('synchronous', { simple: true }) as number;
    return (['off', 'normal', 'full', 'extra'] as const)[level] ?? 'full';
  }

  /** The last committed record of the chain. */
  head(): ChainHead {
    return this.#head;
  }

  readEvents(filter?: EventFilter): Generator<ComplianceEvent> {
    return q.readEvents(this.#db, filter);
  }

  readFixes(filter?: FixFilter): Generator<StoredFix> {
    return q.readFixes(this.#db, filter);
  }

  /** The raw journal in arrival order, for `replay --from-journal`. */
  readJournal(afterId?: number): Generator<JournalEntry> {
    return q.readJournal(this.#db, afterId);
  }

  rulesetLog(): RulesetRecord[] {
    return q.readRulesetLog(this.#db);
  }

  getMeta(key: string): string | null {
    return q.readMeta(this.#db, key);
  }

  /** Sets a meta value at once (configuration facts such as the feed-to-vehicle map). */
  setMeta(key: string, value: string): void {
    this.#db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, value);
  }

  #unqueue(events: number, previousState: Batch['state']): void {
    this.#events.splice(this.#events.length - events);
    this.#state = previousState;
  }

  #prepare(event: ComplianceEvent, expectedSeq: number): PreparedEvent {
    if (event.seq !== expectedSeq) {
      throw new StoreError(
        'STORE_SEQUENCE',
        `appendEvents: event "${event.id}": expected seq ${expectedSeq}, got ${event.seq}`,
      );
    }
    const timeMs = Date.parse(event.time);
    if (!Number.isFinite(timeMs)) {
      throw new StoreError(
        'STORE_EVENT_TIME',
        `appendEvents: event "${event.id}": expected an ISO time, got "${event.time}"`,
      );
    }

    const { json, value } = storedForm(event);
    const { vehicle, kind, severity } = event;
    return { seq: event.seq, timeMs, vehicle, kind, severity, json, value };
  }

  #rowAdded(): void {
    this.#checkOpen();
    if (this.#pendingRows() >= this.#settings.batchMaxRows) {
      this.#commit(0);
    } else if (this.#batchTimer === null) {
      this.#batchTimer = this.#clock.setTimeout(() => {
        this.#batchTimer = null;
        if (!this.#closed) this.#commit(0);
      }, this.#settings.batchMaxDelayMs);
    }
  }

  #pendingRows(): number {
    return this.#rawLines.length + this.#fixes.length + this.#telemetry.length;
  }

  /**
   * One commit of everything pending. True when it is on disk; false when storage failed, in
   * which case events and state stay held and the rows are dropped.
   */
  #commit(newEvents: number): boolean {
    this.#cancelBatchTimer();
    const batch = this.#batch();
    if (isEmpty(batch)) return true;

    try {
      this.#head = this.#writeWithRoom(batch);
    } catch (err) {
      if (!isStorageFailure(err)) throw err;
      this.#failed(err as Error & { code: string }, batch);
      return false;
    }

    this.#clearBatch();
    if (this.#failure) this.#recovered(batch.events.slice(0, batch.events.length - newEvents));
    this.#thinToBudget();
    return true;
  }

  // a full store or disk first gives up raw lines and old fixes; then the write is tried again
  #writeWithRoom(batch: Batch): ChainHead {
    try {
      return this.#writer.write(batch, this.#head, this.#clock.now());
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'SQLITE_FULL' || !this.#thinOnce()) throw err;
      return this.#writeWithRoom(batch);
    }
  }

  #thinOnce(): boolean {
    let step: Thinned | null;
    try {
      step = thinStep(this.#db);
    } catch (err) {
      if (isStorageFailure(err)) return false;
      throw err;
    }
    if (step) this.#addThinned(step);
    return step !== null;
  }

  #thinToBudget(): void {
    if (this.#settings.maxBytes === null) return;
    try {
      this.#addThinned(enforceBudget(this.#db, this.#settings.maxBytes));
    } catch (err) {
      if (!isStorageFailure(err)) throw err;
    }
  }

  #addThinned(thinned: Thinned): void {
    this.#totals.thinnedRawLines += thinned.rawLines;
    this.#totals.thinnedFixes += thinned.fixes;
  }

  #batch(): Batch {
    return {
      rawLines: this.#rawLines,
      fixes: this.#fixes,
      telemetry: this.#telemetry,
      events: this.#events,
      state: this.#state,
      rulesets: this.#rulesets,
    };
  }

  #clearBatch(): void {
    this.#rawLines = [];
    this.#fixes = [];
    this.#telemetry = [];
    this.#events = [];
    this.#state = null;
    this.#rulesets = [];
  }

  #failed(err: Error & { code: string }, batch: Batch): void {
    // rows are not held: only events must survive an outage
    this.#count('droppedRawLines', batch.rawLines.length);
    this.#count('droppedFixes', batch.fixes.length + batch.telemetry.length);
    this.#rawLines = [];
    this.#fixes = [];
    this.#telemetry = [];
    this.#scheduleRetry();
    if (this.#failure) return;

    this.#failure = { code: err.code, message: err.message, sinceMs: this.#clock.now() };
    this.#log?.error(
      { err, path: this.path, heldEvents: this.#events.length },
      'store: writes failing',
    );
    this.#callbacks.onStorageFailed?.(this.#failure);
  }

  #recovered(heldEvents: readonly PreparedEvent[]): void {
    const failure = this.#failure;
    if (!failure) return;
    const recovery = {
      code: failure.code,
      failedSinceMs: failure.sinceMs,
      recoveredMs: this.#clock.now(),
      heldEvents: heldEvents.map((e) => e.value as ComplianceEvent),
      refusedEvents: this.#outage.refusedEvents,
      droppedFixes: this.#outage.droppedFixes,
      droppedRawLines: this.#outage.droppedRawLines,
    };
    this.#failure = null;
    this.#outage = zeroCounters();
    this.#cancelRetry();
    this.#log?.warn({ ...recovery, heldEvents: heldEvents.length }, 'store: writes recovered');
    this.#callbacks.onStorageRecovered?.(recovery);
  }

  #scheduleRetry(): void {
    if (this.#retryTimer !== null) return;
    this.#retryTimer = this.#clock.setTimeout(() => {
      this.#retryTimer = null;
      if (this.#closed || !this.#failure) return;
      // nothing waiting: the next append will try
      if (isEmpty(this.#batch())) return;
      this.#commit(0);
    }, this.#settings.retryDelayMs);
  }

  #count(counter: keyof Counters, n: number): void {
    this.#outage[counter] += n;
    this.#totals[counter] += n;
  }

  #cancelBatchTimer(): void {
    if (this.#batchTimer === null) return;
    this.#clock.clearTimeout(this.#batchTimer);
    this.#batchTimer = null;
  }

  #cancelRetry(): void {
    if (this.#retryTimer === null) return;
    this.#clock.clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }

  #clearTimers(): void {
    this.#cancelBatchTimer();
    this.#cancelRetry();
  }

  #checkOpen(): void {
    if (this.#closed) throw new StoreError('STORE_CLOSED', `${this.path}: the store is closed`);
  }
}

function openDatabase(path: string): Database.Database {
  try {
    return new Database(path, { timeout: BUSY_TIMEOUT_MS });
  } catch (err) {
    throw new StoreError('DSG_STORE_OPEN', `${path}: cannot open the store: ${String(err)}`, err);
  }
}

function applyLimits(
  db: Database.Database,
  limits: Pick<StoreOptions, 'maxBytes' | 'hardLimitBytes'>,
): void {
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  // a huge max_page_count lifts a ceiling set earlier on this connection
  const maxPages = limits.hardLimitBytes ? Math.ceil(limits.hardLimitBytes / pageSize) : 0xfffffffe;
  db.pragma(`max_page_count = ${maxPages}`);

  const walPages = limits.maxBytes ? walPagesFor(limits.maxBytes, pageSize) : 1000;
  db.pragma(`wal_autocheckpoint = ${walPages}`);
  db.pragma(`journal_size_limit = ${limits.maxBytes ? walPages * pageSize : -1}`);
}

function recordIdentity(db: Database.Database, path: string, agentId: string | undefined): void {
  const stored = q.readMeta(db, 'agent_id');
  if (agentId !== undefined && stored !== null && stored !== agentId) {
    throw new StoreError(
      'DSG_STORE_AGENT',
      `${path}: expected the store of agent "${agentId}", got that of agent "${stored}"`,
    );
  }

  const set = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
  db.transaction(() => {
    if (agentId !== undefined && stored === null) set.run('agent_id', agentId);
    set.run('schema_version', String(SCHEMA_VERSION));
  })();
}

function settingsOf(options: StoreOptions): Settings {
  const delay = options.batchMaxDelayMs ?? DEFAULTS.batchMaxDelayMs;
  if (!(delay > 0 && delay <= MAX_BATCH_DELAY_MS)) {
    throw new StoreError(
      'DSG_STORE_OPTIONS',
      `batchMaxDelayMs: expected 1–${MAX_BATCH_DELAY_MS}, got ${delay}`,
    );
  }
  return {
    batchMaxRows: options.batchMaxRows ?? DEFAULTS.batchMaxRows,
    batchMaxDelayMs: delay,
    maxHeldEvents: options.maxHeldEvents ?? DEFAULTS.maxHeldEvents,
    retryDelayMs: options.retryDelayMs ?? DEFAULTS.retryDelayMs,
    maxBytes: options.maxBytes ?? null,
  };
}

function isEmpty(batch: Batch): boolean {
  return (
    batch.rawLines.length +
      batch.fixes.length +
      batch.telemetry.length +
      batch.events.length +
      batch.rulesets.length ===
      0 && batch.state === null
  );
}

function zeroCounters(): Counters {
  return {
    refusedEvents: 0,
    droppedFixes: 0,
    droppedRawLines: 0,
    thinnedFixes: 0,
    thinnedRawLines: 0,
  };
}
