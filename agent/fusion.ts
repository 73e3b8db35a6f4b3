// Fusion: readings from any number of feeds become fixes per vehicle (DESIGN.md §3). One fix
// per epoch, however many sentences or talkers report that instant; invalid, backward and
// implausible positions never become fixes; depth, altitude and heading are attached while
// they are fresh.
import type {
  DecodeOptions,
  PositionReading,
  Reading,
  SensorTime,
  UsblOffsetReading,
} from '../drivers/index.js';
import { depthFromPressure } from '../drivers/index.js';
import type { EngineFix } from '../rules/index.js';
import { distanceM } from '../rules/index.js';

import { FeedClock } from './dating.js';
import {
  derivedSogMps,
  emptyCandidate,
  emptyVehicle,
  fromPosition,
  mergeInto,
  vehicleOf,
  type Candidate,
  type Timed,
  type VehicleState,
} from './epoch.js';
import { offsetPosition } from './local-geodesy.js';

export type Fix = EngineFix;

/** Why a reading or a fix was set aside. Every one is counted. */
export type DropReason =
  | 'invalid_position'
  | 'not_after_previous'
  | 'implausible_jump'
  | 'undated'
  | 'no_time'
  | 'usbl_without_ship'
  | 'depth_without_position';

/** A feed as fusion sees it: its name and the vehicle its readings belong to. */
export interface FeedInfo {
  name: string;
  vehicle: string;
  /** USBL beacon id → vehicle id. An unmapped beacon becomes vehicle `beacon-<id>`. */
  transponders?: ReadonlyMap<string, string>;
  /** How this feed's lines are decoded (a pressure sensor's format and units). */
  decode?: DecodeOptions;
}

export interface FusionOptions {
  /** Epoch ms of 00:00 UTC of the date for logs whose sentences carry none (`--date`). */
  defaultDateMs?: number | null;
  /** Fixes implying a faster motion are outliers (DESIGN.md §3: default 30 m/s). */
  maxSpeedMps?: number;
  /** Depth, altitude and heading older than this are unknown (DESIGN.md §3: default 5 s). */
  auxMaxAgeMs?: number;
  /** Time-of-day positions held while waiting for a feed's first date. */
  undatedHoldLimit?: number;
  /**
   * Told of every depth, altitude and heading reading, for the engine's stale-feed rules;
   * during `push`, before the fixes that push returns (which are earlier).
   */
  onHeard?: (vehicle: string, kind: AuxKind, timeMs: number) => void;
}

export type AuxKind = 'depth' | 'altitude' | 'heading';

const DEFAULTS = { maxSpeedMps: 30, auxMaxAgeMs: 5_000, undatedHoldLimit: 32 };
const AUX_LEAD_MS = 1_000;
const SOG_HISTORY = 16;

interface FeedState {
  clock: FeedClock;
  held: { reading: PositionReading | UsblOffsetReading; info: FeedInfo }[];
  needsDate: boolean;
}

/** Fuses readings into fixes. One instance per pipeline; not shared between missions. */
export class Fusion {
  readonly dropped = new Map<DropReason, number>();
  #options: Required<Omit<FusionOptions, 'onHeard'>>;
  #onHeard: FusionOptions['onHeard'];
  #vehicles = new Map<string, VehicleState>();
  #feeds = new Map<string, FeedState>();
  /** When the reading being pushed arrived (a logger's stamp), for readings with no time. */
  #receivedMs: number | null = null;
  /** The feed that last stated or used a date: the agent's calendar for undated feeds. */
  #dated: FeedClock | null = null;

  constructor(options: FusionOptions = {}) {
    const { onHeard, ...rest } = options;
    this.#options = { ...DEFAULTS, defaultDateMs: null, ...rest };
    this.#onHeard = onHeard;
  }

