// Leaf SHA-256 through the host's native crypto (DESIGN §2, §8): the wasm builds the DAG
// from digests (LeafDigestBuilder), the host hashes the chunks, several at once.
import { isNode } from './common.js'

/** Bytes of chunks hashed together: the memory a stream may hold while they hash. */
const BATCH_BYTES = 16 << 20

let hasher = null

/**
 * `digests(chunks)`: a promise of their SHA-256 digests (`Uint8Array`s) in order, or `null`
 * when the runtime has no native SHA-256 to use (the wasm hashes then). Every chunk is
 * read before the promise is returned, so callers may reuse the chunks' memory at once.
 */
export function hostSha256 () {
  hasher ??= pick()
  return hasher
}

async function pick () {
  const subtle = globalThis.crypto?.subtle
  if (isNode) {
    try {
      const { createHash } = await import('node:crypto')
      // WebCrypto runs on libuv's thread pool and createHash on this thread: sharing a batch
      // between them uses two cores.
      return (chunks) => {
        const out = chunks.map((chunk, i) => (subtle && i % 2 === 0 && chunks.length > 1)
          ? subtle.digest('SHA-256', chunk).then((d) => new Uint8Array(d))
          : createHash('sha256').update(chunk).digest())
        return Promise.all(out)
      }
    } catch {}
  }
  if (typeof subtle?.digest !== 'function') return null
  return (chunks) => Promise.all(chunks.map((chunk) => subtle.digest('SHA-256', chunk).then((d) => new Uint8Array(d))))
}

/**
 * Drives `builder` (a wasm `LeafDigestBuilder`) over every chunk of `chunks` (an async
 * iterable of `Uint8Array`s) with `digests` from `hostSha256`; `own` says the chunks are
 * the caller's bytes, kept unchanged until this returns, so leaves may be views of them.
 */
export async function buildFromDigests (builder, digests, chunks, own) {
  const size = builder.chunkSize
  const perBatch = Math.max(1, Math.floor(BATCH_BYTES / size))
  let batch = []
  let partial = null
  let filled = 0
  let leaves = 0
  const flush = async () => {
    const pending = batch
    batch = []
    const out = await digests(pending)
    for (let i = 0; i < pending.length; i++) builder.pushLeaf(out[i], pending[i].length)
  }
  const leaf = async (chunk) => {
    batch.push(chunk)
    leaves++
    if (batch.length >= perBatch) await flush()
  }
  for await (const bytes of chunks) {
    let at = 0
    if (partial) {
      const take = Math.min(size - filled, bytes.length)
      partial.set(bytes.subarray(0, take), filled)
      filled += take
      at = take
      if (filled === size) {
        await leaf(partial)
        partial = null
      }
    }
    for (; bytes.length - at >= size; at += size) {
      const chunk = bytes.subarray(at, at + size)
      await leaf(own ? chunk : chunk.slice())
    }
    if (at < bytes.length) {
      partial = new Uint8Array(size)
      partial.set(bytes.subarray(at))
      filled = bytes.length - at
    }
  }
  // The last, shorter chunk; an empty content is one empty leaf.
  if (partial) await leaf(partial.subarray(0, filled))
  else if (leaves === 0) await leaf(new Uint8Array(0))
  if (batch.length > 0) await flush()
  return builder.finish()
}
