/**
 * The motion model: each vehicle's true state once a second from the mission start. Vehicles
 * with a plan run it; vessels that follow keep station over their vehicles afterwards, since
 * what they follow does not depend on them.
 */
import { bearingDeg, lonDelta, moveBy, normaliseLon, offsetMetres, type LatLon } from './geo.js';
import type { FollowSpec, Mission, VehicleSpec } from './mission-types.js';
import { expandPlan, type PlanStep, type RunStep } from './plan.js';
import { seabedDepth } from './seabed.js';

/** A vehicle's true state at whole seconds 0, 1, ..., durationS from the mission start. */
export interface TruthTrack {
  vehicle: string;
  lat: Float64Array;
  lon: Float64Array;
  depthM: Float64Array;
  sogMps: Float64Array;
  cogDeg: Float64Array;
  headingDeg: Float64Array;
  /** Seabed depth under the vehicle; NaN when the mission has no seabed. */
  seabedM: Float64Array;
}

/** One interpolated true state. */
export interface TruthState extends LatLon {
  depthM: number;
  sogMps: number;
  cogDeg: number;
  headingDeg: number;
  seabedM: number;
}

const MAX_PLAN_S = 7 * 86400;
/** A follower closes on its target with this time constant, then keeps the lag it implies. */
const FOLLOW_TIME_CONSTANT_S = 20;

/** Where the vehicle is while it runs its plan. */
interface Pose extends LatLon {
  depthM: number;
}

/** The truth tracks of every vehicle, and the mission's length in seconds. */
export function simulateMotion(mission: Mission): { durationS: number; tracks: TruthTrack[] } {
  const planned = mission.vehicles.filter((v) => v.follow === null);
  const runs = planned.map((v) => runPlan(mission, v, mission.durationS ?? MAX_PLAN_S));
  const durationS = mission.durationS ?? Math.max(1, ...runs.map((r) => r.finishedS));
  const tracks = new Map<string, TruthTrack>();
  runs.forEach((r) => tracks.set(r.track.vehicle, trimTrack(r.track, durationS)));

  for (const v of mission.vehicles) {
    if (v.follow !== null) tracks.set(v.id, follow(mission, v, v.follow, tracks, durationS));
  }
  return { durationS, tracks: mission.vehicles.map((v) => tracks.get(v.id) as TruthTrack) };
}

/** The state at `tS` seconds from the start, interpolated between whole seconds. */
export function stateAt(track: TruthTrack, tS: number): TruthState {
  const last = track.lat.length - 1;
  const t = Math.min(Math.max(tS, 0), last);
  const i = Math.min(Math.floor(t), Math.max(last - 1, 0));
  const j = Math.min(i + 1, last);
  const f = t - i;
  const mix = (a: Float64Array): number =>
    (a[i] as number) + ((a[j] as number) - (a[i] as number)) * f;
  const lonI = track.lon[i] as number;
  return {
    lat: mix(track.lat),
    lon: normaliseLon(lonI + lonDelta(lonI, track.lon[j] as number) * f),
    depthM: mix(track.depthM),
    sogMps: mix(track.sogMps),
    cogDeg: track.cogDeg[f < 0.5 ? i : j] as number,
    headingDeg: track.headingDeg[f < 0.5 ? i : j] as number,
    seabedM: mix(track.seabedM),
  };
}

function newTrack(vehicle: string, samples: number): TruthTrack {
  const a = (): Float64Array => new Float64Array(samples);
  return {
    vehicle,
    lat: a(),
    lon: a(),
    depthM: a(),
    sogMps: a(),
    cogDeg: a(),
    headingDeg: a(),
    seabedM: a(),
  };
}

function trimTrack(track: TruthTrack, durationS: number): TruthTrack {
  const n = durationS + 1;
  const cut = (a: Float64Array): Float64Array => a.slice(0, n);
  return {
    vehicle: track.vehicle,
    lat: cut(track.lat),
    lon: cut(track.lon),
    depthM: cut(track.depthM),
    sogMps: cut(track.sogMps),
    cogDeg: cut(track.cogDeg),
    headingDeg: cut(track.headingDeg),
    seabedM: cut(track.seabedM),
  };
}

