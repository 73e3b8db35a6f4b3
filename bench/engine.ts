/**
 * Fixes per second through the rules engine: the CCZ zones plus 1,000 generated polygons, one rule
 * of each type, twenty vehicles on random-walk tracks (a fix every 10 s at 2 m/s, so every
 * segment is checked for passes). Beside it, on the same fixes, a naive evaluator: turf's
 * point-in-polygon over every zone for every fix, no index.
 *
 *   node --import tsx bench/engine.ts [fixes]
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { point } from '@turf/helpers';
import type { Feature, MultiPolygon, Polygon } from 'geojson';

import { Engine, loadRules, loadZones, type EngineFix, type SourceText } from '../rules/index.js';
import { mulberry32 } from '../sim/index.js';

const ROOT = new URL('../', import.meta.url);
const CCZ_FILES = ['data/zones/ccz-apei.geojson', 'data/zones/ccz-contracts.geojson'];
const GENERATED_ZONES = 1000;
const VEHICLES = 20;
const FIX_INTERVAL_S = 10;
const SPEED_MPS = 2;
const M_PER_DEG = 111_320;
/** The region tracks and generated zones lie in: the CCZ around NORI-D and the APEIs. */
const REGION = { west: -125, east: -110, south: 6, north: 16 };

const RULES = `
rules:
  - {id: apei-keep-out, type: no_entry, severity: critical, zones: ['kind:apei']}
  - {id: stay-in-contract, type: stay_inside, severity: critical, zones: ['kind:contract']}
  - {id: prz-approach, type: proximity, severity: warning, zones: ['kind:prz'], distance_m: 2000}
  - {id: irz-dwell, type: max_dwell, severity: warning, zones: ['kind:irz'], limit_s: 3600}
  - {id: depth-band, type: depth, severity: warning, min_m: 4000, max_m: 5500}
  - {id: low-altitude, type: altitude, severity: critical, min_m: 2}
  - {id: speed, type: max_speed, severity: warning, max_kn: 5}
  - {id: gnss, type: feed_stale, severity: critical, feed: position, after_s: 60}
`;

export interface EngineBench {
  zones: number;
  rules: number;
  fixes: number;
  events: number;
  /** Median of the timed runs (the machine is shared: single runs vary by 2x or more). */
  engineFixesPerS: number;
  engineBestFixesPerS: number;
  naiveFixes: number;
  naiveFixesPerS: number;
  naiveBestFixesPerS: number;
  /** Ratio of the medians. */
  speedup: number;
}

const ENGINE_RUNS = 5;
const NAIVE_RUNS = 3;

/** Runs the benchmark: `fixCount` fixes through the engine, a tenth of them through the naive. */
export function benchEngine(fixCount = 200_000): EngineBench {
  const random = mulberry32(20221015);
  const sources = [...CCZ_FILES.map(read), generatedZones(random)];
  const zones = loadZones(sources);
  const rules = loadRules({ file: 'bench-rules.yaml', text: RULES }, zones);
  const fixes = tracks(random, fixCount);

  // warm up the JIT on a separate engine, then time fresh ones over every fix
  runEngine(new Engine({ zones, rules }), fixes.slice(0, 20_000));
  const engine = repeat(ENGINE_RUNS, () => runEngine(new Engine({ zones, rules }), fixes));

  const polygons = sources.flatMap(polygonFeatures);
  const naiveFixes = fixes.slice(0, Math.max(1, Math.floor(fixCount / 10)));
  runNaive(polygons, naiveFixes.slice(0, 500));
  const naive = repeat(NAIVE_RUNS, () => runNaive(polygons, naiveFixes));

  const rate = (count: number, seconds: number) => Math.round(count / seconds);
  return {
    zones: zones.zones.length,
    rules: rules.rules.length,
    fixes: fixes.length,
    events: engine.result,
    engineFixesPerS: rate(fixes.length, engine.medianS),
    engineBestFixesPerS: rate(fixes.length, engine.bestS),
    naiveFixes: naiveFixes.length,
    naiveFixesPerS: rate(naiveFixes.length, naive.medianS),
    naiveBestFixesPerS: rate(naiveFixes.length, naive.bestS),
    speedup: Math.round(naive.medianS / naiveFixes.length / (engine.medianS / fixes.length)),
  };
}

