/**
 * The compliance engine: per vehicle, zone membership and one state machine per rule, fed fixes
 * and readings, producing event drafts (DESIGN.md §4–§6). Deterministic: zones and rules are
 * visited in file order and nothing reads a clock, so the same input gives the same events.
 */
import {
  checkFix,
  compileRules,
  fixPosition,
  violationDraft,
  violationKey,
  type CompiledRule,
  type FixContext,
  type OpenViolation,
  type VehicleState,
} from './checks.js';
import { roundDetail } from './events.js';
import { checkFeedStale } from './feed-stale.js';
import {
  updateMembership,
  type MembershipChange,
  type MembershipOptions,
  type ZonePass,
} from './membership.js';
import { isoMs } from './iso-time.js';
import { movedFromM } from './surroundings.js';
import { FEED_KINDS, type FeedKind, type RuleSet } from './ruleset.js';
import type { EngineFix, EventDraft, ZoneQueries } from './types.js';

export const DEFAULT_MAX_GAP_S = 120;

/** What the engine remembers, as plain JSON: restoring it continues exactly where it was. */
export interface EngineState {
  version: 1;
  /** In the order the engine first saw them. */
  vehicles: VehicleSnapshot[];
}

export interface VehicleSnapshot {
  vehicle: string;
  firstSeenMs: number;
  lastDataMs: number;
  lastFix: EngineFix | null;
  /** Last reading time of each feed kind heard from. */
  feeds: { feed: FeedKind; lastMs: number }[];
  /** Zones the vehicle is in, with the entry (dwell start) time. */
  inside: { zone: string; sinceMs: number }[];
  /** Open violations in opening order. */
  open: OpenViolation[];
}

export interface EngineOptions {
  zones: ZoneQueries;
  rules: RuleSet;
  /** Two fixes further apart than this are not joined by a segment (DESIGN.md §4). */
  maxGapS?: number;
  /** A snapshot to continue from. */
  state?: EngineState;
}

/** Holds membership and rule state for every vehicle; each input returns the events it caused. */
export class Engine {
  #zones: ZoneQueries;
  #rules: CompiledRule[] = [];
  #zoneIndex = new Map<string, number>();
  #membershipOptions: MembershipOptions = { maxGapS: 0, zoneIndex: new Map(), maxProximityM: 0 };
  #vehicleRules = new Map<string, CompiledRule[]>();
  readonly #maxGapS: number;
  readonly #vehicles = new Map<string, VehicleState>();

  /**
   * Events from reconciling a restored state with the configuration: violations of rules and
   * memberships of zones that no longer exist are closed (see `replaceConfig`). Empty when the
   * state was taken under the same configuration.
   */
  readonly restoreEvents: EventDraft[];

