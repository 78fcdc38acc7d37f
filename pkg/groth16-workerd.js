// proofmark/groth16 for workerd: its .wasm as a module import, initSync({module}).
import wasmModule from './dist/proofmark_groth16_bg.wasm'
import { loader } from './lib/groth16-only.js'

loader.setDefault(wasmModule)

export * from './groth16.js'
