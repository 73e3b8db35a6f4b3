/**
 * Mission files (YAML or JSON): parsing and complete validation. Every problem is listed in one
 * MissionInvalidError, each naming the file, the path of the field, and expected versus got.
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';

import { faultApplies } from './faults.js';
import { MapReader, ProblemList, isMap } from './fields.js';
import type {
  FaultSpec,
  FaultType,
  FollowSpec,
  Leg,
  Mission,
  SeabedSpec,
  SensorSpec,
  TruthViolation,
  VehicleKind,
  VehicleSpec,
  Vertical,
} from './mission-types.js';
import { readSensor } from './mission-sensors.js';

/** A mission file that cannot be used; `problems` lists every fault found. */
export class MissionInvalidError extends Error {
  readonly code = 'DSG_MISSION_INVALID';
  readonly problems: string[];

  constructor(file: string, problems: string[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`${file}: ${count} in the mission`);
    this.name = 'MissionInvalidError';
    this.problems = problems;
  }
}

const MAX_DURATION_S = 7 * 86400;
const ID = /^[a-z0-9][a-z0-9_-]*$/i;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const KINDS: readonly VehicleKind[] = ['collector', 'auv', 'vessel'];
/** Plausible top speeds: a crawler on nodules, a survey AUV, a support ship. */
const MAX_SPEED_MPS: Record<VehicleKind, number> = { collector: 2, auv: 3, vessel: 8 };
const FAULT_TYPES: readonly FaultType[] = [
  'silence',
  'corrupt',
  'cut',
  'bad_checksum',
  'clock_step',
  'duplicate_talker',
  'position_jump',
];

/** Reads and validates a mission file. */
export function loadMission(file: string): Mission {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new MissionInvalidError(file, [`${file}: expected a readable file, got ${reason}`]);
  }
  return parseMission(text, file);
}

/** Validates mission text (YAML, of which JSON is a subset); `file` names it in messages. */
export function parseMission(text: string, file: string): Mission {
  const problems = new ProblemList(file);
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) {
    const list = doc.errors.map((e) => `${file}: ${e.message.split('\n')[0]}`);
    throw new MissionInvalidError(file, list);
  }
  const root: unknown = doc.toJS();
  if (!isMap(root)) {
    problems.add('', 'a map with name, start and vehicles', root);
    throw new MissionInvalidError(file, problems.items);
  }

  const mission = readMission(new MapReader(root, '', problems));
  crossCheck(mission, problems);
  if (problems.items.length > 0) throw new MissionInvalidError(file, problems.items);
  return mission;
}

function readMission(r: MapReader): Mission {
  r.only(['name', 'start', 'duration_s', 'seabed', 'vehicles', 'faults', 'truth']);
  const name = r.requiredString('name', 'a mission name') ?? '';
  const startMs = isoTime(r, 'start', true) ?? 0;
  const durationS = r.number('duration_s', 'seconds', { min: 1, max: MAX_DURATION_S });
  if (!r.has('vehicles')) r.problems.add(r.at('vehicles'), 'a list of vehicles', undefined);
  const vehicles = r.list('vehicles', 'a list of vehicles', (v, path) => readVehicle(r, v, path));
  const seabedReader = r.map('seabed', 'a map with depth_m');
  const first = vehicles[0]?.start ?? { lat: 0, lon: 0 };
  const seabed = seabedReader && readSeabed(seabedReader, first);
  const faults = r.list('faults', 'a list of faults', (f, path) => readFault(r, f, path));
  const truthReader = r.map('truth', 'a map with violations');
  truthReader?.only(['violations']);
  const truth =
    truthReader?.list('violations', 'a list of violations', (t, path) =>
      readTruth(r, t, path, startMs),
    ) ?? [];
  return { file: r.problems.file, name, startMs, durationS, seabed, vehicles, faults, truth };
}

function isoTime(r: MapReader, key: string, required = false): number | null {
  const text = required
    ? r.requiredString(key, 'an ISO 8601 time with a zone, e.g. 2022-10-15T14:00:00Z', ISO)
    : r.string(key, 'an ISO 8601 time with a zone, e.g. 2022-10-15T14:00:00Z', ISO);
  if (text === null) return null;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) r.problems.add(r.at(key), 'a real calendar time', text);
  return Number.isNaN(ms) ? null : ms;
}

