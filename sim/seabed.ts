/** The seabed a mission describes: a plane through a reference depth with hollows pressed in. */
import { distanceMetres, offsetMetres, type LatLon } from './geo.js';
import type { SeabedSpec } from './mission-types.js';

/** Seabed depth in metres below the surface at a position. */
export function seabedDepth(seabed: SeabedSpec, at: LatLon): number {
  const { eastM, northM } = offsetMetres(seabed.origin, at);
  let depth =
    seabed.depthM +
    (seabed.slopeEastMPerKm * eastM) / 1000 +
    (seabed.slopeNorthMPerKm * northM) / 1000;

  // each hollow is a raised-cosine dip: full depth at its centre, none at its rim
  for (const h of seabed.hollows) {
    const d = distanceMetres(h, at);
    if (d < h.radiusM) depth += (h.depthM * (1 + Math.cos((Math.PI * d) / h.radiusM))) / 2;
  }
  return Math.max(0, depth);
}
