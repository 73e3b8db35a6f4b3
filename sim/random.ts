/**
 * A small seeded pseudo-random generator, so that the same mission and seed give the same bytes
 * on every machine. Math.random() cannot be seeded and is never used here.
 */

/** Uniform and normal variates from one seeded stream. */
export interface Random {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Normal with mean 0 and the given standard deviation. */
  normal(sigma?: number): number;
  /** An integer in [0, n). */
  int(n: number): number;
}

const TWO_POW_32 = 4294967296;

/** FNV-1a over the UTF-16 code units of `text`: a stable 32-bit name for a stream. */
function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * mulberry32: uniform variates in [0, 1) from a 32-bit state; period 2^32, small and fast, and
 * good enough for noise, fuzzing and benchmarks. Tests and benchmarks use it for their seeds.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / TWO_POW_32;
  };
}

/**
 * A generator for one named stream of a run. Each feed draws from its own stream, so adding a
 * feed to a mission leaves the other feeds' noise unchanged.
 */
export function createRandom(seed: number, stream = ''): Random {
  // fold the high bits of a large seed in, so seeds 1 and 2^32 + 1 differ
  const hi = Math.floor(seed / TWO_POW_32) >>> 0;
  const uniform = mulberry32((seed >>> 0) ^ Math.imul(hi, 0x9e3779b1) ^ hashText(stream));
  let spare: number | null = null;

  // Box–Muller: two uniforms give two independent normals; the second is kept for the next call
  const normal = (sigma = 1): number => {
    if (spare !== null) {
      const z = spare;
      spare = null;
      return z * sigma;
    }
    const u1 = 1 - uniform();
    const u2 = uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    spare = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2) * sigma;
  };

  const int = (n: number): number => Math.floor(uniform() * n);

  return { uniform, normal, int };
}
