/** A gyrocompass: true heading with white noise, as HDT. */
import { encodeHdt } from '../../drivers/index.js';
import type { HeadingSpec } from '../mission-types.js';
import { stateAt } from '../motion.js';
import {
  ownTrack,
  sampleTimes,
  wrapDeg,
  type Observation,
  type SensorContext,
} from './observation.js';

export function headingModel(ctx: SensorContext<HeadingSpec>): Observation[] {
  const track = ownTrack(ctx);
  return sampleTimes(ctx.spec.intervalS, ctx.durationS).map((tMs) => {
    const headingDeg = wrapDeg(
      stateAt(track, tMs / 1000).headingDeg + ctx.random.normal(ctx.spec.sigmaDeg),
    );
    return {
      tMs,
      encode: (mod) => [encodeHdt({ talker: mod.talker ?? ctx.spec.talker, headingDeg })],
    };
  });
}
