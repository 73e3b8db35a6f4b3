import geographiclib from 'geographiclib-geodesic';
import { describe, expect, it } from 'vitest';

import { bearingDeg, latitudeFromArc, lonDelta, meridianArc, moveBy, offsetMetres } from './geo.js';

const WGS84 = geographiclib.Geodesic.WGS84;

describe('meridianArc', () => {
  it('measures along the meridian as GeographicLib does, to a millimetre', () => {
    for (const [a, b] of [
      [9.75, 9.93082],
      [54.3, 54.5],
      [-30, 10],
    ] as const) {
      const exact = WGS84.Inverse(a, -116.9, b, -116.9).s12 as number;

      expect(Math.abs(meridianArc(b) - meridianArc(a) - exact)).toBeLessThan(1e-3);
    }
  });

  it('is inverted by latitudeFromArc', () => {
    for (const lat of [-80, -10.5, 0, 9.895, 54.34123, 89]) {
      expect(latitudeFromArc(meridianArc(lat))).toBeCloseTo(lat, 11);
    }
  });
});

describe('moveBy and offsetMetres', () => {
  it('undo each other', () => {
    const from = { lat: 9.94, lon: -116.9 };
    const to = moveBy(from, -1234.5, 678.9);
    const { eastM, northM } = offsetMetres(from, to);

    expect(eastM).toBeCloseTo(-1234.5, 6);
    expect(northM).toBeCloseTo(678.9, 6);
  });

  it('agree with GeographicLib within 0.01 % over 5 km', () => {
    const from = { lat: 9.94, lon: -116.9 };
    const to = moveBy(from, 3000, -4000);
    const exact = WGS84.Inverse(from.lat, from.lon, to.lat, to.lon).s12 as number;

    expect(Math.abs(exact - 5000) / 5000).toBeLessThan(1e-4);
  });

  it('crosses the antimeridian the short way', () => {
    const to = moveBy({ lat: 0, lon: 179.999 }, 500, 0);

    expect(to.lon).toBeLessThan(-179.99);
    expect(lonDelta(179.999, to.lon)).toBeCloseTo(500 / 111319.49, 6);
  });
});

describe('bearingDeg', () => {
  it('reads clockwise from north', () => {
    expect(bearingDeg(0, 1)).toBe(0);
    expect(bearingDeg(1, 0)).toBe(90);
    expect(bearingDeg(-1, 0)).toBe(270);
  });
});
