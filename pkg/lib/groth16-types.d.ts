// Types shared by index.d.ts and groth16.d.ts.

/** A snarkjs JSON object (`verification_key.json`, `proof.json`) or its text. */
export type SnarkjsJson = string | Record<string, unknown>

/**
 * Public signals: the text of `public.json`, or an array whose items are decimal
 * strings, `0x` hex strings, bigints or safe integers (viem conventions). Inputs ≥ r are
 * rejected (`input-out-of-range`), never reduced.
 */
export type PublicSignals = string | Array<string | bigint | number>

/** Options of a verification. */
export interface VerifyOptions {
  /** The `vkHash` (`0x` + 64 hex) the verifier trusts: any other key throws `untrusted-key`. */
  trustedVkHash?: string
}

/** Options of a batch verification. */
export interface BatchOptions extends VerifyOptions {
  /** 32 random bytes folding the batch; by default from `crypto.getRandomValues`. */
  randomness?: Uint8Array
}

/** A proof with its public signals. */
export interface BatchItem {
  proof: SnarkjsJson
  publicSignals: PublicSignals
}

/**
 * A verification key parsed strictly (coordinates < q, points on the curve and in the
 * subgroup, `protocol: "groth16"`, `curve: "bn128"`) and prepared once: hold it to
 * verify many proofs fast. Free it with {@link PreparedVerifyingKey.free} (or let the
 * garbage collector do so).
 */
export declare class PreparedVerifyingKey {
  private constructor ()
  /** The key's `vkHash` (DESIGN §5), `0x` + 64 hex digits, as the registry computes it. */
  readonly vkHash: string
  /** Whether the key says it comes from an insecure dev setup (`devSetup: true`). */
  readonly devSetup: boolean
  /** Public inputs the key takes. */
  readonly inputCount: number
  /** `true` if the proof verifies, `false` if not; malformed input throws with its `code`. */
  verify (proof: SnarkjsJson, publicSignals: PublicSignals, options?: VerifyOptions): boolean
  /** `true` only if every proof verifies (one multi-pairing); `false` if any fails. */
  verifyBatch (items: BatchItem[], options?: BatchOptions): boolean
  /** Releases the key's wasm memory now. */
  free (): void
}

/** Parses and prepares a verification key (snarkjs JSON) for repeated verification. */
export declare function prepareVerifyingKey (vk: SnarkjsJson | PreparedVerifyingKey): Promise<PreparedVerifyingKey>

/**
 * Verifies one Groth16/BN254 proof in snarkjs format: `true` or `false` (as snarkjs's
 * `groth16.verify`), but strict: malformed input throws (`input-out-of-range`,
 * `coordinate-out-of-range`, `not-on-curve`, `not-in-subgroup`, `identity-in-proof`,
 * `input-count-mismatch`, `wrong-protocol`, `wrong-curve`, `g2-limb-order-swapped`, …).
 */
export declare function verifyGroth16 (vk: SnarkjsJson | PreparedVerifyingKey, proof: SnarkjsJson, publicSignals: PublicSignals, options?: VerifyOptions): Promise<boolean>

/**
 * Verifies many proofs under one key with one random linear combination: `true` only if
 * every proof verifies (soundness error 2⁻¹²⁸); `false` says at least one fails.
 */
export declare function verifyGroth16Batch (vk: SnarkjsJson | PreparedVerifyingKey, items: BatchItem[], options?: BatchOptions): Promise<boolean>

/** The `vkHash` of a verification key: keccak256 over its coordinates in EVM limb order. */
export declare function vkHash (vk: SnarkjsJson | PreparedVerifyingKey): Promise<string>