function readVehicle(parent: MapReader, value: unknown, path: string): VehicleSpec | null {
  if (!isMap(value)) {
    parent.problems.add(path, 'a vehicle map with id and kind', value);
    return null;
  }
  const r = new MapReader(value, path, parent.problems);
  r.only(['id', 'kind', 'start', 'plan', 'follow', 'sensors']);
  const id = r.requiredString('id', 'a vehicle id of letters, digits, - and _', ID);
  if (!r.has('kind')) r.problems.add(r.at('kind'), `one of ${KINDS.join(', ')}`, undefined);
  const kind = r.oneOf('kind', KINDS);
  const start = r.map('start', 'a map with lat and lon', true);

  // a vehicle with a bad id or kind is still read through, so its other problems show too
  const asKind = kind ?? 'auv';
  const vehicle: VehicleSpec = {
    id: id ?? '',
    kind: asKind,
    start: start ? readStart(start, asKind) : { lat: 0, lon: 0, depthM: 0, headingDeg: 0 },
    plan: r.list('plan', 'a list of legs', (leg, p) => readLeg(r, leg, p, asKind)),
    follow: null,
    sensors: r.list('sensors', 'a list of sensors', (s, p) =>
      readSensor(s, p, { vehicle: id ?? '', kind: asKind, problems: r.problems }),
    ),
  };
  const follow = r.map('follow', 'a map with vehicles');
  if (follow) vehicle.follow = readFollow(follow, asKind);
  if (follow && vehicle.plan.length > 0) {
    r.problems.note(r.at('follow'), 'a vehicle either follows others or has a plan, not both');
  }
  return id === null || kind === null || start === null ? null : vehicle;
}

function readStart(r: MapReader, kind: VehicleKind): VehicleSpec['start'] {
  r.only(['lat', 'lon', 'depth_m', 'heading_deg']);
  const lat = r.requiredNumber('lat', 'latitude', { min: -90, max: 90 }) ?? 0;
  const lon = r.requiredNumber('lon', 'longitude', { min: -180, max: 180 }) ?? 0;
  const depthM = r.number('depth_m', 'depth, metres', { min: 0, max: 11000 }) ?? 0;
  if (r.has('depth_m') && kind !== 'auv') {
    r.problems.add(
      r.at('depth_m'),
      `no start depth for a ${kind} (it sits on its surface)`,
      depthM,
    );
  }
  const headingDeg = r.number('heading_deg', 'degrees true', { min: 0, max: 360 }) ?? 0;
  return { lat, lon, depthM, headingDeg };
}

const LEG_TYPES = ['goto', 'lawnmower', 'dive', 'ascend', 'hold'] as const;

function readLeg(parent: MapReader, value: unknown, path: string, kind: VehicleKind): Leg | null {
  const types = isMap(value) ? LEG_TYPES.filter((t) => value[t] !== undefined) : [];
  if (!isMap(value) || types.length !== 1) {
    parent.problems.add(path, `a leg with exactly one of ${LEG_TYPES.join(', ')}`, value);
    return null;
  }
  const r = new MapReader(value, path, parent.problems);
  const type = types[0] ?? 'hold';
  if (type === 'hold') {
    r.only(['hold']);
    const hold = r.map('hold', 'a map with duration_s', true);
    const durationS = hold?.requiredNumber('duration_s', 'seconds', { min: 0 }) ?? null;
    hold?.only(['duration_s']);
    return durationS === null ? null : { type, durationS };
  }
  if (type === 'dive' || type === 'ascend') return readDepthLeg(r, type, kind);
  return readTrackLeg(r, type, kind);
}

function readDepthLeg(r: MapReader, type: 'dive' | 'ascend', kind: VehicleKind): Leg | null {
  r.only([type]);
  if (kind !== 'auv') r.problems.add(r.at(type), `a leg a ${kind} can sail`, type);
  const m = r.map(type, 'a map with to_depth_m and rate_mps', true);
  if (m === null) return null;
  m.only(['to_depth_m', 'rate_mps']);
  const toDepthM =
    type === 'ascend'
      ? (m.number('to_depth_m', 'depth, metres', { min: 0, max: 11000 }) ?? 0)
      : m.requiredNumber('to_depth_m', 'depth, metres', { min: 0, max: 11000 });
  const rateMps = m.requiredNumber('rate_mps', 'm/s', { min: 0, max: 5, exclusiveMin: true });
  return toDepthM === null || rateMps === null ? null : { type, toDepthM, rateMps };
}

