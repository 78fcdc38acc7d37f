// proofmark: the hand-written wrapper over the wasm build of proofmark-core.
// Types and documentation: index.d.ts.
import { codedError, free, invalidArgument } from './lib/common.js'
import { makeChainApi } from './lib/chain-api.js'
import { makeCidApi } from './lib/cid-api.js'
import { makePermitApi } from './lib/permit-api.js'
import { loader } from './lib/full.js'
import { loader as permitLoader } from './lib/permit-only.js'

const wasm = loader.glue

export function init (source) {
  return loader.init(source)
}

export function initPermits (source) {
  return permitLoader.init(source)
}

const cidApi = makeCidApi(loader)

export const {
  cidOf, contentKey, CidVerifier, verifyBytes, verifyStream, verifyCar, carToVerifiedStream, carBodyToVerifiedStream
} = cidApi

export const { readAnchor, hasLicense, verifyAsset } = makeChainApi(loader, cidApi)

// ---- Groth16 ----------------------------------------------------------------------

/** JSON text of a snarkjs object or string. */
function jsonText (value, what) {
  if (typeof value === 'string') return value
  if (value !== null && typeof value === 'object') return JSON.stringify(value)
  throw invalidArgument(`${what} must be snarkjs JSON (an object or its text)`)
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

/** A verification key parsed strictly and prepared once (see index.d.ts). */
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
    return inner.verify(jsonText(proof, 'a proof'), publicText(publicSignals))
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

export async function prepareVerifyingKey (vk) {
  if (vk instanceof PreparedVerifyingKey) return vk
  await loader.init()
  return new PreparedVerifyingKey(new wasm.PreparedVerifyingKey(jsonText(vk, 'a verification key')))
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

export function verifyGroth16 (vk, proof, publicSignals, options) {
  return withKey(vk, (key) => key.verify(proof, publicSignals, options))
}

export function verifyGroth16Batch (vk, items, options) {
  return withKey(vk, (key) => key.verifyBatch(items, options))
}

export async function vkHash (vk) {
  if (vk instanceof PreparedVerifyingKey) return vk.vkHash
  await loader.init()
  return wasm.vkHash(jsonText(vk, 'a verification key'))
}

// ---- wallets: what they sign or send (DESIGN §7) -----------------------------------

const HEX32 = /^0x[0-9a-fA-F]{64}$/
const ADDRESS = /^0x[0-9a-fA-F]{40}$/
/** keccak256("buyLicense(bytes32)")[0..4]. */
const BUY_LICENSE = '724fda67'

function field (value, pattern, what) {
  if (typeof value !== 'string' || !pattern.test(value)) throw invalidArgument(`${what} must be 0x + ${pattern === ADDRESS ? 40 : 64} hex digits`)
  return value
}

function uint (value, bits, what) {
  let n
  try {
    n = typeof value === 'bigint' ? value : BigInt(value)
  } catch {
    throw invalidArgument(`${what} must be an unsigned integer`)
  }
  if (typeof value === 'number' && !Number.isSafeInteger(value)) throw invalidArgument(`${what} must be a safe integer or a bigint`)
  if (n < 0n || n >= 1n << BigInt(bits)) throw invalidArgument(`${what} must fit in uint${bits}`)
  return n
}

export function permitTypedData ({ chainId, registry, key, buyer, audience, expires, nonce } = {}) {
  if (typeof audience !== 'string' || audience === '') throw invalidArgument('audience must be the worker\'s origin')
  return {
    domain: { name: 'Proofmark Gate', version: '1', chainId: uint(chainId, 64, 'chainId'), verifyingContract: field(registry, ADDRESS, 'registry') },
    types: {
      Permit: [
        { name: 'key', type: 'bytes32' },
        { name: 'buyer', type: 'address' },
        { name: 'audience', type: 'string' },
        { name: 'expires', type: 'uint64' },
        { name: 'nonce', type: 'bytes32' }
      ]
    },
    primaryType: 'Permit',
    message: {
      key: field(key, HEX32, 'key'),
      buyer: field(buyer, ADDRESS, 'buyer'),
      audience,
      expires: uint(expires, 64, 'expires'),
      nonce: field(nonce, HEX32, 'nonce')
    }
  }
}

export function buyLicenseCall ({ registry, key, price } = {}) {
  return {
    to: field(registry, ADDRESS, 'registry'),
    data: `0x${BUY_LICENSE}${field(key, HEX32, 'key').slice(2).toLowerCase()}`,
    value: uint(price, 256, 'price')
  }
}

// ---- edge workers: permits and receipts (DESIGN §7) --------------------------------

export const { verifyPermit, signReceipt, verifyReceipt } = makePermitApi(permitLoader)