  constructor(options: EngineOptions) {
    this.#maxGapS = options.maxGapS ?? DEFAULT_MAX_GAP_S;
    this.#zones = options.zones;
    this.#bind(options.zones, options.rules);
    if (options.state !== undefined) restoreVehicles(this.#vehicles, options.state);
    this.restoreEvents = this.#reconcileAll();
  }

  /** A fix of one vehicle, also a position reading. A fix not after the last one is ignored. */
  onFix(fix: EngineFix): EventDraft[] {
    const state = this.#vehicle(fix.vehicle, fix.timeMs);
    const prev = state.lastFix;
    if (prev !== null && fix.timeMs <= prev.timeMs) return [];

    const out: EventDraft[] = [];
    const change = updateMembership(this.#zones, state, prev, fix, this.#membershipOptions);
    membershipDrafts(state.vehicle, fix, change, out);

    const ctx = this.#fixContext(fix, state, change, out);
    for (const compiled of this.#rulesFor(state.vehicle)) {
      if (compiled.rule.type !== 'feed_stale') checkFix(ctx, compiled);
      else checkFeedStale(state, compiled, fix.timeMs, 'position', out);
    }

    state.lastFix = copyFix(fix);
    heard(state, 'position', fix.timeMs);
    return out;
  }

  /** A reading of one kind arrived for the vehicle: closes (and if late, opens) a stale feed. */
  onReading(vehicle: string, feedKind: FeedKind, timeMs: number): EventDraft[] {
    const state = this.#vehicle(vehicle, timeMs);
    const last = state.feeds[feedKind];
    if (last !== undefined && timeMs < last) return [];

    const out: EventDraft[] = [];
    for (const compiled of this.#rulesFor(vehicle)) {
      checkFeedStale(state, compiled, timeMs, feedKind, out);
    }
    heard(state, feedKind, timeMs);
    return out;
  }

  /** The time without a reading (the live agent's clock): opens feeds gone stale by now. */
  tick(nowMs: number): EventDraft[] {
    const out: EventDraft[] = [];
    for (const state of this.#vehicles.values()) {
      for (const compiled of this.#rulesFor(state.vehicle)) {
        checkFeedStale(state, compiled, nowMs, null, out);
      }
    }
    return out;
  }

  /** Everything the engine remembers, as plain JSON. */
  snapshot(): EngineState {
    return { version: 1, vehicles: [...this.#vehicles.values()].map(snapshotVehicle) };
  }

  /**
   * Swaps in a new zone set and rule set (hot reload). Membership of zones that still exist (by
   * id) is kept with its entry time, so dwell continues; a zone that vanished is left with a
   * `zone.exited` whose detail says `reason: 'zone removed'`. An open violation is closed, with
   * `detail.reason`, when its rule is gone ('rule removed'), changed type ('rule changed'), no
   * longer selects its zone ('zone removed' / 'zone no longer selected') or the vehicle ('vehicle
   * no longer selected'); any other stays open and is judged by the new rule at the next fix.
   * These events carry the vehicle's latest data time and last fix position, vehicles in the
   * order first seen, memberships in entry order, violations in opening order.
   */
  replaceConfig(zones: ZoneQueries, rules: RuleSet): EventDraft[] {
    this.#bind(zones, rules);
    return this.#reconcileAll();
  }

  #bind(zones: ZoneQueries, rules: RuleSet): void {
    this.#zones = zones;
    this.#rules = compileRules(rules.rules, zones);
    this.#zoneIndex = new Map(zones.zones.map((zone, i) => [zone.id, i]));
    this.#vehicleRules.clear();
    for (const state of this.#vehicles.values()) state.around = null;

    let maxProximityM = 0;
    for (const { rule } of this.#rules) {
      if (rule.type === 'proximity') maxProximityM = Math.max(maxProximityM, rule.distanceM);
    }
    const maxGapS = this.#maxGapS;
    this.#membershipOptions = { maxGapS, zoneIndex: this.#zoneIndex, maxProximityM };
  }

  #vehicle(vehicle: string, timeMs: number): VehicleState {
    let state = this.#vehicles.get(vehicle);
    if (state === undefined) {
      state = {
        vehicle,
        firstSeenMs: timeMs,
        lastDataMs: timeMs,
        lastFix: null,
        feeds: {},
        inside: new Map(),
        around: null,
        open: new Map(),
      };
      this.#vehicles.set(vehicle, state);
    }
    return state;
  }

  /** The rules whose vehicle globs match, in file order; cached per vehicle until reload. */
  #rulesFor(vehicle: string): CompiledRule[] {
    let rules = this.#vehicleRules.get(vehicle);
    if (rules === undefined) {
      rules = this.#rules.filter((compiled) => compiled.matchesVehicle(vehicle));
      this.#vehicleRules.set(vehicle, rules);
    }
    return rules;
  }

  #fixContext(
    fix: EngineFix,
    state: VehicleState,
    change: MembershipChange,
    out: EventDraft[],
  ): FixContext {
    const around = state.around;
    if (around === null) throw new Error('no survey after a membership update');
    return {
      zones: this.#zones,
      zoneIndex: this.#zoneIndex,
      fix,
      state,
      change,
      out,
      around,
      movedM: movedFromM(around, fix.latDeg, fix.lonDeg),
    };
  }

  #reconcileAll(): EventDraft[] {
    const out: EventDraft[] = [];
    for (const state of this.#vehicles.values()) this.#reconcile(state, out);
    return out;
  }

  /** Drops what the configuration no longer has, with events that say why. */
  #reconcile(state: VehicleState, out: EventDraft[]): void {
    const position = state.lastFix === null ? null : fixPosition(state.lastFix);
    const timeMs = state.lastDataMs;

    for (const [zoneId, sinceMs] of state.inside) {
      if (this.#zones.byId(zoneId) !== undefined) continue;
      state.inside.delete(zoneId);
      const detail = { reason: 'zone removed', dwell_s: (timeMs - sinceMs) / 1000 };
      out.push(zoneDraft('zone.exited', state.vehicle, zoneId, timeMs, position, detail));
    }

    for (const [key, open] of state.open) {
      const reason = this.#closeReason(open, state.vehicle);
      if (reason === null) continue;
      state.open.delete(key);
      out.push(
        violationDraft('violation.closed', state, position, {
          ...open,
          timeMs,
          detail: { reason },
        }),
      );
    }
  }

  #closeReason(open: OpenViolation, vehicle: string): string | null {
    const compiled = this.#rules.find((candidate) => candidate.rule.id === open.rule);
    if (compiled === undefined) return 'rule removed';
    if (compiled.rule.type !== open.type) return 'rule changed';
    if (open.zone !== null && !compiled.zoneIds?.has(open.zone)) {
      return this.#zones.byId(open.zone) === undefined ? 'zone removed' : 'zone no longer selected';
    }
    if (!compiled.matchesVehicle(vehicle)) return 'vehicle no longer selected';
    return null;
  }
}

