// HTTP `Range` (RFC 9110 §14) for a paid download: one `bytes` range at most. Anything
// else (several ranges, another unit, bad syntax) is ignored, which §14.2 allows: the
// whole content is answered with 200.

const SPEC = /^bytes=(?:(\d+)-(\d*)|-(\d+))$/

/**
 * The `Range` header `value` (or null) read as `null` (none), `{ ignored: reason }`
 * (`multiple-ranges`, `malformed`) or `{ first, last, suffix }` (numbers; `last` null for
 * `a-`, `suffix` the n of `-n`).
 */
export function parseRange (value) {
  if (value === null || value === undefined) return null
  const text = value.trim().replace(/\s+/g, '')
  if (/^bytes=.*,/.test(text)) return { ignored: 'multiple-ranges' }
  const match = text.match(SPEC)
  if (!match) return { ignored: 'malformed' }
  const [, first, last, suffix] = match
  if (suffix !== undefined) return { first: null, last: null, suffix: Number(suffix) }
  if (last !== '' && Number(last) < Number(first)) return { ignored: 'malformed' }
  return { first: Number(first), last: last === '' ? null : Number(last), suffix: null }
}

/**
 * The inclusive byte offsets `{ start, end }` a parsed range selects in content of `size`
 * bytes, or null when it is unsatisfiable (416): it starts at or past the end, or is the
 * empty suffix `-0`.
 */
export function resolveRange ({ first, last, suffix }, size) {
  if (suffix !== null) {
    if (suffix === 0 || size === 0) return null
    return { start: Math.max(0, size - suffix), end: size - 1 }
  }
  if (first >= size) return null
  return { start: first, end: Math.min(last ?? size - 1, size - 1) }
}
