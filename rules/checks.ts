/**
 * One state machine per rule type (DESIGN.md §5). A violation opens at the first fix where its
 * condition holds and closes at the first where it no longer does; each is kept per (rule,
 * vehicle), or per (rule, zone, vehicle) for the rules about one zone: no_entry, proximity and
 * max_dwell. Where a measured value is unknown (no depth, no speed) the state stays as it is.
 */
import { isoMs } from './iso-time.js';
import { zoneApplies, type MembershipChange, type ZonePass } from './membership.js';
import type { FeedKind, Rule, RuleSeverity, RuleType } from './ruleset.js';
import { selectZones, vehicleMatcher } from './selectors.js';
import type { EngineFix, EventDraft, EventPosition, Zone } from './types.js';
import type { ZoneQueries } from './types.js';
import { eventPosition, roundDetail } from './events.js';
import type { Surroundings } from './surroundings.js';

/** Metres per second in one knot (1852 m per hour). */
export const MPS_PER_KN = 1852 / 3600;

/** A rule bound to the zones in force. */
export interface CompiledRule {
  rule: Rule;
  /** The zones its selectors pick, as a set; null when the rule names none. */
  zoneIds: ReadonlySet<string> | null;
  /** The same zones in zone-set order. */
  zoneList: readonly Zone[];
  matchesVehicle: (vehicle: string) => boolean;
  /** The key of its (rule, vehicle) violation, for the rules not about one zone. */
  key: string;
}

/** An open violation: enough to close it later, with the severity it opened with. */
export interface OpenViolation {
  rule: string;
  zone: string | null;
  type: RuleType;
  severity: RuleSeverity;
  openedMs: number;
}

/** What the engine keeps per vehicle. */
export interface VehicleState {
  vehicle: string;
  firstSeenMs: number;
  /** The latest data time seen for the vehicle, from fixes and readings. */
  lastDataMs: number;
  lastFix: EngineFix | null;
  /** Time of the last reading of each kind. */
  feeds: Partial<Record<FeedKind, number>>;
  /** Zone id → entry time. */
  inside: Map<string, number>;
  /** The last survey of zone geometry around the vehicle; derived, so not in snapshots. */
  around: Surroundings | null;
  /** Violation key → open violation, in opening order. */
  open: Map<string, OpenViolation>;
}

/** Everything a check needs at one fix of one vehicle. */
export interface FixContext {
  zones: ZoneQueries;
  zoneIndex: ReadonlyMap<string, number>;
  fix: EngineFix;
  state: VehicleState;
  change: MembershipChange;
  /** The survey of zone geometry around the vehicle, valid at this fix. */
  around: Surroundings;
  /** How far (at most) the fix is from the survey point. */
  movedM: number;
  out: EventDraft[];
}

type Detail = Record<string, unknown>;

/** Binds rules to a zone set, in file order. */
export function compileRules(rules: readonly Rule[], zones: ZoneQueries): CompiledRule[] {
  return rules.map((rule) => {
    const zoneList = rule.zones === null ? [] : selectZones(rule.zones, zones.zones);
    return {
      rule,
      zoneIds: rule.zones === null ? null : new Set(zoneList.map((zone) => zone.id)),
      zoneList,
      matchesVehicle: vehicleMatcher(rule.vehicles),
      key: violationKey(rule.id, null),
    };
  });
}

/** Is the rule evaluated at this time? A period includes `from` and excludes `to`, as zones do. */
export function ruleActive(rule: Rule, timeMs: number): boolean {
  if (rule.active === null) return true;
  return rule.active.some(
    (p) => (p.fromMs === null || timeMs >= p.fromMs) && (p.toMs === null || timeMs < p.toMs),
  );
}

export function violationKey(rule: string, zone: string | null): string {
  return zone === null ? `${rule}\u0000` : `${rule}\u0000${zone}`;
}

