// The agent's configuration file (DESIGN.md §8, issue #7): JSON or YAML, snake_case keys,
// validated completely at start so that every problem is reported at once. An unknown key is
// an error: a misspelt `silence_s` must not silently become the default.
import { dirname, isAbsolute, resolve } from 'node:path';

import { parse as parseYaml } from 'yaml';

import type { PressureFormat, PressureUnits } from '../drivers/index.js';

export interface FeedConfig {
  name: string;
  /** A device path, `tcp://host:port`, or a file played at its recorded pace. */
  path: string;
  baud: number;
  protocol: 'nmea' | 'pressure';
  format: PressureFormat | null;
  units: PressureUnits | null;
  vehicle: string;
  transponders: Map<string, string>;
  silenceS: number;
}

export interface AgentConfig {
  file: string;
  agentId: string;
  vehicle: string;
  zones: string[];
  rules: string;
  feeds: FeedConfig[];
  store: { path: string; maxMb: number };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
}

/** A configuration file that cannot be used, with every problem in it. */
export class ConfigError extends Error {
  readonly code = 'DSG_CONFIG_INVALID';
  readonly problems: string[];

  constructor(file: string, problems: string[]) {
    super(`${file}: ${problems.length} problem(s) in the configuration`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const TOP_KEYS = ['agent_id', 'vehicle', 'zones', 'rules', 'feeds', 'store', 'log_level'];
const FEED_KEYS = [
  'name',
  'path',
  'baud',
  'protocol',
  'format',
  'units',
  'vehicle',
  'transponders',
  'silence_s',
];
const STORE_KEYS = ['path', 'max_mb'];
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
const PRESSURE_FORMATS = ['digiquartz', 'valeport', 'sbe37'] as const;
const PRESSURE_UNITS = ['psi', 'dbar', 'bar', 'kpa'] as const;
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown): string => (v === undefined ? 'nothing' : JSON.stringify(v));

/** Collects problems while reading fields, so one pass reports them all. */
class Reader {
  readonly problems: string[] = [];
  #file: string;
  #dir: string;

  constructor(file: string) {
    this.#file = file;
    this.#dir = dirname(file);
  }

  problem(field: string, expected: string, got: unknown): void {
    this.problems.push(`${this.#file}: ${field}: expected ${expected}, got ${show(got)}`);
  }

  unknownKeys(obj: Json, allowed: readonly string[], where: string): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) {
        this.problems.push(
          `${this.#file}: ${where}${key}: unknown key (expected one of ${allowed.join(', ')})`,
        );
      }
    }
  }

  id(obj: Json, key: string, where: string, fallback?: string): string {
    const value = obj[key] ?? fallback;
    if (typeof value === 'string' && ID_PATTERN.test(value)) return value;
    this.problem(`${where}${key}`, 'an id of letters, digits, ".", "_" or "-"', value);
    return '';
  }

  path(obj: Json, key: string, where: string): string {
    const value = obj[key];
    if (typeof value === 'string' && value.length > 0) return this.resolve(value);
    this.problem(`${where}${key}`, 'a file path', value);
    return '';
  }

  resolve(path: string): string {
    return isAbsolute(path) || path.startsWith('tcp://') ? path : resolve(this.#dir, path);
  }

  number(obj: Json, key: string, where: string, range: [number, number], fallback: number) {
    const value = obj[key] ?? fallback;
    if (typeof value === 'number' && value >= range[0] && value <= range[1]) return value;
    this.problem(`${where}${key}`, `a number from ${range[0]} to ${range[1]}`, value);
    return fallback;
  }

  choice<T extends string>(
    obj: Json,
    key: string,
    where: string,
    choices: readonly T[],
    fallback: T | null,
  ): T | null {
    const value = obj[key] ?? fallback;
    if (value === null || (typeof value === 'string' && choices.includes(value as T))) {
      return value as T | null;
    }
    this.problem(`${where}${key}`, `one of ${choices.join(', ')}`, value);
    return fallback;
  }
}

