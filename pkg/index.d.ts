/**
 * `proofmark`: check where AI-generated media came from, on your own device (DESIGN §8).
 * Content addressing (CIDs, content keys, bytes, streams and CARs against a CID) and
 * Groth16/BN254 verification of snarkjs proofs, in Node ≥ 20, browsers and workerd.
 * Every error is an `Error` with a stable `code` ({@link ProofmarkError}).
 * @packageDocumentation
 */
export * from './lib/cid-types.js'
import type { CidLike, Integrity, ProfileName, Status } from './lib/cid-types.js'

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

/** What {@link permitTypedData} takes (DESIGN §7). */
export interface PermitFields {
  /** The chain id of the registry. */
  chainId: number | bigint
  /** The registry contract (the EIP-712 `verifyingContract`). */
  registry: `0x${string}`
  /** The content key (`0x` + SHA-256) the permit is for. */
  key: `0x${string}`
  /** The buyer's address (who holds the license). */
  buyer: `0x${string}`
  /** The worker's origin, so a permit cannot be replayed at another worker. */
  audience: string
  /** Unix seconds after which the permit is void. */
  expires: number | bigint | string
  /** 32 random bytes, `0x` + 64 hex: spent once. */
  nonce: `0x${string}`
}

/** EIP-712 typed data in viem's (and ethers') shape: pass it to `signTypedData`. */
export interface PermitTypedData {
  domain: { name: 'Proofmark Gate', version: '1', chainId: bigint, verifyingContract: `0x${string}` }
  types: { Permit: Array<{ name: string, type: string }> }
  primaryType: 'Permit'
  message: { key: `0x${string}`, buyer: `0x${string}`, audience: string, expires: bigint, nonce: `0x${string}` }
}

/**
 * The permit a buyer's wallet signs for an edge worker (DESIGN §7): domain
 * `{name: "Proofmark Gate", version: "1", chainId, verifyingContract: registry}`, type
 * `Permit(bytes32 key,address buyer,string audience,uint64 expires,bytes32 nonce)`.
 * Malformed fields throw `invalid-argument`.
 */
export declare function permitTypedData (fields: PermitFields): PermitTypedData

/**
 * The transaction that buys a license: `buyLicense(key)` on the registry with the price
 * as value, in viem's `sendTransaction` shape (`value` in wei as a bigint).
 */
export declare function buyLicenseCall (args: { registry: `0x${string}`, key: `0x${string}`, price: bigint | number | string }): { to: `0x${string}`, data: `0x${string}`, value: bigint }

// ---- the chain: anchors, licenses, the whole verdict (DESIGN §5, §6) ------------------

/** `0x`-prefixed hex. */
export type Hex = `0x${string}`

/** An EIP-1193 provider (a wallet's `window.ethereum`, viem's transports): `request({method, params})`. */
export interface Eip1193Provider {
  request (args: { method: string, params?: unknown[] }): Promise<unknown>
  /** Shown in verdicts as the endpoint's name (default `eip1193:<index>`). */
  name?: string
}

/** A JSON-RPC endpoint: an `http(s)` URL (read with `fetch`) or an EIP-1193 provider. */
export type RpcEndpoint = string | Eip1193Provider

/** What the verifier trusts, and where it reads. */
export interface ChainOptions {
  /**
   * JSON-RPC endpoint(s). Without one, the chain dimensions are `unknown` (`no-rpc`). With
   * several, a proven read trusts the `finalized` block only if every endpoint agrees.
   */
  rpc?: RpcEndpoint | RpcEndpoint[]
  /** The ProvenanceRegistry the verifier trusts. */
  registry: Hex
  /** The chain id the verifier trusts; an endpoint serving another throws `wrong-chain`. */
  chainId: number | bigint
  /**
   * Prove the record, its root's state, the registry's `vkHash` (through its code) and the
   * license with `eth_getProof` against a trusted block, so a lying endpoint is caught.
   */
  proven?: boolean
  /** The block hash to trust for a proven read (implies `proven`); default: the agreed `finalized` block. */
  blockHash?: Hex
  /** First block to search `Anchored` logs in when resolving a locator CID (the registry's deploy block). */
  fromBlock?: number | bigint
  /** The model-attest verification key the verifier trusts (snarkjs JSON object or text). */
  vkey?: SnarkjsJson
  /** Check whether this address holds a license. */
  holder?: Hex
  /** The `fetch` to use (default `globalThis.fetch`). */
  fetch?: typeof fetch
}

