/**
 * `proofmark/groth16`: Groth16/BN254 verification of snarkjs proofs only, over its own
 * wasm (a third of the full module's size, so less to download and compile before the
 * first proof). Same functions as the full `proofmark`; a {@link PreparedVerifyingKey}
 * from either entry works with both.
 * @packageDocumentation
 */
export * from './lib/groth16-types.js'
export type { ProofmarkError } from './lib/cid-types.js'

/**
 * Loads this entry's wasm module once; every function calls it lazily, so calling it is
 * optional. Idempotent. Node reads the .wasm from disk, browsers fetch it beside the
 * glue, workerd uses the module import. `source` overrides where the .wasm comes from.
 */
export declare function init (source?: WebAssembly.Module | BufferSource | URL | string | Response): Promise<void>
