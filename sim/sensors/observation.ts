/**
 * What a sensor model produces: observations at simulated times, each able to write its lines
 * under a modifier. The faults that change content (a clock step, a second talker, a position
 * jump) act through the modifier, after the noise is drawn, so a fault never shifts the noise.
 */
import type { TruthTrack } from '../motion.js';
import type { Mission, SensorSpec } from '../mission-types.js';
import type { Random } from '../random.js';

/** How an observation is to be written: untouched, or with scheduled faults applied. */
export interface Modifier {
  /** Added to every time the line states. */
  clockStepMs: number;
  /** Replaces the sensor's talker (a duplicate from a second talker). */
  talker: string | null;
  /** Added to the stated position, metres. */
  jumpEastM: number;
  jumpNorthM: number;
}

export const NO_CHANGE: Modifier = Object.freeze({
  clockStepMs: 0,
  talker: null,
  jumpEastM: 0,
  jumpNorthM: 0,
});

/** One sampling instant of a sensor. */
export interface Observation {
  /** Milliseconds from the mission start. */
  tMs: number;
  /** The lines, without CR LF. */
  encode(mod: Modifier): string[];
}

export interface SensorContext<S extends SensorSpec = SensorSpec> {
  spec: S;
  mission: Mission;
  durationS: number;
  tracks: ReadonlyMap<string, TruthTrack>;
  random: Random;
}

export type SensorModel<S extends SensorSpec = SensorSpec> = (
  ctx: SensorContext<S>,
) => Observation[];

const MS_PER_DAY = 86_400_000;

/** The sampling times of a sensor, milliseconds from the start, up to the end inclusive. */
export function sampleTimes(intervalS: number, durationS: number): number[] {
  const out: number[] = [];
  for (let k = 0; k * intervalS <= durationS + 1e-9; k++)
    out.push(Math.round(k * intervalS * 1000));
  return out;
}

/** Epoch milliseconds a line states for a sample at `tMs`, with any clock step. */
export function statedTime(ctx: SensorContext, tMs: number, mod: Modifier): number {
  return ctx.mission.startMs + tMs + mod.clockStepMs;
}

/** Milliseconds since midnight UTC of an epoch time. */
export function timeOfDay(epochMs: number): number {
  return ((epochMs % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;
}

/** The truth track of the sensor's own vehicle. */
export function ownTrack(ctx: SensorContext): TruthTrack {
  const track = ctx.tracks.get(ctx.spec.vehicle);
  if (track === undefined) throw new Error(`no truth track for vehicle ${ctx.spec.vehicle}`);
  return track;
}

/** An angle in degrees reduced to [0, 360). */
export function wrapDeg(deg: number): number {
  return ((deg % 360) + 360) % 360;
}
