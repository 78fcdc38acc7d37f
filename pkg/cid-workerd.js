// proofmark/cid for workerd: the small .wasm as a module import, initSync({module}).
import wasmModule from './dist/proofmark_cid_bg.wasm'
import { loader } from './lib/cid-only.js'

loader.setDefault(wasmModule)

export * from './cid.js'
