/**
 * Sea pressure for a depth: the inverse of the UNESCO 1983 depth formula the drivers use, found
 * numerically so that what the simulator writes decodes back to the depth it meant.
 */
import { depthFromPressure } from '../../drivers/index.js';

/** Sea pressure in dbar (absolute minus one atmosphere) at `depthM` below the surface. */
export function pressureFromDepth(depthM: number, latDeg: number): number {
  // about 1.01 dbar per metre in the deep ocean: a start a few iterations from the root
  let p = depthM * 1.01;
  for (let i = 0; i < 20; i++) {
    const d = depthFromPressure(p, latDeg);
    const error = depthM - d;
    if (Math.abs(error) < 1e-9) break;
    const slope = depthFromPressure(p + 1, latDeg) - d;
    p += error / slope;
  }
  return p;
}
