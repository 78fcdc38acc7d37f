// Verified bytes kept by content key in the Cache API: a key already delivered in full is
// served again without any gateway. The bytes are hashed on the way out like any other
// delivery, so whatever the cache holds reaches a buyer only if it is the key's bytes.
import { largeReads } from '../../../pkg/lib/common.js'

const ORIGIN = 'https://cache.proofmark-gate.invalid'
/** The entry's size as the verified delivery counted it. */
export const SIZE_HEADER = 'proofmark-size'
const urlOf = (key) => `${ORIGIN}/${key.toLowerCase()}`

/**
 * The cache of verified deliveries up to `maxBytes` each (0 turns it off): `{ open(key),
 * keeps(size), put(key, chunks, size), drop(key) }`. `open` resolves to what
 * openVerified resolves to (`gateway` is `'cache'`), or null on a miss.
 */
export function verifiedCache (maxBytes) {
  const cache = maxBytes > 0 ? globalThis.caches?.default : null
  return {
    async open (key) {
      const hit = await cache?.match(urlOf(key))
      if (!hit?.body) return null
      // Our own header: a stored Content-Length does not always survive (streamed bodies).
      const length = hit.headers.get(SIZE_HEADER)
      const size = /^\d+$/.test(length ?? '') ? Number(length) : NaN
      if (!Number.isSafeInteger(size)) {
        await hit.body.cancel().catch(() => {})
        return null
      }
      const read = largeReads(hit.body)
      const reader = read ? { read: () => read.next(), cancel: (reason) => read.cancel(reason) } : hit.body.getReader()
      const first = await reader.read()
      return { gateway: 'cache', reader, first, size, verdict: Promise.resolve({ integrity: { status: 'verified', via: 'cache' }, bytes: size }), failures: [] }
    },
    keeps: (size) => Boolean(cache) && Number.isSafeInteger(size) && size <= maxBytes,
    put: (key, chunks, size) => cache.put(urlOf(key), new Response(new Blob(chunks), {
      headers: { 'content-type': 'application/octet-stream', [SIZE_HEADER]: String(size), 'cache-control': 'public, max-age=31536000, immutable' }
    })),
    drop: async (key) => { await cache?.delete(urlOf(key)) }
  }
}
