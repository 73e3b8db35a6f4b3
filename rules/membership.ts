/**
 * Zone membership of one vehicle (DESIGN.md §4): inside from the first fix inside, hysteresis at
 * the boundary, and passes through a zone between two fixes.
 */
import type { EngineFix, Zone, ZoneQueries } from './types.js';
import { movedFromM, survey, type Surroundings } from './surroundings.js';

/** The zones a vehicle is in: zone id → epoch ms of the entry. */
export type Membership = Map<string, number>;

/** A zone the straight segment between two fixes went through, neither fix being in it. */
export interface ZonePass {
  zone: Zone;
  enteredMs: number;
  exitedMs: number;
}

export interface ZoneExit {
  zone: Zone;
  /** When the vehicle had entered it. */
  sinceMs: number;
}

/** What one fix changed, each list in zone order. */
export interface MembershipChange {
  exited: readonly ZoneExit[];
  passed: readonly ZonePass[];
  entered: readonly Zone[];
}

const NO_CHANGE: MembershipChange = Object.freeze({ exited: [], passed: [], entered: [] });

export interface MembershipOptions {
  /** Fixes further apart than this are not joined by a segment. */
  maxGapS: number;
  /** Zone id → position in the zone set: the order events come in. */
  zoneIndex: ReadonlyMap<string, number>;
  /** The largest proximity distance of the rules: a survey looks that far and more. */
  maxProximityM: number;
}

/** One vehicle's zones, and what the last survey found around it (null: none yet). */
export interface MembershipState {
  inside: Membership;
  around: Surroundings | null;
}

/**
 * Does the zone exist at this time (from valid_from included to valid_to excluded) and apply at
 * this depth (band ends included; unknown depth counts as within)?
 */
export function zoneApplies(zone: Zone, timeMs: number, depthM: number | null): boolean {
  if (zone.validFromMs !== null && timeMs < zone.validFromMs) return false;
  if (zone.validToMs !== null && timeMs >= zone.validToMs) return false;
  if (depthM === null) return true;
  if (zone.minDepthM !== null && depthM < zone.minDepthM) return false;
  return zone.maxDepthM === null || depthM <= zone.maxDepthM;
}

/**
 * Moves the vehicle's membership on to `fix` (mutating `state`) and says what changed. `prev` is
 * its previous fix, null for its first: a vehicle starts outside every zone, and its first fix
 * enters each zone containing it without regard to hysteresis, there being no state to protect.
 */
export function updateMembership(
  zones: ZoneQueries,
  state: MembershipState,
  prev: EngineFix | null,
  fix: EngineFix,
  options: MembershipOptions,
): MembershipChange {
  const inside = state.inside;
  const joined = prev !== null && fix.timeMs - prev.timeMs <= options.maxGapS * 1000;

  // Within the clearance of the last survey, neither the fix nor the segment from the previous
  // one (also within it) can have met a boundary: the geometry stays as surveyed.
  let around = state.around;
  const clear = around !== null && movedFromM(around, fix.latDeg, fix.lonDeg) < Infinity;
  if (around === null || !clear) {
    around = survey(zones, fix.latDeg, fix.lonDeg, options.maxProximityM);
    state.around = around;
  } else if (settled(around, inside, fix)) {
    return NO_CHANGE;
  }
  const containing = around.inside.filter((zone) => zoneApplies(zone, fix.timeMs, fix.depthM));

  const exited = findExits(zones, inside, containing, fix);
  const entered = findEntries(zones, inside, containing, fix, prev === null);
  const passed = joined && !clear ? findPasses(zones, inside, entered, prev, fix) : [];

  for (const { zone } of exited) inside.delete(zone.id);
  for (const zone of entered) inside.set(zone.id, fix.timeMs);

  const order = (zone: Zone) => options.zoneIndex.get(zone.id) ?? Number.MAX_SAFE_INTEGER;
  exited.sort((a, b) => order(a.zone) - order(b.zone));
  entered.sort((a, b) => order(a) - order(b));
  passed.sort((a, b) => order(a.zone) - order(b.zone) || a.enteredMs - b.enteredMs);
  return { exited, passed, entered };
}

/** Is the vehicle in exactly the surveyed zones that apply now? Then nothing can change. */
function settled(around: Surroundings, inside: Membership, fix: EngineFix): boolean {
  let applying = 0;
  for (const zone of around.inside) {
    const applies = zoneApplies(zone, fix.timeMs, fix.depthM);
    if (applies !== inside.has(zone.id)) return false;
    if (applies) applying++;
  }
  return applying === inside.size;
}

