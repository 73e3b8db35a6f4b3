/**
 * A GNSS receiver: a fix only while its antenna is at the surface, with a horizontal error that
 * wanders (first-order Gauss–Markov, so its spread is `sigmaM` whatever the time constant).
 * Under water it keeps talking, as receivers do: GGA quality 0 and RMC status V, carrying the
 * last position it fixed.
 */
import { encodeGga, encodeRmc, encodeVtg, encodeZda } from '../../drivers/index.js';
import { moveBy, type LatLon } from '../geo.js';
import type { GnssSpec } from '../mission-types.js';
import { stateAt } from '../motion.js';
import {
  ownTrack,
  sampleTimes,
  statedTime,
  timeOfDay,
  wrapDeg,
  type Modifier,
  type Observation,
  type SensorContext,
} from './observation.js';

/** Speed noise, m/s 1σ: Doppler speeds are good to a few centimetres per second. */
const SOG_SIGMA_MPS = 0.03;

interface GnssValues {
  fixed: boolean;
  at: LatLon;
  sogMps: number;
  cogDeg: number;
  hdop: number;
  satellites: number;
}

export function gnssModel(ctx: SensorContext<GnssSpec>): Observation[] {
  const { spec, random } = ctx;
  const track = ownTrack(ctx);
  const keep = spec.correlationS > 0 ? Math.exp(-spec.intervalS / spec.correlationS) : 0;
  const fresh = Math.sqrt(1 - keep * keep);
  let errE = random.normal(spec.sigmaM);
  let errN = random.normal(spec.sigmaM);
  let lastFix: LatLon = stateAt(track, 0);

  return sampleTimes(spec.intervalS, ctx.durationS).map((tMs) => {
    const truth = stateAt(track, tMs / 1000);
    errE = keep * errE + fresh * random.normal(spec.sigmaM);
    errN = keep * errN + fresh * random.normal(spec.sigmaM);
    const sog = Math.max(0, truth.sogMps + random.normal(SOG_SIGMA_MPS));
    const values: GnssValues = {
      fixed: truth.depthM <= spec.maxDepthM,
      at: moveBy(truth, errE, errN),
      sogMps: sog,
      cogDeg: wrapDeg(truth.cogDeg + random.normal(courseSigmaDeg(truth.sogMps))),
      hdop: Math.max(0.5, spec.hdop + random.normal(0.05)),
      satellites: Math.max(4, spec.satellites + random.int(3) - 1),
    };
    if (values.fixed) lastFix = values.at;
    else values.at = lastFix;
    return { tMs, encode: (mod) => encodeGnss(ctx, tMs, values, mod) };
  });
}

/** The course of a receiver barely moving is mostly noise: the speed error seen as an angle. */
function courseSigmaDeg(sogMps: number): number {
  return (Math.atan2(SOG_SIGMA_MPS, sogMps) * 180) / Math.PI;
}

function encodeGnss(
  ctx: SensorContext<GnssSpec>,
  tMs: number,
  v: GnssValues,
  mod: Modifier,
): string[] {
  const talker = mod.talker ?? ctx.spec.talker;
  const timeMs = statedTime(ctx, tMs, mod);
  const at = moveBy(v.at, mod.jumpEastM, mod.jumpNorthM);
  const position = { talker, latDeg: at.lat, lonDeg: at.lon };
  const motion = v.fixed ? { sogMps: v.sogMps, cogDeg: v.cogDeg } : {};

  return ctx.spec.sentences.map((kind) => {
    switch (kind) {
      case 'GGA':
        return encodeGga({
          ...position,
          timeOfDayMs: timeOfDay(timeMs),
          quality: v.fixed ? ctx.spec.quality : 0,
          satellites: v.fixed ? v.satellites : 0,
          hdop: v.fixed ? Math.round(v.hdop * 10) / 10 : 99.9,
        });
      case 'RMC':
        return encodeRmc({ ...position, ...motion, timeMs, valid: v.fixed });
      case 'VTG':
        return encodeVtg({ talker, ...motion });
      case 'ZDA':
        return encodeZda({ talker, timeMs });
    }
  });
}
