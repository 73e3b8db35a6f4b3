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
import type { BoundaryDistance, EngineFix, EventDraft, EventPosition, Zone } from './types.js';
import type { ZoneQueries } from './types.js';
import { eventPosition, roundDetail } from './events.js';

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
  feeds: Map<FeedKind, number>;
  /** Zone id → entry time. */
  inside: Map<string, number>;
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
  /** Boundaries near the fix, up to the largest proximity distance; computed on first use. */
  nearby: () => readonly BoundaryDistance[];
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
      return checkWhole(ctx, compiled, stayInsideTest(ctx, compiled));
    case 'depth':
      return checkWhole(ctx, compiled, bandTest(ctx, compiled, 'depth', ctx.fix.depthM));
    case 'altitude':
      return checkWhole(ctx, compiled, bandTest(ctx, compiled, 'altitude', ctx.fix.altitudeM));
    case 'max_speed':
      return checkWhole(ctx, compiled, speedTest(ctx, compiled));
    case 'feed_stale':
      return;
  }
}

// ---- rules about one zone --------------------------------------------------------------------

function checkNoEntry(ctx: FixContext, compiled: CompiledRule): void {
  const candidates = zonesOfInterest(ctx, compiled, [...ctx.state.inside.keys()]);
  const distance = (zone: Zone) => ({ distance_m: distanceM(ctx, zone) });
  evaluateZones(ctx, compiled, candidates, (zone) =>
    ctx.state.inside.has(zone.id) ? distance(zone) : null,
  );
  // A pass between two fixes went in and out: the violation opened and closed in between.
  forPasses(ctx, compiled, (pass) => passTimes(pass));
}

function checkProximity(ctx: FixContext, compiled: CompiledRule, limitM: number): void {
  const near = ctx.nearby().filter((entry) => entry.distanceM <= limitM);
  const candidates = zonesOfInterest(
    ctx,
    compiled,
    near.map((entry) => entry.zone.id),
  );
  const { fix } = ctx;

  evaluateZones(
    ctx,
    compiled,
    candidates,
    (zone) => {
      if (ctx.state.inside.has(zone.id)) return null;
      if (!zoneApplies(zone, fix.timeMs, fix.depthM)) return null;
      const found = near.find((entry) => entry.zone.id === zone.id);
      return found ? { distance_m: found.distanceM, limit_m: limitM } : null;
    },
    (zone) => ({ distance_m: distanceM(ctx, zone), limit_m: limitM }),
  );
}

function checkMaxDwell(ctx: FixContext, compiled: CompiledRule, limitS: number): void {
  const candidates = zonesOfInterest(ctx, compiled, [...ctx.state.inside.keys()]);
  const now = ctx.fix.timeMs;

  evaluateZones(
    ctx,
    compiled,
    candidates,
    (zone) => {
      const since = ctx.state.inside.get(zone.id);
      if (since === undefined || now - since <= limitS * 1000) return null;
      return { dwell_s: (now - since) / 1000, limit_s: limitS };
    },
    (zone) => {
      const since = ctx.change.exited.find((exit) => exit.zone.id === zone.id)?.sinceMs;
      const dwell = since === undefined ? undefined : (now - since) / 1000;
      return { dwell_s: dwell, limit_s: limitS };
    },
  );
  forPasses(ctx, compiled, (pass) => {
    const dwellS = (pass.exitedMs - pass.enteredMs) / 1000;
    return dwellS > limitS ? { dwell_s: dwellS, limit_s: limitS, ...passTimes(pass) } : null;
  });
}

/** Rule zones worth looking at: those named in `ids`, and those with an open violation. */
function zonesOfInterest(ctx: FixContext, compiled: CompiledRule, ids: string[]): Zone[] {
  const wanted = new Set(ids.filter((id) => compiled.zoneIds?.has(id)));
  for (const open of ctx.state.open.values()) {
    if (open.rule === compiled.rule.id && open.zone !== null) wanted.add(open.zone);
  }

  const zones: Zone[] = [];
  for (const id of wanted) {
    const zone = ctx.zones.byId(id);
    if (zone !== undefined) zones.push(zone);
  }
  return zones.sort((a, b) => zoneOrder(ctx, a) - zoneOrder(ctx, b));
}

