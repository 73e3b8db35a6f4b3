/**
 * Where the straight lon/lat segment between two fixes meets a zone's boundary. The fractions
 * returned are where membership changes along the segment, so that starting from the first
 * fix's state and toggling at each one ends in the second fix's state; a segment that only
 * touches the boundary gives the touching fraction twice (in, then out).
 */
import { distanceFromM, nearestOnEdge, preparePoint } from './geodesy.js';
import { lonNear, pointInPart, ringEdgeM, type Ring, type ZoneShape } from './zone-shapes.js';

/** A segment from A to B; `lonB` continues `lonA` (|lonB − lonA| ≤ 180). */
export interface Segment {
  latA: number;
  lonA: number;
  latB: number;
  lonB: number;
}

/** Roots closer than this to an end of the segment are taken to be at the end. */
const END_SNAP = 1e-12;
/** A root is found when f is this close to 0 (metres), or its bracket this narrow. */
const ROOT_TOLERANCE_M = 1e-6;
const ROOT_TOLERANCE = 1e-12;
const MAX_ROOT_STEPS = 100;
const GOLDEN = (Math.sqrt(5) - 1) / 2;
const GOLDEN_STEPS = 48;

/**
 * Fractions (0 at A, 1 at B, ascending) where membership of the shape changes along the
 * segment. `pieces` are the polygon parts or corridor segments whose boxes meet the segment's:
 * no other piece can reach it.
 */
export function crossingFractions(shape: ZoneShape, pieces: number[], seg: Segment): number[] {
  switch (shape.type) {
    case 'polygon': {
      const parts = pieces.map((i) => shape.parts[i]).filter((p) => p !== undefined);
      const breaks = parts.flatMap((part) => polygonBreaks(part.rings, part.centreLon, seg));
      const inside = (t: number): boolean => {
        const [lat, lon] = pointAt(seg, t);
        return parts.some((part) => pointInPart(part, lat, lon));
      };
      return fractionsFrom(breaks, inside);
    }
    case 'circle': {
      const f = (t: number): number => {
        const [lat, lon] = pointAt(seg, t);
        return distanceFromM(shape.centre, lat, lon) - shape.radiusM;
      };
      const nearest = nearestOnEdge(shape.centre, seg.latA, seg.lonA, seg.latB, seg.lonB);
      return fractionsFrom(rootsAround(f, nearest), (t) => f(t) <= 0);
    }
    case 'corridor': {
      const f = (t: number): number => {
        const [lat, lon] = pointAt(seg, t);
        const p = preparePoint(lat, lon);
        return Math.min(...pieces.map((i) => ringEdgeM(shape, i, p))) - shape.radiusM;
      };
      const breaks = pieces.flatMap((i) => {
        const g = (t: number): number => {
          const [lat, lon] = pointAt(seg, t);
          return ringEdgeM(shape, i, preparePoint(lat, lon)) - shape.radiusM;
        };
        return rootsAround(g, goldenMinimum(g));
      });
      return fractionsFrom(breaks, (t) => f(t) <= 0);
    }
  }
}

function pointAt(seg: Segment, t: number): [number, number] {
  return [seg.latA + t * (seg.latB - seg.latA), seg.lonA + t * (seg.lonB - seg.lonA)];
}

/**
 * Membership changes along [0, 1], from candidate breakpoints (where the segment meets the
 * boundary; themselves inside) and a membership test for the ends and the stretches between.
 */
function fractionsFrom(breaks: number[], inside: (t: number) => boolean): number[] {
  const ts = [0, ...breaks.filter((t) => t > 0 && t < 1).sort((a, b) => a - b), 1];
  const points = ts.filter((t, i) => i === 0 || t !== ts[i - 1]);
  const out: number[] = [];
  let state = inside(0);
  for (let k = 0; k + 1 < points.length; k++) {
    const t0 = points[k] as number;
    const t1 = points[k + 1] as number;
    const between = inside((t0 + t1) / 2);
    if (between !== state) out.push(t0);
    const atEnd = k + 2 === points.length ? inside(1) : true;
    if (atEnd !== between) out.push(t1);
    state = atEnd;
  }
  return out;
}

