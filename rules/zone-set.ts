/**
 * A loaded zone set and its queries (the ZoneQueries contract of types.ts). Two spatial indexes
 * keep the cost of a query with the zones near the point: one over the pieces that decide
 * membership (polygon parts, circles, corridor segments with their buffer), one over the pieces
 * of boundary that distances are measured to (polygon edges, circles, corridor segments).
 */
import { crossingFractions } from './crossings.js';
import {
  approxDistanceToEdgeM,
  cannotBeNearer,
  cannotBeWithin,
  degreesAround,
  distanceFromM,
  distanceToEdgeM,
  normalizeLonDeg,
  preparePoint,
  type PreparedPoint,
  wrapDeltaLonDeg,
} from './geodesy.js';
import { LonLatIndex } from './spatial-index.js';
import { areaPieces, edgePieces, type AreaPieces, type EdgePieces } from './zone-pieces.js';
import {
  pointInPart,
  ringEdgeM,
  shapeBoundaryDistanceM,
  shapeContains,
  type PolygonPart,
  type ZoneShape,
} from './zone-shapes.js';
import type { BoundaryDistance, PointQuery, SegmentCrossing, Zone, ZoneQueries } from './types.js';

/** Grid cells of both indexes, degrees: a 10 km search meets one to four of them. */
const CELL_DEG = 0.5;

/** A validated zone and its geometry, as the loader hands them over. */
export interface LoadedZone {
  zone: Zone;
  shape: ZoneShape;
}

/** Zones loaded together, indexed for the engine's queries. Built by `loadZones`. */
export class ZoneSet implements ZoneQueries {
  readonly zones: readonly Zone[];
  readonly hash: string;
  readonly #shapes: readonly ZoneShape[];
  readonly #order = new Map<Zone, number>();
  readonly #byId = new Map<string, Zone>();
  readonly #areas: AreaPieces;
  readonly #areaIndex: LonLatIndex;
  readonly #edges: EdgePieces;
  readonly #edgeIndex: LonLatIndex;
  /** Scratch of boundariesWithin, per zone: valid where marked with the current search. */
  readonly #mark: Float64Array;
  readonly #nearest: Float64Array;
  readonly #leastQuick: Float64Array;
  #search = 0;

