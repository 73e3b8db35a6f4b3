// Where findings become events: each draft gets the next seq, the agent's id and the ruleset
// hash (DESIGN.md §6), is written to the store, and only then is shown to anyone (printed,
// logged, published). With the disk full the store holds the events in memory and they are
// still shown: the crew must see an alert the store cannot yet keep.
import type { ComplianceEvent, EventDraft } from '../rules/index.js';
import { stampEvent } from '../rules/index.js';

import type { Store } from './store/index.js';

export interface EventLogOptions {
  agentId: string;
  /** Null for a run that keeps nothing (a replay without --db). */
  store: Store | null;
  /** The hash of the zones and rules in force now. */
  ruleset: () => string;
  /** Each event, after the store has it. */
  onEvent: (event: ComplianceEvent) => void;
}

/** Stamps, stores and then shows events, in seq order. */
export class EventLog {
  readonly byKind = new Map<string, number>();
  #options: EventLogOptions;
  #nextSeq: number;

  constructor(options: EventLogOptions) {
    this.#options = options;
    this.#nextSeq = options.store?.nextSeq() ?? 1;
  }

  /** Records the drafts; `state` is the engine snapshot to keep with them, when there is one. */
  record(drafts: readonly EventDraft[], state?: () => unknown): ComplianceEvent[] {
    if (drafts.length === 0) return [];
    const { store, agentId } = this.#options;
    if (store) this.#nextSeq = store.nextSeq();
    const ruleset = this.#options.ruleset();
    const events = drafts.map((draft) =>
      stampEvent(draft, { seq: this.#nextSeq++, agentId, ruleset }),
    );
    if (store) {
      const result = store.appendEvents(events, state?.());
      // the store's bound on held events was reached: it reissues these seqs
      if (!result.durable && !result.held) this.#nextSeq = store.nextSeq();
    }
    for (const event of events) {
      this.byKind.set(event.kind, (this.byKind.get(event.kind) ?? 0) + 1);
      this.#options.onEvent(event);
    }
    return events;
  }
}
