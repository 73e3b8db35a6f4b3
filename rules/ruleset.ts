/**
 * Rules files (DESIGN.md §5): loading JSON or YAML text, complete validation against the zones in
 * force, and the hash that names a zone set and rule set together.
 */
import { createHash } from 'node:crypto';
import { parseDocument } from 'yaml';

import { isoMs, parseIsoMs } from './iso-time.js';
import { selectZones } from './selectors.js';
import type { SourceText, ZoneQueries } from './types.js';

export const RULE_TYPES = [
  'no_entry',
  'stay_inside',
  'proximity',
  'max_dwell',
  'depth',
  'altitude',
  'max_speed',
  'feed_stale',
] as const;

export type RuleType = (typeof RULE_TYPES)[number];

export const FEED_KINDS = ['position', 'depth', 'altitude', 'heading'] as const;

/** A kind of reading whose silence a `feed_stale` rule watches. */
export type FeedKind = (typeof FEED_KINDS)[number];

export type RuleSeverity = 'critical' | 'warning';

/** A period when a rule is evaluated, from `fromMs` included to `toMs` excluded; null is open. */
export interface ActivePeriod {
  fromMs: number | null;
  toMs: number | null;
}

interface RuleCommon {
  id: string;
  severity: RuleSeverity;
  /** Zone selectors as written (ids, id globs, `kind:WORD`); null when the rule names none. */
  zones: readonly string[] | null;
  /** Vehicle globs; null applies the rule to every vehicle. */
  vehicles: readonly string[] | null;
  /** Periods when the rule is evaluated; null means always. */
  active: readonly ActivePeriod[] | null;
  description: string | null;
}

export type Rule =
  | (RuleCommon & { type: 'no_entry' | 'stay_inside' })
  | (RuleCommon & { type: 'proximity'; distanceM: number })
  | (RuleCommon & { type: 'max_dwell'; limitS: number })
  | (RuleCommon & { type: 'depth' | 'altitude'; minM: number | null; maxM: number | null })
  | (RuleCommon & { type: 'max_speed'; maxKn: number | null; maxMps: number | null })
  | (RuleCommon & { type: 'feed_stale'; feed: FeedKind; afterS: number });

/** A validated rules file, rules in file order. */
export interface RuleSet {
  file: string;
  rules: readonly Rule[];
}

/** A rules file with problems; `problems` lists every one, each naming file, rule and field. */
export class RuleValidationError extends Error {
  readonly code = 'DSG_RULES_INVALID';
  readonly problems: string[];

  constructor(file: string, problems: string[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`${file}: ${count} in the rules`);
    this.name = 'RuleValidationError';
    this.problems = problems;
  }
}

const COMMON_FIELDS = ['id', 'type', 'severity', 'vehicles', 'active', 'description'];

/** Parameters each type takes besides the common fields: required first, then optional. */
const PARAMETERS: Record<RuleType, { required: string[]; optional: string[] }> = {
  no_entry: { required: ['zones'], optional: [] },
  stay_inside: { required: ['zones'], optional: [] },
  proximity: { required: ['zones', 'distance_m'], optional: [] },
  max_dwell: { required: ['zones', 'limit_s'], optional: [] },
  depth: { required: [], optional: ['zones', 'min_m', 'max_m'] },
  altitude: { required: [], optional: ['zones', 'min_m', 'max_m'] },
  max_speed: { required: [], optional: ['zones', 'max_kn', 'max_mps'] },
  feed_stale: { required: ['feed', 'after_s'], optional: [] },
};

/** Parses and validates a rules file against the zones in force; throws RuleValidationError. */
export function loadRules(source: SourceText, zones: ZoneQueries): RuleSet {
  const problems: string[] = [];
  const items = readRuleList(source, problems);

  const rules: Rule[] = [];
  const firstIndexOfId = new Map<string, number>();
  items.forEach((item, index) => {
    const reader = new RuleReader(source.file, index, item, problems);
    const rule = readRule(reader, zones);
    checkUniqueId(reader, firstIndexOfId);
    if (rule !== null) rules.push(rule);
  });

  if (problems.length > 0) throw new RuleValidationError(source.file, problems);
  return { file: source.file, rules };
}