function readTrackLeg(r: MapReader, type: 'goto' | 'lawnmower', kind: VehicleKind): Leg | null {
  r.only([type, 'speed_mps', 'depth_m', 'altitude_m']);
  const maxSpeed = MAX_SPEED_MPS[kind];
  const speedMps = r.requiredNumber('speed_mps', `a ${kind}'s speed, m/s`, {
    min: 0,
    max: maxSpeed,
    exclusiveMin: true,
  });
  const vertical = readVertical(r, kind);
  const m = r.map(type, type === 'goto' ? 'a map with lat and lon' : 'a box map', true);
  if (m === null || speedMps === null) return null;

  if (type === 'goto') {
    m.only(['lat', 'lon']);
    const lat = m.requiredNumber('lat', 'latitude', { min: -90, max: 90 });
    const lon = m.requiredNumber('lon', 'longitude', { min: -180, max: 180 });
    return lat === null || lon === null ? null : { type, to: { lat, lon }, speedMps, vertical };
  }
  return readLawnmower(m, speedMps, vertical);
}

function readVertical(r: MapReader, kind: VehicleKind): Vertical {
  const depthM = r.number('depth_m', 'depth at the leg end, metres', { min: 0, max: 11000 });
  const altitudeM = r.number('altitude_m', 'height above the seabed, metres', { min: 0 });
  for (const key of ['depth_m', 'altitude_m']) {
    if (r.has(key) && kind !== 'auv') {
      r.problems.add(r.at(key), `nothing: a ${kind}'s depth follows from its kind`, r.fields[key]);
    }
  }
  if (depthM !== null && altitudeM !== null) {
    r.problems.note(r.path, 'a leg sets depth_m or altitude_m, not both');
  }
  if (depthM !== null) return { depthM };
  return altitudeM !== null ? { altitudeM } : null;
}

function readLawnmower(m: MapReader, speedMps: number, vertical: Vertical): Leg | null {
  m.only(['south', 'north', 'west', 'east', 'spacing_m', 'lines', 'from']);
  const south = m.requiredNumber('south', 'latitude', { min: -90, max: 90 });
  const north = m.requiredNumber('north', 'latitude', { min: -90, max: 90 });
  const west = m.requiredNumber('west', 'longitude', { min: -180, max: 180 });
  const east = m.requiredNumber('east', 'longitude', { min: -180, max: 180 });
  const spacingM = m.requiredNumber('spacing_m', 'line spacing, metres', { min: 1 });
  const lines = m.oneOf('lines', ['east_west', 'north_south'] as const) ?? 'east_west';
  const from = m.oneOf('from', ['sw', 'se', 'nw', 'ne'] as const) ?? 'sw';
  if (south === null || north === null || west === null || east === null) return null;
  if (spacingM === null) return null;
  if (north <= south) m.problems.add(m.at('north'), `a latitude north of south (${south})`, north);
  if (east <= west) m.problems.add(m.at('east'), `a longitude east of west (${west})`, east);
  const box = { south, north, west, east };
  return { type: 'lawnmower', box, spacingM, lines, from, speedMps, vertical };
}

function readFollow(r: MapReader, kind: VehicleKind): FollowSpec {
  r.only(['vehicles', 'offset_east_m', 'offset_north_m', 'max_speed_mps', 'deadband_m']);
  if (kind !== 'vessel') r.problems.note(r.path, `only a vessel follows others, not a ${kind}`);
  if (!r.has('vehicles')) r.problems.add(r.at('vehicles'), 'a list of vehicle ids', undefined);
  const vehicles = r.list('vehicles', 'a list of vehicle ids', (v, path) => {
    if (typeof v === 'string') return v;
    r.problems.add(path, 'a vehicle id', v);
    return null;
  });
  return {
    vehicles,
    offsetEastM: r.number('offset_east_m', 'metres') ?? 0,
    offsetNorthM: r.number('offset_north_m', 'metres') ?? 0,
    maxSpeedMps:
      r.number('max_speed_mps', 'm/s', { min: 0, max: MAX_SPEED_MPS.vessel, exclusiveMin: true }) ??
      2,
    deadbandM: r.number('deadband_m', 'metres', { min: 0 }) ?? 25,
  };
}

