// The permit module's loader: dist/proofmark_permit.js and its .wasm (secp256k1, EIP-712),
// initialised by the first permit or receipt call so that verifying pages never load it.
import * as glue from '../dist/proofmark_permit.js'
import { makeLoader } from './common.js'

// workerd has no import.meta.url (its entry hands the loader the .wasm module instead).
export const loader = makeLoader(glue, import.meta.url && new URL('../dist/proofmark_permit_bg.wasm', import.meta.url))
