// The CID-only entry's loader: dist/proofmark_cid.js and its own small .wasm.
import * as glue from '../dist/proofmark_cid.js'
import { makeLoader } from './common.js'

// workerd has no import.meta.url (its entry hands the loader the .wasm module instead).
export const loader = makeLoader(glue, import.meta.url && new URL('../dist/proofmark_cid_bg.wasm', import.meta.url))
