/** Validation of the `sensors` list of a vehicle in a mission file (sim/README.md). */
import { MapReader, isMap, type ProblemList } from './fields.js';
import type { SensorSpec, SensorType, VehicleKind } from './mission-types.js';

export const SENSOR_TYPES: readonly SensorType[] = [
  'gnss',
  'heading',
  'usbl',
  'ins',
  'pressure',
  'echosounder',
];

const NAME = /^[a-z0-9][a-z0-9_-]*$/i;
const TALKER = /^[A-Z0-9]{2}$/;
const COMMON = ['type', 'name', 'interval_s', 'talker'];
const DEFAULT_TALKER: Record<SensorType, string> = {
  gnss: 'GP',
  heading: 'HE',
  usbl: '',
  ins: 'IN',
  pressure: '',
  echosounder: 'SD',
};
/** The fields each sensor type takes besides type, name, interval_s and talker. */
const FIELDS: Record<SensorType, readonly string[]> = {
  gnss: ['sigma_m', 'correlation_s', 'hdop', 'satellites', 'quality', 'sentences', 'max_depth_m'],
  heading: ['sigma_deg'],
  usbl: ['format', 'transponders', 'sigma_deg', 'range_sigma_m', 'max_range_m', 'orientation'],
  ins: [
    'drift_mps',
    'aiding_interval_s',
    'aiding_sigma_m',
    'correction_s',
    'depth_sigma_m',
    'depin',
  ],
  pressure: ['format', 'sigma_dbar'],
  echosounder: ['sentence', 'sigma_m', 'max_range_m', 'offset_m'],
};
const DEFAULT_INTERVAL_S: Partial<Record<SensorType, number>> = { usbl: 4 };

/** Which vehicle kinds may carry a sensor: a USBL transceiver sits on a ship's hull. */
const CARRIERS: Partial<Record<SensorType, readonly VehicleKind[]>> = { usbl: ['vessel'] };

interface Context {
  vehicle: string;
  kind: VehicleKind;
  problems: ProblemList;
}

/** One sensor entry, or null when it has problems (they are added to the list). */
export function readSensor(value: unknown, path: string, ctx: Context): SensorSpec | null {
  if (!isMap(value)) {
    ctx.problems.add(path, 'a sensor map with a type', value);
    return null;
  }
  const r = new MapReader(value, path, ctx.problems);
  if (!r.has('type'))
    ctx.problems.add(r.at('type'), `one of ${SENSOR_TYPES.join(', ')}`, undefined);
  const type = r.oneOf('type', SENSOR_TYPES);
  if (type === null) return null;
  r.only([...COMMON, ...FIELDS[type]]);

  const carriers = CARRIERS[type];
  if (carriers && !carriers.includes(ctx.kind)) {
    ctx.problems.add(r.at('type'), `a sensor a ${ctx.kind} carries`, type);
  }
  const name = r.string('name', 'a sensor name of letters, digits, - and _', NAME) ?? type;
  const base = {
    name,
    feed: `${ctx.vehicle}-${name}`,
    vehicle: ctx.vehicle,
    intervalS:
      r.number('interval_s', 'seconds between samples', { min: 0.1, max: 3600 }) ??
      DEFAULT_INTERVAL_S[type] ??
      1,
    talker: r.string('talker', 'a two-character talker such as GP', TALKER) ?? DEFAULT_TALKER[type],
  };
  return READERS[type](r, base);
}

type Base = Pick<SensorSpec, 'name' | 'feed' | 'vehicle' | 'intervalS' | 'talker'>;

