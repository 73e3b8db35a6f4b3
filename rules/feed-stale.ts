/**
 * The `feed_stale` state machine (DESIGN.md §5), driven by the data's own time: a violation opens
 * at the last reading's time plus `after_s`, whatever input shows that moment has passed (a later
 * reading of any kind, or the agent telling the time), and closes at the next reading of the feed.
 */
import { fixPosition, ruleActive, violationDraft } from './checks.js';
import type { CompiledRule, VehicleState } from './checks.js';
import { isoMs } from './iso-time.js';
import type { FeedKind } from './ruleset.js';
import type { EventDraft, EventPosition } from './types.js';

/**
 * Runs a feed_stale rule for one vehicle at `timeMs`, where `reading` is the kind of reading that
 * arrived then (null when only time is told). A feed never heard from counts from the moment the
 * vehicle was first seen.
 */
export function checkFeedStale(
  state: VehicleState,
  compiled: CompiledRule,
  timeMs: number,
  reading: FeedKind | null,
  out: EventDraft[],
): void {
  const rule = compiled.rule;
  if (rule.type !== 'feed_stale') return;
  const heard = state.feeds[rule.feed];
  const lastMs = heard ?? state.firstSeenMs;
  const dueMs = lastMs + rule.afterS * 1000;
  const severity = rule.severity;

  if (timeMs > dueMs && !state.open.has(compiled.key) && ruleActive(rule, dueMs)) {
    const open = { rule: rule.id, zone: null, type: rule.type, severity, openedMs: dueMs };
    state.open.set(compiled.key, open);
    const lastAt = heard === undefined ? null : isoMs(heard);
    const detail = { feed: rule.feed, after_s: rule.afterS, last_at: lastAt };
    const fields = { ...open, timeMs: dueMs, detail };
    out.push(violationDraft('violation.opened', state, lastPosition(state), fields));
  }

  const open = reading === rule.feed ? state.open.get(compiled.key) : undefined;
  if (open !== undefined) {
    state.open.delete(compiled.key);
    const detail = { feed: rule.feed, gap_s: (timeMs - lastMs) / 1000, after_s: rule.afterS };
    out.push(
      violationDraft('violation.closed', state, lastPosition(state), { ...open, timeMs, detail }),
    );
  }
}

function lastPosition(state: VehicleState): EventPosition | null {
  return state.lastFix === null ? null : fixPosition(state.lastFix);
}