  /** Feeds whose positions carried a time of day only and never a date. */
  get undatedFeeds(): string[] {
    return [...this.#feeds].filter(([, s]) => s.needsDate).map(([name]) => name);
  }

  /** Takes one reading; returns the fixes it completes (usually the previous epoch's). */
  push(feed: FeedInfo, reading: Reading, receivedMs: number | null = null): Fix[] {
    const state = this.#feed(feed.name);
    this.#receivedMs = receivedMs;
    switch (reading.kind) {
      case 'position':
      case 'usbl_offset':
        return this.#position(feed, state, reading, receivedMs);
      case 'time':
        this.#timeOf(state, reading, null);
        return this.#releaseHeld(state);
      case 'velocity':
        return this.#velocity(feed, state, reading.sogMps, reading.cogDeg, reading.valid);
      case 'heading':
        return reading.isTrue ? this.#aux(feed, state, 'heading', reading.headingDeg, null) : [];
      case 'altitude':
        return this.#aux(feed, state, 'altitude', reading.altitudeM, null);
      case 'depth':
        return this.#aux(feed, state, 'depth', reading.depthM, reading);
      case 'pressure':
        return this.#pressure(feed, state, reading.seaPressureDbar, reading);
      case 'position_std':
        return [];
    }
  }

  /** Completes every pending epoch: at the end of a log, or when a live feed pauses. */
  flush(): Fix[] {
    const fixes: Fix[] = [];
    for (const [vehicle, state] of this.#vehicles) {
      const fix = this.#complete(vehicle, state);
      if (fix) fixes.push(fix);
    }
    return fixes;
  }

  #feed(name: string): FeedState {
    let state = this.#feeds.get(name);
    if (!state) {
      state = { clock: new FeedClock(this.#options.defaultDateMs), held: [], needsDate: false };
      this.#feeds.set(name, state);
    }
    return state;
  }

  #vehicle(id: string): VehicleState {
    let state = this.#vehicles.get(id);
    if (!state) {
      state = emptyVehicle();
      this.#vehicles.set(id, state);
    }
    return state;
  }

  #count(reason: DropReason): void {
    this.dropped.set(reason, (this.dropped.get(reason) ?? 0) + 1);
  }

  // positions ------------------------------------------------------------------------------

