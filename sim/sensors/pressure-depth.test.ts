import { describe, expect, it } from 'vitest';

import { depthFromPressure } from '../../drivers/index.js';
import { pressureFromDepth } from './pressure-depth.js';

describe('pressureFromDepth', () => {
  it('inverts UNESCO 1983 at the check value (10000 dbar, 30° → 9712.653 m)', () => {
    expect(pressureFromDepth(9712.653, 30)).toBeCloseTo(10000, 2);
  });

  it('gives a pressure the drivers turn back into the same depth, to a micrometre', () => {
    for (const depth of [0, 1, 250, 4300, 5800, 10900]) {
      for (const lat of [0, 9.9, 45, -60]) {
        expect(depthFromPressure(pressureFromDepth(depth, lat), lat)).toBeCloseTo(depth, 6);
      }
    }
  });
});