/** Runs one non-feed rule at a fix. */
export function checkFix(ctx: FixContext, compiled: CompiledRule): void {
  const rule = compiled.rule;
  if (!ruleActive(rule, ctx.fix.timeMs)) {
    closeAllOf(ctx, rule.id, { reason: 'rule inactive' });
    return;
  }

  switch (rule.type) {
    case 'no_entry':
      return checkNoEntry(ctx, compiled);
    case 'proximity':
      return checkProximity(ctx, compiled, rule.distanceM);
    case 'max_dwell':
      return checkMaxDwell(ctx, compiled, rule.limitS);
    case 'stay_inside':
      return checkWhole(ctx, compiled, !inRuleZones(ctx, compiled), stayInsideDetail);
    case 'depth':
    case 'altitude':
      return checkWhole(ctx, compiled, bandViolated(ctx, compiled), bandDetail);
    case 'max_speed':
      return checkWhole(ctx, compiled, speedViolated(ctx, compiled), speedDetail);
    case 'feed_stale':
      return;
  }
}

// ---- rules about one zone --------------------------------------------------------------------

function checkNoEntry(ctx: FixContext, compiled: CompiledRule): void {
  const candidates = zonesOfInterest(ctx, compiled, ctx.state.inside.keys());
  if (candidates.length > 0) evaluateZones(ctx, compiled, candidates, NO_ENTRY);
  // A pass between two fixes went in and out: the violation opened and closed in between.
  if (ctx.change.passed.length > 0) forPasses(ctx, compiled, passTimes);
}

function checkProximity(ctx: FixContext, compiled: CompiledRule, limitM: number): void {
  // A boundary d from the survey point is at least d - moved from the fix.
  const reachM = limitM + ctx.movedM;
  let ids: string[] | null = null;
  for (const { zone, distanceM: surveyedM } of ctx.around.near) {
    if (surveyedM > reachM) break;
    if (compiled.zoneIds?.has(zone.id)) (ids ??= []).push(zone.id);
  }
  const candidates = zonesOfInterest(ctx, compiled, ids ?? NO_IDS);
  if (candidates.length > 0) evaluateZones(ctx, compiled, candidates, PROXIMITY);
}

function checkMaxDwell(ctx: FixContext, compiled: CompiledRule, limitS: number): void {
  const candidates = zonesOfInterest(ctx, compiled, ctx.state.inside.keys());
  if (candidates.length > 0) evaluateZones(ctx, compiled, candidates, MAX_DWELL);
  if (ctx.change.passed.length === 0) return;

  forPasses(ctx, compiled, (pass) => {
    const passS = (pass.exitedMs - pass.enteredMs) / 1000;
    return passS > limitS ? { dwell_s: passS, limit_s: limitS, ...passTimes(pass) } : null;
  });
}

/** A per-zone test, and the detail an opening or closing event carries. */
interface ZoneTest {
  violated: (ctx: FixContext, compiled: CompiledRule, zone: Zone) => boolean;
  detail: (ctx: FixContext, compiled: CompiledRule, zone: Zone) => Detail;
}

const NO_ENTRY: ZoneTest = {
  violated: (ctx, _compiled, zone) => ctx.state.inside.has(zone.id),
  detail: (ctx, _compiled, zone) => ({ distance_m: distanceM(ctx, zone) }),
};

const PROXIMITY: ZoneTest = {
  violated: (ctx, compiled, zone) =>
    compiled.rule.type === 'proximity' &&
    !ctx.state.inside.has(zone.id) &&
    zoneApplies(zone, ctx.fix.timeMs, ctx.fix.depthM) &&
    distanceM(ctx, zone) <= compiled.rule.distanceM,
  detail: (ctx, compiled, zone) => ({
    distance_m: distanceM(ctx, zone),
    limit_m: compiled.rule.type === 'proximity' ? compiled.rule.distanceM : undefined,
  }),
};

const MAX_DWELL: ZoneTest = {
  violated: (ctx, compiled, zone) =>
    compiled.rule.type === 'max_dwell' &&
    ctx.state.inside.has(zone.id) &&
    (dwellS(ctx, zone) ?? 0) > compiled.rule.limitS,
  detail: (ctx, compiled, zone) => ({
    dwell_s: dwellS(ctx, zone),
    limit_s: compiled.rule.type === 'max_dwell' ? compiled.rule.limitS : undefined,
  }),
};

/** Time in the zone up to this fix, for a zone the vehicle is in or has just left. */
function dwellS(ctx: FixContext, zone: Zone): number | undefined {
  const since =
    ctx.state.inside.get(zone.id) ??
    ctx.change.exited.find((exit) => exit.zone.id === zone.id)?.sinceMs;
  return since === undefined ? undefined : (ctx.fix.timeMs - since) / 1000;
}