  #position(
    feed: FeedInfo,
    state: FeedState,
    reading: PositionReading | UsblOffsetReading,
    receivedMs: number | null,
  ): Fix[] {
    // the clock learns the date even from a sentence whose position is invalid
    const timeMs = this.#timeOf(state, reading, receivedMs);
    if (!reading.valid) return this.#drop('invalid_position');
    if (timeMs === null) return this.#hold(feed, state, reading);
    const released = this.#releaseHeld(state);
    return [...released, ...this.#place(feed, reading, timeMs)];
  }

  #timeOf(state: FeedState, time: SensorTime, receivedMs: number | null): number | null {
    if (time.timeOfDayMs === null) return state.clock.latestMs ?? receivedMs;
    if (this.#dated) state.clock.adopt(this.#dated);
    const timeMs = state.clock.date(time);
    if (state.clock.hasDate) this.#dated = state.clock;
    return timeMs;
  }

  #drop(reason: DropReason): Fix[] {
    this.#count(reason);
    return [];
  }

  /** Keeps a time-of-day position until the feed states a date, within a bound. */
  #hold(feed: FeedInfo, state: FeedState, reading: PositionReading | UsblOffsetReading): Fix[] {
    if (reading.timeOfDayMs === null) return this.#drop('no_time');
    if (state.needsDate || state.held.length >= this.#options.undatedHoldLimit) {
      state.needsDate = true;
      const dropped = state.held.length + 1;
      state.held = [];
      for (let i = 0; i < dropped; i++) this.#count('undated');
      return [];
    }
    state.held.push({ reading, info: feed });
    return [];
  }

  #releaseHeld(state: FeedState): Fix[] {
    if (state.held.length === 0 || !state.clock.hasDate) return [];
    const held = state.held;
    state.held = [];
    const fixes: Fix[] = [];
    for (const { reading, info } of held) {
      const timeMs = state.clock.dateBackwards(reading.timeOfDayMs ?? 0);
      if (timeMs !== null) fixes.push(...this.#place(info, reading, timeMs));
    }
    return fixes;
  }

  #place(feed: FeedInfo, reading: PositionReading | UsblOffsetReading, timeMs: number): Fix[] {
    const vehicle = vehicleOf(feed, reading.transponder);
    const candidate =
      reading.kind === 'position'
        ? fromPosition(reading, timeMs, feed.name)
        : this.#fromOffset(feed, reading, timeMs);
    if (!candidate) return this.#drop('usbl_without_ship');
    return this.#offer(vehicle, candidate);
  }

  /**
   * A USBL offset is relative to the ship's transducer: it needs the ship's fresh position, and
   * its heading when the offsets are head-up. Offsets are never taken as lat/lon.
   */
  #fromOffset(feed: FeedInfo, reading: UsblOffsetReading, timeMs: number): Candidate | null {
    const ship = this.#vehicles.get(feed.vehicle);
    const shipFix = ship?.pending ?? ship?.history.at(-1);
    if (!ship || !shipFix || !this.#fresh(shipFix.timeMs, timeMs)) return null;
    let eastM = reading.xM;
    let northM = reading.yM;
    if (reading.frame === 'head_up') {
      if (!ship.heading || !this.#fresh(ship.heading.timeMs, timeMs)) return null;
      const h = (ship.heading.value * Math.PI) / 180;
      eastM = reading.xM * Math.cos(h) + reading.yM * Math.sin(h);
      northM = -reading.xM * Math.sin(h) + reading.yM * Math.cos(h);
    } else if (reading.frame === 'east_up') {
      eastM = reading.yM;
      northM = -reading.xM;
    }
    const at = offsetPosition(shipFix.latDeg, shipFix.lonDeg, eastM, northM);
    return { ...emptyCandidate(timeMs, at.latDeg, at.lonDeg, feed.name), depthM: reading.depthM };
  }

  #fresh(auxMs: number, atMs: number): boolean {
    return Math.abs(atMs - auxMs) <= this.#options.auxMaxAgeMs;
  }

  /** Same instant: one epoch, merged. A later instant completes the pending epoch. */
  #offer(vehicle: string, candidate: Candidate): Fix[] {
    const state = this.#vehicle(vehicle);
    const pending = state.pending;
    if (pending && pending.timeMs === candidate.timeMs) {
      mergeInto(pending, candidate);
      return [];
    }
    if (pending && candidate.timeMs < pending.timeMs) return this.#drop('not_after_previous');
    if (!pending && candidate.timeMs === state.history.at(-1)?.timeMs) {
      // the live agent completed this epoch before its last sentence arrived: keep what that
      // sentence adds (speed, course) for the fixes to come, rather than count it as dropped
      this.#absorbLate(state, candidate);
      return [];
    }
    const done = this.#complete(vehicle, state);
    state.pending = candidate;
    return done ? [done] : [];
  }

  #absorbLate(state: VehicleState, late: Candidate): void {
    if (late.sogMps !== null) state.sog = { value: late.sogMps, timeMs: late.timeMs };
    if (late.cogDeg !== null) state.cog = { value: late.cogDeg, timeMs: late.timeMs };
  }

  #complete(vehicle: string, state: VehicleState): Fix | null {
    const candidate = state.pending;
    state.pending = null;
    if (!candidate) return null;
    const last = state.history.at(-1);
    if (last && candidate.timeMs <= last.timeMs) {
      this.#count('not_after_previous');
      return null;
    }
    if (last && this.#implausible(last, candidate)) {
      // two consecutive fixes that agree with each other but not with the track re-anchor it:
      // the vehicle really is there (a restarted receiver, a log of glued sessions)
      const anchor = state.rejected;
      state.rejected = candidate;
      if (!anchor || this.#implausible(anchor, candidate)) {
        this.#count('implausible_jump');
        return null;
      }
    }
    state.rejected = null;
    const fix = this.#fix(vehicle, state, candidate);
    state.history.push(fix);
    if (state.history.length > SOG_HISTORY) state.history.shift();
    return fix;
  }

  #implausible(from: { timeMs: number; latDeg: number; lonDeg: number }, to: Candidate): boolean {
    const dtS = (to.timeMs - from.timeMs) / 1000;
    const movedM = distanceM(from.latDeg, from.lonDeg, to.latDeg, to.lonDeg);
    return dtS <= 0 ? movedM > 0 : movedM / dtS > this.#options.maxSpeedMps;
  }

  #fix(vehicle: string, state: VehicleState, c: Candidate): Fix {
    // a reading a little after the fix belongs to its epoch; one from further on does not
    const fresh = (aux: Timed | null): number | null =>
      aux && aux.timeMs <= c.timeMs + AUX_LEAD_MS && this.#fresh(aux.timeMs, c.timeMs)
        ? aux.value
        : null;
    return {
      timeMs: c.timeMs,
      vehicle,
      latDeg: c.latDeg,
      lonDeg: c.lonDeg,
      depthM: c.depthM ?? fresh(state.depth),
      altitudeM: fresh(state.altitude),
      sogMps: c.sogMps ?? fresh(state.sog) ?? derivedSogMps(state.history, c),
      cogDeg: c.cogDeg ?? fresh(state.cog),
      headingDeg: fresh(state.heading),
      quality: c.quality,
      hdop: c.hdop,
      source: c.source,
    };
  }

  // depth, altitude, heading, speed ---------------------------------------------------------

  #auxTime(feed: FeedInfo, state: FeedState, time: SensorTime | null): number | null {
    const own = time && time.timeOfDayMs !== null ? this.#timeOf(state, time, null) : null;
    if (own !== null) return own;
    if (state.clock.latestMs !== null) return state.clock.latestMs;
    if (this.#receivedMs !== null) return this.#receivedMs;
    const vehicle = this.#vehicles.get(feed.vehicle);
    return (vehicle?.pending ?? vehicle?.history.at(-1))?.timeMs ?? null;
  }

  /**
   * A depth, altitude or heading reading. One from well after the pending epoch completes it
   * first: the position feed may be silent, and its last fix must be judged before the engine
   * hears of anything later.
   */
  #aux(
    feed: FeedInfo,
    state: FeedState,
    kind: AuxKind,
    value: number,
    time: SensorTime | null,
  ): Fix[] {
    const timeMs = this.#auxTime(feed, state, time);
    if (timeMs === null) return [];
    const vehicle = this.#vehicle(feed.vehicle);
    const pending = vehicle.pending;
    const done =
      pending && timeMs > pending.timeMs + AUX_LEAD_MS
        ? this.#complete(feed.vehicle, vehicle)
        : null;
    vehicle[kind] = { value, timeMs };
    this.#onHeard?.(feed.vehicle, kind, timeMs);
    if (kind === 'depth' && vehicle.pending?.timeMs === timeMs) vehicle.pending.depthM ??= value;
    return done ? [done] : [];
  }

  #pressure(feed: FeedInfo, state: FeedState, seaDbar: number, time: SensorTime): Fix[] {
    // UNESCO 1983 needs the latitude: the vehicle's own, once it has a position
    const vehicle = this.#vehicles.get(feed.vehicle);
    const at = vehicle?.pending ?? vehicle?.history.at(-1);
    if (!at) {
      this.#count('depth_without_position');
      return [];
    }
    return this.#aux(feed, state, 'depth', depthFromPressure(seaDbar, at.latDeg), time);
  }

  #velocity(
    feed: FeedInfo,
    state: FeedState,
    sogMps: number | null,
    cogDeg: number | null,
    valid: boolean,
  ): Fix[] {
    const timeMs = this.#auxTime(feed, state, null);
    if (!valid || timeMs === null) return [];
    const vehicle = this.#vehicle(feed.vehicle);
    if (sogMps !== null) vehicle.sog = { value: sogMps, timeMs };
    if (cogDeg !== null) vehicle.cog = { value: cogDeg, timeMs };
    return [];
  }
}
