// The engine and its event log, built the same way for replay and the daemon: the engine
// continues from the state a store kept, and reconciliation events come first.
import type { ComplianceEvent, EngineState } from '../rules/index.js';
import { Engine } from '../rules/index.js';

import { EventLog } from './event-log.js';
import type { Judge } from './pipeline.js';
import type { LoadedRuleset } from './ruleset-files.js';
import type { Store } from './store/index.js';

export interface JudgeOptions {
  ruleset: LoadedRuleset;
  store: Store | null;
  agentId: string;
  /** The hash of the ruleset in force when an event is stamped (it changes on reload). */
  currentHash?: () => string;
  onEvent: (event: ComplianceEvent) => void;
}

export function createJudge(options: JudgeOptions): Judge {
  const { ruleset, store } = options;
  const saved = store?.loadState();
  const engine = new Engine({
    zones: ruleset.zones,
    rules: ruleset.rules,
    ...(saved ? { state: saved.state as EngineState } : {}),
  });
  const events = new EventLog({
    agentId: options.agentId,
    store,
    ruleset: options.currentHash ?? (() => ruleset.hash),
    onEvent: options.onEvent,
  });
  events.record(engine.restoreEvents, () => engine.snapshot());
  return { engine, events };
}