/** How final the block a record was read at is. */
export type Finality = 'latest' | 'safe' | 'finalized'

/** The on-chain record (DESIGN §6). */
export interface AnchorRecord {
  creator: Hex
  block: number
  /** Unix seconds. */
  timestamp: number
  root: Hex
  modelTag: Hex
  parentKey: Hex | null
  /** Wei, decimal. */
  price: string
  royaltyBps: number
  /** The locator CID from the `Anchored` event. */
  cid: string | null
  uri: string | null
}

/** The anchor dimension. Reasons: `not-anchored` (failed); `no-rpc`, `rpc-unreachable`, `not-final` (unknown). */
export interface AnchorDimension {
  status: Status
  reason?: string
  /** The block read (latest, or the trusted block of a proven read). */
  block: number | null
  finality: Finality | null
  record: AnchorRecord | null
  proven: boolean
  chainId: number | null
  registry: Hex | null
  rpc: string | null
}

/**
 * The model dimension. Reasons: `root-not-published`, `root-revoked`, `vk-mismatch`,
 * `proof-invalid` (failed); `no-trusted-vkey`, `anchor-unknown` (unknown); `anchor-failed`.
 */
export interface ModelDimension {
  status: Status
  reason?: string
  root: Hex | null
  revokedAt: number | null
  vkHash: Hex | null
}

/** The license dimension. Reasons: `not-licensed`, `anchor-failed` (failed); `no-holder`, `not-final`, `anchor-unknown`. */
export interface LicenseDimension {
  status: Status
  reason?: string
  holder: Hex | null
  /** Wei, decimal; always shown when the record is known. */
  price: string | null
}

/** The whole verdict (DESIGN §6), the shape `proofmark check --json` prints. */
export interface Verdict {
  cid: string | null
  key: Hex | null
  integrity: Integrity
  anchor: AnchorDimension
  model: ModelDimension
  license: LicenseDimension
}

/** What {@link readAnchor} answers. */
export interface AnchorReading {
  /** The content key (given, from a raw CID, or found through the locator CID's `Anchored` event). */
  key: Hex | null
  anchor: AnchorDimension
  model: ModelDimension
}

/**
 * Reads the registry's record for a content key (`0x` + SHA-256) or a CID (a raw sha2-256
 * CID is the key; any other CID is resolved through its `Anchored` event), and judges the
 * model attestation. Throws `wrong-chain`, `rpc-failed`, `dev-setup-refused`, and — in
 * proven mode — the error of every lie it catches (`call-contradicts-proof`,
 * `storage-proof-invalid`, `header-hash-mismatch`, `code-hash-mismatch`, …).
 */
export declare function readAnchor (target: CidLike | Hex, options: ChainOptions): Promise<AnchorReading>

/**
 * Whether `holder` holds a license for `key`: at `latest`, or proven against the trusted
 * block with `proven`/`blockHash` (then `null` when only `latest` shows it: not final).
 */
export declare function hasLicense (key: Hex, holder: Hex, options: Omit<ChainOptions, 'holder' | 'vkey' | 'fromBlock'>): Promise<boolean | null>

/** What {@link verifyAsset} checks besides the chain. */
export interface AssetOptions extends ChainOptions {
  /** The asset's bytes, checked against the CID or key. */
  bytes?: Uint8Array | ArrayBuffer | ArrayBufferView
  /** Trustless gateway(s) to fetch the CID's CAR from, in order (every block verified). */
  gateway?: string | string[]
  /** The profile the CID was made with, when known (a mismatch is then `failed`). */
  profile?: ProfileName
}

/** The whole verdict for a CID or key: integrity of the bytes, anchor, model and license. */
export declare function verifyAsset (target: CidLike | Hex, options: AssetOptions): Promise<Verdict>