/** Where the segment meets the rings' edges, in lon/lat (RFC 7946 §3.1.1). */
function polygonBreaks(rings: Ring[], centreLon: number, seg: Segment): number[] {
  // bring the segment into the part's turn of longitude
  const mid = (seg.lonA + seg.lonB) / 2;
  const shift = lonNear(mid, centreLon) - mid;
  const line: Line = {
    ax: seg.lonA + shift,
    ay: seg.latA,
    rx: seg.lonB - seg.lonA,
    ry: seg.latB - seg.latA,
  };
  if (line.rx === 0 && line.ry === 0) return [];

  const out: number[] = [];
  for (const ring of rings) {
    for (let i = 0; i < ring.lat.length - 1; i++) meetEdge(line, ring, i, out);
  }
  return out;
}

/** The points A + t·r, t in [0, 1], in lon/lat degrees. */
interface Line {
  ax: number;
  ay: number;
  rx: number;
  ry: number;
}

/** Appends the fractions along the line where it meets edge i of the ring. */
function meetEdge(line: Line, ring: Ring, i: number, out: number[]): void {
  const cx = ring.lon[i] as number;
  const cy = ring.lat[i] as number;
  const sx = (ring.lon[i + 1] as number) - cx;
  const sy = (ring.lat[i + 1] as number) - cy;
  const qx = cx - line.ax;
  const qy = cy - line.ay;
  const denom = line.rx * sy - line.ry * sx;
  if (denom !== 0) {
    const t = (qx * sy - qy * sx) / denom;
    const u = (qx * line.ry - qy * line.rx) / denom;
    if (t >= 0 && t <= 1 && u >= 0 && u <= 1) out.push(t);
    return;
  }
  if (qx * line.ry - qy * line.rx !== 0) return;

  // collinear: the overlap, if any, is boundary from end to end
  const r2 = line.rx * line.rx + line.ry * line.ry;
  const tc = (qx * line.rx + qy * line.ry) / r2;
  const td = tc + (sx * line.rx + sy * line.ry) / r2;
  const lo = Math.max(0, Math.min(tc, td));
  const hi = Math.min(1, Math.max(tc, td));
  if (lo <= hi) out.push(lo, hi);
}

/** Roots of f on [0, 1] either side of its minimum at tMin (f is unimodal there). */
function rootsAround(f: (t: number) => number, tMin: number): number[] {
  if (f(tMin) > 0) return [];
  const roots: number[] = [];
  if (tMin > 0 && f(0) > 0) roots.push(root(f, 0, tMin));
  if (tMin < 1 && f(1) > 0) roots.push(root(f, tMin, 1));
  return roots.map((t) => (t < END_SNAP ? 0 : t > 1 - END_SNAP ? 1 : t));
}

/** A root of f between lo and hi, where f changes sign, by the Illinois method. */
function root(f: (t: number) => number, lo: number, hi: number): number {
  let a = lo;
  let b = hi;
  let fa = f(a);
  let fb = f(b);
  for (let i = 0; i < MAX_ROOT_STEPS && Math.abs(b - a) > ROOT_TOLERANCE; i++) {
    const c = (a * fb - b * fa) / (fb - fa);
    const fc = f(c);
    if (Math.abs(fc) < ROOT_TOLERANCE_M) return c;
    // keep the root bracketed by c and one old end; halve a kept end's value so it moves
    if (fc * fb < 0) {
      a = b;
      fa = fb;
    } else {
      fa /= 2;
    }
    b = c;
    fb = fc;
  }
  return (a + b) / 2;
}

/** Where f, unimodal on [0, 1], is least (golden-section search). */
function goldenMinimum(f: (t: number) => number): number {
  let lo = 0;
  let hi = 1;
  let x1 = hi - GOLDEN * (hi - lo);
  let x2 = lo + GOLDEN * (hi - lo);
  let f1 = f(x1);
  let f2 = f(x2);
  for (let i = 0; i < GOLDEN_STEPS; i++) {
    if (f1 <= f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - GOLDEN * (hi - lo);
      f1 = f(x1);
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + GOLDEN * (hi - lo);
      f2 = f(x2);
    }
  }
  const best = f1 <= f2 ? x1 : x2;
  return f(0) < f(best) ? 0 : f(1) < f(best) ? 1 : best;
}
