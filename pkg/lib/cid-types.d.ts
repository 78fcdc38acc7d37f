// Types shared by index.d.ts and cid.d.ts.

/**
 * An error thrown by the SDK: a plain `Error` with a stable `code`. Codes are the core's
 * (`invalid-cid`, `block-mismatch`, `input-out-of-range`, `untrusted-key`, …) plus
 * `invalid-argument` for arguments the SDK cannot use.
 */
export interface ProofmarkError extends Error {
  /** Stable kebab-case name of the error class. */
  code: string
}

/** A CID: its string form (any base), or a multiformats `CID` (anything whose `toString()` is one). */
export type CidLike = string | { toString(): string }

/** Bytes, a `Blob`, a `ReadableStream` of byte chunks, or any (async) iterable of byte chunks. */
export type ByteSource =
  | Uint8Array
  | ArrayBuffer
  | ArrayBufferView
  | Blob
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>
  | Iterable<Uint8Array>

/** Profile names (DESIGN §2), in detection order. */
export type ProfileName = 'unixfs-v1-2025' | 'unixfs-v0-2015' | 'kubo-cidv1' | 'kubo-cidv1-1mib' | 'raw'

/**
 * Importer settings: a profile, optionally changed by explicit settings (the flags of
 * `proofmark cid`, same meaning). Changed settings are reported as profile `custom`.
 */
export interface ImportOptions {
  /** Default `unixfs-v1-2025`. */
  profile?: ProfileName
  /** Bytes per leaf (1 B to 2 MiB). */
  chunkSize?: number
  /** Most links per inner node (2 to 1024). */
  maxLinks?: number
  /** Raw leaves (true) or UnixFS dag-pb leaves (false). */
  rawLeaves?: boolean
  /** CID version of dag-pb nodes; picks the leaf kind unless `rawLeaves` is given. */
  cidVersion?: 0 | 1
  /** Multihash function, default `sha2-256`. */
  hash?: 'sha2-256' | 'blake3'
}

/** One dimension's outcome; `unknown` is never shown as failed or verified. */
export type Status = 'verified' | 'failed' | 'unknown'

/** The integrity part of the verdict (DESIGN §6). */
export interface Integrity {
  status: Status
  /** Why it failed or is unknown, e.g. `digest-mismatch`, `unrecognised-settings-or-tampered`, `missing-block`. */
  reason?: string
  /** The profile that reproduced the CID (`custom` for caller settings). */
  profile?: string
  /** How it was checked. */
  via: 'key' | 'bytes' | 'car'
}

/** The result of checking bytes against a CID: what `proofmark verify --json` prints. */
export interface BytesVerdict {
  /** The CID, canonical string. */
  cid: string
  integrity: Integrity
}

/** What to read from a CAR. */
export interface CarOptions {
  /** A path below the root (plain or HAMT-sharded directories). */
  path?: string
  /** `from:to`, inclusive, `*` = the end, negative = from the end (verified ranges). */
  entityBytes?: string
  /** `all` (default), `entity` or `block`. */
  dagScope?: 'all' | 'entity' | 'block'
  /** Most content bytes to produce (`cap-exceeded` past it). */
  maxBytes?: number
  /** Most blocks to read (`cap-exceeded` past it). */
  maxBlocks?: number
  /** Bytes kept for blocks that arrive before they are needed (default 8 MiB; 0: strict DFS order). */
  reorderBuffer?: number
}

/** The result of a CAR verification: what `proofmark car verify --json` prints. */
export interface CarVerdict {
  /** The trusted root, canonical string. */
  cid: string
  /** `verified`, `failed` (`block-mismatch`, `unixfs-size-mismatch`) or `unknown` (`missing-block`). */
  integrity: Integrity
  /** The node at the end of the path, when verified. */
  target: { cid: string, kind: 'file' | 'directory' | 'other' } | null
  /** Blocks the walk visited, when verified. */
  blocks: number | null
  /** File bytes produced, when verified. */
  bytes: number | null
  /** The verified file bytes, with `output: true` and a verified CAR. */
  data?: Uint8Array
}

/** A Web `TransformStream` of CAR bytes to verified file bytes, with its verdict. */
export interface VerifiedStream extends TransformStream<Uint8Array, Uint8Array> {
  /** Resolves to the verdict after the last byte; rejects with the error that aborted the stream. */
  verdict: Promise<CarVerdict>
  /**
   * Resolves to the size of the file at the end of the path, verified before any of its
   * bytes leaves the stream, so it can be announced (e.g. as `Content-Length`) without
   * trusting whoever served the CAR: the root block is checked against the trusted CID,
   * and the size is a raw block's length or a UnixFS file's `filesize` once found equal
   * to its inline data plus its `blocksizes` (the leaves are held to those sizes, so the
   * stream ends with exactly this many file bytes, or, with `entityBytes`, the range of
   * them, or aborts). Resolves to `null` when the target has no such size (a directory,
   * a symlink, a dag-pb file under `dagScope: "block"`) or the stream ended before
   * reaching it; rejects with the error that aborted the stream before the size was known.
   * It is the whole file's size even with `entityBytes`.
   */
  declaredSize: Promise<number | null>
}

