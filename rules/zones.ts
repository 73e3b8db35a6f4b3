/**
 * Loading zone files: GeoJSON text (RFC 7946) to a validated, indexed ZoneSet (DESIGN.md §4).
 * Every problem in every file is collected and thrown at once, each naming the file, the feature
 * (its index in `features` and its id) and the field, as expected versus got.
 */
import { createHash } from 'node:crypto';

import { canonicalJson } from './canonical-json.js';
import { describe } from './describe.js';
import { parseIsoMs } from './iso-time.js';
import { GEOMETRY_TYPES, parseGeometry, type Report } from './zone-geometry.js';
import { ZoneSet, type LoadedZone } from './zone-set.js';
import type { SourceText, Zone, ZoneGeometryKind } from './types.js';

/** Zone files with problems; `problems` holds one full message per problem. */
export class ZoneValidationError extends Error {
  readonly code = 'DSG_ZONES_INVALID';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`invalid zones: ${count}`);
    this.name = 'ZoneValidationError';
    this.problems = problems;
  }
}

/** Tag of the canonical form the hash is taken over; changes if that form ever changes. */
const CANONICAL_FORMAT = 'deepseaguard.zones/1';

/** Parses and validates zone files, in order, into one zone set; throws ZoneValidationError. */
export function loadZones(sources: readonly SourceText[]): ZoneSet {
  const problems: string[] = [];
  const loaded: ReadZone[] = [];
  for (const source of sources) {
    for (const feature of featuresOf(source, problems)) {
      const zone = readFeature(feature, problems);
      if (zone) loaded.push(zone);
    }
  }
  checkUniqueIds(loaded, problems);
  if (problems.length > 0) throw new ZoneValidationError(problems);

  const canonical = canonicalJson({
    format: CANONICAL_FORMAT,
    zones: loaded.map((z) => z.canonical),
  });
  const hash = `sha256:${createHash('sha256').update(canonical).digest('hex')}`;
  return new ZoneSet(loaded, hash);
}

/** A zone as read, with where it came from and what the hash covers. */
interface ReadZone extends LoadedZone {
  index: number;
  canonical: unknown;
}

interface RawFeature {
  file: string;
  index: number;
  value: unknown;
}

/** The features of a FeatureCollection, or the one Feature a file holds. */
function featuresOf(source: SourceText, problems: string[]): RawFeature[] {
  let doc: unknown;
  try {
    doc = JSON.parse(source.text);
  } catch (err) {
    problems.push(`${source.file}: expected GeoJSON text, got ${(err as Error).message}`);
    return [];
  }
  const type = isObject(doc) ? doc['type'] : undefined;
  if (type === 'Feature') return [{ file: source.file, index: 0, value: doc }];
  if (type !== 'FeatureCollection' || !isObject(doc)) {
    const got = isObject(doc) ? describe(type) : describe(doc);
    problems.push(`${source.file}: type: expected "FeatureCollection" or "Feature", got ${got}`);
    return [];
  }
  const features = doc['features'];
  if (!Array.isArray(features)) {
    problems.push(
      `${source.file}: features: expected an array of features, got ${describe(features)}`,
    );
    return [];
  }
  return features.map((value, index) => ({ file: source.file, index, value }));
}

/** Reads one feature into a zone, reporting every problem with it. */
function readFeature(raw: RawFeature, problems: string[]): ReadZone | null {
  const feature = isObject(raw.value) ? raw.value : {};
  const properties = isObject(feature['properties']) ? feature['properties'] : {};
  const id = readId(feature, properties);
  const where = `${raw.file}: ${featureName(raw.index, id.ok ? id.value : null)}`;
  const before = problems.length;
  const report: Report = (field, expected, got) => {
    problems.push(`${where}: ${field}: expected ${expected}, got ${got}`);
  };

  if (!isObject(raw.value) || feature['type'] !== 'Feature') {
    report('type', '"Feature"', describe(isObject(raw.value) ? feature['type'] : raw.value));
    return null;
  }
  if (feature['properties'] !== null && !isObject(feature['properties'])) {
    report('properties', 'an object or null', describe(feature['properties']));
  }
  if (!id.ok) report(id.field, id.expected, id.got);

  const props = readProperties(properties, report);
  const geometry = readGeometry(feature['geometry'], properties['radius_m'], report);
  if (problems.length > before || !id.ok || !geometry) return null;

  const zone: Zone = Object.freeze({
    id: id.value,
    ...props,
    geometry: geometry.kind,
    file: raw.file,
  });
  const canonical = {
    ...canonicalProperties(zone),
    radius_m: properties['radius_m'] ?? null,
    geometry: geometry.parsed.canonical,
  };
  return { zone, shape: geometry.parsed.shape, canonical, index: raw.index };
}

type IdResult =
  { ok: true; value: string } | { ok: false; field: string; expected: string; got: string };

/** `properties.id`, or the feature's own `id` when the properties have none (DESIGN.md §4). */
function readId(feature: Record<string, unknown>, properties: Record<string, unknown>): IdResult {
  const own = feature['id'];
  const prop = properties['id'];
  const expected = "a non-empty string in properties.id or the feature's id";
  if (prop !== undefined) {
    if (typeof prop !== 'string' || prop === '') {
      return { ok: false, field: 'properties.id', expected, got: describe(prop) };
    }
    if (typeof own === 'string' && own !== prop) {
      const same = `the feature's id (${JSON.stringify(own)})`;
      return { ok: false, field: 'properties.id', expected: same, got: JSON.stringify(prop) };
    }
    return { ok: true, value: prop };
  }
  if (typeof own === 'string' && own !== '') return { ok: true, value: own };
  return { ok: false, field: 'id', expected, got: describe(own) };
}