/** Depth a vehicle of this kind has at a pose: collectors sit on the seabed, vessels on top. */
function depthFor(mission: Mission, v: VehicleSpec, pose: Pose): number {
  if (v.kind === 'vessel') return 0;
  const seabed = mission.seabed === null ? Infinity : seabedDepth(mission.seabed, pose);
  if (v.kind === 'collector') return seabed;
  return Math.min(pose.depthM, seabed);
}

/** Records one sample, with speed and course from the move since the previous one. */
function record(track: TruthTrack, i: number, pose: Pose, mission: Mission): void {
  track.lat[i] = pose.lat;
  track.lon[i] = pose.lon;
  track.depthM[i] = pose.depthM;
  track.seabedM[i] = mission.seabed === null ? NaN : seabedDepth(mission.seabed, pose);
  if (i === 0) return;

  const prev = { lat: track.lat[i - 1] as number, lon: track.lon[i - 1] as number };
  const { eastM, northM } = offsetMetres(prev, pose);
  const moved = Math.hypot(eastM, northM);
  track.sogMps[i] = moved;
  // a vehicle standing still keeps its last course and heading
  const turned = moved > 1e-3;
  track.cogDeg[i] = turned ? bearingDeg(eastM, northM) : (track.cogDeg[i - 1] as number);
  track.headingDeg[i] = turned ? (track.cogDeg[i] as number) : (track.headingDeg[i - 1] as number);
}

function runPlan(
  mission: Mission,
  v: VehicleSpec,
  limitS: number,
): { track: TruthTrack; finishedS: number } {
  const steps = expandPlan(v.plan);
  const runner = new PlanRunner(steps, { ...v.start });
  const track = newTrack(v.id, limitS + 1);
  track.cogDeg[0] = v.start.headingDeg;
  track.headingDeg[0] = v.start.headingDeg;

  let pose: Pose = { ...v.start };
  pose.depthM = depthFor(mission, v, pose);
  record(track, 0, pose, mission);
  let finishedS: number | null = runner.done ? 0 : null;
  for (let t = 1; t <= limitS; t++) {
    pose = runner.advance(1, (p) => depthFor(mission, v, p), mission);
    record(track, t, pose, mission);
    if (runner.done && finishedS === null) finishedS = t;
    // without a set duration the mission ends when its last plan does
    if (finishedS !== null && mission.durationS === null) break;
  }
  return { track, finishedS: finishedS ?? limitS };
}

/** Runs plan steps against simulated time, carrying leftover time from one step to the next. */
class PlanRunner {
  #steps: PlanStep[];
  #index = 0;
  #pose: Pose;
  /** Where the current run began and its length, to place a depth set along it. */
  #runFrom: Pose | null = null;
  #runLengthM = 0;
  #heldS = 0;

  constructor(steps: PlanStep[], start: Pose) {
    this.#steps = steps;
    this.#pose = { ...start };
  }

  get done(): boolean {
    return this.#index >= this.#steps.length;
  }

  advance(dtS: number, kindDepth: (p: Pose) => number, mission: Mission): Pose {
    let left = dtS;
    while (left > 1e-9 && !this.done) {
      const step = this.#steps[this.#index] as PlanStep;
      const used = this.#take(step, left, mission);
      left -= used.usedS;
      if (used.finished) this.#next();
    }
    this.#pose.depthM = kindDepth(this.#pose);
    return { ...this.#pose };
  }

  #next(): void {
    this.#index++;
    this.#runFrom = null;
    this.#heldS = 0;
  }

