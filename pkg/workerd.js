// proofmark for workerd (Cloudflare Workers): the .wasm is a module import (no runtime
// compilation of wasm bytes there), instantiated with initSync({module}) on first use.
import wasmModule from './dist/proofmark_bg.wasm'
import permitModule from './dist/proofmark_permit_bg.wasm'
import { loader } from './lib/full.js'
import { loader as permitLoader } from './lib/permit-only.js'

loader.setDefault(wasmModule)
permitLoader.setDefault(permitModule)

export * from './index.js'
