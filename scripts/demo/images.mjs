// The demo's "model": a small seeded procedural image generator. Each seed gives a
// different plasma-and-orbs picture, encoded as a real PNG (8-bit RGB, zlib, CRC-32).
import { crc32, deflateSync } from 'node:zlib'

/** mulberry32: a seeded PRNG yielding floats in [0, 1). */
function random (seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), a | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

/** RGB pixels (`size`×`size`) for `seed`. */
export function render (seed, size = 256) {
  const next = random(seed)
  const waves = Array.from({ length: 4 }, () => ({ fx: 2 + next() * 10, fy: 2 + next() * 10, phase: next() * 6.28 }))
  const orbs = Array.from({ length: 5 }, () => ({ x: next(), y: next(), r: 0.05 + next() * 0.18, hue: next() }))
  const tint = [next(), next(), next()].map((c) => 0.4 + c * 0.6)
  const pixels = new Uint8Array(size * size * 3)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = x / size
      const v = y / size
      let value = 0
      for (const w of waves) value += Math.sin(u * w.fx + v * w.fy + w.phase)
      value = (value / waves.length + 1) / 2
      let rgb = [value * tint[0], (1 - value) * tint[1], (0.5 + value / 2) * tint[2]]
      for (const orb of orbs) {
        const d = Math.hypot(u - orb.x, v - orb.y) / orb.r
        if (d < 1) {
          const glow = 1 - d * d
          rgb = rgb.map((c, i) => c * (1 - glow) + glow * (0.5 + 0.5 * Math.cos(6.28 * (orb.hue + i / 3))))
        }
      }
      const at = (y * size + x) * 3
      for (let i = 0; i < 3; i++) pixels[at + i] = Math.max(0, Math.min(255, Math.round(rgb[i] * 255)))
    }
  }
  return pixels
}

function chunk (type, data) {
  const out = Buffer.alloc(12 + data.length)
  out.writeUInt32BE(data.length, 0)
  out.write(type, 4, 'ascii')
  data.copy(out, 8)
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length)
  return out
}

/** A PNG of `size`×`size` RGB `pixels`. */
export function png (pixels, size) {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header.set([8, 2, 0, 0, 0], 8) // 8-bit, truecolour, deflate, no filter method, no interlace
  const rows = Buffer.alloc(size * (size * 3 + 1))
  for (let y = 0; y < size; y++) {
    rows[y * (size * 3 + 1)] = 0 // filter: none
    rows.set(pixels.subarray(y * size * 3, (y + 1) * size * 3), y * (size * 3 + 1) + 1)
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0))
  ])
}

/** The PNG the demo model makes for `seed`. */
export function generate (seed, size = 256) {
  return png(render(seed, size), size)
}