/** The top level: YAML (JSON is YAML too) holding `{rules: [...]}` and nothing else. */
function readRuleList(source: SourceText, problems: string[]): unknown[] {
  const doc = parseDocument(source.text);
  if (doc.errors.length > 0) {
    for (const err of doc.errors) problems.push(`${source.file}: ${syntaxMessage(err)}`);
    return [];
  }

  const top: unknown = doc.toJS();
  if (!isRecord(top)) {
    problems.push(`${source.file}: expected a mapping with a 'rules' list, got ${describe(top)}`);
    return [];
  }
  for (const key of Object.keys(top)) {
    if (key === 'rules') continue;
    const got = describe(top[key]);
    problems.push(`${source.file}: ${key}: expected only 'rules' at the top level, got ${got}`);
  }
  if (!Array.isArray(top['rules'])) {
    problems.push(`${source.file}: rules: expected a list of rules, got ${describe(top['rules'])}`);
    return [];
  }
  return top['rules'];
}

function syntaxMessage(err: {
  message: string;
  linePos?: [{ line: number; col: number }, ...unknown[]];
}): string {
  const firstLine = err.message.split('\n')[0] ?? err.message;
  const text = firstLine.replace(/ at line \d+, column \d+:?$/, '');
  const pos = err.linePos?.[0];
  return pos ? `line ${pos.line}, column ${pos.col}: ${text}` : text;
}

function checkUniqueId(reader: RuleReader, firstIndexOfId: Map<string, number>): void {
  const id = reader.id;
  if (id === null) return;
  const first = firstIndexOfId.get(id);
  if (first === undefined) firstIndexOfId.set(id, reader.index);
  else reader.problem('id', 'a unique id', `${describe(id)} (also rules[${first}])`);
}

/** One rule's fields, collecting problems in expected-vs-got form. */
class RuleReader {
  readonly id: string | null;

  constructor(
    readonly file: string,
    readonly index: number,
    readonly item: unknown,
    readonly problems: string[],
  ) {
    const id = isRecord(item) ? item['id'] : undefined;
    this.id = typeof id === 'string' && id.length > 0 ? id : null;
  }

  get where(): string {
    const name = this.id === null ? '' : ` (${this.id})`;
    return `${this.file}: rules[${this.index}]${name}`;
  }

  get fields(): Record<string, unknown> {
    return isRecord(this.item) ? this.item : {};
  }

  problem(field: string, expected: string, got: string): void {
    this.problems.push(`${this.where}: ${field}: expected ${expected}, got ${got}`);
  }

  has(field: string): boolean {
    return this.fields[field] !== undefined;
  }

  /** A positive finite number, or null with a problem. */
  positive(field: string): number | null {
    const value = this.fields[field];
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
    this.problem(field, 'a positive number', describe(value));
    return null;
  }

  /** A finite number if present, undefined if absent, null with a problem if bad. */
  optionalNumber(field: string): number | null | undefined {
    const value = this.fields[field];
    if (value === undefined) return undefined;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    this.problem(field, 'a number', describe(value));
    return null;
  }

  /** A non-empty list of non-empty strings if present; undefined if absent; null if bad. */
  stringList(field: string, what: string): string[] | null | undefined {
    const value = this.fields[field];
    if (value === undefined) return undefined;
    const ok =
      Array.isArray(value) &&
      value.length > 0 &&
      value.every((entry) => typeof entry === 'string' && entry.length > 0);
    if (ok) return value as string[];
    this.problem(field, `a non-empty list of ${what}`, describe(value));
    return null;
  }
}

function readRule(reader: RuleReader, zones: ZoneQueries): Rule | null {
  if (!isRecord(reader.item)) {
    reader.problems.push(
      `${reader.where}: expected a rule (a mapping), got ${describe(reader.item)}`,
    );
    return null;
  }

  const id = reader.id;
  if (id === null) reader.problem('id', 'a non-empty string', describe(reader.fields['id']));
  const type = readType(reader);
  const severity = readSeverity(reader);
  const zoneSelectors = takesZones(type) ? readZoneSelectors(reader, zones) : undefined;
  const vehicles = reader.stringList('vehicles', 'vehicle globs');
  const active = readActive(reader);
  const description = readDescription(reader);
  if (type !== null) checkFields(reader, type);

  const params = type === null ? null : readParameters(reader, type);
  const common = [id, severity, zoneSelectors, vehicles, active, description];
  if (params === null || common.includes(null)) return null;
  return {
    id: id as string,
    severity: severity as RuleSeverity,
    zones: zoneSelectors ?? null,
    vehicles: vehicles ?? null,
    active: active ?? null,
    description: description ?? null,
    ...params,
  } as Rule;
}

/** Unknown types still get their selectors checked, so one pass reports every problem. */
function takesZones(type: RuleType | null): boolean {
  if (type === null) return true;
  const { required, optional } = PARAMETERS[type];
  return required.includes('zones') || optional.includes('zones');
}

