// The full SDK's loader: dist/proofmark.js (wasm-bindgen glue) and its .wasm.
import * as glue from '../dist/proofmark.js'
import { makeLoader } from './common.js'

export const loader = makeLoader(glue, new URL('../dist/proofmark_bg.wasm', import.meta.url))
