// `deepseaguard replay LOG...`: recorded feeds through the whole pipeline as fast as they go,
// printing the events (or with --fixes the fused fixes) and a summary on stderr.
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';

import type { ComplianceEvent } from '../../rules/index.js';
import type { Fix } from '../fusion.js';
import {
  eventTableHeader,
  eventTableRow,
  fixJson,
  fixTableHeader,
  fixTableRow,
  LineWriter,
} from '../output.js';
import { journalFeed, JOURNAL_META_KEY, type JournalMeta } from '../journal-meta.js';
import { createJudge } from '../judge.js';
import { LogMerge } from '../log-merge.js';
import { Pipeline } from '../pipeline.js';
import { Progress } from '../progress.js';
import { loadRulesetFiles, type LoadedRuleset } from '../ruleset-files.js';
import { Store } from '../store/index.js';
import { formatSummary } from '../summary.js';
import { UsageError } from '../errors.js';

export interface ReplayOptions {
  zones?: string[];
  rules?: string;
  vehicle: string;
  agent: string;
  date?: string;
  db?: string;
  fromJournal?: boolean;
  requireChecksum?: boolean;
  fixes?: boolean;
  json?: boolean;
}

/** Frames handed to the pipeline between two looks at the output pipe. */
const BATCH_FRAMES = 4096;

/** `--date YYYY-MM-DD` → epoch ms of that day's 00:00 UTC. */
export function parseDateOption(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  const back = Number.isNaN(ms) ? '' : new Date(ms).toISOString().slice(0, 10);
  if (back !== text) {
    throw new UsageError(`--date: expected a calendar date YYYY-MM-DD, got "${text}"`);
  }
  return ms;
}

/** Sizes of the logs, refusing the run before any output if one cannot be read. */
async function logSizes(logs: string[]): Promise<number[]> {
  if (logs.length === 0) throw new UsageError('replay: expected at least one LOG file, got none');
  return Promise.all(
    logs.map(async (log) => {
      try {
        const info = await stat(log);
        if (!info.isFile()) throw new Error('not a regular file');
        return info.size;
      } catch (err) {
        const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
        throw new UsageError(`replay: cannot read log "${log}": ${why}`, 'DSG_USAGE', {
          cause: err,
        });
      }
    }),
  );
}

async function rulesetFor(options: ReplayOptions): Promise<LoadedRuleset | null> {
  if (options.fixes) return null;
  if (!options.zones?.length || !options.rules) {
    throw new UsageError('replay: expected --zones FILE... and --rules FILE (or --fixes)');
  }
  return loadRulesetFiles(options.zones, options.rules);
}

/** Reads every log through the pipeline, interleaved by logger time (see log-merge.ts). */
async function feedLogs(
  merge: LogMerge,
  pipeline: Pipeline,
  progress: Progress,
  afterBatch: () => Promise<void>,
): Promise<void> {
  let bytesShown = 0;
  for (;;) {
    const batch = await merge.next(BATCH_FRAMES);
    if (batch.length === 0) break;
    const receivedMs = Date.now();
    for (const { source, frame } of batch) pipeline.line(source.feed, frame, receivedMs);
    progress.advance(merge.bytesRead - bytesShown, receivedMs);
    bytesShown = merge.bytesRead;
    await afterBatch();
  }
  pipeline.flush();
  await afterBatch();
  for (const reader of merge.readers) {
    const framing = reader.framer.counts();
    pipeline.counts.lines += framing.tooLong + framing.junk;
    pipeline.counts.reject('too_long', framing.tooLong);
    pipeline.counts.reject('not_a_sentence', framing.junk);
  }
}

/**
 * A replay's store commits in large batches at synchronous=NORMAL: in WAL mode a commit then
 * survives a killed process, and only a power cut could undo the last ones, which re-running
 * the replay from its log restores. The live agent, whose input cannot be read twice, keeps
 * the store's default of FULL.
 */