function runEngine(engine: Engine, fixes: readonly EngineFix[]): number {
  let events = 0;
  for (const fix of fixes) events += engine.onFix(fix).length;
  return events;
}

/** Which zones contain each fix, the slow way; returns the count so nothing is optimised out. */
function runNaive(
  polygons: readonly Feature<Polygon | MultiPolygon>[],
  fixes: readonly EngineFix[],
): number {
  let inside = 0;
  for (const fix of fixes) {
    const p = point([fix.lonDeg, fix.latDeg]);
    for (const polygon of polygons) if (booleanPointInPolygon(p, polygon)) inside++;
  }
  return inside;
}

/** Runs `run` n times; its last result, and the median and best wall time in seconds. */
function repeat<T>(n: number, run: () => T): { result: T; medianS: number; bestS: number } {
  const seconds: number[] = [];
  let result = run();
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    result = run();
    seconds.push((performance.now() - start) / 1000);
  }
  seconds.sort((a, b) => a - b);
  return { result, medianS: seconds[Math.floor(n / 2)] ?? 0, bestS: seconds[0] ?? 0 };
}

function read(path: string): SourceText {
  return { file: path, text: readFileSync(new URL(path, ROOT), 'utf8') };
}

/** Irregular polygons of 2–8 km radius and 6–24 vertices, kinds prz, irz and block. */
function generatedZones(random: () => number): SourceText {
  const kinds = ['prz', 'irz', 'block'];
  const features = Array.from({ length: GENERATED_ZONES }, (_, i) => {
    const lat = REGION.south + random() * (REGION.north - REGION.south);
    const lon = REGION.west + random() * (REGION.east - REGION.west);
    const radiusM = 2000 + random() * 6000;
    const vertices = 6 + Math.floor(random() * 19);
    const ring = Array.from({ length: vertices }, (_, k) => {
      const angle = (2 * Math.PI * k) / vertices;
      const r = (radiusM * (0.7 + 0.3 * random())) / M_PER_DEG;
      return [
        lon + (r * Math.cos(angle)) / Math.cos((lat * Math.PI) / 180),
        lat + r * Math.sin(angle),
      ];
    });
    ring.push(ring[0] as number[]);
    return {
      type: 'Feature',
      properties: { id: `gen-${i}`, kind: kinds[i % kinds.length] },
      geometry: { type: 'Polygon', coordinates: [ring] },
    };
  });
  return {
    file: 'generated.geojson',
    text: JSON.stringify({ type: 'FeatureCollection', features }),
  };
}

function polygonFeatures(source: SourceText): Feature<Polygon | MultiPolygon>[] {
  const collection = JSON.parse(source.text) as { features: Feature<Polygon | MultiPolygon>[] };
  return collection.features;
}

/** Random-walk tracks, vehicles interleaved in time order. */
function tracks(random: () => number, count: number): EngineFix[] {
  const state = Array.from({ length: VEHICLES }, () => ({
    lat: REGION.south + 1 + random() * (REGION.north - REGION.south - 2),
    lon: REGION.west + 1 + random() * (REGION.east - REGION.west - 2),
    heading: random() * 2 * Math.PI,
    depthM: 4200 + 800 * random(),
  }));
  const stepDeg = (SPEED_MPS * FIX_INTERVAL_S) / M_PER_DEG;
  const t0 = Date.UTC(2022, 9, 15);

  return Array.from({ length: count }, (_, i) => {
    const v = i % VEHICLES;
    const s = state[v] as (typeof state)[number];
    s.heading += (random() - 0.5) * 0.2;
    s.lat += stepDeg * Math.cos(s.heading);
    s.lon += (stepDeg * Math.sin(s.heading)) / Math.cos((s.lat * Math.PI) / 180);
    s.depthM += (random() - 0.5) * 2;
    return {
      timeMs: t0 + Math.floor(i / VEHICLES) * FIX_INTERVAL_S * 1000,
      vehicle: `vehicle-${v}`,
      latDeg: s.lat,
      lonDeg: s.lon,
      depthM: s.depthM,
      altitudeM: 3 + random(),
      sogMps: SPEED_MPS * (0.9 + 0.2 * random()),
      cogDeg: null,
      headingDeg: null,
      quality: 1,
      hdop: 1,
      source: 'bench',
    };
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const fixes = Number(process.argv[2] ?? 200_000);
  console.log(JSON.stringify(benchEngine(fixes), null, 2));
}