function readTransponders(r: Reader, value: unknown, where: string): Map<string, string> {
  const map = new Map<string, string>();
  if (value === undefined) return map;
  if (!isObject(value)) {
    r.problem(`${where}transponders`, 'a map from beacon id to vehicle id', value);
    return map;
  }
  for (const [beacon, vehicle] of Object.entries(value)) {
    if (typeof vehicle === 'string' && ID_PATTERN.test(vehicle)) map.set(beacon, vehicle);
    else r.problem(`${where}transponders.${beacon}`, 'a vehicle id', vehicle);
  }
  return map;
}

function readFeed(r: Reader, value: unknown, index: number, vehicle: string): FeedConfig | null {
  const where = `feeds[${index}].`;
  if (!isObject(value)) {
    r.problem(`feeds[${index}]`, 'an object', value);
    return null;
  }
  r.unknownKeys(value, FEED_KEYS, where);
  const protocol = r.choice(value, 'protocol', where, ['nmea', 'pressure'] as const, 'nmea');
  const format = r.choice(value, 'format', where, PRESSURE_FORMATS, null);
  const units = r.choice(value, 'units', where, PRESSURE_UNITS, null);
  if (protocol === 'pressure' && format === null) {
    r.problem(`${where}format`, `one of ${PRESSURE_FORMATS.join(', ')} for a pressure feed`, null);
  }
  return {
    name: r.id(value, 'name', where),
    path: r.path(value, 'path', where),
    baud: r.number(value, 'baud', where, [50, 4_000_000], 4800),
    protocol: protocol ?? 'nmea',
    format,
    units,
    vehicle: r.id(value, 'vehicle', where, vehicle),
    transponders: readTransponders(r, value.transponders, where),
    silenceS: r.number(value, 'silence_s', where, [0.1, 86_400], 10),
  };
}

function readFeeds(r: Reader, value: unknown, vehicle: string): FeedConfig[] {
  if (!Array.isArray(value) || value.length === 0) {
    r.problem('feeds', 'a list of at least one feed', value);
    return [];
  }
  const feeds = value.flatMap((f, i) => readFeed(r, f, i, vehicle) ?? []);
  const seen = new Set<string>();
  feeds.forEach((feed, i) => {
    if (feed.name && seen.has(feed.name)) r.problem(`feeds[${i}].name`, 'a unique name', feed.name);
    seen.add(feed.name);
  });
  return feeds;
}

function readZones(r: Reader, value: unknown): string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || !list.every((v) => typeof v === 'string')) {
    r.problem('zones', 'a zone file or a list of zone files', value);
    return [];
  }
  return list.map((p: string) => r.resolve(p));
}

function readStore(r: Reader, value: unknown): AgentConfig['store'] {
  if (!isObject(value)) {
    r.problem('store', 'an object with path and max_mb', value);
    return { path: '', maxMb: 0 };
  }
  r.unknownKeys(value, STORE_KEYS, 'store.');
  return {
    path: r.path(value, 'path', 'store.'),
    maxMb: r.number(value, 'max_mb', 'store.', [1, 10_000_000], 1024),
  };
}

/** Parses and validates a configuration; throws ConfigError listing every problem. */
export function parseConfig(file: string, text: string): AgentConfig {
  const r = new Reader(file);
  let doc: unknown;
  try {
    doc = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new ConfigError(file, [`${file}: not valid JSON or YAML: ${(err as Error).message}`]);
  }
  if (!isObject(doc))
    throw new ConfigError(file, [`${file}: expected an object, got ${show(doc)}`]);

  r.unknownKeys(doc, TOP_KEYS, '');
  const vehicle = r.id(doc, 'vehicle', '');
  const config: AgentConfig = {
    file,
    agentId: r.id(doc, 'agent_id', ''),
    vehicle,
    zones: readZones(r, doc.zones),
    rules: r.path(doc, 'rules', ''),
    feeds: readFeeds(r, doc.feeds, vehicle),
    store: readStore(r, doc.store),
    logLevel: r.choice(doc, 'log_level', '', LOG_LEVELS, 'info') ?? 'info',
  };
  if (r.problems.length > 0) throw new ConfigError(file, r.problems);
  return config;
}