const NO_ZONES: readonly Zone[] = [];
const NO_IDS: readonly string[] = [];

/** Rule zones worth looking at, in zone order: those in `ids`, and those with an open violation. */
function zonesOfInterest(
  ctx: FixContext,
  compiled: CompiledRule,
  ids: Iterable<string>,
): readonly Zone[] {
  let wanted: string[] | null = null;
  for (const id of ids) {
    if (compiled.zoneIds?.has(id)) (wanted ??= []).push(id);
  }
  for (const open of ctx.state.open.values()) {
    if (open.rule !== compiled.rule.id || open.zone === null) continue;
    if (wanted === null) wanted = [open.zone];
    else if (!wanted.includes(open.zone)) wanted.push(open.zone);
  }
  if (wanted === null) return NO_ZONES;

  const zones: Zone[] = [];
  for (const id of wanted) {
    const zone = ctx.zones.byId(id);
    if (zone !== undefined) zones.push(zone);
  }
  return zones.length > 1 ? zones.sort((a, b) => zoneOrder(ctx, a) - zoneOrder(ctx, b)) : zones;
}

/** Opens and closes per-zone violations, zone by zone in zone order. */
function evaluateZones(
  ctx: FixContext,
  compiled: CompiledRule,
  candidates: readonly Zone[],
  test: ZoneTest,
): void {
  const ruleId = compiled.rule.id;
  for (const zone of candidates) {
    const key = violationKey(ruleId, zone.id);
    const isOpen = ctx.state.open.has(key);
    const violated = test.violated(ctx, compiled, zone);
    if (violated === isOpen) continue;

    const detail = test.detail(ctx, compiled, zone);
    if (violated) openViolation(ctx, compiled, zone.id, ctx.fix.timeMs, detail);
    else closeViolation(ctx, key, ctx.fix.timeMs, detail);
  }
}

/** Violations for passes through the rule's zones: opened and closed at once, at the fix. */
function forPasses(
  ctx: FixContext,
  compiled: CompiledRule,
  detailOf: (pass: ZonePass) => Detail | null,
): void {
  for (const pass of ctx.change.passed) {
    if (!compiled.zoneIds?.has(pass.zone.id)) continue;
    const key = violationKey(compiled.rule.id, pass.zone.id);
    const detail = detailOf(pass);
    if (detail === null || ctx.state.open.has(key)) continue;

    openViolation(ctx, compiled, pass.zone.id, ctx.fix.timeMs, detail);
    closeViolation(ctx, key, ctx.fix.timeMs, detail);
  }
}

function passTimes(pass: ZonePass): Detail {
  return { entered_at: isoMs(pass.enteredMs), exited_at: isoMs(pass.exitedMs) };
}

// ---- rules about the vehicle as a whole ------------------------------------------------------

/**
 * Opens or closes the (rule, vehicle) violation: `violated` is true, false, or null when the
 * measured value is unknown. The detail is built only when the state changes.
 */
function checkWhole(
  ctx: FixContext,
  compiled: CompiledRule,
  violated: boolean | null,
  detailOf: (ctx: FixContext, compiled: CompiledRule) => Detail,
): void {
  if (violated === null) return;
  const key = compiled.key;
  const isOpen = ctx.state.open.has(key);
  if (violated === isOpen) return;

  const detail = detailOf(ctx, compiled);
  if (violated) openViolation(ctx, compiled, null, ctx.fix.timeMs, detail);
  else closeViolation(ctx, key, ctx.fix.timeMs, detail);
}

/** The distance to the nearest boundary of the zones the vehicle is in, or else of all of them. */
function stayInsideDetail(ctx: FixContext, compiled: CompiledRule): Detail {
  const inZones = inRuleZones(ctx, compiled);
  const zones = inZones
    ? compiled.zoneList.filter((zone) => ctx.state.inside.has(zone.id))
    : compiled.zoneList;
  return { distance_m: Math.min(...zones.map((zone) => distanceM(ctx, zone))) };
}

/** Outside the band, where the value is known and (if the rule names zones) inside them. */
function bandViolated(ctx: FixContext, compiled: CompiledRule): boolean | null {
  const rule = compiled.rule;
  if (rule.type !== 'depth' && rule.type !== 'altitude') return null;
  if (compiled.zoneIds !== null && !inRuleZones(ctx, compiled)) return false;
  const valueM = rule.type === 'depth' ? ctx.fix.depthM : ctx.fix.altitudeM;
  if (valueM === null) return null;
  return (rule.minM !== null && valueM < rule.minM) || (rule.maxM !== null && valueM > rule.maxM);
}