function readType(reader: RuleReader): RuleType | null {
  const value = reader.fields['type'];
  if ((RULE_TYPES as readonly unknown[]).includes(value)) return value as RuleType;
  reader.problem('type', `one of ${RULE_TYPES.join(', ')}`, describe(value));
  return null;
}

function readSeverity(reader: RuleReader): RuleSeverity | null {
  const value = reader.fields['severity'];
  if (value === 'critical' || value === 'warning') return value;
  reader.problem('severity', "'critical' or 'warning'", describe(value));
  return null;
}

function readDescription(reader: RuleReader): string | null | undefined {
  const value = reader.fields['description'];
  if (value === undefined || typeof value === 'string') return value;
  reader.problem('description', 'a string', describe(value));
  return null;
}

/** Required fields present and no field the type does not take. */
function checkFields(reader: RuleReader, type: RuleType): void {
  const { required, optional } = PARAMETERS[type];
  for (const field of required) {
    if (!reader.has(field)) reader.problem(field, `a value (${type} requires it)`, 'nothing');
  }

  const allowed = new Set([...COMMON_FIELDS, ...required, ...optional]);
  for (const [field, value] of Object.entries(reader.fields)) {
    if (allowed.has(field)) continue;
    const takes = [...required, ...optional].join(', ') || 'no parameters';
    reader.problem(field, `no such field in a ${type} rule (it takes ${takes})`, describe(value));
  }
}

/** Each selector must match at least one zone: a typo is a load error, not a no-op (§5). */
function readZoneSelectors(reader: RuleReader, zones: ZoneQueries): string[] | null | undefined {
  const selectors = reader.stringList('zones', 'zone ids, id globs or kind:WORD');
  if (!selectors) return selectors;

  let ok = true;
  selectors.forEach((selector, i) => {
    if (selectZones([selector], zones.zones).length > 0) return;
    const got = `${describe(selector)} (matches none of ${zones.zones.length} zones)`;
    reader.problem(`zones[${i}]`, 'a zone id, id glob or kind:WORD that matches a zone', got);
    ok = false;
  });
  return ok ? selectors : null;
}

/** `active`: one `{from, to}` period or a list of them. */
function readActive(reader: RuleReader): ActivePeriod[] | null | undefined {
  const value = reader.fields['active'];
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) {
    reader.problem('active', 'a {from, to} period or a list of them', describe(value));
    return null;
  }

  const periods = list.map((entry, i) => {
    const field = Array.isArray(value) ? `active[${i}]` : 'active';
    return readPeriod(reader, field, entry);
  });
  return periods.includes(null) ? null : (periods as ActivePeriod[]);
}

function readPeriod(reader: RuleReader, field: string, value: unknown): ActivePeriod | null {
  const keys = isRecord(value) ? Object.keys(value) : [];
  const known = keys.every((key) => key === 'from' || key === 'to');
  if (!isRecord(value) || keys.length === 0 || !known) {
    reader.problem(field, 'a period {from, to} with at least one of them', describe(value));
    return null;
  }

  const fromMs = readTime(reader, `${field}.from`, value['from']);
  const toMs = readTime(reader, `${field}.to`, value['to']);
  if (fromMs === null || toMs === null) return null;
  if (fromMs !== undefined && toMs !== undefined && toMs <= fromMs) {
    const expected = `a time after ${field}.from (${isoMs(fromMs)})`;
    reader.problem(`${field}.to`, expected, describe(value['to']));
    return null;
  }
  return { fromMs: fromMs ?? null, toMs: toMs ?? null };
}

function readTime(reader: RuleReader, field: string, value: unknown): number | null | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === 'string' ? parseIsoMs(value) : null;
  if (ms !== null) return ms;
  reader.problem(field, 'an ISO 8601 date, or date-time with Z or offset', describe(value));
  return null;
}

type RuleParameters =
  | { type: 'no_entry' | 'stay_inside' }
  | { type: 'proximity'; distanceM: number }
  | { type: 'max_dwell'; limitS: number }
  | { type: 'depth' | 'altitude'; minM: number | null; maxM: number | null }
  | { type: 'max_speed'; maxKn: number | null; maxMps: number | null }
  | { type: 'feed_stale'; feed: FeedKind; afterS: number };

