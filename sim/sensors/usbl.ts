/**
 * A USBL transceiver on the vessel's hull tracking transponders on other vehicles. Its error is
 * angular (DOMAIN.md: about 0.14° 1σ), so the horizontal error per axis is the slant range
 * times the angle in radians: 12 m at 5 km. The range error shows in the depth. Fixes come out
 * as Kongsberg PSIMSSB offsets from the ship, or as iXblue PTSAG or Sonardyne PSONLLD absolute
 * positions the system computed from the ship's own position.
 */
import { encodePsimssb, encodePsonlld, encodePtsag } from '../../drivers/index.js';
import { DEG, moveBy, offsetMetres } from '../geo.js';
import type { UsblSpec } from '../mission-types.js';
import { stateAt, type TruthState } from '../motion.js';
import {
  ownTrack,
  sampleTimes,
  statedTime,
  timeOfDay,
  type Modifier,
  type Observation,
  type SensorContext,
} from './observation.js';

/** One measured fix of one transponder: true geometry plus the drawn errors. */
interface UsblFix {
  transponder: string;
  ship: TruthState;
  eastM: number;
  northM: number;
  depthM: number;
  slantM: number;
}

/** Horizontal error per axis, 1σ, metres, at a slant range. */
export function usblSigmaM(spec: Pick<UsblSpec, 'sigmaDeg'>, slantM: number): number {
  return slantM * spec.sigmaDeg * DEG;
}

export function usblModel(ctx: SensorContext<UsblSpec>): Observation[] {
  const { spec, random } = ctx;
  const ship = ownTrack(ctx);
  const targets = Object.entries(spec.transponders).map(([id, vehicle]) => ({
    id,
    track: ctx.tracks.get(vehicle),
  }));
  const out: Observation[] = [];
  let frame = 0;

  for (const tMs of sampleTimes(spec.intervalS, ctx.durationS)) {
    const shipState = stateAt(ship, tMs / 1000);
    for (const target of targets) {
      if (target.track === undefined) continue;
      const targetState = stateAt(target.track, tMs / 1000);
      const fix = measure(spec, target.id, shipState, targetState, random.normal);
      if (fix.slantM > spec.maxRangeM) continue;
      const n = ++frame;
      out.push({ tMs, encode: (mod) => [encodeFix(ctx, tMs, fix, n, mod)] });
    }
  }
  return out;
}

function measure(
  spec: UsblSpec,
  transponder: string,
  ship: TruthState,
  target: TruthState,
  normal: (sigma: number) => number,
): UsblFix {
  const { eastM, northM } = offsetMetres(ship, target);
  const slantM = Math.hypot(eastM, northM, target.depthM - ship.depthM);
  const sigma = usblSigmaM(spec, slantM);
  return {
    transponder,
    ship,
    eastM: eastM + normal(sigma),
    northM: northM + normal(sigma),
    depthM: target.depthM + normal(spec.rangeSigmaM),
    slantM,
  };
}

function encodeFix(
  ctx: SensorContext<UsblSpec>,
  tMs: number,
  fix: UsblFix,
  frame: number,
  mod: Modifier,
): string {
  const { spec } = ctx;
  const timeMs = statedTime(ctx, tMs, mod);
  const eastM = fix.eastM + mod.jumpEastM;
  const northM = fix.northM + mod.jumpNorthM;
  const at = moveBy(fix.ship, eastM, northM);

  switch (spec.format) {
    case 'psimssb':
      return encodePsimssb({
        timeOfDayMs: timeOfDay(timeMs),
        transponder: fix.transponder,
        ...shipFrame(spec, fix.ship.headingDeg, eastM, northM),
        depthM: fix.depthM,
        accuracyM: usblSigmaM(spec, fix.slantM),
      });
    case 'ptsag':
      return encodePtsag({
        frame,
        timeMs,
        beacon: Number(fix.transponder),
        latDeg: at.lat,
        lonDeg: at.lon,
        depthM: fix.depthM,
      });
    case 'psonlld':
      return encodePsonlld({
        timeOfDayMs: timeOfDay(timeMs),
        beacon: fix.transponder,
        latDeg: at.lat,
        lonDeg: at.lon,
        depthM: fix.depthM,
      });
  }
}

/** Offsets north-up (east, north) or head-up (starboard, forward) for PSIMSSB. */
function shipFrame(
  spec: UsblSpec,
  headingDeg: number,
  eastM: number,
  northM: number,
): { xM: number; yM: number; frame: 'north_up' | 'head_up' } {
  if (spec.orientation === 'north_up') return { xM: eastM, yM: northM, frame: 'north_up' };
  const h = headingDeg * DEG;
  return {
    xM: eastM * Math.cos(h) - northM * Math.sin(h),
    yM: eastM * Math.sin(h) + northM * Math.cos(h),
    frame: 'head_up',
  };
}
