/*
 * A small seeded generator for simulated traffic in the judge's tests and
 * detection benchmark. Written here so a seed gives the same numbers on every
 * machine and Node version (Math.random cannot be seeded).
 */

export interface SeededRandom {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Standard normal. */
  normal(): number;
  /** Binomial(n, p), exact, by geometric waiting times (fast for small n·p). */
  binomial(n: number, p: number): number;
}

export function seededRandom(seed: number): SeededRandom {
  // mulberry32
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let spare: number | undefined;
  const normal = () => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    let u = 0;
    while (u === 0) u = uniform();
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  const binomial = (n: number, p: number): number => {
    if (p <= 0 || n <= 0) return 0;
    if (p >= 1) return n;
    if (p > 0.5) return n - binomial(n, 1 - p);
    const logQ = Math.log1p(-p);
    let count = 0;
    let position = 0;
    for (;;) {
      let u = 0;
      while (u === 0) u = uniform();
      position += Math.floor(Math.log(u) / logQ) + 1;
      if (position > n) return count;
      count++;
    }
  };
  return { uniform, normal, binomial };
}
