// A read-only view of a store, for `events`, `verify` and `export`. It opens the file without
// write access, so it never blocks the agent; under WAL it reads the last committed state
// while the agent goes on writing.
import { existsSync } from 'node:fs';

import Database from 'better-sqlite3';

import { StoreError } from './errors.js';
import * as q from './queries.js';
import { checkReadable } from './schema.js';
import type {
  ChainHead,
  ComplianceEvent,
  EventFilter,
  FixFilter,
  JournalEntry,
  RulesetRecord,
  SavedState,
  SourceText,
  StoredFix,
} from './types.js';
import { verifyChain, type ChainReport } from './verify.js';

export class StoreReader {
  readonly path: string;
  #db: Database.Database;

  /** Opens an existing store read-only. */
  static open(path: string): StoreReader {
    if (!existsSync(path)) throw new StoreError('DSG_STORE_MISSING', `${path}: no such store file`);
    let db: Database.Database;
    try {
      db = new Database(path, { readonly: true, fileMustExist: true });
    } catch (err) {
      throw new StoreError('DSG_STORE_OPEN', `${path}: cannot open the store: ${String(err)}`, err);
    }
    try {
      checkReadable(db, path);
    } catch (err) {
      db.close();
      throw err;
    }
    return new StoreReader(db, path);
  }

  private constructor(db: Database.Database, path: string) {
    this.#db = db;
    this.path = path;
  }

  head(): ChainHead {
    return q.readHead(this.#db);
  }

  readEvents(filter?: EventFilter): Generator<ComplianceEvent> {
    return q.readEvents(this.#db, filter);
  }

  readFixes(filter?: FixFilter): Generator<StoredFix> {
    return q.readFixes(this.#db, filter);
  }

  readJournal(afterId?: number): Generator<JournalEntry> {
    return q.readJournal(this.#db, afterId);
  }

  loadState(): SavedState | null {
    return q.readState(this.#db);
  }

  getMeta(key: string): string | null {
    return q.readMeta(this.#db, key);
  }

  rulesetLog(): RulesetRecord[] {
    return q.readRulesetLog(this.#db);
  }

  ruleset(hash: string): { zones: SourceText[]; rules: SourceText } | null {
    return q.readRuleset(this.#db, hash);
  }

  /** The chain hash of the record before `seq` and of `seq` itself, for evidence. */
  links(fromSeq: number, toSeq: number): Map<number, { prevHash: string; hash: string }> {
    const rows = this.#db
      .prepare('SELECT seq, prev_hash, hash FROM events WHERE seq BETWEEN ? AND ?')
      .all(fromSeq, toSeq) as { seq: number; prev_hash: string; hash: string }[];
    return new Map(rows.map((r) => [r.seq, { prevHash: r.prev_hash, hash: r.hash }]));
  }

  /** Checks the whole event chain. */
  verify(): ChainReport {
    // one read transaction: the chain is checked as of one instant while the agent writes
    return this.#db.transaction(() => verifyChain(this.#db))();
  }

  close(): void {
    this.#db.close();
  }
}
