/**
 * `proofmark/cid`: content addressing only (CIDs, content keys, integrity of bytes,
 * streams and CARs), over its own small wasm. Same functions as the full `proofmark`.
 * @packageDocumentation
 */
export * from './lib/cid-types.js'
