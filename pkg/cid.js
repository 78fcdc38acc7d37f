// proofmark/cid: content addressing only, over its own small wasm. Types: cid.d.ts.
import { makeCidApi } from './lib/cid-api.js'
import { loader } from './lib/cid-only.js'

export function init (source) {
  return loader.init(source)
}

export const {
  cidOf, contentKey, CidVerifier, verifyBytes, verifyStream, verifyCar, carToVerifiedStream, carBodyToVerifiedStream
} = makeCidApi(loader)
