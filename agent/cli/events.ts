// `deepseaguard events --db PATH`: the stored events (DESIGN.md §6, §7), as JSON Lines with
// --json or as a table. Opens the store read-only, so it runs while an agent writes.
import { StoreReader, type ComplianceEvent, type EventFilter } from '../store/index.js';
import { LineWriter } from '../output.js';
import { UsageError } from '../errors.js';

export interface EventsOptions {
  db: string;
  since?: string;
  vehicle?: string;
  kind?: string;
  severity?: string;
  json?: boolean;
}

/** The kinds of DESIGN.md §6, to refuse a misspelt --kind rather than print nothing. */
const KINDS = [
  'zone.entered',
  'zone.exited',
  'violation.opened',
  'violation.closed',
  'alert.acknowledged',
  'feed.connected',
  'feed.disconnected',
  'config.applied',
  'config.rejected',
  'agent.started',
  'agent.stopped',
  'link.up',
  'link.down',
];
const SEVERITIES = ['critical', 'warning', 'info'];

export async function eventsCommand(options: EventsOptions): Promise<number> {
  const filter = eventFilter(options);
  const reader = StoreReader.open(options.db);
  const writer = new LineWriter(process.stdout);
  try {
    if (!options.json) await writer.line(eventTableHeader());
    for (const event of reader.readEvents(filter)) {
      await writer.line(options.json ? JSON.stringify(event) : eventTableRow(event));
    }
    await writer.flush();
  } finally {
    reader.close();
  }
  return 0;
}

/** The store filter the options ask for; every bad option is named at once. */
export function eventFilter(options: EventsOptions): EventFilter {
  const problems: string[] = [];
  const since = options.since === undefined ? undefined : Number(options.since);
  if (since !== undefined && !(Number.isSafeInteger(since) && since >= 0)) {
    problems.push(`--since: expected a seq (a whole number, 0 or more), got "${options.since}"`);
  }
  if (options.kind !== undefined && !KINDS.includes(options.kind)) {
    problems.push(`--kind: expected one of ${KINDS.join(', ')}, got "${options.kind}"`);
  }
  if (options.severity !== undefined && !SEVERITIES.includes(options.severity)) {
    problems.push(
      `--severity: expected one of ${SEVERITIES.join(', ')}, got "${options.severity}"`,
    );
  }
  if (problems.length > 0) throw new FilterError(problems);

  return {
    sinceSeq: since,
    vehicle: options.vehicle,
    kind: options.kind,
    severity: options.severity,
  };
}

class FilterError extends UsageError {
  readonly problems: string[];

  constructor(problems: string[]) {
    super('events: bad options', 'DSG_USAGE');
    this.problems = problems;
  }
}

const COLUMNS = ['time', 'seq', 'vehicle', 'severity', 'kind', 'rule', 'zone', 'where'];
const WIDTHS = [24, 7, 14, 8, 18, 20, 14, 0];

export function eventTableHeader(): string {
  return row(COLUMNS);
}

/** One event as a table row: where is `lat lon` and the depth when known. */
export function eventTableRow(event: ComplianceEvent): string {
  return row([
    event.time,
    String(event.seq),
    event.vehicle ?? '-',
    event.severity,
    event.kind,
    event.rule ?? '-',
    event.zone ?? '-',
    where(event),
  ]);
}

function where(event: ComplianceEvent): string {
  const p = event.position;
  if (!p) return '-';
  const depth = p.depth_m === undefined ? '' : ` ${p.depth_m.toFixed(1)} m`;
  return `${p.lat.toFixed(5)} ${p.lon.toFixed(5)}${depth}`;
}

function row(cells: string[]): string {
  return cells
    .map((cell, i) => cell.padEnd(WIDTHS[i] ?? 0))
    .join(' ')
    .trimEnd();
}