/** Opens and closes per-zone violations, zone by zone in zone order. */
function evaluateZones(
  ctx: FixContext,
  compiled: CompiledRule,
  candidates: readonly Zone[],
  violated: (zone: Zone) => Detail | null,
  closeDetail: (zone: Zone) => Detail = (zone) => ({ distance_m: distanceM(ctx, zone) }),
): void {
  const ruleId = compiled.rule.id;
  for (const zone of candidates) {
    const key = violationKey(ruleId, zone.id);
    const isOpen = ctx.state.open.has(key);
    const detail = violated(zone);

    if (detail !== null && !isOpen) openViolation(ctx, compiled, zone.id, ctx.fix.timeMs, detail);
    if (detail === null && isOpen) closeViolation(ctx, key, ctx.fix.timeMs, closeDetail(zone));
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

/** What a whole-vehicle test found: violated (with detail), clear (with detail), or unknown. */
type WholeResult = { violated: boolean; detail: Detail } | 'unknown';

function checkWhole(ctx: FixContext, compiled: CompiledRule, result: WholeResult): void {
  if (result === 'unknown') return;
  const key = violationKey(compiled.rule.id, null);
  const isOpen = ctx.state.open.has(key);

  if (result.violated && !isOpen) openViolation(ctx, compiled, null, ctx.fix.timeMs, result.detail);
  if (!result.violated && isOpen) closeViolation(ctx, key, ctx.fix.timeMs, result.detail);
}

function stayInsideTest(ctx: FixContext, compiled: CompiledRule): WholeResult {
  const inZones = inRuleZones(ctx, compiled);
  const isOpen = ctx.state.open.has(violationKey(compiled.rule.id, null));
  if (!inZones === isOpen) {
    // Only a change of state needs the distance, which costs a boundary search per zone.
    return { violated: isOpen, detail: {} };
  }
  const zones = inZones
    ? compiled.zoneList.filter((zone) => ctx.state.inside.has(zone.id))
    : compiled.zoneList;
  const distances = zones.map((zone) => distanceM(ctx, zone));
  return { violated: !inZones, detail: { distance_m: Math.min(...distances) } };
}

function bandTest(
  ctx: FixContext,
  compiled: CompiledRule,
  measured: 'depth' | 'altitude',
  valueM: number | null,
): WholeResult {
  const rule = compiled.rule;
  if (rule.type !== 'depth' && rule.type !== 'altitude') return 'unknown';
  const inScope = compiled.zoneIds === null || inRuleZones(ctx, compiled);
  if (inScope && valueM === null) return 'unknown';

  const limits = { min_m: rule.minM ?? undefined, max_m: rule.maxM ?? undefined };
  const detail = { [`${measured}_m`]: valueM ?? undefined, ...limits };
  if (!inScope || valueM === null) return { violated: false, detail };
  const below = rule.minM !== null && valueM < rule.minM;
  const above = rule.maxM !== null && valueM > rule.maxM;
  return { violated: below || above, detail };
}

function speedTest(ctx: FixContext, compiled: CompiledRule): WholeResult {
  const rule = compiled.rule;
  if (rule.type !== 'max_speed') return 'unknown';
  const inScope = compiled.zoneIds === null || inRuleZones(ctx, compiled);
  const sog = ctx.fix.sogMps;
  if (inScope && sog === null) return 'unknown';

  const limitMps = rule.maxMps ?? (rule.maxKn ?? 0) * MPS_PER_KN;
  const detail =
    rule.maxKn !== null
      ? { sog_kn: sog === null ? undefined : sog / MPS_PER_KN, max_kn: rule.maxKn }
      : { sog_mps: sog ?? undefined, max_mps: rule.maxMps };
  return { violated: inScope && sog !== null && sog > limitMps, detail };
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
