/**
 * A whole run: the motion of every vehicle, every sensor's observations with its own noise
 * stream, and the scheduled faults. The same mission and seed give the same lines, byte for
 * byte; simulated time comes from the mission's start, never from the clock.
 */
import { writeFeed, type AppliedFault, type TimedLine } from './faults.js';
import type { Mission, SensorSpec, SensorType } from './mission-types.js';
import { simulateMotion, type TruthTrack } from './motion.js';
import { createRandom } from './random.js';
import { echosounderModel } from './sensors/echosounder.js';
import { gnssModel } from './sensors/gnss.js';
import { headingModel } from './sensors/heading.js';
import { insModel } from './sensors/ins.js';
import type { Observation, SensorContext } from './sensors/observation.js';
import { pressureModel } from './sensors/pressure.js';
import { usblModel } from './sensors/usbl.js';

/** One feed's output: the lines of one file, `<vehicle>-<sensor>.nmea`. */
export interface FeedResult {
  name: string;
  vehicle: string;
  sensor: SensorSpec;
  lines: TimedLine[];
}

export interface Simulation {
  mission: Mission;
  seed: number;
  durationS: number;
  tracks: TruthTrack[];
  feeds: FeedResult[];
  faults: AppliedFault[];
}

const MODELS: {
  [T in SensorType]: (ctx: SensorContext<Extract<SensorSpec, { type: T }>>) => Observation[];
} = {
  gnss: gnssModel,
  heading: headingModel,
  usbl: usblModel,
  ins: insModel,
  pressure: pressureModel,
  echosounder: echosounderModel,
};

/** Runs a validated mission with a seed; `onFeed` hears of each feed as it is done. */
export function simulate(
  mission: Mission,
  seed: number,
  onFeed?: (done: number, total: number) => void,
): Simulation {
  const { durationS, tracks } = simulateMotion(mission);
  const total = mission.vehicles.reduce((n, v) => n + v.sensors.length, 0);
  const byVehicle = new Map(tracks.map((t) => [t.vehicle, t]));
  const feeds: FeedResult[] = [];
  const faults: AppliedFault[] = [];

  for (const vehicle of mission.vehicles) {
    for (const spec of vehicle.sensors) {
      const ctx = {
        spec,
        mission,
        durationS,
        tracks: byVehicle,
        random: createRandom(seed, spec.feed),
      };
      const observations = observe(ctx);
      const scheduled = mission.faults.filter((f) => f.feed === spec.feed);
      const written = writeFeed(observations, scheduled, createRandom(seed, `${spec.feed}/faults`));
      feeds.push({ name: spec.feed, vehicle: vehicle.id, sensor: spec, lines: written.lines });
      faults.push(...written.applied);
      onFeed?.(feeds.length, total);
    }
  }
  return { mission, seed, durationS, tracks, feeds, faults };
}

function observe(ctx: SensorContext): Observation[] {
  const model = MODELS[ctx.spec.type] as (c: SensorContext) => Observation[];
  return model(ctx);
}
