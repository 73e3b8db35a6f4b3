/**
 * The simulator's public face: missions (load, validate), a seeded run of vehicles, sensors
 * and faults, writing a run to files, playing it to pseudo-terminals or TCP, and relocating a
 * recorded real track. The command line (`deepseaguard sim`) is its only caller.
 */
export { loadMission, parseMission, MissionInvalidError } from './mission.js';
export type * from './mission-types.js';
export { simulate, type Simulation, type FeedResult } from './simulate.js';
export type { AppliedFault, TimedLine } from './faults.js';
export type { TruthTrack, TruthState } from './motion.js';
export { stateAt } from './motion.js';
export {
  writeSimulation,
  writesSingleFile,
  buildManifest,
  feedFileName,
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  type Manifest,
  type ManifestFeed,
} from './output.js';
export { createRandom, mulberry32, type Random } from './random.js';
export { play, systemClock, type Sink, type PlaybackClock, type PlayedFeed } from './playback.js';
export { openPathSink, socatPtySink, tcpSink, SinkError } from './sinks.js';
export { relocateLog, translate, RelocateError, type RelocateResult } from './relocate.js';