/**
 * Streaming integrity of bytes against a CID: `push` chunks in any slicing, then
 * `finish`. Memory is one chunk per candidate profile plus one node per tree level.
 */
export declare class CidVerifier {
  /**
   * A verifier for `cid`. With `options` naming the profile or settings that made the
   * CID a mismatch is definitive (`failed`); without, the profile table is tried and no
   * match is `unknown`. The CID is checked on the first `push`/`finish` (or at once with
   * {@link CidVerifier.create}).
   */
  constructor (cid: CidLike, options?: ImportOptions)
  /** Initialises the SDK and checks the CID now. */
  static create (cid: CidLike, options?: ImportOptions): Promise<CidVerifier>
  /** Feeds the next bytes. */
  push (chunk: Uint8Array | ArrayBuffer | ArrayBufferView): Promise<void>
  /** Ends the input: the verdict. */
  finish (): Promise<BytesVerdict>
}

/**
 * Loads the wasm module once (in `proofmark`, the permit functions have their own:
 * `initPermits`); every other function calls it lazily, so calling it is
 * optional. In `proofmark`, Groth16 functions called before any other use the smaller
 * module of `proofmark/groth16`; after `init` (or any other call) they use this one. Idempotent: later calls return the same promise. Node reads the .wasm from
 * disk, browsers fetch it beside the glue, workerd uses the module import
 * (`initSync({module})`). `source` overrides where the .wasm comes from.
 */
export declare function init (source?: WebAssembly.Module | BufferSource | URL | string | Response): Promise<void>

/** The CID of content under a profile or settings (default `unixfs-v1-2025`), streaming. */
export declare function cidOf (input: ByteSource, options?: ImportOptions): Promise<string>

/** The content key of content, `0x` + SHA-256 (DESIGN §5: what anchors are keyed by). */
export declare function contentKey (input: ByteSource): Promise<`0x${string}`>

/** Integrity of bytes against a CID (see {@link CidVerifier}). */
export declare function verifyBytes (cid: CidLike, bytes: Uint8Array | ArrayBuffer | ArrayBufferView, options?: ImportOptions): Promise<BytesVerdict>

/** Integrity of a stream (or any {@link ByteSource}) against a CID, with bounded memory. */
export declare function verifyStream (cid: CidLike, input: ByteSource, options?: ImportOptions): Promise<BytesVerdict>

/**
 * Verifies a CAR against the CID the caller trusts (never the header's roots): every
 * block against its CID, the DAG walked to the file bytes. A bad or missing block is a
 * verdict (`failed` / `unknown`); malformed input throws with its `code`.
 */
export declare function verifyCar (cid: CidLike, car: ByteSource, options?: CarOptions & { output?: boolean }): Promise<CarVerdict>

/**
 * A `TransformStream` from CAR bytes to verified file bytes (`car.pipeThrough(...)`):
 * bytes leave only after their block verified; a bad or missing block aborts the stream
 * (never a clean end). Memory: one section, one node per level, the reorder buffer.
 */
export declare function carToVerifiedStream (cid: CidLike, options?: CarOptions): VerifiedStream

/**
 * What `body.pipeThrough(carToVerifiedStream(cid, options))` gives, with `body` (a fetch
 * body, a Blob's stream) read in 256 KiB chunks when it is a byte stream: each chunk
 * crossing into JS costs the same whatever its size, and workerd otherwise hands a fetch
 * body over in 4 KiB chunks (about 4 ms of CPU per MiB for the reads alone there). Throws
 * `invalid-argument` when `body` is no ReadableStream.
 */
export declare function carBodyToVerifiedStream (body: ReadableStream<Uint8Array>, cid: CidLike, options?: CarOptions): VerifiedReadable

/** A ReadableStream of verified file bytes with the verdict and size of {@link VerifiedStream}. */
export interface VerifiedReadable extends ReadableStream<Uint8Array> {
  /** As {@link VerifiedStream.verdict}. */
  verdict: Promise<CarVerdict>
  /** As {@link VerifiedStream.declaredSize}. */
  declaredSize: Promise<number | null>
}
