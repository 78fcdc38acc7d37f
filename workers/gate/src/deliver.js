// The response body of a paid download: verified bytes from upstream, hashed on the way.
// workerd ends a chunked response cleanly even when its stream errors, so the body has a
// Content-Length (FixedLengthStream) from the size the verified root block declares, and
// the last chunk is held back until the whole output's SHA-256 is the permit's key: any
// failure then leaves the body short, which every HTTP client reports as an error (never a
// clean end). A target without a size (a directory) is refused before this (404).
import { streamingSha256 } from './hash.js'

/**
 * Pipes `opened` (what openVerified resolved to) into a new body and resolves to `{ body,
 * done }` (`done` settles when the delivery did). `size` (bytes, or null when the target
 * has none) is the verified size (`opened.size`, or a range's length): exactly that many
 * bytes must come. `complete(bytes)` runs
 * before the last chunk is released; `fail(reason, bytes)` before the body is aborted.
 * `ranged`: the bytes are a verified range of a locator bound to `key` (binding.js), so
 * they cannot hash to it: instead exactly `size` bytes must come, and the CAR verdict
 * must count them. With `keep`, the chunks are also collected and handed to `complete(bytes,
 * chunks)` (callers keep only what is small enough to hold).
 */
export function deliveryStream (opened, key, { size, ranged = false, keep = false, complete, fail }) {
  const sized = Number.isSafeInteger(size) && typeof FixedLengthStream === 'function'
  // eslint-disable-next-line no-undef
  const { readable, writable } = sized ? new FixedLengthStream(size) : new TransformStream()
  const writer = writable.getWriter()
  const hasher = ranged ? null : streamingSha256()
  let bytes = 0
  const kept = keep ? [] : null
  const done = (async () => {
    try {
      let held = null
      let next = opened.first
      for (;;) {
        const { done, value } = next ?? await opened.reader.read()
        next = null
        if (done) break
        if (!ranged) await hasher.update(value)
        bytes += value.length
        if (sized && bytes > size) throw coded('size-mismatch', `more than the ${size} bytes announced`)
        kept?.push(value)
        if (held) await writer.write(held)
        held = value
      }
      const verdict = await opened.verdict
      if (verdict?.integrity?.status !== 'verified') throw coded('car-not-verified', `CAR verdict: ${verdict?.integrity?.status}`)
      if ((sized || ranged) && bytes !== size) throw coded('size-mismatch', `${bytes} bytes, not the ${size} announced`)
      if (ranged && verdict.bytes !== bytes) throw coded('size-mismatch', `the CAR verdict counts ${verdict.bytes} bytes, not ${bytes}`)
      const got = ranged ? null : await hasher.digest()
      if (!ranged && got.toLowerCase() !== key.toLowerCase()) throw coded('key-mismatch', `delivered bytes hash to ${got}, not ${key}`)
      await complete(bytes, kept)
      if (held) await writer.write(held)
      await writer.close()
    } catch (error) {
      opened.reader.cancel().catch(() => {})
      await fail(error?.code ?? String(error?.message ?? error), bytes).catch(() => {})
      await writer.abort(error).catch(() => {})
    }
  })()
  return { body: readable, done }
}

function coded (code, message) {
  return Object.assign(new Error(message), { code })
}
