// The run summary written to stderr at the end of a replay (DESIGN.md §7).
import type { DropReason } from './fusion.js';
import type { PipelineCounts } from './pipeline.js';

function byCount(map: ReadonlyMap<string, number>): string {
  const entries = [...map].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
  return entries.length === 0 ? 'none' : entries.map(([k, n]) => `${k} ${n}`).join(', ');
}

function total(map: ReadonlyMap<string, number>): number {
  let sum = 0;
  for (const n of map.values()) sum += n;
  return sum;
}

export interface SummaryExtras {
  events?: ReadonlyMap<string, number>;
  ruleset?: string;
}

export function formatSummary(
  counts: PipelineCounts,
  dropped: ReadonlyMap<DropReason, number>,
  extras: SummaryExtras = {},
): string {
  const lines = [
    `lines read      ${counts.lines}`,
    `sentences       ${total(counts.sentences)} (${byCount(counts.sentences)})`,
    `rejected        ${total(counts.rejected)} (${byCount(counts.rejected)})`,
    `fixes           ${counts.fixes}`,
    `dropped         ${total(dropped)} (${byCount(dropped)})`,
  ];
  if (extras.events)
    lines.push(`events          ${total(extras.events)} (${byCount(extras.events)})`);
  if (extras.ruleset) lines.push(`ruleset         ${extras.ruleset}`);
  return lines.join('\n') + '\n';
}