  constructor(loaded: readonly LoadedZone[], hash: string) {
    this.zones = Object.freeze(loaded.map((l) => l.zone));
    this.#shapes = loaded.map((l) => l.shape);
    this.hash = hash;
    this.zones.forEach((zone, i) => {
      this.#order.set(zone, i);
      this.#byId.set(zone.id, zone);
    });
    this.#areas = areaPieces(this.#shapes);
    this.#areaIndex = new LonLatIndex(this.#areas.boxes, CELL_DEG);
    this.#edges = edgePieces(this.#shapes);
    this.#edgeIndex = new LonLatIndex(this.#edges.boxes, CELL_DEG);
    this.#mark = new Float64Array(loaded.length);
    this.#nearest = new Float64Array(loaded.length);
    this.#leastQuick = new Float64Array(loaded.length);
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
    const hits = this.#areaIndex.searchPoint(latDeg, lonDeg);
    if (hits.length === 0) return [];

    const inside: number[] = [];
    let p: PreparedPoint | null = null;
    for (const id of hits) {
      const zone = this.#areas.zone[id] as number;
      if (inside.includes(zone) || !applies(this.zones[zone] as Zone, query)) continue;
      const shape = this.#shapes[zone] as ZoneShape;
      if (shape.type === 'corridor') p ??= preparePoint(latDeg, normalizeLonDeg(lonDeg));
      if (pieceContains(shape, this.#areas.part[id] as number, latDeg, lonDeg, p)) {
        inside.push(zone);
      }
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
    if (!(maxM >= 0)) return [];
    const lon = normalizeLonDeg(lonDeg);
    const p = preparePoint(latDeg, lon);
    const { dLat, dLon } = degreesAround(latDeg, maxM);

    // a quick estimate for every candidate piece, and the least of them per zone
    const search = ++this.#search;
    const touched: number[] = [];
    const ids: number[] = [];
    const quick: number[] = [];
    this.#edgeIndex.visitAround(latDeg, lon, dLat, dLon, (id) => {
      const zone = this.#edges.zone[id] as number;
      const q = this.#quickDistanceM(id, zone, p);
      if (this.#mark[zone] !== search) {
        this.#mark[zone] = search;
        this.#nearest[zone] = Infinity;
        this.#leastQuick[zone] = q;
        touched.push(zone);
      } else if (q < (this.#leastQuick[zone] as number)) {
        this.#leastQuick[zone] = q;
      }
      ids.push(id);
      quick.push(q);
    });

    // exact distances only for pieces the estimates leave in the running
    for (let k = 0; k < ids.length; k++) {
      const d = this.#exactDistanceM(ids[k] as number, quick[k] as number, p, maxM);
      const zone = this.#edges.zone[ids[k] as number] as number;
      if (d < (this.#nearest[zone] as number)) this.#nearest[zone] = d;
    }

    const out: { zone: number; distanceM: number }[] = [];
    for (const zone of touched) {
      const shape = this.#shapes[zone] as ZoneShape;
      const d = this.#nearest[zone] as number;
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
    const hits = this.#areaIndex.search(
      Math.min(seg.lonA, seg.lonB),
      Math.min(seg.latA, seg.latB),
      Math.max(seg.lonA, seg.lonB),
      Math.max(seg.latA, seg.latB),
    );

    const pieces = new Map<number, Set<number>>();
    for (const id of hits) {
      const zone = this.#areas.zone[id] as number;
      const set = pieces.get(zone) ?? new Set<number>();
      pieces.set(zone, set.add(this.#areas.part[id] as number));
    }
    const out: SegmentCrossing[] = [];
    for (const zone of [...pieces.keys()].sort((x, y) => x - y)) {
      const shape = this.#shapes[zone] as ZoneShape;
      const fractions = crossingFractions(shape, [...(pieces.get(zone) ?? [])], seg);
      if (fractions.length > 0) out.push({ zone: this.zones[zone] as Zone, fractions });
    }
    return out;
  }

  /** The distance to a circle's centre, or a quick estimate of the distance to an edge. */
  #quickDistanceM(id: number, zone: number, p: PreparedPoint): number {
    const e = this.#edges.ends;
    const shape = this.#shapes[zone] as ZoneShape;
    if (shape.type === 'circle') return distanceFromM(shape.centre, p.latDeg, p.lonDeg);
    const at = 4 * id;
    const [latA, lonA] = [e[at] as number, e[at + 1] as number];
    return approxDistanceToEdgeM(p, latA, lonA, e[at + 2] as number, e[at + 3] as number);
  }

  /**
   * The distance to a boundary piece (to the centre or centre line for circles and corridors),
   * or Infinity when its quick estimate shows it is beyond reach or not the zone's nearest.
   */
  #exactDistanceM(id: number, quickM: number, p: PreparedPoint, maxM: number): number {
    const zone = this.#edges.zone[id] as number;
    const shape = this.#shapes[zone] as ZoneShape;
    if (shape.type === 'circle') return quickM;
    const reachM = shape.type === 'polygon' ? maxM : shape.radiusM + maxM;
    if (cannotBeWithin(p, quickM, reachM)) return Infinity;
    if (cannotBeNearer(p, quickM, this.#leastQuick[zone] as number)) return Infinity;
    const e = this.#edges.ends;
    const at = 4 * id;
    const [latA, lonA] = [e[at] as number, e[at + 1] as number];
    return distanceToEdgeM(p, latA, lonA, e[at + 2] as number, e[at + 3] as number);
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
      return pointInPart(shape.parts[piece] as PolygonPart, latDeg, lonDeg);
    case 'circle':
      return distanceFromM(shape.centre, latDeg, lonDeg) <= shape.radiusM;
    case 'corridor':
      return ringEdgeM(shape, piece, p as PreparedPoint) <= shape.radiusM;
  }
}
