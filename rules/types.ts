/**
 * The contracts of the rules layer: zones and their queries, the fixes the engine is fed, and
 * the events it produces (DESIGN.md §4–§6). Pure data: no I/O, no clock.
 */

/** A source document handed to a loader: the agent reads files, the rules layer parses text. */
export interface SourceText {
  /** Path or name shown in error messages. */
  file: string;
  text: string;
}

export type ZoneGeometryKind = 'polygon' | 'circle' | 'corridor';

/** A validated zone (DESIGN.md §4), ready for queries. */
export interface Zone {
  id: string;
  name: string | null;
  kind: string | null;
  geometry: ZoneGeometryKind;
  minDepthM: number | null;
  maxDepthM: number | null;
  validFromMs: number | null;
  validToMs: number | null;
  hysteresisM: number;
  source: string | null;
  /** The file it was loaded from. */
  file: string;
}

/** Where and when a membership question is asked. */
export interface PointQuery {
  latDeg: number;
  lonDeg: number;
  /** Vehicle depth; null when unknown (unknown depth counts as within a zone's band). */
  depthM?: number | null;
  /** Epoch ms; when absent, validity windows are ignored. */
  timeMs?: number | null;
}

export interface BoundaryDistance {
  zone: Zone;
  distanceM: number;
}

/** Where the straight lon/lat segment from fix A to fix B crosses a zone's boundary. */
export interface SegmentCrossing {
  zone: Zone;
  /** Fractions along the segment (0 at A, 1 at B) where it crosses the boundary, ascending. */
  fractions: number[];
}

/** The queries the engine needs from a loaded zone set. Implemented by `ZoneSet`. */
export interface ZoneQueries {
  readonly zones: readonly Zone[];
  /** `sha256:` of the canonical form of the zones. */
  readonly hash: string;
  byId(id: string): Zone | undefined;
  /** Zones containing the point (boundary counts as inside), honouring depth and validity. */
  containing(query: PointQuery): Zone[];
  /** Is the point inside this zone's geometry (depth band and validity not considered)? */
  containsPoint(zone: Zone, latDeg: number, lonDeg: number): boolean;
  /** Every zone boundary within `maxM` metres of the point, nearest first. */
  boundariesWithin(latDeg: number, lonDeg: number, maxM: number): BoundaryDistance[];
  /** Ellipsoidal distance from the point to one zone's boundary, metres. */
  distanceToBoundaryM(zone: Zone, latDeg: number, lonDeg: number): number;
  /** Zones whose boundary the segment A→B crosses, with where. */
  segmentCrossings(
    a: { latDeg: number; lonDeg: number },
    b: { latDeg: number; lonDeg: number },
  ): SegmentCrossing[];
}

/** A fused fix of one vehicle, as the engine receives it (DESIGN.md §3). */
export interface EngineFix {
  timeMs: number;
  vehicle: string;
  latDeg: number;
  lonDeg: number;
  depthM: number | null;
  altitudeM: number | null;
  sogMps: number | null;
  cogDeg: number | null;
  headingDeg: number | null;
  quality: number | null;
  hdop: number | null;
  /** The feed (or file) the position came from. */
  source: string;
}

export type EventKind =
  | 'zone.entered'
  | 'zone.exited'
  | 'violation.opened'
  | 'violation.closed'
  | 'alert.acknowledged'
  | 'feed.connected'
  | 'feed.disconnected'
  | 'config.applied'
  | 'config.rejected'
  | 'agent.started'
  | 'agent.stopped'
  | 'link.up'
  | 'link.down'
  /** The store could not write for a while (disk full) and now can again: raised once. */
  | 'storage.alarm';

export type Severity = 'critical' | 'warning' | 'info';

export interface EventPosition {
  lat: number;
  lon: number;
  depth_m?: number;
}

/** An event before the agent gives it a sequence number (DESIGN.md §6). */
export interface EventDraft {
  /** Epoch ms from the data. */
  timeMs: number;
  vehicle: string | null;
  kind: EventKind;
  severity: Severity;
  rule: string | null;
  zone: string | null;
  position: EventPosition | null;
  detail: Record<string, unknown>;
}

/** An event in the exact shape of DESIGN.md §6; key order is part of the contract. */
export interface ComplianceEvent {
  id: string;
  seq: number;
  time: string;
  vehicle: string | null;
  kind: EventKind;
  severity: Severity;
  rule: string | null;
  zone: string | null;
  position: EventPosition | null;
  detail: Record<string, unknown>;
  ruleset: string;
}
