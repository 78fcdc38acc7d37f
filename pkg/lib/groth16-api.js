// Groth16 verification over whichever wasm module a caller picks: the full SDK
// (index.js) and the Groth16-only entry (groth16.js) share these functions and the one
// PreparedVerifyingKey class, so a key prepared through either works with both.
import { codedError, free, invalidArgument } from './common.js'

/** JSON text of a snarkjs object or string. */
function jsonText (value, what) {
  if (typeof value === 'string') return value
  if (value !== null && typeof value === 'object') return JSON.stringify(value)
  throw invalidArgument(`${what} must be snarkjs JSON (an object or its text)`)
}

const encoder = new TextEncoder()

/**
 * UTF-8 bytes of JSON text, for the wasm: encoded natively, where a string argument would
 * be copied by a character loop that on a fresh page runs in the interpreter.
 */
function utf8 (text) {
  return encoder.encode(text)
}

/** One public input as a decimal string: bigint, safe integer, `0x` hex or decimal text. */
function inputText (value) {
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw codedError('invalid-number', 'a number input must be a safe integer; use a bigint or a string')
    return value.toString()
  }
  if (typeof value === 'string') {
    if (/^0x[0-9a-fA-F]+$/.test(value)) return BigInt(value).toString()
    return value
  }
  throw invalidArgument('a public input must be a bigint, a number or a string')
}

/** `public.json` text from its text, or an array of inputs. */
function publicText (value) {
  if (typeof value === 'string') return value
  if (Array.isArray(value)) return JSON.stringify(value.map(inputText))
  throw invalidArgument('public signals must be an array (or the text of public.json)')
}

const registry = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry(free) : null

/** A verification key parsed strictly and prepared once (see lib/groth16-types.d.ts). */
export class PreparedVerifyingKey {
  #inner
  constructor (inner) {
    this.#inner = inner
    registry?.register(this, inner, this)
  }

  get vkHash () { return this.#alive().vkHash }
  get devSetup () { return this.#alive().devSetup }
  get inputCount () { return this.#alive().inputCount }

  #alive () {
    if (!this.#inner) throw invalidArgument('the prepared key was freed')
    return this.#inner
  }

  verify (proof, publicSignals, options) {
    const inner = this.#alive()
    if (options?.trustedVkHash !== undefined) inner.ensureTrusted(String(options.trustedVkHash))
    return inner.verify(utf8(jsonText(proof, 'a proof')), utf8(publicText(publicSignals)))
  }

  verifyBatch (items, options) {
    const inner = this.#alive()
    if (!Array.isArray(items)) throw invalidArgument('a batch is an array of {proof, publicSignals}')
    if (options?.trustedVkHash !== undefined) inner.ensureTrusted(String(options.trustedVkHash))
    let seed = options?.randomness
    if (seed === undefined) {
      seed = new Uint8Array(32)
      globalThis.crypto.getRandomValues(seed)
    }
    if (!(seed instanceof Uint8Array) || seed.length !== 32) throw invalidArgument('batch randomness must be 32 bytes')
    const proofs = items.map((item) => jsonText(item?.proof, 'a proof'))
    const publics = items.map((item) => publicText(item?.publicSignals))
    return inner.verifyBatch(proofs, publics, seed)
  }

  free () {
    if (this.#inner) {
      registry?.unregister(this)
      free(this.#inner)
      this.#inner = null
    }
  }
}

/**
 * The Groth16 functions over the module `pickLoader()` returns when a call needs one
 * (a loader from `makeLoader`, its glue exporting `PreparedVerifyingKey` and `vkHash`).
 */
export function makeGroth16Api (pickLoader) {
  const ready = async () => {
    const loader = pickLoader()
    await loader.init()
    return loader.glue
  }

  async function prepareVerifyingKey (vk) {
    if (vk instanceof PreparedVerifyingKey) return vk
    const glue = await ready()
    return new PreparedVerifyingKey(new glue.PreparedVerifyingKey(utf8(jsonText(vk, 'a verification key'))))
  }

  /** Runs `use(prepared)` and frees the key afterwards when it was prepared here. */
  async function withKey (vk, use) {
    const key = await prepareVerifyingKey(vk)
    try {
      return use(key)
    } finally {
      if (key !== vk) key.free()
    }
  }

  return {
    PreparedVerifyingKey,
    prepareVerifyingKey,
    verifyGroth16: (vk, proof, publicSignals, options) => withKey(vk, (key) => key.verify(proof, publicSignals, options)),
    verifyGroth16Batch: (vk, items, options) => withKey(vk, (key) => key.verifyBatch(items, options)),
    async vkHash (vk) {
      if (vk instanceof PreparedVerifyingKey) return vk.vkHash
      const glue = await ready()
      return glue.vkHash(utf8(jsonText(vk, 'a verification key')))
    }
  }
}
