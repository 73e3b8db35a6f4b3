/**
 * The pieces of zones that the spatial indexes hold, in flat tables indexed by piece id:
 * membership pieces (a polygon part, a circle, a corridor segment with its buffer) and boundary
 * pieces (a ring edge, a circle, a corridor segment), each with the box a search meets it by.
 */
import { degreesAround } from './geodesy.js';
import type { Box } from './spatial-index.js';
import type { Ring, ZoneShape } from './zone-shapes.js';

/** Membership pieces: piece id → zone index, and which part (or segment) of it. */
export interface AreaPieces {
  zone: Int32Array;
  part: Int32Array;
  boxes: Box[];
}

/**
 * Boundary pieces: piece id → zone index, and the piece's ends as latA, lonA, latB, lonB
 * (longitudes continuous); a circle's piece has its centre as both ends.
 */
export interface EdgePieces {
  zone: Int32Array;
  ends: Float64Array;
  boxes: Box[];
}

export function areaPieces(shapes: readonly ZoneShape[]): AreaPieces {
  const zone: number[] = [];
  const part: number[] = [];
  const boxes: Box[] = [];
  shapes.forEach((shape, z) => {
    const add = (piece: number, box: Box): void => {
      zone.push(z);
      part.push(piece);
      boxes.push(box);
    };
    if (shape.type === 'polygon') {
      shape.parts.forEach((p, i) => add(i, boxOf(p.rings[0] as Ring, 0, -1, 0)));
    } else if (shape.type === 'circle') {
      add(0, circleBox(shape));
    } else {
      for (let i = 0; i + 1 < shape.lat.length; i++) add(i, boxOf(shape, i, i + 1, shape.radiusM));
    }
  });
  return { zone: Int32Array.from(zone), part: Int32Array.from(part), boxes };
}

export function edgePieces(shapes: readonly ZoneShape[]): EdgePieces {
  const zone: number[] = [];
  const ends: number[] = [];
  const boxes: Box[] = [];
  shapes.forEach((shape, z) => {
    const addLine = (line: { lat: Float64Array; lon: Float64Array }, bufferM: number): void => {
      for (let i = 0; i + 1 < line.lat.length; i++) {
        zone.push(z);
        ends.push(line.lat[i] as number, line.lon[i] as number);
        ends.push(line.lat[i + 1] as number, line.lon[i + 1] as number);
        boxes.push(boxOf(line, i, i + 1, bufferM));
      }
    };
    if (shape.type === 'polygon') {
      for (const part of shape.parts) for (const ring of part.rings) addLine(ring, 0);
    } else if (shape.type === 'corridor') {
      addLine(shape, shape.radiusM);
    } else {
      zone.push(z);
      ends.push(shape.latDeg, shape.lonDeg, shape.latDeg, shape.lonDeg);
      boxes.push(circleBox(shape));
    }
  });
  return { zone: Int32Array.from(zone), ends: Float64Array.from(ends), boxes };
}

/**
 * The box of positions from..to (to = -1: the last) of a line, widened by `bufferM` metres on
 * every side.
 */
function boxOf(
  line: { lat: Float64Array; lon: Float64Array },
  from: number,
  to: number,
  bufferM: number,
): Box {
  const end = to < 0 ? line.lat.length : to + 1;
  const lats = line.lat.subarray(from, end);
  const lons = line.lon.subarray(from, end);
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
  const centre = { lat: Float64Array.of(shape.latDeg), lon: Float64Array.of(shape.lonDeg) };
  return boxOf(centre, 0, 0, shape.radiusM);
}
