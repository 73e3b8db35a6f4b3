/**
 * A mission as the simulator uses it: validated, in SI units, times in epoch milliseconds.
 * The file format (snake_case YAML or JSON) is described in sim/README.md.
 */
import type { LatLon } from './geo.js';

export type VehicleKind = 'collector' | 'auv' | 'vessel';

/** How a leg sets the vehicle's depth: a depth to reach by the leg's end, or a height above
 * the seabed to hold. Null keeps the depth (an AUV) or follows the kind (collector, vessel). */
export type Vertical = { depthM: number } | { altitudeM: number } | null;

export interface GotoLeg {
  type: 'goto';
  to: LatLon;
  speedMps: number;
  vertical: Vertical;
}

export interface LawnmowerLeg {
  type: 'lawnmower';
  box: { south: number; north: number; west: number; east: number };
  spacingM: number;
  lines: 'east_west' | 'north_south';
  from: 'sw' | 'se' | 'nw' | 'ne';
  speedMps: number;
  vertical: Vertical;
}

export interface DepthLeg {
  type: 'dive' | 'ascend';
  toDepthM: number;
  rateMps: number;
}

export interface HoldLeg {
  type: 'hold';
  durationS: number;
}

export type Leg = GotoLeg | LawnmowerLeg | DepthLeg | HoldLeg;

/** A vessel keeping station over the centroid of other vehicles. */
export interface FollowSpec {
  vehicles: string[];
  offsetEastM: number;
  offsetNorthM: number;
  maxSpeedMps: number;
  /** No move is made while the target is closer than this. */
  deadbandM: number;
}

interface SensorBase {
  /** Sensor name within its vehicle; the feed is `<vehicle>-<name>`. */
  name: string;
  feed: string;
  vehicle: string;
  intervalS: number;
  /** Two-character NMEA talker; empty for proprietary sentences and sensor lines. */
  talker: string;
}

export type GnssSentence = 'GGA' | 'RMC' | 'ZDA' | 'VTG';

export interface GnssSpec extends SensorBase {
  type: 'gnss';
  /** Horizontal error, metres, 1σ per axis. */
  sigmaM: number;
  /** Time constant of the error (first-order Gauss–Markov); 0 draws it afresh each fix. */
  correlationS: number;
  hdop: number;
  satellites: number;
  quality: number;
  sentences: GnssSentence[];
  /** Antenna deeper than this: no fix (GGA quality 0, RMC status V). */
  maxDepthM: number;
}

export interface HeadingSpec extends SensorBase {
  type: 'heading';
  sigmaDeg: number;
}

export type UsblFormat = 'psimssb' | 'ptsag' | 'psonlld';

export interface UsblSpec extends SensorBase {
  type: 'usbl';
  format: UsblFormat;
  /** Transponder or beacon id → tracked vehicle id. */
  transponders: Record<string, string>;
  /** Angular error, 1σ, degrees: horizontal error per axis is slant range × this. */
  sigmaDeg: number;
  /** Range error, 1σ, metres: it shows in the depth. */
  rangeSigmaM: number;
  maxRangeM: number;
  /** PSIMSSB offsets north-up (east, north) or head-up (starboard, forward). */
  orientation: 'north_up' | 'head_up';
}

export interface InsSpec extends SensorBase {
  type: 'ins';
  /** Velocity error, 1σ per axis, drawn at each aiding: the drift rate until the next one. */
  driftMps: number;
  aidingIntervalS: number;
  /** Error left just after an aiding fix, 1σ per axis. */
  aidingSigmaM: number;
  /** Time over which the output blends into the newly aided solution (no jump). */
  correctionS: number;
  depthSigmaM: number;
  /** Also write PIXSE DEPIN_ (depth) after each POSITI. */
  depin: boolean;
  /** Write a ZDA (talker IN) before each POSITI: POSITI states no time, so a reader dates it
   * by the feed's last stated time. */
  zda: boolean;
}

export type PressureFormat = 'digiquartz' | 'valeport' | 'sbe37';

export interface PressureSpec extends SensorBase {
  type: 'pressure';
  format: PressureFormat;
  sigmaDbar: number;
}

export interface EchosounderSpec extends SensorBase {
  type: 'echosounder';
  sentence: 'DBT' | 'DPT';
  sigmaM: number;
  maxRangeM: number;
  /** DPT offset field: + transducer to waterline, − transducer to keel. */
  offsetM: number;
}

export type SensorSpec =
  GnssSpec | HeadingSpec | UsblSpec | InsSpec | PressureSpec | EchosounderSpec;

export type SensorType = SensorSpec['type'];

export interface VehicleSpec {
  id: string;
  kind: VehicleKind;
  start: LatLon & { depthM: number; headingDeg: number };
  plan: Leg[];
  follow: FollowSpec | null;
  sensors: SensorSpec[];
}

export interface Hollow {
  lat: number;
  lon: number;
  radiusM: number;
  /** Extra depth at the centre; the hollow tapers as a cosine to nothing at its radius. */
  depthM: number;
}

export interface SeabedSpec {
  depthM: number;
  origin: LatLon;
  /** Depth change per kilometre east and north of the origin. */
  slopeEastMPerKm: number;
  slopeNorthMPerKm: number;
  hollows: Hollow[];
}

export type FaultType =
  | 'silence'
  | 'corrupt'
  | 'cut'
  | 'bad_checksum'
  | 'clock_step'
  | 'duplicate_talker'
  | 'position_jump';

export interface FaultSpec {
  feed: string;
  type: FaultType;
  atS: number;
  /** Length of the window; null for a clock step that lasts to the end. */
  durationS: number | null;
  /** clock_step: seconds added to the sensor time. */
  stepS: number;
  /** duplicate_talker: the second talker. */
  talker: string;
  /** position_jump: the offset, metres. */
  eastM: number;
  northM: number;
}

/** A violation the mission is built to cause, with the windows its events must fall in. */
export interface TruthViolation {
  rule: string;
  vehicle: string;
  zone: string | null;
  opens: [number, number];
  /** Null: still open at the end of the mission. */
  closes: [number, number] | null;
  note: string | null;
}

export interface Mission {
  file: string;
  name: string;
  startMs: number;
  /** Null: until every vehicle with a plan has finished it. */
  durationS: number | null;
  seabed: SeabedSpec | null;
  vehicles: VehicleSpec[];
  faults: FaultSpec[];
  truth: TruthViolation[];
}
