/**
 * Pressure sensors: sea pressure to depth (UNESCO 1983), and the text lines that Paroscientific
 * Digiquartz, Valeport miniIPS and Sea-Bird SBE 37 sensors print (DOMAIN.md "Depth sensors").
 */

/** One standard atmosphere in decibars: what an absolute sensor reads at the surface. */
export const ATMOSPHERE_DBAR = 10.1325;

/** Decibars per pound-force per square inch. */
export const DBAR_PER_PSI = 0.6894757;

/**
 * Depth in metres below the surface for a sea pressure (absolute minus one atmosphere), by the
 * UNESCO 1983 formula (Fofonoff and Millard, UNESCO technical papers in marine science 44).
 * Check value: 10000 dbar at 30° gives 9712.653 m.
 */
export function depthFromPressure(seaPressureDbar: number, latDeg: number): number {
  const p = seaPressureDbar;
  const s = Math.sin((latDeg * Math.PI) / 180);
  const x = s * s;

  // gravity at the latitude, with its mean change through the water column
  const g = 9.780318 * (1 + (5.2788e-3 + 2.36e-5 * x) * x) + 1.092e-6 * p;

  return ((((-1.82e-15 * p + 2.279e-10) * p - 2.2512e-5) * p + 9.72659) * p) / g;
}
