// The state fusion keeps per vehicle, and the plain functions over it: a candidate fix for an
// epoch, how sentences of one epoch merge, and speed derived from the track.
import type { PositionReading } from '../drivers/index.js';

import type { FeedInfo, Fix } from './fusion.js';
import { distanceM } from '../rules/index.js';

const SOG_MIN_BASE_MS = 1_000;

/** A value with the sensor time it holds for. */
export interface Timed {
  value: number;
  timeMs: number;
}

/** What the sentences of one epoch say of a vehicle, before it becomes a fix. */
export interface Candidate {
  timeMs: number;
  latDeg: number;
  lonDeg: number;
  quality: number | null;
  hdop: number | null;
  sogMps: number | null;
  cogDeg: number | null;
  depthM: number | null;
  source: string;
}

/** Per vehicle: the epoch being gathered, the recent fixes, and the latest aux values. */
export interface VehicleState {
  pending: Candidate | null;
  history: Fix[];
  rejected: Candidate | null;
  depth: Timed | null;
  altitude: Timed | null;
  heading: Timed | null;
  sog: Timed | null;
  cog: Timed | null;
}

export function emptyVehicle(): VehicleState {
  return {
    pending: null,
    history: [],
    rejected: null,
    depth: null,
    altitude: null,
    heading: null,
    sog: null,
    cog: null,
  };
}

export function vehicleOf(feed: FeedInfo, transponder: string | null): string {
  // PTSAG beacon 0 is the ship that carries the transceiver (DOMAIN.md)
  if (transponder === null || transponder === '0') return feed.vehicle;
  return feed.transponders?.get(transponder) ?? `beacon-${transponder}`;
}

export function emptyCandidate(timeMs: number, latDeg: number, lonDeg: number, source: string) {
  return {
    timeMs,
    latDeg,
    lonDeg,
    quality: null,
    hdop: null,
    sogMps: null,
    cogDeg: null,
    depthM: null,
    source,
  } satisfies Candidate;
}

export function fromPosition(reading: PositionReading, timeMs: number, source: string): Candidate {
  return {
    timeMs,
    latDeg: reading.latDeg,
    lonDeg: reading.lonDeg,
    quality: reading.quality,
    hdop: reading.hdop,
    sogMps: reading.sogMps,
    cogDeg: reading.cogDeg,
    depthM: reading.depthM,
    source,
  };
}

/** Fills what the pending epoch lacks; the first sentence's position stands. */
export function mergeInto(pending: Candidate, other: Candidate): void {
  pending.quality ??= other.quality;
  pending.hdop ??= other.hdop;
  pending.sogMps ??= other.sogMps;
  pending.cogDeg ??= other.cogDeg;
  pending.depthM ??= other.depthM;
}

/** Speed over the newest earlier fix at least a second away (DESIGN.md §3). */
export function derivedSogMps(history: readonly Fix[], c: Candidate): number | null {
  for (let i = history.length - 1; i >= 0; i--) {
    const base = history[i];
    if (!base || c.timeMs - base.timeMs < SOG_MIN_BASE_MS) continue;
    const movedM = distanceM(base.latDeg, base.lonDeg, c.latDeg, c.lonDeg);
    return movedM / ((c.timeMs - base.timeMs) / 1000);
  }
  return null;
}
