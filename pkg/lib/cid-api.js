// The content-addressing API over a loaded engine (the full module or the CID-only one).
import { SLICE, asBytes, chunksOf, cidText, eachSlice, free, invalidArgument, largeReads } from './common.js'
import { buildFromDigests, hostSha256 } from './host-hash.js'

const HOST_HASH_FROM = 16 << 10

/** Builds the CID functions and classes over `loader` (see common.js makeLoader). */
export function makeCidApi (loader) {
  const wasm = loader.glue

  async function cidInfo (input, options) {
    await loader.init()
    const digests = await hostSha256()
    const leaves = digests && wasm.LeafDigestBuilder.forOptions(options)
    if (leaves) {
      try {
        const bytes = asBytes(input)
        return await buildFromDigests(leaves, digests, bytes ? [bytes] : chunksOf(input), bytes !== null)
      } finally {
        free(leaves)
      }
    }
    const builder = new wasm.CidBuilder(options)
    try {
      for await (const chunk of chunksOf(input)) eachSlice(chunk, (s) => builder.update(s))
      return builder.finish()
    } finally {
      free(builder)
    }
  }

  async function cidOf (input, options) {
    const bytes = asBytes(input)
    // Small inputs: one wasm call beats handing chunks to the host's crypto.
    if (bytes && bytes.length <= HOST_HASH_FROM) {
      await loader.init()
      return wasm.cidOf(bytes, options)
    }
    return (await cidInfo(input, options)).cid
  }

  async function contentKey (input) {
    await loader.init()
    const hasher = new wasm.KeyHasher()
    try {
      for await (const chunk of chunksOf(input)) eachSlice(chunk, (s) => hasher.update(s))
      return hasher.finish()
    } finally {
      free(hasher)
    }
  }

  class CidVerifier {
    #cid
    #options
    #inner = null
    #done = false

    constructor (cid, options) {
      this.#cid = cidText(cid)
      this.#options = options
    }

    static async create (cid, options) {
      const verifier = new CidVerifier(cid, options)
      await verifier.#start()
      return verifier
    }

    async #start () {
      if (this.#done) throw invalidArgument('the verifier is finished')
      if (this.#inner) return this.#inner
      await loader.init()
      this.#inner ??= new wasm.CidVerifier(this.#cid, this.#options)
      return this.#inner
    }

    async push (chunk) {
      const bytes = asBytes(chunk)
      if (!bytes) throw invalidArgument('push takes bytes')
      const inner = await this.#start()
      eachSlice(bytes, (s) => inner.update(s))
    }

    async finish () {
      const inner = await this.#start()
      this.#done = true
      this.#inner = null
      try {
        return { cid: wasm.parseCid(this.#cid), integrity: inner.finish() }
      } finally {
        free(inner)
      }
    }
  }

  async function verifyStream (cid, input, options) {
    const verifier = await CidVerifier.create(cid, options)
    for await (const chunk of chunksOf(input)) await verifier.push(chunk)
    return verifier.finish()
  }

  function verifyBytes (cid, bytes, options) {
    if (!asBytes(bytes)) return Promise.reject(invalidArgument('verifyBytes takes bytes; use verifyStream for streams'))
    return verifyStream(cid, bytes, options)
  }

  // A wasm CarVerifier and, when the host has a native SHA-256, `digests` to hash its
  // sha2-256 blocks with (the wasm checks each digest against the block's CID).
  function carVerifier (cid, options, digests) {
    const { output, ...rest } = options ?? {}
    const verifier = new wasm.CarVerifier(cidText(cid), rest)
    if (digests) verifier.hostSha256()
    return verifier
  }

  async function verifyCar (cid, car, options) {
    await loader.init()
    const digests = await hostSha256()
    const verifier = carVerifier(cid, options, digests)
    const keep = options?.output === true
    const parts = []
    let stopped = null
    try {
      try {
        const take = (out) => { if (keep && out.length) parts.push(out) }
        for await (const chunk of chunksOf(car)) await feedCar(verifier, digests, chunk, take)
        const out = verifier.finish()
        if (keep && out.length) parts.push(out)
      } catch (error) {
        stopped = error
      }
      let verdict
      try {
        verdict = verifier.verdict()
      } catch (error) {
        throw stopped ?? error
      }
      if (keep && verdict.integrity.status === 'verified') verdict.data = concat(parts)
      return verdict
    } finally {
      free(verifier)
    }
  }

  // One streaming CAR verification: `start()`, then `feed(bytes, take)` per chunk and
  // `finish(take)`, `take` receiving verified output; every failure goes through `fail`
  // (rethrown) so `verdict` and `declaredSize` always settle.
  function verifiedSession (cid, options) {
    let verifier = null
    let digests = null
    let settle
    const verdict = new Promise((resolve, reject) => { settle = { resolve, reject } })
    verdict.catch(() => {}) // awaited by whoever wants it; never an unhandled rejection
    let sized
    const declaredSize = new Promise((resolve, reject) => { sized = { resolve, reject } })
    declaredSize.catch(() => {})
    // Settles `declaredSize` once the verifier knows the target (before its bytes go out).
    const learn = () => {
      const size = verifier?.declaredSize
      if (size !== undefined) sized.resolve(size)
    }
    const fail = (error) => {
      learn() // a size verified before the error stands; otherwise it rejects below
      settle.reject(error)
      sized.reject(error)
      free(verifier)
      verifier = null
      throw error
    }
    return {
      verdict,
      declaredSize,
      async start () {
        await loader.init()
        digests = await hostSha256()
        try {
          verifier = carVerifier(cid, options, digests)
        } catch (error) {
          fail(error)
        }
      },
      async feed (bytes, take) {
        try {
          await feedCar(verifier, digests, bytes, (out) => {
            learn()
            if (out.length) take(out)
          })
        } catch (error) {
          fail(error)
        }
      },
      finish (take) {
        try {
          const out = verifier.finish()
          learn()
          if (out.length) take(out)
          sized.resolve(null) // no-op when already settled: a walk that never reached a target
          settle.resolve(verifier.verdict())
        } catch (error) {
          fail(error)
        }
        free(verifier)
        verifier = null
      },
      fail
    }
  }

  function carToVerifiedStream (cid, options) {
    const session = verifiedSession(cid, options)
    const stream = new TransformStream({
      start: () => session.start(),
      async transform (chunk, controller) {
        const bytes = asBytes(chunk)
        if (!bytes) session.fail(invalidArgument('a CAR stream chunk must be bytes'))
        await session.feed(bytes, (out) => controller.enqueue(out))
      },
      flush: (controller) => session.finish((out) => controller.enqueue(out))
    })
    stream.verdict = session.verdict
    stream.declaredSize = session.declaredSize
    return stream
  }

  function carBodyToVerifiedStream (body, cid, options) {
    if (!body || typeof body.getReader !== 'function') throw invalidArgument('carBodyToVerifiedStream takes a ReadableStream of CAR bytes')
    // One reused buffer: feed() copies each chunk into the wasm before the next read.
    const read = largeReads(body, { reuse: true })
    if (!read) {
      const verifier = carToVerifiedStream(cid, options)
      return Object.assign(body.pipeThrough(verifier), { verdict: verifier.verdict, declaredSize: verifier.declaredSize })
    }
    const session = verifiedSession(cid, options)
    const stream = new ReadableStream({
      start: () => session.start(),
      // A pull must enqueue or close: the stream does not pull again on its own.
      async pull (controller) {
        let enqueued = false
        const take = (out) => {
          enqueued = true
          controller.enqueue(out)
        }
        while (!enqueued) {
          let chunk
          try {
            chunk = await read.next()
          } catch (error) {
            session.fail(error)
          }
          if (chunk.done) {
            session.finish(take)
            controller.close()
            return
          }
          await session.feed(chunk.value, take)
        }
      },
      cancel (reason) {
        read.cancel(reason).catch(() => {})
        try {
          session.fail(reason ?? invalidArgument('the verified stream was cancelled'))
        } catch {} // fail rethrows; here it only settles the promises
      }
    }, { highWaterMark: 0 })
    return Object.assign(stream, { verdict: session.verdict, declaredSize: session.declaredSize })
  }

  return { cidOf, cidInfo, contentKey, CidVerifier, verifyBytes, verifyStream, verifyCar, carToVerifiedStream, carBodyToVerifiedStream }
}

/**
 * Feeds `bytes` to the wasm CarVerifier `verifier`, handing each verified output to
 * `take`; with `digests` (from hostSha256, the verifier in hostSha256 mode) the host
 * hashes every sha2-256 block the verifier stops at and the verifier checks the digest.
 */
async function feedCar (verifier, digests, bytes, take) {
  for (let at = 0; at < bytes.length; at += SLICE) {
    take(verifier.push(bytes.subarray(at, at + SLICE)))
    if (!digests) continue
    for (;;) {
      let target = blockScratch ??= new Uint8Array(MAX_BLOCK)
      const length = verifier.awaitingSha256Into(target)
      if (length === undefined) break
      if (length > target.length) {
        // Over the block limit (it fails once hashed): a one-off buffer, the scratch stays as it is.
        target = new Uint8Array(length)
        verifier.awaitingSha256Into(target)
      }
      // digests() reads the block before it returns: the scratch is free for the next one.
      const [digest] = await digests([target.subarray(0, length)])
      take(verifier.supplySha256(digest))
    }
  }
}

/** The largest block a CAR may hold (DESIGN §9: larger is `block-too-large`). */
const MAX_BLOCK = 2 << 20

/** One buffer the blocks being hashed are copied to, shared by every verifier. */
let blockScratch = null

function concat (parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}