function readSeabed(r: MapReader, fallbackOrigin: { lat: number; lon: number }): SeabedSpec {
  r.only(['depth_m', 'origin', 'slope_east_m_per_km', 'slope_north_m_per_km', 'hollows']);
  const origin = r.map('origin', 'a map with lat and lon');
  origin?.only(['lat', 'lon']);
  const hollows = r.list('hollows', 'a list of hollows', (h, path) => {
    if (!isMap(h)) {
      r.problems.add(path, 'a map with lat, lon, radius_m, depth_m', h);
      return null;
    }
    const m = new MapReader(h, path, r.problems);
    m.only(['lat', 'lon', 'radius_m', 'depth_m']);
    const lat = m.requiredNumber('lat', 'latitude', { min: -90, max: 90 });
    const lon = m.requiredNumber('lon', 'longitude', { min: -180, max: 180 });
    const radiusM = m.requiredNumber('radius_m', 'metres', { min: 0, exclusiveMin: true });
    const depthM = m.requiredNumber('depth_m', 'extra depth at the centre, metres');
    if (lat === null || lon === null || radiusM === null || depthM === null) return null;
    return { lat, lon, radiusM, depthM };
  });
  return {
    depthM: r.requiredNumber('depth_m', 'seabed depth, metres', { min: 0, max: 11000 }) ?? 0,
    origin: {
      lat: origin?.requiredNumber('lat', 'latitude', { min: -90, max: 90 }) ?? fallbackOrigin.lat,
      lon:
        origin?.requiredNumber('lon', 'longitude', { min: -180, max: 180 }) ?? fallbackOrigin.lon,
    },
    slopeEastMPerKm: r.number('slope_east_m_per_km', 'metres per km', { min: -500, max: 500 }) ?? 0,
    slopeNorthMPerKm:
      r.number('slope_north_m_per_km', 'metres per km', { min: -500, max: 500 }) ?? 0,
    hollows,
  };
}

function readFault(parent: MapReader, value: unknown, path: string): FaultSpec | null {
  if (!isMap(value)) {
    parent.problems.add(path, 'a fault map with feed, type and at_s', value);
    return null;
  }
  const r = new MapReader(value, path, parent.problems);
  r.only(['feed', 'type', 'at_s', 'duration_s', 'step_s', 'talker', 'east_m', 'north_m']);
  const feed = r.requiredString('feed', 'a feed name <vehicle>-<sensor>');
  if (!r.has('type')) r.problems.add(r.at('type'), `one of ${FAULT_TYPES.join(', ')}`, undefined);
  const type = r.oneOf('type', FAULT_TYPES);
  const atS = r.requiredNumber('at_s', 'seconds from the start', { min: 0 });
  const durationS = r.number('duration_s', 'seconds', { min: 0, exclusiveMin: true });
  const fault: FaultSpec = {
    feed: feed ?? '',
    type: type ?? 'silence',
    atS: atS ?? 0,
    durationS: durationS ?? (type === 'clock_step' ? null : 1),
    stepS: r.number('step_s', 'seconds added to the sensor clock') ?? 0,
    talker: r.string('talker', 'a two-character talker', /^[A-Z0-9]{2}$/) ?? 'GN',
    eastM: r.number('east_m', 'metres') ?? 0,
    northM: r.number('north_m', 'metres') ?? 0,
  };
  requireFaultParameters(r, fault);
  return feed === null || type === null || atS === null ? null : fault;
}

function requireFaultParameters(r: MapReader, fault: FaultSpec): void {
  if (fault.type === 'clock_step' && !r.has('step_s')) {
    r.problems.add(r.at('step_s'), 'seconds added to the sensor clock', undefined);
  }
  if (fault.type === 'position_jump' && !r.has('east_m') && !r.has('north_m')) {
    r.problems.add(r.at('east_m'), 'east_m and/or north_m for a position_jump', undefined);
  }
}

function readTruth(
  parent: MapReader,
  value: unknown,
  path: string,
  startMs: number,
): TruthViolation | null {
  if (!isMap(value)) {
    parent.problems.add(path, 'a map with rule, vehicle and opens', value);
    return null;
  }
  const r = new MapReader(value, path, parent.problems);
  r.only(['rule', 'vehicle', 'zone', 'opens', 'closes', 'note']);
  const rule = r.requiredString('rule', 'a rule id');
  const vehicle = r.requiredString('vehicle', 'a vehicle id');
  const opens = timeWindow(r, 'opens', startMs);
  const closes = r.fields['closes'] === null ? null : timeWindow(r, 'closes', startMs);
  if (opens && closes && closes[1] < opens[0]) {
    r.problems.note(r.at('closes'), 'the close window ends before the open window starts');
  }
  if (rule === null || vehicle === null || opens === null) return null;
  const zone = r.string('zone', 'a zone id');
  return { rule, vehicle, zone, opens, closes, note: r.string('note', 'a note') };
}

