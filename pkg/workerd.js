// proofmark for workerd (Cloudflare Workers): the .wasm is a module import (no runtime
// compilation of wasm bytes there), instantiated with initSync({module}) on first use.
import wasmModule from './dist/proofmark_bg.wasm'
import { loader } from './lib/full.js'

loader.setDefault(wasmModule)

export * from './index.js'
