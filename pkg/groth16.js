// proofmark/groth16: Groth16/BN254 verification only, over its own wasm (a third of the
// verify module's size). Types: groth16.d.ts.
import { makeGroth16Api } from './lib/groth16-api.js'
import { loader } from './lib/groth16-only.js'

export function init (source) {
  return loader.init(source)
}

export const {
  PreparedVerifyingKey, prepareVerifyingKey, verifyGroth16, verifyGroth16Batch, vkHash
} = makeGroth16Api(() => loader)
