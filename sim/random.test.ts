import { describe, expect, it } from 'vitest';

import { createRandom } from './random.js';

function draw(seed: number, stream: string, n: number): number[] {
  const r = createRandom(seed, stream);
  return Array.from({ length: n }, () => r.uniform());
}

describe('createRandom', () => {
  it('gives the same sequence for the same seed and stream', () => {
    expect(draw(7, 'gnss', 100)).toEqual(draw(7, 'gnss', 100));
  });

  it('gives different sequences for another seed or another stream', () => {
    expect(draw(8, 'gnss', 10)).not.toEqual(draw(7, 'gnss', 10));
    expect(draw(7, 'usbl', 10)).not.toEqual(draw(7, 'gnss', 10));
    expect(draw(2 ** 32 + 7, 'gnss', 10)).not.toEqual(draw(7, 'gnss', 10));
  });

  it('draws uniforms in [0, 1) with mean 1/2 and variance 1/12', () => {
    const u = draw(1, '', 100_000);
    const mean = u.reduce((a, b) => a + b, 0) / u.length;
    const variance = u.reduce((a, b) => a + (b - mean) ** 2, 0) / u.length;

    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(mean).toBeCloseTo(0.5, 2);
    expect(variance).toBeCloseTo(1 / 12, 3);
  });

  it('draws normals with the requested standard deviation and no skew', () => {
    const r = createRandom(3);
    const z = Array.from({ length: 100_000 }, () => r.normal(2.5));
    const mean = z.reduce((a, b) => a + b, 0) / z.length;
    const sd = Math.sqrt(z.reduce((a, b) => a + (b - mean) ** 2, 0) / z.length);
    const beyond2 = z.filter((v) => Math.abs(v) > 5).length / z.length;

    expect(mean).toBeCloseTo(0, 1);
    expect(sd / 2.5).toBeCloseTo(1, 2);
    // 4.55 % of a normal lies beyond 2σ
    expect(beyond2).toBeCloseTo(0.0455, 2);
  });

  it('draws integers below n, each about as often', () => {
    const r = createRandom(5);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 40_000; i++) {
      const k = r.int(4);
      counts[k] = (counts[k] ?? 0) + 1;
    }

    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
  });
});
