// proofmark: the hand-written wrapper over the wasm build of proofmark-core.
// Types and documentation: index.d.ts.
import { invalidArgument } from './lib/common.js'
import { makeChainApi } from './lib/chain-api.js'
import { makeCidApi } from './lib/cid-api.js'
import { makeGroth16Api } from './lib/groth16-api.js'
import { loader as groth16Loader } from './lib/groth16-only.js'
import { makePermitApi } from './lib/permit-api.js'
import { loader } from './lib/full.js'
import { loader as permitLoader } from './lib/permit-only.js'

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

// A page that only checks proofs gets the Groth16-only module (a third of the verify
// module: less to download and compile). Once the verify module is loading or loaded
// (any other call, or init()), proofs use it too, so nothing is fetched twice. workerd's
// entry imports no Groth16-only module: there, proofs always use the verify module.
export const {
  PreparedVerifyingKey, prepareVerifyingKey, verifyGroth16, verifyGroth16Batch, vkHash
} = makeGroth16Api(() => (loader.started || !groth16Loader.available ? loader : groth16Loader))

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
