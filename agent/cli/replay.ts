// `deepseaguard replay LOG... --fixes`: recorded feeds through the pipeline as fast as they go.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';

import { LineFramer } from '../../drivers/index.js';
import { Fusion, type FeedInfo, type Fix } from '../fusion.js';
import { fixJson, fixTableHeader, fixTableRow, LineWriter } from '../output.js';
import { Pipeline } from '../pipeline.js';
import { Progress } from '../progress.js';
import { formatSummary } from '../summary.js';
import { UsageError } from './usage-error.js';

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

async function feedFile(
  path: string,
  feed: FeedInfo,
  pipeline: Pipeline,
  progress: Progress,
  afterChunk: () => Promise<void>,
): Promise<void> {
  const framer = new LineFramer();
  progress.label(basename(path));
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
    const buffer = chunk as Buffer;
    for (const frame of framer.push(buffer)) pipeline.line(feed, frame);
    progress.advance(buffer.length, Date.now());
    await afterChunk();
  }
  for (const frame of framer.flush()) pipeline.line(feed, frame);
  pipeline.flush();
  await afterChunk();
  const framing = framer.counts();
  pipeline.counts.lines += framing.tooLong + framing.junk;
  pipeline.counts.reject('too_long', framing.tooLong);
  pipeline.counts.reject('not_a_sentence', framing.junk);
}

export async function replayCommand(logs: string[], options: ReplayOptions): Promise<number> {
  if (!options.fixes) {
    throw new UsageError('replay: the rules engine is not wired yet; use --fixes');
  }
  const sizes = await logSizes(logs);
  const defaultDateMs = options.date === undefined ? null : parseDateOption(options.date);
  const writer = new LineWriter(process.stdout);
  const pending: Fix[] = [];
  const fusion = new Fusion({ defaultDateMs });
  const pipeline = new Pipeline({
    fusion,
    requireChecksum: options.requireChecksum === true,
    onFix: (fix) => pending.push(fix),
  });
  const progress = new Progress(
    process.stderr,
    sizes.reduce((a, b) => a + b, 0),
  );

  const printPending = async (): Promise<void> => {
    for (const fix of pending.splice(0)) {
      await writer.line(options.json ? JSON.stringify(fixJson(fix)) : fixTableRow(fix));
    }
  };

  if (!options.json) await writer.line(fixTableHeader());
  for (const log of logs) {
    const feed: FeedInfo = { name: basename(log), vehicle: options.vehicle };
    await feedFile(log, feed, pipeline, progress, printPending);
  }
  await writer.flush();
  progress.done();
  process.stderr.write(formatSummary(pipeline.counts, fusion.dropped));

  const undated = fusion.undatedFeeds;
  if (undated.length > 0 && defaultDateMs === null) {
    throw new UsageError(
      `replay: ${undated.join(', ')}: positions carry a time of day but the log states no ` +
        'date (no RMC or ZDA); give the date with --date YYYY-MM-DD',
      'DSG_NEEDS_DATE',
    );
  }
  return 0;
}
