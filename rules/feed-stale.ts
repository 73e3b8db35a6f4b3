/**
 * The `feed_stale` state machine (DESIGN.md §5), driven by the data's own time: a violation opens
 * at the last reading's time plus `after_s`, whatever input shows that moment has passed (a later
 * reading of any kind, or the agent telling the time), and closes at the next reading of the feed.
 */
import { ruleActive, violationDraft, violationKey, fixPosition } from './checks.js';
import type { CompiledRule, VehicleState } from './checks.js';
import { isoMs } from './iso-time.js';
import type { FeedKind } from './ruleset.js';
import type { EventDraft } from './types.js';

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
  const heard = state.feeds.get(rule.feed);
  const lastMs = heard ?? state.firstSeenMs;
  const dueMs = lastMs + rule.afterS * 1000;
  const key = violationKey(rule.id, null);
  const position = state.lastFix === null ? null : fixPosition(state.lastFix);

  if (!state.open.has(key) && timeMs > dueMs && ruleActive(rule, dueMs)) {
    state.open.set(key, {
      rule: rule.id,
      zone: null,
      type: rule.type,
      severity: rule.severity,
      openedMs: dueMs,
    });
    const detail = {
      feed: rule.feed,
      after_s: rule.afterS,
      last_at: heard === undefined ? null : isoMs(heard),
    };
    out.push(
      violationDraft('violation.opened', state, position, {
        ...fields(compiled),
        timeMs: dueMs,
        detail,
      }),
    );
  }

  const open = state.open.get(key);
  if (reading === rule.feed && open !== undefined) {
    state.open.delete(key);
    const detail = { feed: rule.feed, gap_s: (timeMs - lastMs) / 1000, after_s: rule.afterS };
    out.push(violationDraft('violation.closed', state, position, { ...open, timeMs, detail }));
  }
}

function fields(compiled: CompiledRule): {
  rule: string;
  zone: null;
  severity: 'critical' | 'warning';
} {
  return { rule: compiled.rule.id, zone: null, severity: compiled.rule.severity };
}
