/**
 * Writing a run to disk: one plain NMEA file per feed, `<vehicle>-<sensor>.nmea`, so a replay
 * reads each as the single feed it is; a `<vehicle>-truth.csv` per vehicle with its true track;
 * and `manifest.json` tying each file to its vehicle, its kind and format, the USBL transponder
 * map, and the ground truth (the violations the mission is built to cause, the faults applied).
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

import type { AppliedFault } from './faults.js';
import type { SensorSpec, TruthViolation } from './mission-types.js';
import type { TruthTrack } from './motion.js';
import type { FeedResult, Simulation } from './simulate.js';

export const MANIFEST_FORMAT = 'deepseaguard-sim/1';
export const MANIFEST_FILE = 'manifest.json';
/** IEC 61162-1: every sentence ends with CR LF. */
const EOL = '\r\n';

/** One feed in the manifest. */
export interface ManifestFeed {
  file: string;
  feed: string;
  vehicle: string;
  kind: SensorSpec['type'];
  format: string;
  /** What the feed gives, in the terms of DESIGN.md §5 feed_stale: position, depth, ... */
  provides: string[];
  interval_s: number;
  lines: number;
  /** USBL only: transponder id → the vehicle it is fixed to. */
  transponders?: Record<string, string>;
}

export interface Manifest {
  format: string;
  mission: { name: string; file: string; start: string; end: string; duration_s: number };
  seed: number;
  feeds: ManifestFeed[];
  truth: {
    tracks: { vehicle: string; file: string | null }[];
    violations: ManifestViolation[];
    faults: ManifestFault[];
  };
}

export interface ManifestViolation {
  rule: string;
  vehicle: string;
  zone: string | null;
  opens: [string, string];
  closes: [string, string] | null;
  note: string | null;
}

export interface ManifestFault {
  feed: string;
  type: string;
  from: string;
  to: string | null;
  lines: number;
  step_s?: number;
  talker?: string;
  east_m?: number;
  north_m?: number;
}

/** The file name of a feed: its name, `<vehicle>-<sensor>`, with `.nmea`. */
export function feedFileName(feed: FeedResult): string {
  return `${feed.name}.nmea`;
}

/**
 * The text of a feed's file, CR LF after every line. With `stampFromMs` (the mission's start),
 * each line begins with the ISO time it was sent, as a shipboard logger writes it: a replay
 * interleaves such files by that stamp.
 */
export function feedText(feed: FeedResult, stampFromMs: number | null = null): string {
  if (stampFromMs === null) return feed.lines.map((l) => l.text + EOL).join('');
  return feed.lines
    .map((l) => `${new Date(stampFromMs + l.tMs).toISOString()} ${l.text}${EOL}`)
    .join('');
}

export interface WriteOptions {
  /** Prefix each line with its logger timestamp (see feedText). */
  stamp?: boolean;
}

/** Whether `path` names a single file: only when the run has one feed and path is no folder. */
export function writesSingleFile(sim: Simulation, path: string): boolean {
  if (sim.feeds.length !== 1 || path.endsWith('/')) return false;
  try {
    return !statSync(path).isDirectory();
  } catch {
    return true;
  }
}

/** Writes the run under `path` (a folder, or a file for a one-feed run); returns the paths. */
export function writeSimulation(
  sim: Simulation,
  path: string,
  options: WriteOptions = {},
): string[] {
  const stampFromMs = options.stamp ? sim.mission.startMs : null;
  if (writesSingleFile(sim, path)) {
    const feed = sim.feeds[0] as FeedResult;
    writeFileSync(path, feedText(feed, stampFromMs), 'latin1');
    const manifestPath = `${path}.${MANIFEST_FILE}`;
    writeFileSync(
      manifestPath,
      manifestText(buildManifest(sim, { [feed.name]: basename(path) }, false)),
    );
    return [path, manifestPath];
  }

  mkdirSync(path, { recursive: true });
  const written: string[] = [];
  for (const feed of sim.feeds) {
    const file = join(path, feedFileName(feed));
    writeFileSync(file, feedText(feed, stampFromMs), 'latin1');
    written.push(file);
  }
  for (const track of sim.tracks) {
    const file = join(path, truthFileName(track.vehicle));
    writeFileSync(file, truthCsv(track, sim.mission.startMs));
    written.push(file);
  }
  const manifestPath = join(path, MANIFEST_FILE);
  writeFileSync(manifestPath, manifestText(buildManifest(sim, {}, true)));
  return [...written, manifestPath];
}

function truthFileName(vehicle: string): string {
  return `${vehicle}-truth.csv`;
}

