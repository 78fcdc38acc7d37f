// The full SDK's loader: dist/proofmark.js (wasm-bindgen glue) and its .wasm.
import * as glue from '../dist/proofmark.js'
import { makeLoader } from './common.js'

// workerd has no import.meta.url (its entry hands the loader the .wasm module instead).
export const loader = makeLoader(glue, import.meta.url && new URL('../dist/proofmark_bg.wasm', import.meta.url))
