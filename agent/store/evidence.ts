// The evidence bundle of `deepseaguard export` (DESIGN.md §7): what an inspector needs to check
// what the vehicle did over a time range and what the agent found, without access to the
// vehicle. Every file's SHA-256 is in manifest.json with the chain head and the verify result.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

import { GENESIS_HASH } from './chain.js';
import type { StoreReader } from './reader.js';
import type { ComplianceEvent, RulesetRecord, SourceText, StoredFix } from './types.js';
import type { ChainReport } from './verify.js';

export const EVIDENCE_FORMAT = 'deepseaguard-evidence/1';

export interface EvidenceRange {
  fromMs: number;
  toMs: number;
}

export interface ManifestFile {
  path: string;
  bytes: number;
  sha256: string;
}

export interface EvidenceManifest {
  format: string;
  agent_id: string | null;
  store: string;
  created: string;
  from: string;
  to: string;
  counts: { events: number; fixes: number; vehicles: number };
  chain: {
    verified: boolean;
    problem: string | null;
    broken_seq: number | null;
    count: number;
    head: { seq: number; hash: string };
    genesis: string;
    rule: string;
  };
  rulesets: { hash: string; stored: boolean }[];
  files: ManifestFile[];
}

/** Writes the bundle into `outDir` (which must exist) and returns its manifest. */
export function writeEvidence(
  reader: StoreReader,
  range: EvidenceRange,
  outDir: string,
  nowMs: number,
): EvidenceManifest {
  const report = reader.verify();
  const bundle = new BundleWriter(outDir);

  const events = [...reader.readEvents({ fromMs: range.fromMs, toMs: range.toMs })];
  bundle.write('events.jsonl', jsonLines(events));
  bundle.write('chain.jsonl', chainLines(reader, events));

  const fixes = [...reader.readFixes({ fromMs: range.fromMs, toMs: range.toMs })];
  const track = trackGeoJson(fixes);
  bundle.write('track.geojson', JSON.stringify(track) + '\n');

  const hashes = rulesetsInForce(reader.rulesetLog(), events, fixes);
  const rulesets = hashes.map((hash) => ({ hash, stored: writeRuleset(bundle, reader, hash) }));

  const manifest: EvidenceManifest = {
    format: EVIDENCE_FORMAT,
    agent_id: reader.getMeta('agent_id'),
    store: reader.path,
    created: new Date(nowMs).toISOString(),
    from: new Date(range.fromMs).toISOString(),
    to: new Date(range.toMs).toISOString(),
    counts: { events: events.length, fixes: fixes.length, vehicles: track.features.length },
    chain: chainSummary(report),
    rulesets,
    files: bundle.files,
  };
  writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

/** Writes files under one directory and keeps the size and SHA-256 of each. */
class BundleWriter {
  readonly files: ManifestFile[] = [];
  #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
  }

  write(path: string, text: string): void {
    const full = join(this.#dir, path);
    mkdirSync(dirname(full), { recursive: true });
    const bytes = Buffer.from(text, 'utf8');
    writeFileSync(full, bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    this.files.push({ path, bytes: bytes.length, sha256 });
  }
}

function jsonLines(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v) + '\n').join('');
}

// each exported event with the links that tie it into the chain, so that an inspector can
// recompute every record's hash from the events file alone
function chainLines(reader: StoreReader, events: readonly ComplianceEvent[]): string {
  const seqs = events.map((e) => e.seq);
  const range = span(seqs);
  if (!range) return '';
  const links = reader.links(range.low, range.high);
  return jsonLines(
    seqs.map((seq) => ({ seq, prev_hash: links.get(seq)?.prevHash, hash: links.get(seq)?.hash })),
  );
}

function chainSummary(report: ChainReport): EvidenceManifest['chain'] {
  return {
    verified: report.ok,
    problem: report.ok ? null : report.problem,
    broken_seq: report.ok ? null : report.seq,
    count: report.count,
    head: report.head,
    genesis: GENESIS_HASH,
    rule: 'hash(n) = sha256(bytes of hash(n-1) || canonical JSON of event n, keys sorted)',
  };
}

interface TrackFeature {
  type: 'Feature';
  geometry:
    | { type: 'Point'; coordinates: number[] }
    | { type: 'LineString'; coordinates: number[][] }
    | { type: 'MultiLineString'; coordinates: number[][][] };
  properties: {
    vehicle: string;
    from: string;
    to: string;
    fixes: number;
    times: string[];
    depth_m: (number | null)[];
  };
}