function manifestText(m: Manifest): string {
  return `${JSON.stringify(m, null, 2)}\n`;
}

/** The manifest of a run; `files` overrides feed file names (the single-file form). */
export function buildManifest(
  sim: Simulation,
  files: Record<string, string>,
  withTracks: boolean,
): Manifest {
  const { mission } = sim;
  const iso = (ms: number): string => new Date(ms).toISOString();
  return {
    format: MANIFEST_FORMAT,
    mission: {
      name: mission.name,
      file: mission.file,
      start: iso(mission.startMs),
      end: iso(mission.startMs + sim.durationS * 1000),
      duration_s: sim.durationS,
    },
    seed: sim.seed,
    feeds: sim.feeds.map((f) => manifestFeed(f, files[f.name] ?? feedFileName(f))),
    truth: {
      tracks: sim.tracks.map((t) => ({
        vehicle: t.vehicle,
        file: withTracks ? truthFileName(t.vehicle) : null,
      })),
      violations: mission.truth.map((v) => manifestViolation(v, iso)),
      faults: sim.faults.map((f) => manifestFault(f, mission.startMs, iso)),
    },
  };
}

function manifestFeed(f: FeedResult, file: string): ManifestFeed {
  const s = f.sensor;
  const out: ManifestFeed = {
    file,
    feed: f.name,
    vehicle: f.vehicle,
    kind: s.type,
    format: formatOf(s),
    provides: providesOf(s),
    interval_s: s.intervalS,
    lines: f.lines.length,
  };
  if (s.type === 'usbl') out.transponders = { ...s.transponders };
  return out;
}

function formatOf(s: SensorSpec): string {
  switch (s.type) {
    case 'gnss':
      return s.sentences.join('+');
    case 'heading':
      return 'HDT';
    case 'usbl':
      return s.format.toUpperCase();
    case 'ins':
      return [s.zda ? 'ZDA' : '', 'PIXSE POSITI', s.depin ? 'DEPIN_' : '']
        .filter(Boolean)
        .join('+');
    case 'pressure':
      return s.format;
    case 'echosounder':
      return s.sentence;
  }
}

function providesOf(s: SensorSpec): string[] {
  switch (s.type) {
    case 'gnss':
      return ['position'];
    case 'heading':
      return ['heading'];
    case 'usbl':
      return ['position'];
    case 'ins':
      return ['position', 'depth'];
    case 'pressure':
      return ['depth'];
    case 'echosounder':
      return ['altitude'];
  }
}

function manifestViolation(v: TruthViolation, iso: (ms: number) => string): ManifestViolation {
  return {
    rule: v.rule,
    vehicle: v.vehicle,
    zone: v.zone,
    opens: [iso(v.opens[0]), iso(v.opens[1])],
    closes: v.closes === null ? null : [iso(v.closes[0]), iso(v.closes[1])],
    note: v.note,
  };
}

function manifestFault(
  f: AppliedFault,
  startMs: number,
  iso: (ms: number) => string,
): ManifestFault {
  const out: ManifestFault = {
    feed: f.feed,
    type: f.type,
    from: iso(startMs + f.fromMs),
    to: f.toMs === null ? null : iso(startMs + f.toMs),
    lines: f.lines,
  };
  if (f.type === 'clock_step') out.step_s = f.spec.stepS;
  if (f.type === 'duplicate_talker') out.talker = f.spec.talker;
  if (f.type === 'position_jump')
    Object.assign(out, { east_m: f.spec.eastM, north_m: f.spec.northM });
  return out;
}

/** The true track at 1 s: time, position, depth, seabed, altitude, speed, course, heading. */
export function truthCsv(track: TruthTrack, startMs: number): string {
  const rows = ['time,lat,lon,depth_m,seabed_m,altitude_m,sog_mps,cog_deg,heading_deg'];
  for (let i = 0; i < track.lat.length; i++) {
    const depth = track.depthM[i] as number;
    const seabed = track.seabedM[i] as number;
    rows.push(
      [
        new Date(startMs + i * 1000).toISOString(),
        (track.lat[i] as number).toFixed(8),
        (track.lon[i] as number).toFixed(8),
        depth.toFixed(2),
        Number.isNaN(seabed) ? '' : seabed.toFixed(2),
        Number.isNaN(seabed) ? '' : (seabed - depth).toFixed(2),
        (track.sogMps[i] as number).toFixed(3),
        (track.cogDeg[i] as number).toFixed(1),
        (track.headingDeg[i] as number).toFixed(1),
      ].join(','),
    );
  }
  return `${rows.join('\n')}\n`;
}
