import { describe, expect, it } from 'vitest';

import { type Box, LonLatIndex } from './spatial-index.js';

/** Boxes of up to 2° at random places, some crossing the antimeridian (west side past 180). */
function randomBoxes(count: number): Box[] {
  let s = 99;
  const rnd = (): number => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  return Array.from({ length: count }, () => {
    const minX = -185 + rnd() * 370;
    const minY = -80 + rnd() * 160;
    return { minX, minY, maxX: minX + rnd() * 2, maxY: minY + rnd() * 2 };
  });
}

/** Ids of boxes meeting the box around a point, the slow way: every box, every turn. */
function bruteForce(boxes: Box[], lat: number, lon: number, dLat: number, dLon: number): number[] {
  return boxes
    .map((b, id) => ({ b, id }))
    .filter(({ b }) => b.minY <= lat + dLat && b.maxY >= lat - dLat)
    .filter(({ b }) =>
      [-720, -360, 0, 360, 720].some((k) => b.minX + k <= lon + dLon && b.maxX + k >= lon - dLon),
    )
    .map(({ id }) => id);
}

function visited(index: LonLatIndex, lat: number, lon: number, dLat: number, dLon: number) {
  const ids: number[] = [];
  index.visitAround(lat, lon, dLat, dLon, (id) => ids.push(id));
  return ids;
}

describe('LonLatIndex', () => {
  it('finds a box across the antimeridian from either side', () => {
    const index = new LonLatIndex([{ minX: 179, minY: -18, maxX: 181, maxY: -16 }], 0.5);

    expect(index.searchPoint(-17, 179.5)).toEqual([0]);
    expect(index.searchPoint(-17, -179.5)).toEqual([0]);
    expect(index.searchPoint(-17, 180.5)).toEqual([0]);
    expect(index.searchPoint(-17, 178.5)).toEqual([]);
  });

  it('finds a box written west of -180 from a point near +180', () => {
    const index = new LonLatIndex([{ minX: -181, minY: 0, maxX: -179.5, maxY: 1 }], 0.5);

    expect(index.searchPoint(0.5, 179.5)).toEqual([0]);
    expect(visited(index, 0.5, 178.9, 0.1, 0.2)).toEqual([0]);
  });

  it('visits a box listed in several cells once', () => {
    const index = new LonLatIndex([{ minX: -118, minY: 9, maxX: -116, maxY: 11 }], 0.5);

    expect(visited(index, 10, -117, 0.6, 0.6)).toEqual([0]);
  });

  it('agrees with a brute-force search for small and large searches', () => {
    const boxes = randomBoxes(3000);
    const index = new LonLatIndex(boxes, 0.5);
    const cases: [number, number, number, number][] = [
      [10, -117, 0.1, 0.1],
      [-17, 179.95, 0.2, 0.3],
      [-17, -179.95, 0.2, 0.3],
      [45, 20, 3, 4],
      [-60, -179, 1, 5],
      [0, 0, 0, 0],
    ];

    for (const [lat, lon, dLat, dLon] of cases) {
      const expected = bruteForce(boxes, lat, lon, dLat, dLon).sort((a, b) => a - b);

      expect(visited(index, lat, lon, dLat, dLon).sort((a, b) => a - b)).toEqual(expected);
    }
  });

  it('finds the boxes containing points anywhere, as a brute-force search does', () => {
    const boxes = randomBoxes(3000);
    const index = new LonLatIndex(boxes, 0.5);

    for (let lon = -180; lon < 180; lon += 7.3) {
      for (let lat = -80; lat <= 80; lat += 9.1) {
        const expected = bruteForce(boxes, lat, lon, 0, 0).sort((a, b) => a - b);

        expect(index.searchPoint(lat, lon).sort((a, b) => a - b)).toEqual(expected);
      }
    }
  });
});
