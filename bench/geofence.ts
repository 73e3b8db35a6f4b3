/**
 * Geofence query speed over the 13 APEIs, the 4 contract areas and 1,000 generated zones of
 * 8–64 vertices spread over the CCZ (seeded): (a) membership alone, (b) membership plus every
 * boundary within 10 km, beside the naive way with turf on the same points in the same run:
 * booleanPointInPolygon over every zone, and pointToLineDistance over every ring (on fewer
 * points, reported per point). Also the resident memory with the zones loaded.
 *
 * Run: node --import tsx bench/geofence.ts [--points N] [--reps N] [--zones N]
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { lineString, point, polygon } from '@turf/helpers';
import { pointToLineDistance } from '@turf/point-to-line-distance';

import { loadZones, type SourceText, type ZoneSet } from '../rules/index.js';
import { mulberry32 } from '../sim/index.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const CCZ_FILES = ['ccz-apei.geojson', 'ccz-contracts.geojson'].map(
  (f) => `${HERE}../data/zones/${f}`,
);

/** The CCZ region the generated zones and the query points are spread over. */
const REGION = { west: -160, east: -110, south: 0, north: 20 };
const WITHIN_M = 10_000;

export interface GeofenceBenchOptions {
  /** Generated zones besides the 17 CCZ ones. */
  generated?: number;
  /** Query points per repetition. */
  points?: number;
  repetitions?: number;
  /** Points the naive turf membership and distance runs are given. */
  turfPoints?: number;
  turfDistancePoints?: number;
}

/** Rates are points per second, medians of the repetitions. */
export interface GeofenceBenchResult {
  zones: number;
  vertices: number;
  points: number;
  repetitions: number;
  loadMs: number;
  /** Resident set size before and with the zones loaded, and the heap the zone set takes. */
  rssBeforeMb: number;
  rssMb: number;
  zoneSetHeapMb: number;
  membershipPerSecond: number;
  membershipAndBoundariesPerSecond: number;
  /** The same per second of this process's CPU time: steadier when other work shares the CPU. */
  membershipPerCpuSecond: number;
  membershipAndBoundariesPerCpuSecond: number;
  /** Mean zones containing a point, and boundaries within 10 km of one. */
  insidePerPoint: number;
  boundariesPerPoint: number;
  turfMembershipPerSecond: number;
  turfDistanceMsPerPoint: number;
  /** Points where turf and the zone set disagree on membership (boundary cases aside). */
  membershipDisagreements: number;
  /** membershipPerSecond / turfMembershipPerSecond. */
  vsTurfMembership: number;
  /** membershipAndBoundariesPerSecond against turf's membership plus distances. */
  vsTurfBoth: number;
}

export function benchGeofence(options: GeofenceBenchOptions = {}): GeofenceBenchResult {
  const generated = options.generated ?? 1000;
  const pointCount = options.points ?? 200_000;
  const repetitions = options.repetitions ?? 5;
  const rnd = mulberry32(20221015);

  const sources = [...CCZ_FILES.map((file) => ({ file, text: readFileSync(file, 'utf8') }))];
  sources.push({ file: 'generated.geojson', text: generateZones(generated, rnd) });
  const heapBefore = heapUsed();
  const rssBeforeMb = process.memoryUsage().rss / 1e6;
  const loadStart = performance.now();
  const set = loadZones(sources);
  const loadMs = performance.now() - loadStart;
  const zoneSetHeapMb = (heapUsed() - heapBefore) / 1e6;
  const rssMb = process.memoryUsage().rss / 1e6;
  const points = queryPoints(pointCount, rnd, sources);

  const membership: Rate[] = [];
  const both: Rate[] = [];
  for (let r = 0; r < repetitions; r++) {
    membership.push(rate(points.length, () => runMembership(set, points)));
    both.push(rate(points.length, () => runBoth(set, points)));
  }
  const counts = countResults(set, points);

  const turf = turfZones(sources);
  const turfPoints = points.slice(0, options.turfPoints ?? 2000);
  const turfRate = rate(turfPoints.length, () => runTurfMembership(turf, turfPoints));
  const turfMembershipPerSecond = turfRate.wall;
  const distancePoints = points.slice(0, options.turfDistancePoints ?? 40);
  const turfDistanceMs = timeMs(() => runTurfDistances(turf, distancePoints));
  const turfDistanceMsPerPoint = turfDistanceMs / distancePoints.length;

  const membershipPerSecond = median(membership.map((r) => r.wall));
  const membershipAndBoundariesPerSecond = median(both.map((r) => r.wall));
  const turfBothPerSecond = 1 / (1 / turfMembershipPerSecond + turfDistanceMsPerPoint / 1000);
  return {
    zones: set.zones.length,
    vertices: countVertices(sources),
    points: points.length,
    repetitions,
    loadMs,
    rssBeforeMb,
    rssMb,
    zoneSetHeapMb,
    membershipPerSecond,
    membershipAndBoundariesPerSecond,
    membershipPerCpuSecond: median(membership.map((r) => r.cpu)),
    membershipAndBoundariesPerCpuSecond: median(both.map((r) => r.cpu)),
    insidePerPoint: counts.inside / points.length,
    boundariesPerPoint: counts.boundaries / points.length,
    turfMembershipPerSecond,
    turfDistanceMsPerPoint,
    membershipDisagreements: disagreements(set, turf, turfPoints),
    vsTurfMembership: membershipPerSecond / turfMembershipPerSecond,
    vsTurfBoth: membershipAndBoundariesPerSecond / turfBothPerSecond,
  };
}

