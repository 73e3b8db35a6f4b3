/**
 * A vehicle's plan as a queue of simple steps: straight runs, depth changes and holds. A
 * lawnmower becomes its run lines here, so the motion model knows only straight runs.
 */
import { DEG, meridionalRadius, parallelRadius, type LatLon } from './geo.js';
import type { LawnmowerLeg, Leg, Vertical } from './mission-types.js';

export interface RunStep {
  type: 'run';
  to: LatLon;
  speedMps: number;
  vertical: Vertical;
}

export interface DepthStep {
  type: 'depth';
  toDepthM: number;
  rateMps: number;
}

export interface HoldStep {
  type: 'hold';
  durationS: number;
}

export type PlanStep = RunStep | DepthStep | HoldStep;

/** The steps of a plan, in order. */
export function expandPlan(legs: readonly Leg[]): PlanStep[] {
  const steps: PlanStep[] = [];
  for (const leg of legs) {
    switch (leg.type) {
      case 'goto':
        steps.push({ type: 'run', to: leg.to, speedMps: leg.speedMps, vertical: leg.vertical });
        break;
      case 'lawnmower':
        for (const to of lawnmowerWaypoints(leg)) {
          steps.push({ type: 'run', to, speedMps: leg.speedMps, vertical: leg.vertical });
        }
        break;
      case 'dive':
      case 'ascend':
        steps.push({ type: 'depth', toDepthM: leg.toDepthM, rateMps: leg.rateMps });
        break;
      case 'hold':
        steps.push({ type: 'hold', durationS: leg.durationS });
        break;
    }
  }
  return steps;
}

/**
 * The turning points of a lawnmower over its box: parallel lines `spacingM` apart from the
 * corner `from`, run alternately in opposite directions; the last line lies on or inside the
 * far edge. The vehicle goes straight from wherever it is to the first point.
 */
export function lawnmowerWaypoints(leg: LawnmowerLeg): LatLon[] {
  const { south, north, west, east } = leg.box;
  const midLat = (south + north) / 2;
  const startsSouth = leg.from[0] === 's';
  const startsWest = leg.from[1] === 'w';
  const points: LatLon[] = [];

  if (leg.lines === 'east_west') {
    const stepDeg = leg.spacingM / (meridionalRadius(midLat) * DEG);
    const count = Math.floor((north - south) / stepDeg + 1e-9) + 1;
    for (let i = 0; i < count; i++) {
      const lat = startsSouth ? south + i * stepDeg : north - i * stepDeg;
      const westFirst = startsWest === (i % 2 === 0);
      points.push({ lat, lon: westFirst ? west : east }, { lat, lon: westFirst ? east : west });
    }
    return points;
  }

  const stepDeg = leg.spacingM / (parallelRadius(midLat) * DEG);
  const count = Math.floor((east - west) / stepDeg + 1e-9) + 1;
  for (let i = 0; i < count; i++) {
    const lon = startsWest ? west + i * stepDeg : east - i * stepDeg;
    const southFirst = startsSouth === (i % 2 === 0);
    points.push({ lat: southFirst ? south : north, lon }, { lat: southFirst ? north : south, lon });
  }
  return points;
}
