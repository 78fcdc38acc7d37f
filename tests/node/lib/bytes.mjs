// Deterministic test inputs.

/** A seeded PRNG (mulberry32): returns a function yielding uint32s. */
export function prng (seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), a | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }
}

/** `size` pseudo-random bytes determined by `seed`. */
export function seededBytes (size, seed) {
  const next = prng(seed)
  const words = new Uint32Array(Math.ceil(size / 4))
  for (let i = 0; i < words.length; i++) words[i] = next()
  return new Uint8Array(words.buffer, 0, size)
}

/** An integer in [lo, hi] from `next`. */
export function randomInt (next, lo, hi) {
  return lo + (next() % (hi - lo + 1))
}