/** The type's own parameters, or null when one is missing or bad (the problem is recorded). */
function readParameters(reader: RuleReader, type: RuleType): RuleParameters | null {
  switch (type) {
    case 'no_entry':
    case 'stay_inside':
      return { type };
    case 'proximity': {
      const distanceM = reader.has('distance_m') ? reader.positive('distance_m') : null;
      return distanceM === null ? null : { type, distanceM };
    }
    case 'max_dwell': {
      const limitS = reader.has('limit_s') ? reader.positive('limit_s') : null;
      return limitS === null ? null : { type, limitS };
    }
    case 'depth':
    case 'altitude':
      return readBand(reader, type);
    case 'max_speed':
      return readSpeedLimit(reader);
    case 'feed_stale':
      return readFeedStale(reader);
  }
}

function readBand(reader: RuleReader, type: 'depth' | 'altitude'): RuleParameters | null {
  const minM = reader.optionalNumber('min_m');
  const maxM = reader.optionalNumber('max_m');
  if (minM === null || maxM === null) return null;
  if (minM === undefined && maxM === undefined) {
    reader.problem('min_m', 'min_m and/or max_m', 'neither');
    return null;
  }
  if (minM !== undefined && maxM !== undefined && minM > maxM) {
    reader.problem('min_m', `at most max_m (${maxM})`, describe(minM));
    return null;
  }
  return { type, minM: minM ?? null, maxM: maxM ?? null };
}

function readSpeedLimit(reader: RuleReader): RuleParameters | null {
  const hasKn = reader.has('max_kn');
  const hasMps = reader.has('max_mps');
  if (hasKn === hasMps) {
    reader.problem('max_kn', 'either max_kn or max_mps', hasKn ? 'both' : 'neither');
    return null;
  }
  const limit = reader.positive(hasKn ? 'max_kn' : 'max_mps');
  if (limit === null) return null;
  return hasKn
    ? { type: 'max_speed', maxKn: limit, maxMps: null }
    : { type: 'max_speed', maxKn: null, maxMps: limit };
}

function readFeedStale(reader: RuleReader): RuleParameters | null {
  const feed = reader.fields['feed'];
  const feedOk = (FEED_KINDS as readonly unknown[]).includes(feed);
  if (!feedOk && feed !== undefined) {
    reader.problem('feed', `one of ${FEED_KINDS.join(', ')}`, describe(feed));
  }
  const afterS = reader.has('after_s') ? reader.positive('after_s') : null;
  if (!feedOk || afterS === null) return null;
  return { type: 'feed_stale', feed: feed as FeedKind, afterS };
}

/** The rule as its file would state it, canonically: snake_case, ISO times, no absent fields. */
export function canonicalRule(rule: Rule): Record<string, unknown> {
  const out: Record<string, unknown> = { id: rule.id, type: rule.type, severity: rule.severity };
  if (rule.zones !== null) out['zones'] = [...rule.zones];
  if (rule.vehicles !== null) out['vehicles'] = [...rule.vehicles];
  if (rule.active !== null) out['active'] = rule.active.map(canonicalPeriod);
  if (rule.description !== null) out['description'] = rule.description;
  Object.assign(out, canonicalParameters(rule));
  return out;
}

function canonicalPeriod(period: ActivePeriod): Record<string, string> {
  const out: Record<string, string> = {};
  if (period.fromMs !== null) out['from'] = isoMs(period.fromMs);
  if (period.toMs !== null) out['to'] = isoMs(period.toMs);
  return out;
}

function canonicalParameters(rule: Rule): Record<string, unknown> {
  switch (rule.type) {
    case 'no_entry':
    case 'stay_inside':
      return {};
    case 'proximity':
      return { distance_m: rule.distanceM };
    case 'max_dwell':
      return { limit_s: rule.limitS };
    case 'depth':
    case 'altitude':
      return withoutNulls({ min_m: rule.minM, max_m: rule.maxM });
    case 'max_speed':
      return withoutNulls({ max_kn: rule.maxKn, max_mps: rule.maxMps });
    case 'feed_stale':
      return { feed: rule.feed, after_s: rule.afterS };
  }
}

/** `sha256:` of the zones' hash and the canonical rules: names the configuration in force. */
export function rulesetHash(zonesHash: string, ruleSet: RuleSet): string {
  const canonical = { rules: ruleSet.rules.map(canonicalRule), zones: zonesHash };
  const digest = createHash('sha256').update(sortedJson(canonical)).digest('hex');
  return `sha256:${digest}`;
}

/** JSON with object keys sorted at every level; arrays keep their order. */
export function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (!isRecord(inner)) return inner;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(inner).sort()) sorted[key] = inner[key];
    return sorted;
  });
}

function withoutNulls(fields: Record<string, number | null>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== null) out[key] = value;
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value as a problem message shows it: strings quoted, long values cut. */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string')
    return `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