type ZoneProperties = Omit<Zone, 'id' | 'geometry' | 'file'>;

/** The properties of DESIGN.md §4, each checked; a wrong one is reported and read as null. */
function readProperties(p: Record<string, unknown>, report: Report): ZoneProperties {
  const minDepthM = optionalNumber(p, 'min_depth_m', 'a depth in metres (≥ 0)', report);
  const maxDepthM = optionalNumber(p, 'max_depth_m', 'a depth in metres (≥ 0)', report);
  if (minDepthM !== null && maxDepthM !== null && minDepthM > maxDepthM) {
    report('properties.min_depth_m', `at most max_depth_m (${maxDepthM})`, String(minDepthM));
  }
  const validFromMs = optionalTime(p, 'valid_from', report);
  const validToMs = optionalTime(p, 'valid_to', report);
  if (validFromMs !== null && validToMs !== null && validToMs <= validFromMs) {
    const from = new Date(validFromMs).toISOString();
    report('properties.valid_to', `a time after valid_from (${from})`, describe(p['valid_to']));
  }
  return {
    name: optionalString(p, 'name', report),
    kind: optionalString(p, 'kind', report),
    minDepthM,
    maxDepthM,
    validFromMs,
    validToMs,
    hysteresisM: optionalNumber(p, 'hysteresis_m', 'a distance in metres (≥ 0)', report) ?? 0,
    source: optionalString(p, 'source', report),
  };
}

function optionalString(p: Record<string, unknown>, key: string, report: Report): string | null {
  const value = p[key];
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  report(`properties.${key}`, 'a string', describe(value));
  return null;
}

/** A finite number ≥ 0, or null when absent. */
function optionalNumber(
  p: Record<string, unknown>,
  key: string,
  expected: string,
  report: Report,
): number | null {
  const value = p[key];
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  report(`properties.${key}`, expected, describe(value));
  return null;
}

function optionalTime(p: Record<string, unknown>, key: string, report: Report): number | null {
  const value = p[key];
  if (value === undefined || value === null) return null;
  // a date alone is midnight UTC; a time must carry its offset, a local time being ambiguous
  const ms = typeof value === 'string' ? parseIsoMs(value) : null;
  if (ms !== null) return ms;
  const expected = 'an ISO 8601 date, or date-time with a UTC offset';
  report(`properties.${key}`, expected, describe(value));
  return null;
}

/** The geometry, with the radius rules: Point and LineString need one, polygons have none. */
function readGeometry(
  raw: unknown,
  radius: unknown,
  report: Report,
): { kind: ZoneGeometryKind; parsed: NonNullable<ReturnType<typeof parseGeometry>> } | null {
  if (!isObject(raw)) {
    report('geometry', 'a GeoJSON geometry object', describe(raw));
    return null;
  }
  const type = raw['type'];
  if (typeof type !== 'string' || !(GEOMETRY_TYPES as readonly string[]).includes(type)) {
    report('geometry.type', '"Polygon", "MultiPolygon", "Point" or "LineString"', describe(type));
    return null;
  }
  const kind: ZoneGeometryKind =
    type === 'Point' ? 'circle' : type === 'LineString' ? 'corridor' : 'polygon';
  const radiusM = checkRadius(type, kind, radius, report);
  const parsed = parseGeometry({ type, coordinates: raw['coordinates'] }, radiusM ?? 0, report);
  if (radiusM === null || !parsed) return null;
  return { kind, parsed };
}

/** The radius in metres (0 for polygons), or null after reporting a problem. */
function checkRadius(
  type: string,
  kind: ZoneGeometryKind,
  radius: unknown,
  report: Report,
): number | null {
  const field = 'properties.radius_m';
  if (kind === 'polygon') {
    if (radius === undefined || radius === null) return 0;
    report(field, `no radius on a ${type}`, describe(radius));
    return null;
  }
  if (typeof radius === 'number' && Number.isFinite(radius) && radius > 0) return radius;
  const got = radius === undefined || radius === null ? 'none' : describe(radius);
  report(field, `a radius in metres (> 0) for a ${type}`, got);
  return null;
}

/** Ids are unique across all the files loaded together. */
function checkUniqueIds(loaded: ReadZone[], problems: string[]): void {
  const first = new Map<string, ReadZone>();
  for (const read of loaded) {
    const earlier = first.get(read.zone.id);
    if (earlier === undefined) {
      first.set(read.zone.id, read);
      continue;
    }
    const id = JSON.stringify(read.zone.id);
    const firstIn = `${earlier.zone.file} feature ${earlier.index}`;
    const where = `${read.zone.file}: ${featureName(read.index, read.zone.id)}`;
    problems.push(`${where}: id: expected a unique id, got ${id} again (first in ${firstIn})`);
  }
}

/** `feature 3 (id "apei-2")`: its index in `features`, and its id when it has one. */
function featureName(index: number, id: string | null): string {
  return `feature ${index} (${id === null ? 'no id' : `id ${JSON.stringify(id)}`})`;
}

/** The properties as the hash sees them: normalised values, not how they were written. */
function canonicalProperties(zone: Zone): Record<string, unknown> {
  const iso = (ms: number | null): string | null =>
    ms === null ? null : new Date(ms).toISOString();
  return {
    id: zone.id,
    name: zone.name,
    kind: zone.kind,
    min_depth_m: zone.minDepthM,
    max_depth_m: zone.maxDepthM,
    valid_from: iso(zone.validFromMs),
    valid_to: iso(zone.validToMs),
    hysteresis_m: zone.hysteresisM,
    source: zone.source,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
