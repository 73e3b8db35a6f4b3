/**
 * A loaded zone set and its queries (the ZoneQueries contract of types.ts). Two spatial indexes
 * keep the cost of a query with the zones near the point: one over the pieces that decide
 * membership (polygon parts, circles, corridor segments with their buffer), one over the pieces
 * of boundary that distances are measured to (polygon edges, circles, corridor segments).
 */
import { crossingFractions } from './crossings.js';
import {
  degreesAround,
  distanceFromM,
  normalizeLonDeg,
  preparePoint,
  type PreparedPoint,
  wrapDeltaLonDeg,
} from './geodesy.js';
import { type Box, LonLatIndex } from './spatial-index.js';
import {
  pointInPart,
  ringEdgeM,
  shapeBoundaryDistanceM,
  shapeContains,
  type CorridorShape,
  type Ring,
  type ZoneShape,
} from './zone-shapes.js';
import type { BoundaryDistance, PointQuery, SegmentCrossing, Zone, ZoneQueries } from './types.js';

/** A validated zone and its geometry, as the loader hands them over. */
export interface LoadedZone {
  zone: Zone;
  shape: ZoneShape;
}

/** A piece deciding membership: part `piece` of polygon zone `zone`, or its segment, or 0. */
interface AreaItem extends Box {
  zone: number;
  piece: number;
}

/** A piece of boundary: edge `edge` of `line` (a ring or a corridor), or a circle (no line). */
interface EdgeItem extends Box {
  zone: number;
  line: Ring | CorridorShape | null;
  edge: number;
}

/** Zones loaded together, indexed for the engine's queries. Built by `loadZones`. */
export class ZoneSet implements ZoneQueries {
  readonly zones: readonly Zone[];
  readonly hash: string;
  readonly #shapes: readonly ZoneShape[];
  readonly #order = new Map<Zone, number>();
  readonly #byId = new Map<string, Zone>();
  readonly #areas: LonLatIndex<AreaItem>;
  readonly #edges: LonLatIndex<EdgeItem>;

  constructor(loaded: readonly LoadedZone[], hash: string) {
    this.zones = Object.freeze(loaded.map((l) => l.zone));
    this.#shapes = loaded.map((l) => l.shape);
    this.hash = hash;
    this.zones.forEach((zone, i) => {
      this.#order.set(zone, i);
      this.#byId.set(zone.id, zone);
    });
    this.#areas = new LonLatIndex(this.#shapes.flatMap(areaItems));
    this.#edges = new LonLatIndex(this.#shapes.flatMap(edgeItems));
  }

  byId(id: string): Zone | undefined {
    return this.#byId.get(id);
  }

  /**
   * Zones containing the point, in load order. A zone with a depth band applies only within it
   * (bounds included; unknown depth counts as within); one with a validity window only from
   * `valid_from` (included) to `valid_to` (excluded).
   */
  containing(query: PointQuery): Zone[] {
    const { latDeg, lonDeg } = query;
    const hits = this.#areas.searchPoint(latDeg, lonDeg);
    if (hits.length === 0) return [];

    const inside: number[] = [];
    let p: PreparedPoint | null = null;
    for (const hit of hits) {
      if (inside.includes(hit.zone)) continue;
      if (!applies(this.zones[hit.zone] as Zone, query)) continue;
      const shape = this.#shapes[hit.zone] as ZoneShape;
      if (shape.type === 'corridor') p ??= preparePoint(latDeg, normalizeLonDeg(lonDeg));
      if (pieceContains(shape, hit.piece, latDeg, lonDeg, p)) inside.push(hit.zone);
    }
    return inside.sort((a, b) => a - b).map((i) => this.zones[i] as Zone);
  }

  containsPoint(zone: Zone, latDeg: number, lonDeg: number): boolean {
    return shapeContains(this.#shapeOf(zone), latDeg, lonDeg);
  }

  /**
   * Every zone boundary within `maxM` metres, nearest first (ties in load order). For circles
   * and corridors the distance is |d − radius| (see shapeBoundaryDistanceM).
   */
  boundariesWithin(latDeg: number, lonDeg: number, maxM: number): BoundaryDistance[] {
    const lon = normalizeLonDeg(lonDeg);
    const p = preparePoint(latDeg, lon);
    const { dLat, dLon } = degreesAround(latDeg, maxM);
    const hits = this.#edges.search(lon - dLon, latDeg - dLat, lon + dLon, latDeg + dLat);

    // nearest edge per zone; for circles and corridors, the distance to the centre (line)
    const nearest = new Map<number, number>();
    for (const hit of hits) {
      const d = hit.line ? ringEdgeM(hit.line, hit.edge, p) : this.#toCentreM(hit.zone, p);
      const best = nearest.get(hit.zone);
      if (best === undefined || d < best) nearest.set(hit.zone, d);
    }

    const out: { zone: number; distanceM: number }[] = [];
    for (const [zone, d] of nearest) {
      const shape = this.#shapes[zone] as ZoneShape;
      const distanceM = shape.type === 'polygon' ? d : Math.abs(d - shape.radiusM);
      if (distanceM <= maxM) out.push({ zone, distanceM });
    }
    out.sort((a, b) => a.distanceM - b.distanceM || a.zone - b.zone);
    return out.map(({ zone, distanceM }) => ({ zone: this.zones[zone] as Zone, distanceM }));
  }

  distanceToBoundaryM(zone: Zone, latDeg: number, lonDeg: number): number {
    const p = preparePoint(latDeg, normalizeLonDeg(lonDeg));
    return shapeBoundaryDistanceM(this.#shapeOf(zone), p);
  }

  /**
   * Zones (in load order) whose membership changes along the lon/lat-straight segment A→B (the
   * short way round in longitude), with the fractions where it does; see crossings.ts. Depth
   * bands and validity windows are not considered.
   */
  segmentCrossings(
    a: { latDeg: number; lonDeg: number },
    b: { latDeg: number; lonDeg: number },
  ): SegmentCrossing[] {
    const lonA = normalizeLonDeg(a.lonDeg);
    const seg = {
      latA: a.latDeg,
      lonA,
      latB: b.latDeg,
      lonB: lonA + wrapDeltaLonDeg(b.lonDeg - lonA),
    };
    const hits = this.#areas.search(
      Math.min(seg.lonA, seg.lonB),
      Math.min(seg.latA, seg.latB),
      Math.max(seg.lonA, seg.lonB),
      Math.max(seg.latA, seg.latB),
    );

    const pieces = new Map<number, number[]>();
    for (const hit of hits) pieces.set(hit.zone, [...(pieces.get(hit.zone) ?? []), hit.piece]);
    const out: SegmentCrossing[] = [];
    for (const zone of [...pieces.keys()].sort((x, y) => x - y)) {
      const shape = this.#shapes[zone] as ZoneShape;
      const fractions = crossingFractions(shape, [...new Set(pieces.get(zone))], seg);
      if (fractions.length > 0) out.push({ zone: this.zones[zone] as Zone, fractions });
    }
    return out;
  }

  #toCentreM(zone: number, p: PreparedPoint): number {
    const shape = this.#shapes[zone] as ZoneShape & { type: 'circle' };
    return distanceFromM(shape.centre, p.latDeg, p.lonDeg);
  }