export const REPLAY_STORE = { synchronous: 'normal', batchMaxRows: 20_000 } as const;

function openStore(
  path: string,
  agentId: string,
  ruleset: LoadedRuleset | null,
  meta: JournalMeta,
) {
  const store = Store.open(path, { agentId, ...REPLAY_STORE });
  store.setMeta(JOURNAL_META_KEY, JSON.stringify(meta));
  if (ruleset) {
    store.recordRuleset({
      hash: ruleset.hash,
      zones: ruleset.zoneSources,
      rules: ruleset.rulesSource,
    });
  }
  return store;
}

export async function replayCommand(logs: string[], options: ReplayOptions): Promise<number> {
  if (options.fromJournal) {
    const { journalReplay } = await import('./replay-journal.js');
    return journalReplay(logs, options);
  }
  const sizes = await logSizes(logs);
  const meta: JournalMeta = {
    vehicle: options.vehicle,
    defaultDateMs: options.date === undefined ? null : parseDateOption(options.date),
    requireChecksum: options.requireChecksum === true,
    feeds: logs.map((log) => journalFeed({ name: basename(log), vehicle: options.vehicle })),
  };
  const ruleset = await rulesetFor(options);
  const store = options.db ? openStore(options.db, options.agent, ruleset, meta) : null;
  try {
    return await run(logs, sizes, options, meta, ruleset, store);
  } finally {
    store?.close();
  }
}

async function run(
  logs: string[],
  sizes: number[],
  options: ReplayOptions,
  meta: JournalMeta,
  ruleset: LoadedRuleset | null,
  store: Store | null,
): Promise<number> {
  const writer = new LineWriter(process.stdout);
  const shown: string[] = [];
  const showEvent = (e: ComplianceEvent): void => {
    shown.push(options.json ? JSON.stringify(e) : eventTableRow(e));
  };
  const showFix = (fix: Fix): void => {
    shown.push(options.json ? JSON.stringify(fixJson(fix)) : fixTableRow(fix));
  };
  const judge = ruleset
    ? createJudge({ ruleset, store, agentId: options.agent, onEvent: showEvent })
    : null;
  const pipeline = new Pipeline({
    fusion: { defaultDateMs: meta.defaultDateMs },
    decode: { requireChecksum: meta.requireChecksum },
    store,
    judge,
    ...(options.fixes ? { onFix: showFix } : {}),
  });
  const progress = new Progress(
    process.stderr,
    sizes.reduce((a, b) => a + b, 0),
  );
  // events are durable by the time they are in `shown`: printing never runs ahead of the store
  const printShown = async (): Promise<void> => {
    for (const line of shown.splice(0)) await writer.line(line);
  };

  if (!options.json) await writer.line(options.fixes ? fixTableHeader() : eventTableHeader());
  await printShown();
  const feeds = logs.map((path) => ({
    path,
    feed: { name: basename(path), vehicle: meta.vehicle },
  }));
  progress.label(feeds.map((f) => f.feed.name).join(', '));
  await feedLogs(new LogMerge(feeds), pipeline, progress, printShown);
  store?.flush();
  await writer.flush();
  progress.done();
  process.stderr.write(
    formatSummary(pipeline.counts, pipeline.fusion.dropped, {
      ...(judge ? { events: judge.events.byKind } : {}),
      ...(ruleset ? { ruleset: ruleset.hash } : {}),
    }),
  );
  refuseUndated(pipeline, meta);
  return 0;
}

function refuseUndated(pipeline: Pipeline, meta: JournalMeta): void {
  const undated = pipeline.fusion.undatedFeeds;
  if (undated.length > 0 && meta.defaultDateMs === null) {
    throw new UsageError(
      `replay: ${undated.join(', ')}: positions carry a time of day but the log states no ` +
        'date (no RMC or ZDA); give the date with --date YYYY-MM-DD',
      'DSG_NEEDS_DATE',
    );
  }
}