type Point = [lat: number, lon: number];

/** Keeps results alive so the work is not optimised away. */
let sink = 0;

function runMembership(set: ZoneSet, points: Point[]): void {
  for (const [latDeg, lonDeg] of points) sink += set.containing({ latDeg, lonDeg }).length;
}

function runBoth(set: ZoneSet, points: Point[]): void {
  for (const [latDeg, lonDeg] of points) {
    sink += set.containing({ latDeg, lonDeg }).length;
    sink += set.boundariesWithin(latDeg, lonDeg, WITHIN_M).length;
  }
}

function countResults(set: ZoneSet, points: Point[]): { inside: number; boundaries: number } {
  let inside = 0;
  let boundaries = 0;
  for (const [latDeg, lonDeg] of points) {
    inside += set.containing({ latDeg, lonDeg }).length;
    boundaries += set.boundariesWithin(latDeg, lonDeg, WITHIN_M).length;
  }
  return { inside, boundaries };
}

type TurfZone = {
  id: string;
  polygon: ReturnType<typeof polygon>;
  rings: ReturnType<typeof lineString>[];
};

/** Every zone as turf sees it: a polygon for membership, its rings as lines for distances. */
function turfZones(sources: SourceText[]): TurfZone[] {
  return sources.flatMap((source) => {
    const doc = JSON.parse(source.text) as {
      features: { properties: { id: string }; geometry: { coordinates: number[][][] } }[];
    };
    return doc.features.map((f) => ({
      id: f.properties.id,
      polygon: polygon(f.geometry.coordinates),
      rings: f.geometry.coordinates.map((ring) => lineString(ring)),
    }));
  });
}

function runTurfMembership(zones: TurfZone[], points: Point[]): void {
  for (const [lat, lon] of points) {
    const p = point([lon, lat]);
    for (const zone of zones) if (booleanPointInPolygon(p, zone.polygon)) sink++;
  }
}

function runTurfDistances(zones: TurfZone[], points: Point[]): void {
  for (const [lat, lon] of points) {
    const p = point([lon, lat]);
    for (const zone of zones) {
      for (const ring of zone.rings) {
        if (pointToLineDistance(p, ring, { units: 'meters' }) <= WITHIN_M) sink++;
      }
    }
  }
}

function disagreements(set: ZoneSet, zones: TurfZone[], points: Point[]): number {
  let count = 0;
  for (const [lat, lon] of points) {
    const ours = set.containing({ latDeg: lat, lonDeg: lon }).map((z) => z.id);
    const p = point([lon, lat]);
    const theirs = zones.filter((z) => booleanPointInPolygon(p, z.polygon)).map((z) => z.id);
    if (ours.join() !== theirs.join()) count++;
  }
  return count;
}

/**
 * Star-shaped polygons of 8–64 vertices, 5–40 km across their mean radius, at random centres
 * in the region: vertices at sorted random bearings, so no ring crosses itself.
 */
export function generateZones(count: number, rnd: () => number): string {
  const features = Array.from({ length: count }, (_, i) => {
    const lat = REGION.south + rnd() * (REGION.north - REGION.south);
    const lon = REGION.west + rnd() * (REGION.east - REGION.west);
    const radiusM = 5000 + rnd() * 35_000;
    const n = 8 + Math.floor(rnd() * 57);
    const bearings = Array.from({ length: n }, () => rnd() * 2 * Math.PI).sort((a, b) => a - b);
    const ring = bearings.map((b) => {
      const r = radiusM * (0.6 + 0.4 * rnd());
      const dLat = (r * Math.cos(b)) / 110_574;
      const dLon = (r * Math.sin(b)) / (111_320 * Math.cos((lat * Math.PI) / 180));
      return [round7(lon + dLon), round7(lat + dLat)];
    });
    ring.push(ring[0] as number[]);
    return {
      type: 'Feature',
      properties: { id: `gen-${i}`, kind: i % 3 === 0 ? 'prz' : 'irz' },
      geometry: { type: 'Polygon', coordinates: [ring] },
    };
  });
  return JSON.stringify({ type: 'FeatureCollection', features });
}