  #take(step: PlanStep, leftS: number, mission: Mission): { usedS: number; finished: boolean } {
    if (step.type === 'hold') {
      const usedS = Math.min(leftS, step.durationS - this.#heldS);
      this.#heldS += usedS;
      return { usedS, finished: this.#heldS >= step.durationS - 1e-9 };
    }
    if (step.type === 'depth') {
      const gap = step.toDepthM - this.#pose.depthM;
      const usedS = Math.min(leftS, Math.abs(gap) / step.rateMps);
      this.#pose.depthM += Math.sign(gap) * usedS * step.rateMps;
      return { usedS, finished: Math.abs(step.toDepthM - this.#pose.depthM) < 1e-6 };
    }
    return this.#run(step, leftS, mission);
  }

  #run(step: RunStep, leftS: number, mission: Mission): { usedS: number; finished: boolean } {
    const { eastM, northM } = offsetMetres(this.#pose, step.to);
    const remainingM = Math.hypot(eastM, northM);
    if (this.#runFrom === null) {
      this.#runFrom = { ...this.#pose };
      this.#runLengthM = remainingM;
    }
    const reach = step.speedMps * leftS;
    const finished = reach >= remainingM;
    const f = finished ? 1 : reach / remainingM;

    // straight in longitude and latitude, like a GeoJSON edge (RFC 7946 §3.1.1)
    const dLon = lonDelta(this.#pose.lon, step.to.lon);
    this.#pose.lat += (step.to.lat - this.#pose.lat) * f;
    this.#pose.lon = finished ? step.to.lon : normaliseLon(this.#pose.lon + dLon * f);
    this.#pose.depthM = this.#runDepth(step, finished ? 0 : remainingM - reach, mission);
    return { usedS: finished ? remainingM / step.speedMps : leftS, finished };
  }

  /** Depth along a run: toward a set depth in proportion to the way made, or at a height. */
  #runDepth(step: RunStep, remainingM: number, mission: Mission): number {
    const v = step.vertical;
    if (v === null) return this.#pose.depthM;
    if ('altitudeM' in v) {
      const seabed = mission.seabed === null ? 0 : seabedDepth(mission.seabed, this.#pose);
      return Math.max(0, seabed - v.altitudeM);
    }
    const from = this.#runFrom?.depthM ?? this.#pose.depthM;
    const share = this.#runLengthM > 0 ? 1 - remainingM / this.#runLengthM : 1;
    return from + (v.depthM - from) * share;
  }
}

/** A vessel keeping station over the centroid of its vehicles, plus an offset. */
function follow(
  mission: Mission,
  v: VehicleSpec,
  spec: FollowSpec,
  tracks: Map<string, TruthTrack>,
  durationS: number,
): TruthTrack {
  const targets = spec.vehicles.map((id) => tracks.get(id) as TruthTrack);
  const track = newTrack(v.id, durationS + 1);
  track.cogDeg[0] = v.start.headingDeg;
  track.headingDeg[0] = v.start.headingDeg;
  let pose: Pose = { lat: v.start.lat, lon: v.start.lon, depthM: 0 };
  record(track, 0, pose, mission);

  let moving = false;
  for (let t = 1; t <= durationS; t++) {
    const target = moveBy(centroid(targets, t), spec.offsetEastM, spec.offsetNorthM);
    const { eastM, northM } = offsetMetres(pose, target);
    const distM = Math.hypot(eastM, northM);

    // start when the target leaves the dead band, stop once nearly over it again
    moving = moving ? distM > spec.deadbandM / 5 : distM > spec.deadbandM;
    const speed = moving ? Math.min(spec.maxSpeedMps, distM / FOLLOW_TIME_CONSTANT_S) : 0;
    const stepM = Math.min(speed, distM);
    const next = stepM > 0 ? moveBy(pose, (eastM / distM) * stepM, (northM / distM) * stepM) : pose;
    pose = { ...next, depthM: 0 };
    record(track, t, pose, mission);
  }
  return track;
}

function centroid(tracks: TruthTrack[], i: number): LatLon {
  const first = tracks[0] as TruthTrack;
  const lon0 = first.lon[i] as number;
  let lat = 0;
  let dLon = 0;
  for (const tr of tracks) {
    lat += tr.lat[i] as number;
    dLon += lonDelta(lon0, tr.lon[i] as number);
  }
  return { lat: lat / tracks.length, lon: normaliseLon(lon0 + dLon / tracks.length) };
}
