// The CID-only entry's loader: dist/proofmark_cid.js and its own small .wasm.
import * as glue from '../dist/proofmark_cid.js'
import { makeLoader } from './common.js'

export const loader = makeLoader(glue, new URL('../dist/proofmark_cid_bg.wasm', import.meta.url))