/** Half uniform over the region, half within 30 km of a random zone's first vertex. */
function queryPoints(count: number, rnd: () => number, sources: SourceText[]): Point[] {
  const anchors = sources.flatMap((s) =>
    (
      JSON.parse(s.text) as { features: { geometry: { coordinates: number[][][] } }[] }
    ).features.map((f) => f.geometry.coordinates[0]?.[0] as number[]),
  );
  return Array.from({ length: count }, (_, i): Point => {
    if (i % 2 === 0) {
      return [
        REGION.south + rnd() * (REGION.north - REGION.south),
        REGION.west + rnd() * (REGION.east - REGION.west),
      ];
    }
    const [lon, lat] = anchors[Math.floor(rnd() * anchors.length)] as number[];
    return [(lat as number) + (rnd() - 0.5) * 0.54, (lon as number) + (rnd() - 0.5) * 0.54];
  });
}

function countVertices(sources: SourceText[]): number {
  return sources
    .flatMap(
      (s) =>
        (JSON.parse(s.text) as { features: { geometry: { coordinates: number[][][] } }[] })
          .features,
    )
    .reduce(
      (sum, f) => sum + f.geometry.coordinates.reduce((n, ring) => n + ring.length - 1, 0),
      0,
    );
}

function round7(x: number): number {
  return Math.round(x * 1e7) / 1e7;
}

function heapUsed(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

function timeMs(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

interface Rate {
  wall: number;
  cpu: number;
}

/** Items per second of wall-clock time and of this process's CPU time. */
function rate(count: number, run: () => void): Rate {
  const cpuStart = process.cpuUsage();
  const wallMs = timeMs(run);
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return { wall: count / (wallMs / 1000), cpu: count / (cpuMs / 1000) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function report(r: GeofenceBenchResult): void {
  const k = (x: number): string => `${Math.round(x).toLocaleString('en')}`.padStart(11);
  const cpu = (x: number): string => `(${Math.round(x).toLocaleString('en')} per CPU second)`;
  const lines = [
    `${r.zones} zones (${r.vertices} vertices), ${r.points} points, median of ${r.repetitions}`,
    `  load and validate                 ${r.loadMs.toFixed(0).padStart(11)} ms`,
    `  (a) membership                    ${k(r.membershipPerSecond)} points/s ` +
      cpu(r.membershipPerCpuSecond),
    `  (b) membership + boundaries 10 km ${k(r.membershipAndBoundariesPerSecond)} points/s ` +
      cpu(r.membershipAndBoundariesPerCpuSecond),
    `      per point: ${r.insidePerPoint.toFixed(2)} zones inside, ` +
      `${r.boundariesPerPoint.toFixed(2)} boundaries within 10 km`,
    `  turf booleanPointInPolygon, all   ${k(r.turfMembershipPerSecond)} points/s`,
    `  turf pointToLineDistance, all     ${r.turfDistanceMsPerPoint.toFixed(1).padStart(11)} ` +
      'ms/point',
    `  (a) / turf ${r.vsTurfMembership.toFixed(0)}x   (b) / turf both ${r.vsTurfBoth.toFixed(0)}x`,
    `  membership disagreements with turf: ${r.membershipDisagreements}`,
    `  RSS ${r.rssBeforeMb.toFixed(0)} MB before loading, ${r.rssMb.toFixed(0)} MB with the ` +
      `zones loaded; zone set heap ${r.zoneSetHeapMb.toFixed(1)} MB`,
  ];
  console.log(lines.join('\n'));
  if (sink < 0) console.log(sink);
}

function parseArgs(argv: string[]): GeofenceBenchOptions {
  const options: GeofenceBenchOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = Number(argv[++i]);
    if (arg === '--points') options.points = value;
    else if (arg === '--reps') options.repetitions = value;
    else if (arg === '--zones') options.generated = value;
    else throw new Error(`unknown option ${arg}; expected --points, --reps or --zones`);
  }
  return options;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  report(benchGeofence(parseArgs(process.argv.slice(2))));
}
