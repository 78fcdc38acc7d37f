// The response body of a paid download: verified bytes from upstream, hashed on the way;
// the stream ends cleanly only when the whole output's SHA-256 is the permit's key and
// the receipt is stored. Any failure after the headers errors the stream (never a clean end).
import { streamingSha256 } from './hash.js'

/**
 * A `ReadableStream` over `opened` (what openVerified resolved to). `key` is the expected
 * SHA-256; `complete(bytes)` runs before the clean end, `fail(reason)` before an abort.
 */
export function deliveryStream (opened, key, { complete, fail }) {
  const hasher = streamingSha256()
  let pending = opened.first
  let bytes = 0
  let settled = false
  const abort = async (controller, error) => {
    if (settled) return
    settled = true
    opened.reader.cancel().catch(() => {})
    await fail(error?.code ?? String(error?.message ?? error), bytes).catch(() => {})
    controller.error(error)
  }
  return new ReadableStream({
    async pull (controller) {
      try {
        const { done, value } = pending ?? await opened.reader.read()
        pending = null
        if (!done) {
          await hasher.update(value)
          bytes += value.length
          controller.enqueue(value)
          return
        }
        const verdict = await opened.verdict
        if (verdict?.integrity?.status !== 'verified') throw coded('car-not-verified', `CAR verdict: ${verdict?.integrity?.status}`)
        const got = await hasher.digest()
        if (got.toLowerCase() !== key.toLowerCase()) throw coded('key-mismatch', `delivered bytes hash to ${got}, not ${key}`)
        settled = true
        await complete(bytes)
        controller.close()
      } catch (error) {
        await abort(controller, error)
      }
    },
    async cancel () {
      // The client went away: nothing was delivered in full, so the nonce is freed.
      await abort({ error () {} }, coded('client-cancelled', 'the client cancelled'))
    }
  }, { highWaterMark: 0 })
}

function coded (code, message) {
  return Object.assign(new Error(message), { code })
}
