/**
 * An inertial navigation system aided by acoustic fixes (iXblue PIXSE output). Between aiding
 * fixes its position error drifts in a straight line: an offset left by the last fix plus a
 * velocity error, both drawn afresh at each aiding. The output blends into each new solution
 * over `correctionS`, so the track has no jumps a speed check would take for real motion.
 */
import { encodePixseDepin, encodePixsePositi, encodeZda } from '../../drivers/index.js';
import { moveBy } from '../geo.js';
import type { InsSpec } from '../mission-types.js';
import { stateAt } from '../motion.js';
import type { Random } from '../random.js';
import {
  ownTrack,
  sampleTimes,
  statedTime,
  timeOfDay,
  type Observation,
  type SensorContext,
} from './observation.js';

/** The error of one aided solution along one axis: `offsetM + rateMps * (t - fromS)`. */
interface Solution {
  fromS: number;
  offsetM: number;
  rateMps: number;
}

/** What the drift model needs of an INS sensor's settings. */
export type InsDriftParams = Pick<
  InsSpec,
  'driftMps' | 'aidingIntervalS' | 'aidingSigmaM' | 'correctionS'
>;

/** The drifting east and north error of an aided INS, for increasing times. */
export class InsDrift {
  #spec: InsDriftParams;
  #random: Random;
  #aiding = -1;
  #previous: [Solution, Solution] | null = null;
  #current: [Solution, Solution] | null = null;

  constructor(spec: InsDriftParams, random: Random) {
    this.#spec = spec;
    this.#random = random;
  }

  /** East and north error, metres, at `tS` seconds from the start (never earlier than before). */
  errorAt(tS: number): { eastM: number; northM: number } {
    const aiding = Math.floor(tS / this.#spec.aidingIntervalS);
    while (this.#aiding < aiding) this.#aid(++this.#aiding * this.#spec.aidingIntervalS);

    const current = this.#current as [Solution, Solution];
    const previous = this.#previous ?? current;
    const since = tS - current[0].fromS;
    const w = this.#spec.correctionS > 0 ? Math.min(1, since / this.#spec.correctionS) : 1;
    const axis = (k: 0 | 1): number => (1 - w) * at(previous[k], tS) + w * at(current[k], tS);
    return { eastM: axis(0), northM: axis(1) };
  }

  #aid(fromS: number): void {
    const draw = (): Solution => ({
      fromS,
      offsetM: this.#random.normal(this.#spec.aidingSigmaM),
      rateMps: this.#random.normal(this.#spec.driftMps),
    });
    this.#previous = this.#current;
    this.#current = [draw(), draw()];
  }
}

function at(s: Solution, tS: number): number {
  return s.offsetM + s.rateMps * (tS - s.fromS);
}

export function insModel(ctx: SensorContext<InsSpec>): Observation[] {
  const { spec, random } = ctx;
  const track = ownTrack(ctx);
  const drift = new InsDrift(spec, random);

  return sampleTimes(spec.intervalS, ctx.durationS).map((tMs) => {
    const truth = stateAt(track, tMs / 1000);
    const error = drift.errorAt(tMs / 1000);
    const at = moveBy(truth, error.eastM, error.northM);
    const depthM = truth.depthM + random.normal(spec.depthSigmaM);
    return {
      tMs,
      encode: (mod) => {
        const timeMs = statedTime(ctx, tMs, mod);
        const shown = moveBy(at, mod.jumpEastM, mod.jumpNorthM);
        const lines = spec.zda ? [encodeZda({ talker: mod.talker ?? spec.talker, timeMs })] : [];
        lines.push(encodePixsePositi({ latDeg: shown.lat, lonDeg: shown.lon, depthM }));
        if (spec.depin) lines.push(encodePixseDepin({ depthM, timeOfDayMs: timeOfDay(timeMs) }));
        return lines;
      },
    };
  });
}
