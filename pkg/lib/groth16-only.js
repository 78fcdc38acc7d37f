// The Groth16-only module's loader: dist/proofmark_groth16.js and its .wasm (a third of
// the verify module's size), for pages and workers that only check proofs.
import * as glue from '../dist/proofmark_groth16.js'
import { makeLoader } from './common.js'

// workerd has no import.meta.url (its entry hands the loader the .wasm module instead).
export const loader = makeLoader(glue, import.meta.url && new URL('../dist/proofmark_groth16_bg.wasm', import.meta.url))
