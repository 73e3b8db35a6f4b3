// `deepseaguard replay --from-journal --db PATH`: re-runs a stored mission from its raw journal
// with the zones and rules that were in force, and compares the findings with the stored
// events. Equal findings show that the record was produced by this code from these readings.
import { canonicalEventJson, type ComplianceEvent, Engine } from '../../rules/index.js';
import { EventLog } from '../event-log.js';
import { Pipeline, type Judge } from '../pipeline.js';
import { buildRuleset } from '../ruleset-files.js';
import { StoreReader, type RulesetRecord } from '../store/index.js';
import { CLOCK_FEED, feedsOf, JOURNAL_META_KEY, type JournalMeta } from '../journal-meta.js';
import type { ReplayOptions } from './replay.js';
import { UsageError, VerificationFailed } from '../errors.js';

const FINDINGS = new Set(['zone.entered', 'zone.exited', 'violation.opened', 'violation.closed']);

/** A finding without what only the stored run can know: its seq and id. */
function findingKey(event: ComplianceEvent): string {
  return canonicalEventJson({ ...event, id: '', seq: 0 });
}

function readMeta(reader: StoreReader, fallbackVehicle: string): JournalMeta {
  const text = reader.getMeta(JOURNAL_META_KEY);
  if (text !== null) return JSON.parse(text) as JournalMeta;
  return { vehicle: fallbackVehicle, defaultDateMs: null, requireChecksum: false, feeds: [] };
}

/** Re-derives the findings from the journal, switching rulesets where the record did. */
function rederive(reader: StoreReader, meta: JournalMeta, log: RulesetRecord[]): ComplianceEvent[] {
  const [first, ...later] = log;
  if (!first) throw new UsageError('replay --from-journal: the store records no zones and rules');
  const initial = buildRuleset([...first.zones], first.rules);
  let hash = initial.hash;
  const engine = new Engine({ zones: initial.zones, rules: initial.rules });
  const findings: ComplianceEvent[] = [];
  const events = new EventLog({
    agentId: 'journal',
    store: null,
    ruleset: () => hash,
    onEvent: (e) => findings.push(e),
  });
  let fixCount = 0;
  const pipeline = new Pipeline({
    fusion: { defaultDateMs: meta.defaultDateMs },
    decode: { requireChecksum: meta.requireChecksum },
    judge: { engine, events },
    onFix: () => {
      fixCount++;
      while (later[0] && later[0].afterFixId <= fixCount) {
        const next = buildRuleset([...later[0].zones], later[0].rules);
        hash = next.hash;
        events.record(engine.replaceConfig(next.zones, next.rules));
        later.shift();
      }
    },
  });
  playJournal(reader, meta, pipeline, { engine, events });
  return findings;
}

/** Feeds the journal to the pipeline as the live agent read it, ticking where it ticked. */
function playJournal(reader: StoreReader, meta: JournalMeta, pipeline: Pipeline, judge: Judge) {
  const feedNamed = feedsOf(meta);
  for (const entry of reader.readJournal()) {
    if (entry.feed === CLOCK_FEED) {
      // the live agent ticked here, between epochs: complete the epoch, then tick
      pipeline.flush();
      judge.events.record(judge.engine.tick(Number(entry.text)));
      continue;
    }
    const feed = feedNamed(entry.feed);
    pipeline.line(feed, { text: entry.text, loggedAtMs: entry.loggedMs }, entry.receivedMs);
  }
  pipeline.flush();
}

export async function journalReplay(logs: string[], options: ReplayOptions): Promise<number> {
  if (!options.db) throw new UsageError('replay --from-journal: expected --db PATH');
  if (logs.length > 0) {
    throw new UsageError('replay --from-journal: expected no LOG files (the journal is in --db)');
  }
  const reader = StoreReader.open(options.db);
  try {
    const derived = rederive(reader, readMeta(reader, options.vehicle), reader.rulesetLog());
    const stored = [...reader.readEvents()].filter((e) => FINDINGS.has(e.kind));
    return compare(derived, stored, options.json === true);
  } finally {
    reader.close();
  }
}

function compare(derived: ComplianceEvent[], stored: ComplianceEvent[], json: boolean): number {
  const count = Math.max(derived.length, stored.length);
  let firstDifference = -1;
  for (let i = 0; i < count && firstDifference < 0; i++) {
    const a = derived[i];
    const b = stored[i];
    if (!a || !b || findingKey(a) !== findingKey(b)) firstDifference = i;
  }
  const summary = {
    stored_findings: stored.length,
    rederived_findings: derived.length,
    equal: firstDifference < 0,
  };
  process.stdout.write(
    json
      ? `${JSON.stringify(summary)}\n`
      : `findings stored ${stored.length}, re-derived ` +
          `${derived.length}: ${summary.equal ? 'equal' : 'DIFFERENT'}\n`,
  );
  if (summary.equal) return 0;
  const storedEvent = stored[firstDifference];
  const derivedEvent = derived[firstDifference];
  throw new VerificationFailed(
    `replay --from-journal: finding ${firstDifference + 1} differs: stored ` +
      `${storedEvent ? JSON.stringify(storedEvent) : 'nothing'}, re-derived ` +
      `${derivedEvent ? JSON.stringify(derivedEvent) : 'nothing'}`,
  );
}