/** `[earliest, latest]` as two ISO times, within the mission. */
function timeWindow(r: MapReader, key: string, startMs: number): [number, number] | null {
  const value = r.fields[key];
  const what =
    'a window [earliest, latest] of two ISO 8601 times' +
    (key === 'closes' ? ' or null (open at the end)' : '');
  const times = Array.isArray(value) && value.length === 2 ? value.map(parseIso) : [];
  const [from, to] = times;
  if (from === undefined || to === undefined || from === null || to === null || to < from) {
    r.problems.add(r.at(key), what, value);
    return null;
  }
  if (from < startMs)
    r.problems.add(
      `${r.at(key)}[0]`,
      'a time after the mission start',
      new Date(from).toISOString(),
    );
  return [from, to];
}

function parseIso(value: unknown): number | null {
  if (typeof value !== 'string' || !ISO.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** References between parts of the mission: ids, followed vehicles, transponders, faults. */
function crossCheck(m: Mission, problems: ProblemList): void {
  const ids = new Map<string, VehicleSpec>();
  const feeds = new Map<string, SensorSpec>();
  m.vehicles.forEach((v, i) => {
    if (ids.has(v.id)) problems.add(`vehicles[${i}].id`, 'a vehicle id used once', v.id);
    ids.set(v.id, v);
    v.sensors.forEach((s, j) => {
      if (feeds.has(s.feed)) {
        const path = `vehicles[${i}].sensors[${j}].name`;
        problems.add(path, 'a feed name <vehicle>-<sensor> used once', s.feed);
      }
      feeds.set(s.feed, s);
    });
  });

  m.vehicles.forEach((v, i) => checkVehicleRefs(v, i, ids, problems));
  m.faults.forEach((f, i) => checkFault(f, `faults[${i}]`, feeds, m.durationS, problems));
  m.truth.forEach((t, i) => {
    const path = `truth.violations[${i}]`;
    if (!ids.has(t.vehicle))
      problems.add(`${path}.vehicle`, 'a vehicle id of the mission', t.vehicle);
    const endMs = m.durationS === null ? Infinity : m.startMs + m.durationS * 1000;
    if (t.opens[0] > endMs) {
      const end = new Date(endMs).toISOString();
      problems.add(
        `${path}.opens`,
        `a window starting by the end (${end})`,
        new Date(t.opens[0]).toISOString(),
      );
    }
  });
  if (m.seabed === null && needsSeabed(m)) {
    problems.add(
      'seabed',
      'a seabed (collectors, echo sounders and altitude legs need one)',
      undefined,
    );
  }
  if (m.vehicles.length > 0 && m.vehicles.every((v) => v.sensors.length === 0)) {
    problems.add('vehicles', 'at least one sensor on some vehicle', 'none');
  }
}

function checkFault(
  f: FaultSpec,
  path: string,
  feeds: Map<string, SensorSpec>,
  durationS: number | null,
  problems: ProblemList,
): void {
  const sensor = feeds.get(f.feed);
  if (sensor === undefined) {
    problems.add(`${path}.feed`, `one of ${[...feeds.keys()].join(', ')}`, f.feed);
  } else if (!faultApplies(f.type, sensor)) {
    problems.add(`${path}.type`, `a fault a ${sensor.type} feed can show`, f.type);
  }
  if (durationS !== null && f.atS >= durationS) {
    problems.add(`${path}.at_s`, `a time before the end (${durationS} s)`, f.atS);
  }
}

function checkVehicleRefs(
  v: VehicleSpec,
  i: number,
  ids: Map<string, VehicleSpec>,
  problems: ProblemList,
): void {
  v.follow?.vehicles.forEach((target, j) => {
    const other = ids.get(target);
    const path = `vehicles[${i}].follow.vehicles[${j}]`;
    if (other === undefined || other === v) problems.add(path, 'the id of another vehicle', target);
    else if (other.follow !== null)
      problems.add(path, 'a vehicle with a plan, not a follower', target);
  });
  v.sensors.forEach((s, j) => {
    if (s.type !== 'usbl') return;
    for (const [id, target] of Object.entries(s.transponders)) {
      const path = `vehicles[${i}].sensors[${j}].transponders.${id}`;
      if (!ids.has(target) || target === v.id)
        problems.add(path, 'the id of another vehicle', target);
    }
  });
}

function needsSeabed(m: Mission): boolean {
  return m.vehicles.some(
    (v) =>
      v.kind === 'collector' ||
      v.sensors.some((s) => s.type === 'echosounder') ||
      v.plan.some((l) => 'vertical' in l && l.vertical !== null && 'altitudeM' in l.vertical),
  );
}