const READERS: Record<SensorType, (r: MapReader, base: Base) => SensorSpec> = {
  gnss: (r, base) => {
    return {
      ...base,
      type: 'gnss',
      sigmaM: r.number('sigma_m', 'horizontal error 1σ, metres', { min: 0 }) ?? 1.5,
      correlationS: r.number('correlation_s', 'error time constant, seconds', { min: 0 }) ?? 60,
      hdop: r.number('hdop', 'HDOP', { min: 0.5, max: 99 }) ?? 0.9,
      satellites:
        r.number('satellites', 'satellites in use', { min: 4, max: 64, integer: true }) ?? 12,
      quality: r.number('quality', 'GGA fix quality', { min: 1, max: 8, integer: true }) ?? 1,
      sentences: gnssSentences(r),
      maxDepthM: r.number('max_depth_m', 'antenna depth with a fix, metres', { min: 0 }) ?? 0.5,
    };
  },
  heading: (r, base) => {
    return {
      ...base,
      type: 'heading',
      sigmaDeg: r.number('sigma_deg', 'heading error 1σ, degrees', { min: 0, max: 30 }) ?? 0.1,
    };
  },
  usbl: (r, base) => {
    if (!r.has('format')) r.problems.add(r.at('format'), 'psimssb, ptsag or psonlld', undefined);
    const format = r.oneOf('format', ['psimssb', 'ptsag', 'psonlld'] as const) ?? 'psimssb';
    return {
      ...base,
      type: 'usbl',
      format,
      transponders: transponders(r, format !== 'psimssb'),
      sigmaDeg: r.number('sigma_deg', 'angular error 1σ, degrees', { min: 0, max: 10 }) ?? 0.14,
      rangeSigmaM: r.number('range_sigma_m', 'range error 1σ, metres', { min: 0 }) ?? 0.5,
      maxRangeM: r.number('max_range_m', 'metres', { min: 1 }) ?? 8000,
      orientation: r.oneOf('orientation', ['north_up', 'head_up'] as const) ?? 'north_up',
    };
  },
  ins: (r, base) => {
    const aidingIntervalS =
      r.number('aiding_interval_s', 'seconds between aiding fixes', { min: 1 }) ?? 60;
    const correctionS = r.number('correction_s', 'seconds', { min: 0 }) ?? 30;
    if (correctionS >= aidingIntervalS) {
      r.problems.add(
        r.at('correction_s'),
        `less than aiding_interval_s (${aidingIntervalS})`,
        correctionS,
      );
    }
    return {
      ...base,
      type: 'ins',
      driftMps: r.number('drift_mps', 'velocity error 1σ, m/s', { min: 0, max: 1 }) ?? 0.005,
      aidingIntervalS,
      aidingSigmaM: r.number('aiding_sigma_m', 'metres 1σ', { min: 0 }) ?? 2,
      correctionS,
      depthSigmaM: r.number('depth_sigma_m', 'metres 1σ', { min: 0 }) ?? 0.1,
      depin: r.boolean('depin') ?? true,
      zda: r.boolean('zda') ?? true,
    };
  },
  pressure: (r, base) => {
    if (!r.has('format'))
      r.problems.add(r.at('format'), 'digiquartz, valeport or sbe37', undefined);
    return {
      ...base,
      type: 'pressure',
      format: r.oneOf('format', ['digiquartz', 'valeport', 'sbe37'] as const) ?? 'digiquartz',
      sigmaDbar: r.number('sigma_dbar', 'pressure noise 1σ, dbar', { min: 0 }) ?? 0.05,
    };
  },
  echosounder: (r, base) => {
    return {
      ...base,
      type: 'echosounder',
      sentence: r.oneOf('sentence', ['DBT', 'DPT'] as const) ?? 'DPT',
      sigmaM: r.number('sigma_m', 'range noise 1σ, metres', { min: 0 }) ?? 0.1,
      maxRangeM: r.number('max_range_m', 'metres', { min: 1 }) ?? 12000,
      offsetM: r.number('offset_m', 'DPT offset, metres', { min: -100, max: 100 }) ?? 0,
    };
  },
};

const GNSS_SENTENCES = ['GGA', 'RMC', 'ZDA', 'VTG'] as const;

function gnssSentences(r: MapReader): ('GGA' | 'RMC' | 'ZDA' | 'VTG')[] {
  if (!r.has('sentences')) return ['GGA', 'RMC'];
  const list = r.list('sentences', 'a list of GGA, RMC, ZDA, VTG', (item, path) => {
    if ((GNSS_SENTENCES as readonly unknown[]).includes(item)) return item as 'GGA';
    r.problems.add(path, `one of ${GNSS_SENTENCES.join(', ')}`, item);
    return null;
  });
  if (list.length === 0) r.problems.add(r.at('sentences'), 'at least one sentence', list);
  return list;
}

/** PTSAG and PSONLLD number their beacons (PTSAG's 0 is the ship); HiPAP names them `B01`. */
function transponders(r: MapReader, numbered: boolean): Record<string, string> {
  const map = r.map('transponders', 'a map of transponder id to vehicle id', true);
  const out: Record<string, string> = {};
  if (map === null) return out;
  const pattern = numbered ? /^[1-9][0-9]{0,3}$/ : /^[A-Za-z0-9]{1,8}$/;
  const what = numbered ? 'a beacon number from 1 to 9999' : 'a transponder id such as B01';
  for (const [id, vehicle] of Object.entries(map.fields)) {
    if (!pattern.test(id)) {
      r.problems.add(map.at(id), what, id);
    } else if (typeof vehicle !== 'string') {
      r.problems.add(map.at(id), 'a vehicle id', vehicle);
    } else {
      out[id] = vehicle;
    }
  }
  if (Object.keys(map.fields).length === 0) {
    r.problems.add(r.at('transponders'), 'at least one transponder', map.fields);
  }
  return out;
}
