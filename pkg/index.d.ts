/**
 * `proofmark`: check where AI-generated media came from, on your own device (DESIGN §8).
 * Content addressing (CIDs, content keys, bytes, streams and CARs against a CID) and
 * Groth16/BN254 verification of snarkjs proofs, in Node ≥ 20, browsers and workerd.
 * Every error is an `Error` with a stable `code` ({@link ProofmarkError}).
 * @packageDocumentation
 */
export * from './lib/cid-types.js'
import type { CidLike, Integrity, ProfileName, ProofmarkError, Status } from './lib/cid-types.js'

export * from './lib/groth16-types.js'
import type { SnarkjsJson } from './lib/groth16-types.js'

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
/**
 * An error of {@link verifyPermit}: a {@link ProofmarkError} with the HTTP `status` an
 * edge worker answers (DESIGN §7): 400 `malformed-permit`; 401 `permit-expired`,
 * `permit-wrong-audience`, `permit-wrong-key`, `permit-wrong-buyer`, `signature-high-s`,
 * `signature-bad-v`, `bad-signature`, `erc1271-required`; 402 `no-permit` (the header is
 * absent: `null` or `undefined`); 502 `rpc-error` (the ERC-1271 `eth_call` could not be
 * made). Unusable options throw `invalid-argument` without a status.
 */
export interface PermitError extends ProofmarkError {
  /** 400, 401, 402 or 502. */
  status: 400 | 401 | 402 | 502
}

/**
 * A permit as an object: the JSON fields of the header (DESIGN §7). `expires` may be a
 * bigint, a safe integer, `0x` hex or a decimal string; `signature` 65 bytes as `0x` hex
 * or bytes. Any other field makes the permit malformed.
 */
export interface PermitObject {
  key: `0x${string}`
  buyer: `0x${string}`
  audience: string
  expires: bigint | number | string
  nonce: `0x${string}`
  signature: `0x${string}` | Uint8Array
}

/**
 * Loads the permit module (`dist/proofmark_permit_bg.wasm`: secp256k1 and EIP-712), which
 * {@link verifyPermit}, {@link signReceipt} and {@link verifyReceipt} load on their first
 * call, so that pages that only verify media never download it. Like `init`: optional,
 * idempotent, and `source` overrides where the .wasm comes from.
 */
export declare function initPermits (source?: WebAssembly.Module | BufferSource | URL | string | Response): Promise<void>

/** What {@link verifyPermit} checks a permit against. */
export interface VerifyPermitOptions {
  /** The registry's chain id (EIP-712 `chainId`). */
  chainId: number | bigint | string
  /** The registry contract (EIP-712 `verifyingContract`). */
  registry: `0x${string}`
  /** The worker's own origin: the permit's `audience` must equal it exactly. */
  audience: string
  /** The clock, Unix seconds; default now. The permit is void when `now > expires`. */
  now?: number | bigint | string
  /** The content key of the request: a permit for another key is refused (`permit-wrong-key`). */
  key?: `0x${string}`
  /** The expected buyer: a permit of another is refused (`permit-wrong-buyer`). */
  buyer?: `0x${string}`
  /**
   * A JSON-RPC URL of the registry's chain, for contract wallets: when the signature does
   * not recover to the buyer, `buyer.isValidSignature(digest, signature)` (ERC-1271) is
   * called with `fetch` at `latest`. Without it such a permit throws `erc1271-required`.
   */
  rpc?: string | URL
}

/** An accepted permit. */
export interface VerifiedPermit {
  ok: true
  /** The permit's EIP-712 signing hash (`permitDigest` of the receipt). */
  digest: `0x${string}`
  /** The buyer, EIP-55 checksummed. */
  buyer: `0x${string}`
  /** The content key. */
  key: `0x${string}`
  /** The nonce: reserve it before delivering, spend it after (replay is the caller's to stop). */
  nonce: `0x${string}`
  /** Unix seconds after which the permit is void. */
  expires: bigint
  /** The audience (the worker's origin). */
  audience: string
  /** `ecdsa`: the signature recovers to the buyer; `erc1271`: the buyer's contract wallet accepted it. */
  via: 'ecdsa' | 'erc1271'
}

/**
 * Checks a permit (DESIGN §7): an `Authorization` header value
 * `Proofmark-Permit <base64url(JSON)>` (unpadded base64url; padding is refused) or the
 * permit object. Order: shape (400), audience, key, buyer, expiry, then the signature:
 * 65 bytes, `v` 27 or 28 (0/1 refused), `r` and `s` in range, low `s`; it must recover to
 * the buyer, or else the buyer's ERC-1271 wallet must accept it (`options.rpc`).
 * Rejections throw a {@link PermitError} (`code` and HTTP `status`). A permit signed
 * under another chain id or registry recovers to another address: without `rpc` it is
 * `erc1271-required`, with `rpc` `bad-signature` (the buyer has no code or refuses).
 * `null` (as `headers.get('authorization')` gives for a request without one) throws
 * `no-permit`, status 402. Replay is the caller's to stop: reserve `nonce` before delivery.
 */
export declare function verifyPermit (permit: string | PermitObject | null | undefined, options: VerifyPermitOptions): Promise<VerifiedPermit>

/** What the worker signs after a delivery (DESIGN §7). */
export interface ReceiptFields {
  /** The content key delivered. */
  key: `0x${string}`
  /** The buyer delivered to. */
  buyer: `0x${string}`
  /** The permit's digest ({@link VerifiedPermit.digest}). */
  permitDigest: `0x${string}`
  /** Bytes delivered (uint64). */
  bytes: bigint | number | string
  /** The block of the anchor record the worker checked (uint64). */
  anchorBlock: bigint | number | string
}

/** A signed receipt. */
export interface SignedReceipt {
  /** The receipt, numbers as bigints. */
  receipt: { key: `0x${string}`, buyer: `0x${string}`, permitDigest: `0x${string}`, bytes: bigint, anchorBlock: bigint }
  /** Its EIP-712 signing hash. */
  digest: `0x${string}`
  /** 65 bytes `r ‖ s ‖ v` as hex: low `s`, `v` 27/28 (what viem's `recoverTypedDataAddress` takes). */
  signature: `0x${string}`
  /** The signer's address (EIP-55): publish it at `/.well-known/proofmark-gate`. */
  signer: `0x${string}`
}

/**
 * Signs a receipt with the worker's secp256k1 key, EIP-712 under
 * `{name: "Proofmark Gate", version: "1", chainId, verifyingContract: registry}`, type
 * `Receipt(bytes32 key,address buyer,bytes32 permitDigest,uint64 bytes,uint64 anchorBlock)`.
 * Deterministic (RFC 6979): the same receipt and key give the same signature. A key that
 * is zero or not below the group order throws `invalid-secret-key`.
 */
export declare function signReceipt (receipt: ReceiptFields, options: { chainId: number | bigint | string, registry: `0x${string}`, privateKey: `0x${string}` | Uint8Array }): Promise<SignedReceipt>

/**
 * Whether `signature` is `signer`'s over the receipt: `false` for another signer (or
 * another receipt, chain id or registry); a malformed signature throws (`bad-signature`,
 * `signature-bad-v`, `signature-high-s`).
 */
export declare function verifyReceipt (receipt: ReceiptFields, signature: `0x${string}` | Uint8Array, options: { chainId: number | bigint | string, registry: `0x${string}`, signer: `0x${string}` }): Promise<boolean>
