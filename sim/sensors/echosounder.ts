/**
 * A downward echo sounder or altimeter: the range to the seabed below the transducer (DBT or
 * DPT). On a vehicle that is its altitude, on a ship the water depth under the keel
 * (DESIGN.md §3). Beyond its range it finds no bottom and says nothing.
 */
import { encodeDbt, encodeDpt } from '../../drivers/index.js';
import type { EchosounderSpec } from '../mission-types.js';
import { stateAt } from '../motion.js';
import { ownTrack, sampleTimes, type Observation, type SensorContext } from './observation.js';

export function echosounderModel(ctx: SensorContext<EchosounderSpec>): Observation[] {
  const { spec } = ctx;
  const track = ownTrack(ctx);
  const out: Observation[] = [];
  for (const tMs of sampleTimes(spec.intervalS, ctx.durationS)) {
    const truth = stateAt(track, tMs / 1000);
    const altitudeM = Math.max(0, truth.seabedM - truth.depthM + ctx.random.normal(spec.sigmaM));
    if (!(altitudeM <= spec.maxRangeM)) continue;
    out.push({
      tMs,
      encode: (mod) => {
        const talker = mod.talker ?? spec.talker;
        return [
          spec.sentence === 'DBT'
            ? encodeDbt({ talker, altitudeM })
            : encodeDpt({ talker, altitudeM, offsetM: spec.offsetM, rangeM: spec.maxRangeM }),
        ];
      },
    });
  }
  return out;
}