/** The fixes as one feature per vehicle, [lon, lat] (RFC 7946), with times and depths. */
export function trackGeoJson(fixes: readonly StoredFix[]): {
  type: 'FeatureCollection';
  features: TrackFeature[];
} {
  const byVehicle = new Map<string, StoredFix[]>();
  for (const fix of fixes) {
    const list = byVehicle.get(fix.vehicle) ?? [];
    list.push(fix);
    byVehicle.set(fix.vehicle, list);
  }

  const features = [...byVehicle.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([vehicle, list]) =>
      vehicleTrack(
        vehicle,
        list.sort((a, b) => a.timeMs - b.timeMs),
      ),
    );
  return { type: 'FeatureCollection', features };
}

function vehicleTrack(vehicle: string, fixes: readonly StoredFix[]): TrackFeature {
  const times = fixes.map((f) => new Date(f.timeMs).toISOString());
  const properties = {
    vehicle,
    from: times[0] ?? '',
    to: times[times.length - 1] ?? '',
    fixes: fixes.length,
    times,
    depth_m: fixes.map((f) => f.depthM),
  };
  const points = fixes.map((f) => [round7(f.lonDeg), round7(f.latDeg)]);
  return { type: 'Feature', geometry: lineGeometry(points), properties };
}

// RFC 7946 §3.1.9: a line crossing the antimeridian is cut there into a MultiLineString
function lineGeometry(points: number[][]): TrackFeature['geometry'] {
  if (points.length === 1) return { type: 'Point', coordinates: points[0] ?? [] };

  const parts: number[][][] = [[]];
  let previous: number[] | undefined;
  for (const point of points) {
    if (previous && Math.abs((point[0] ?? 0) - (previous[0] ?? 0)) > 180) parts.push([]);
    parts[parts.length - 1]?.push(point);
    previous = point;
  }
  return parts.length === 1
    ? { type: 'LineString', coordinates: parts[0] ?? [] }
    : { type: 'MultiLineString', coordinates: parts };
}

const round7 = (value: number): number => Math.round(value * 1e7) / 1e7;

/**
 * The rulesets in force at any point of the exported records: those the events name, and
 * those the ruleset log shows in force between the first and last exported event or fix.
 */
export function rulesetsInForce(
  log: readonly RulesetRecord[],
  events: readonly ComplianceEvent[],
  fixes: readonly StoredFix[],
): string[] {
  const hashes = new Set(events.map((e) => e.ruleset).filter((hash) => hash !== ''));
  const seqs = span(events.map((e) => e.seq));
  const ids = span(fixes.map((f) => f.id));

  log.forEach((record, i) => {
    const next = log[i + 1];
    // record i is in force for seqs in (afterSeq, next.afterSeq], and likewise for fix ids
    const bySeq = overlaps(seqs, record.afterSeq, next?.afterSeq);
    const byFix = overlaps(ids, record.afterFixId, next?.afterFixId);
    if (bySeq || byFix) hashes.add(record.hash);
  });
  return [...hashes].sort();
}

function span(values: readonly number[]): { low: number; high: number } | null {
  if (values.length === 0) return null;
  let low = Infinity;
  let high = -Infinity;
  for (const value of values) {
    low = Math.min(low, value);
    high = Math.max(high, value);
  }
  return { low, high };
}

function overlaps(
  values: { low: number; high: number } | null,
  after: number,
  until: number | undefined,
): boolean {
  return values !== null && values.high > after && (until === undefined || values.low <= until);
}

function writeRuleset(bundle: BundleWriter, reader: StoreReader, hash: string): boolean {
  const sources = reader.ruleset(hash);
  if (!sources) return false;

  const dir = `rulesets/${hash.replace(/^sha256:/, '').replace(/[^A-Za-z0-9]/g, '_')}`;
  const zoneFiles = sources.zones.map((zone, i) => `${dir}/zones/${i + 1}-${safeName(zone)}`);
  sources.zones.forEach((zone, i) => bundle.write(zoneFiles[i] ?? '', zone.text));
  const rulesFile = `${dir}/rules/${safeName(sources.rules)}`;
  bundle.write(rulesFile, sources.rules.text);

  const described = {
    hash,
    zones: sources.zones.map((zone, i) => ({ source: zone.file, file: zoneFiles[i] })),
    rules: { source: sources.rules.file, file: rulesFile },
  };
  bundle.write(`${dir}/ruleset.json`, JSON.stringify(described, null, 2) + '\n');
  return true;
}

function safeName(source: SourceText): string {
  return basename(source.file).replace(/[^A-Za-z0-9._-]/g, '_') || 'source';
}