/** Membership events at a fix: exits, then passes (entered and exited), then entries. */
function membershipDrafts(
  vehicle: string,
  fix: EngineFix,
  change: MembershipChange,
  out: EventDraft[],
): void {
  if (change.exited.length + change.passed.length + change.entered.length === 0) return;
  const position = fixPosition(fix);

  for (const { zone, sinceMs } of change.exited) {
    const detail = { dwell_s: (fix.timeMs - sinceMs) / 1000 };
    out.push(zoneDraft('zone.exited', vehicle, zone.id, fix.timeMs, position, detail));
  }
  for (const pass of change.passed) {
    const detail = passDetail(pass);
    out.push(zoneDraft('zone.entered', vehicle, pass.zone.id, fix.timeMs, position, detail));
    out.push(zoneDraft('zone.exited', vehicle, pass.zone.id, fix.timeMs, position, detail));
  }
  for (const zone of change.entered) {
    out.push(zoneDraft('zone.entered', vehicle, zone.id, fix.timeMs, position, {}));
  }
}

function passDetail(pass: ZonePass): Record<string, unknown> {
  return {
    entered_at: isoMs(pass.enteredMs),
    exited_at: isoMs(pass.exitedMs),
    dwell_s: (pass.exitedMs - pass.enteredMs) / 1000,
  };
}

function zoneDraft(
  kind: 'zone.entered' | 'zone.exited',
  vehicle: string,
  zone: string,
  timeMs: number,
  position: EventDraft['position'],
  detail: Record<string, unknown>,
): EventDraft {
  return {
    timeMs,
    vehicle,
    kind,
    severity: 'info',
    rule: null,
    zone,
    position,
    detail: roundDetail(detail),
  };
}

function heard(state: VehicleState, feed: FeedKind, timeMs: number): void {
  state.feeds[feed] = timeMs;
  state.lastDataMs = Math.max(state.lastDataMs, timeMs);
}

function copyFix(fix: EngineFix): EngineFix {
  return {
    timeMs: fix.timeMs,
    vehicle: fix.vehicle,
    latDeg: fix.latDeg,
    lonDeg: fix.lonDeg,
    depthM: fix.depthM,
    altitudeM: fix.altitudeM,
    sogMps: fix.sogMps,
    cogDeg: fix.cogDeg,
    headingDeg: fix.headingDeg,
    quality: fix.quality,
    hdop: fix.hdop,
    source: fix.source,
  };
}

function snapshotVehicle(state: VehicleState): VehicleSnapshot {
  const feeds = FEED_KINDS.flatMap((feed) => {
    const lastMs = state.feeds[feed];
    return lastMs === undefined ? [] : [{ feed, lastMs }];
  });
  return {
    vehicle: state.vehicle,
    firstSeenMs: state.firstSeenMs,
    lastDataMs: state.lastDataMs,
    lastFix: state.lastFix === null ? null : copyFix(state.lastFix),
    feeds,
    inside: [...state.inside].map(([zone, sinceMs]) => ({ zone, sinceMs })),
    open: [...state.open.values()].map((open) => ({ ...open })),
  };
}

function restoreVehicles(vehicles: Map<string, VehicleState>, state: EngineState): void {
  if (state.version !== 1) {
    throw new Error(`engine state: expected version 1, got ${JSON.stringify(state.version)}`);
  }
  for (const snap of state.vehicles) {
    vehicles.set(snap.vehicle, {
      vehicle: snap.vehicle,
      firstSeenMs: snap.firstSeenMs,
      lastDataMs: snap.lastDataMs,
      lastFix: snap.lastFix === null ? null : copyFix(snap.lastFix),
      feeds: Object.fromEntries(snap.feeds.map(({ feed, lastMs }) => [feed, lastMs])),
      inside: new Map(snap.inside.map(({ zone, sinceMs }) => [zone, sinceMs])),
      around: null,
      open: new Map(snap.open.map((open) => [violationKey(open.rule, open.zone), { ...open }])),
    });
  }
}