/** Zones left: no longer containing the fix, and beyond the hysteresis band if it applies. */
function findExits(
  zones: ZoneQueries,
  inside: Membership,
  containing: readonly Zone[],
  fix: EngineFix,
): ZoneExit[] {
  const exits: ZoneExit[] = [];
  for (const [id, sinceMs] of inside) {
    if (containing.some((zone) => zone.id === id)) continue;
    const zone = zones.byId(id);
    if (zone === undefined) continue;

    // Hysteresis holds only against the geometry: a zone that lapsed or whose depth band the
    // vehicle left no longer contains it, however near the boundary it is.
    const h = zone.hysteresisM;
    const holds =
      h > 0 &&
      zoneApplies(zone, fix.timeMs, fix.depthM) &&
      zones.distanceToBoundaryM(zone, fix.latDeg, fix.lonDeg) <= h;
    if (!holds) exits.push({ zone, sinceMs });
  }
  return exits;
}

/** Zones entered: containing the fix, and more than the hysteresis band inside. */
function findEntries(
  zones: ZoneQueries,
  inside: Membership,
  containing: readonly Zone[],
  fix: EngineFix,
  firstFix: boolean,
): Zone[] {
  return containing.filter((zone) => {
    if (inside.has(zone.id)) return false;
    const h = zone.hysteresisM;
    if (firstFix || h <= 0) return true;
    return zones.distanceToBoundaryM(zone, fix.latDeg, fix.lonDeg) > h;
  });
}

/**
 * Zones the segment prev→fix went through with both ends outside them. Each stretch between two
 * consecutive crossings whose midpoint lies inside (and, with hysteresis, more than h inside, and
 * where the zone applies at the interpolated time and depth) is one pass.
 */
function findPasses(
  zones: ZoneQueries,
  inside: Membership,
  entered: readonly Zone[],
  prev: EngineFix,
  fix: EngineFix,
): ZonePass[] {
  const passes: ZonePass[] = [];
  const crossings = zones.segmentCrossings(prev, fix);
  for (const { zone, fractions } of crossings) {
    if (inside.has(zone.id) || entered.some((e) => e.id === zone.id)) continue;
    if (zones.containsPoint(zone, prev.latDeg, prev.lonDeg)) continue;
    if (zones.containsPoint(zone, fix.latDeg, fix.lonDeg)) continue;

    for (const [from, to] of insideStretches(zones, zone, fractions, prev, fix)) {
      passes.push({ zone, enteredMs: timeAt(prev, fix, from), exitedMs: timeAt(prev, fix, to) });
    }
  }
  return passes;
}

/** Consecutive crossing fractions whose stretch is inside, adjacent stretches merged. */
function insideStretches(
  zones: ZoneQueries,
  zone: Zone,
  fractions: readonly number[],
  prev: EngineFix,
  fix: EngineFix,
): [number, number][] {
  const stretches: [number, number][] = [];
  for (let i = 0; i + 1 < fractions.length; i++) {
    const from = fractions[i] as number;
    const to = fractions[i + 1] as number;
    if (to <= from || !stretchCounts(zones, zone, prev, fix, (from + to) / 2)) continue;

    const last = stretches[stretches.length - 1];
    if (last !== undefined && last[1] === from) last[1] = to;
    else stretches.push([from, to]);
  }
  return stretches;
}

function stretchCounts(
  zones: ZoneQueries,
  zone: Zone,
  prev: EngineFix,
  fix: EngineFix,
  fraction: number,
): boolean {
  const { latDeg, lonDeg } = pointAt(prev, fix, fraction);
  if (!zones.containsPoint(zone, latDeg, lonDeg)) return false;

  const depthM =
    prev.depthM !== null && fix.depthM !== null
      ? prev.depthM + fraction * (fix.depthM - prev.depthM)
      : null;
  if (!zoneApplies(zone, timeAt(prev, fix, fraction), depthM)) return false;
  const h = zone.hysteresisM;
  return h <= 0 || zones.distanceToBoundaryM(zone, latDeg, lonDeg) > h;
}

/** Epoch ms at a fraction of the way from a to b, to the millisecond. */
export function timeAt(a: EngineFix, b: EngineFix, fraction: number): number {
  return Math.round(a.timeMs + fraction * (b.timeMs - a.timeMs));
}

/** The point at a fraction along the straight lon/lat segment, across the antimeridian if short. */
export function pointAt(
  a: { latDeg: number; lonDeg: number },
  b: { latDeg: number; lonDeg: number },
  fraction: number,
): { latDeg: number; lonDeg: number } {
  let dLon = b.lonDeg - a.lonDeg;
  if (dLon > 180) dLon -= 360;
  if (dLon < -180) dLon += 360;

  let lonDeg = a.lonDeg + fraction * dLon;
  if (lonDeg > 180) lonDeg -= 360;
  if (lonDeg < -180) lonDeg += 360;
  return { latDeg: a.latDeg + fraction * (b.latDeg - a.latDeg), lonDeg };
}
