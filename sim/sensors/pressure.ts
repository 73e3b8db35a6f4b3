/**
 * A pressure sensor on the vehicle: sea pressure from the true depth through the inverse of
 * UNESCO 1983, with white noise, written as a Digiquartz (absolute psi), a Valeport (dbar) or a
 * Sea-Bird SBE 37 (dbar, with its clock) line.
 */
import { encodeDigiquartz, encodeSbe37, encodeValeport } from '../../drivers/index.js';
import type { PressureSpec } from '../mission-types.js';
import { stateAt } from '../motion.js';
import {
  ownTrack,
  sampleTimes,
  statedTime,
  type Observation,
  type SensorContext,
} from './observation.js';
import { pressureFromDepth } from './pressure-depth.js';

/** Bottom water of the CCZ abyssal plain: about 1.5 °C and 3.2 S/m. */
const BOTTOM_TEMPERATURE_C = 1.5;
const BOTTOM_CONDUCTIVITY_SPM = 3.2;

export function pressureModel(ctx: SensorContext<PressureSpec>): Observation[] {
  const { spec, random } = ctx;
  const track = ownTrack(ctx);
  return sampleTimes(spec.intervalS, ctx.durationS).map((tMs) => {
    const truth = stateAt(track, tMs / 1000);
    const seaPressureDbar =
      pressureFromDepth(truth.depthM, truth.lat) + random.normal(spec.sigmaDbar);
    const temperatureC = BOTTOM_TEMPERATURE_C + random.normal(0.002);
    const conductivitySpm = BOTTOM_CONDUCTIVITY_SPM + random.normal(0.0002);
    return {
      tMs,
      encode: (mod) => {
        switch (spec.format) {
          case 'digiquartz':
            return [encodeDigiquartz({ seaPressureDbar })];
          case 'valeport':
            return [encodeValeport({ seaPressureDbar })];
          case 'sbe37':
            return [
              encodeSbe37({
                temperatureC,
                conductivitySpm,
                seaPressureDbar,
                timeMs: statedTime(ctx, tMs, mod),
              }),
            ];
        }
      },
    };
  });
}
