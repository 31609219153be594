/**
 * mulberry32: a tiny seeded PRNG. The same seed gives the same numbers on every run and machine: the
 * test models' weights are byte-identical, and benchmarks and fault tests can replay what they drew.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