  #shapeOf(zone: Zone): ZoneShape {
    const i = this.#order.get(zone);
    if (i === undefined) throw new RangeError(`zone ${JSON.stringify(zone.id)} is not in this set`);
    return this.#shapes[i] as ZoneShape;
  }
}

/** Depth band (unknown depth counts as within) and validity window of DESIGN.md §4. */
function applies(zone: Zone, query: PointQuery): boolean {
  const depth = query.depthM ?? null;
  if (depth !== null) {
    if (zone.minDepthM !== null && depth < zone.minDepthM) return false;
    if (zone.maxDepthM !== null && depth > zone.maxDepthM) return false;
  }
  const time = query.timeMs ?? null;
  if (time !== null) {
    if (zone.validFromMs !== null && time < zone.validFromMs) return false;
    if (zone.validToMs !== null && time >= zone.validToMs) return false;
  }
  return true;
}

/** Is the point inside one membership piece of a shape? */
function pieceContains(
  shape: ZoneShape,
  piece: number,
  latDeg: number,
  lonDeg: number,
  p: PreparedPoint | null,
): boolean {
  switch (shape.type) {
    case 'polygon':
      return pointInPart(shape.parts[piece] as (typeof shape.parts)[number], latDeg, lonDeg);
    case 'circle':
      return distanceFromM(shape.centre, latDeg, lonDeg) <= shape.radiusM;
    case 'corridor':
      return ringEdgeM(shape, piece, p as PreparedPoint) <= shape.radiusM;
  }
}

/** The membership pieces of a shape with their boxes; buffers widen the boxes. */
function areaItems(shape: ZoneShape, zone: number): AreaItem[] {
  switch (shape.type) {
    case 'polygon':
      return shape.parts.map((part, piece) => {
        const shell = part.rings[0] as Ring;
        return { ...boxOf(shell.lat, shell.lon, 0, shell.lat.length - 1, 0), zone, piece };
      });
    case 'circle':
      return [{ ...circleBox(shape), zone, piece: 0 }];
    case 'corridor':
      return segments(shape).map((i) => ({
        ...boxOf(shape.lat, shape.lon, i, i + 1, shape.radiusM),
        zone,
        piece: i,
      }));
  }
}

/** The boundary pieces of a shape with their boxes. */
function edgeItems(shape: ZoneShape, zone: number): EdgeItem[] {
  switch (shape.type) {
    case 'polygon':
      return shape.parts.flatMap((part) =>
        part.rings.flatMap((ring) =>
          segments(ring).map((edge) => ({
            ...boxOf(ring.lat, ring.lon, edge, edge + 1, 0),
            zone,
            line: ring,
            edge,
          })),
        ),
      );
    case 'circle':
      return [{ ...circleBox(shape), zone, line: null, edge: 0 }];
    case 'corridor':
      return segments(shape).map((edge) => ({
        ...boxOf(shape.lat, shape.lon, edge, edge + 1, shape.radiusM),
        zone,
        line: shape,
        edge,
      }));
  }
}

function segments(line: { lat: Float64Array }): number[] {
  return Array.from({ length: line.lat.length - 1 }, (_, i) => i);
}

/** The box of positions from..to of a line, widened by `bufferM` metres on every side. */
function boxOf(
  lat: Float64Array,
  lon: Float64Array,
  from: number,
  to: number,
  bufferM: number,
): Box {
  const lats = lat.subarray(from, to + 1);
  const lons = lon.subarray(from, to + 1);
  const minY = Math.min(...lats);
  const maxY = Math.max(...lats);
  const widen = degreesAround(Math.max(Math.abs(minY), Math.abs(maxY)), bufferM);
  return {
    minX: Math.min(...lons) - widen.dLon,
    minY: Math.max(-90, minY - widen.dLat),
    maxX: Math.max(...lons) + widen.dLon,
    maxY: Math.min(90, maxY + widen.dLat),
  };
}

function circleBox(shape: ZoneShape & { type: 'circle' }): Box {
  const lat = Float64Array.of(shape.latDeg);
  return boxOf(lat, Float64Array.of(shape.lonDeg), 0, 0, shape.radiusM);
}