function bandDetail(ctx: FixContext, compiled: CompiledRule): Detail {
  const rule = compiled.rule;
  if (rule.type !== 'depth' && rule.type !== 'altitude') return {};
  const valueM = rule.type === 'depth' ? ctx.fix.depthM : ctx.fix.altitudeM;
  return {
    [`${rule.type}_m`]: valueM ?? undefined,
    min_m: rule.minM ?? undefined,
    max_m: rule.maxM ?? undefined,
  };
}

function speedViolated(ctx: FixContext, compiled: CompiledRule): boolean | null {
  const rule = compiled.rule;
  if (rule.type !== 'max_speed') return null;
  if (compiled.zoneIds !== null && !inRuleZones(ctx, compiled)) return false;
  const sog = ctx.fix.sogMps;
  if (sog === null) return null;
  return sog > (rule.maxMps ?? (rule.maxKn ?? 0) * MPS_PER_KN);
}

function speedDetail(ctx: FixContext, compiled: CompiledRule): Detail {
  const rule = compiled.rule;
  if (rule.type !== 'max_speed') return {};
  const sog = ctx.fix.sogMps;
  return rule.maxKn !== null
    ? { sog_kn: sog === null ? undefined : sog / MPS_PER_KN, max_kn: rule.maxKn }
    : { sog_mps: sog ?? undefined, max_mps: rule.maxMps };
}

function inRuleZones(ctx: FixContext, compiled: CompiledRule): boolean {
  for (const id of ctx.state.inside.keys()) if (compiled.zoneIds?.has(id)) return true;
  return false;
}

// ---- opening and closing ---------------------------------------------------------------------

function openViolation(
  ctx: FixContext,
  compiled: CompiledRule,
  zone: string | null,
  timeMs: number,
  detail: Detail,
): void {
  const { rule } = compiled;
  ctx.state.open.set(violationKey(rule.id, zone), {
    rule: rule.id,
    zone,
    type: rule.type,
    severity: rule.severity,
    openedMs: timeMs,
  });
  ctx.out.push(
    violationDraft('violation.opened', ctx.state, fixPosition(ctx.fix), {
      rule: rule.id,
      zone,
      severity: rule.severity,
      timeMs,
      detail,
    }),
  );
}

function closeViolation(ctx: FixContext, key: string, timeMs: number, detail: Detail): void {
  const open = ctx.state.open.get(key);
  if (open === undefined) return;
  ctx.state.open.delete(key);
  ctx.out.push(
    violationDraft('violation.closed', ctx.state, fixPosition(ctx.fix), {
      ...open,
      timeMs,
      detail,
    }),
  );
}

/** Closes every open violation of a rule for the vehicle, in opening order. */
function closeAllOf(ctx: FixContext, ruleId: string, detail: Detail): void {
  for (const [key, open] of ctx.state.open) {
    if (open.rule === ruleId) closeViolation(ctx, key, ctx.fix.timeMs, detail);
  }
}

export interface ViolationFields {
  rule: string;
  zone: string | null;
  severity: RuleSeverity;
  timeMs: number;
  detail: Detail;
}

/** A violation event draft, detail rounded. */
export function violationDraft(
  kind: 'violation.opened' | 'violation.closed',
  state: VehicleState,
  position: EventPosition | null,
  fields: ViolationFields,
): EventDraft {
  return {
    timeMs: fields.timeMs,
    vehicle: state.vehicle,
    kind,
    severity: fields.severity,
    rule: fields.rule,
    zone: fields.zone,
    position,
    detail: roundDetail(fields.detail),
  };
}

export function fixPosition(fix: EngineFix): EventPosition {
  return eventPosition(fix.latDeg, fix.lonDeg, fix.depthM);
}

function distanceM(ctx: FixContext, zone: Zone): number {
  return ctx.zones.distanceToBoundaryM(zone, ctx.fix.latDeg, ctx.fix.lonDeg);
}

function zoneOrder(ctx: FixContext, zone: Zone): number {
  return ctx.zoneIndex.get(zone.id) ?? Number.MAX_SAFE_INTEGER;
}
