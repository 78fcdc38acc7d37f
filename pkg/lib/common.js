// Shared by the full SDK (index.js) and the CID-only entry (cid.js): loading the wasm
// once, errors with codes, and turning every accepted input into byte slices.

/** Largest slice handed to wasm in one call: bounds the module's memory whatever the input. */
export const SLICE = 1 << 20

/** An `Error` with a stable `code` (the same codes the wasm side throws). */
export function codedError (code, message) {
  const error = new Error(message)
  error.code = code
  return error
}

/** `code: "invalid-argument"`: the SDK cannot use this argument. */
export function invalidArgument (message) {
  return codedError('invalid-argument', message)
}

/** Whether this runs in Node. */
export const isNode = typeof process !== 'undefined' && process.versions != null && process.versions.node != null

/**
 * One idempotent lazy loader for a wasm-bindgen `--target web` module.
 * `source`: a `WebAssembly.Module` (workerd imports the .wasm as one), bytes, a URL or a
 * `Response`; by default Node reads the file beside the glue from disk and other
 * runtimes fetch it.
 */
export function makeLoader (glue, wasmUrl) {
  let ready = null
  let defaultSource
  const load = async (source) => {
    source ??= defaultSource
    if (source instanceof WebAssembly.Module) {
      glue.initSync({ module: source })
    } else if (source === undefined && isNode) {
      // Read synchronously, as wasm-bindgen's own Node glue does: for a module this size,
      // half a millisecond less than an asynchronous read (and a dynamic import) on a
      // fresh process. process.getBuiltinModule arrived in Node 20.16.
      const fs = process.getBuiltinModule?.('node:fs') ?? await import('node:fs')
      glue.initSync({ module: fs.readFileSync(wasmUrl) })
    } else if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
      glue.initSync({ module: source })
    } else {
      await glue.default({ module_or_path: source ?? wasmUrl })
    }
  }
  return {
    init (source) {
      ready ??= load(source).catch((error) => {
        ready = null // a later call may try again (e.g. after a network error)
        throw error
      })
      return ready
    },
    setDefault (source) { defaultSource = source },
    /** Whether init() was called and has not failed: the module is loading or loaded. */
    get started () { return ready !== null },
    /** Whether init() without a source can find the module (a URL or a default). */
    get available () { return Boolean(wasmUrl) || defaultSource !== undefined },
    glue
  }
}

/** Whether `value` is a CID object (multiformats `CID` or anything that prints as one). */
function isCidObject (value) {
  return value !== null && typeof value === 'object' && typeof value.toString === 'function' &&
    value.toString !== Object.prototype.toString
}

/** A CID string from a string or a multiformats `CID` (anything whose toString() is a CID). */
export function cidText (cid) {
  if (typeof cid === 'string') return cid
  if (isCidObject(cid)) return cid.toString()
  throw invalidArgument('a CID must be a string or a CID object')
}

/** Bytes from a `Uint8Array`, any `ArrayBufferView` or an `ArrayBuffer`; `null` otherwise. */
export function asBytes (value) {
  if (value instanceof Uint8Array) return value
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
  if (value instanceof ArrayBuffer) return new Uint8Array(value)
  return null
}

/** Calls `visit` with consecutive slices of at most `SLICE` bytes of `bytes`. */
export function eachSlice (bytes, visit) {
  if (bytes.length === 0) return
  for (let at = 0; at < bytes.length; at += SLICE) visit(bytes.subarray(at, at + SLICE))
}

/**
 * Every chunk of an input, as `Uint8Array`s: bytes, a `Blob`, a `ReadableStream` or any
 * (async) iterable of byte chunks.
 */
export async function * chunksOf (input) {
  const bytes = asBytes(input)
  if (bytes) {
    yield bytes
    return
  }
  if (typeof Blob !== 'undefined' && input instanceof Blob) {
    yield * chunksOf(input.stream())
    return
  }
  if (input && typeof input.getReader === 'function') {
    const read = largeReads(input) ?? defaultReads(input)
    try {
      for (;;) {
        const { done, value } = await read.next()
        if (done) return
        yield chunkBytes(value)
      }
    } finally {
      read.release()
    }
  }
  if (input && (typeof input[Symbol.asyncIterator] === 'function' || typeof input[Symbol.iterator] === 'function')) {
    for await (const chunk of input) yield chunkBytes(chunk)
    return
  }
  throw invalidArgument('expected bytes (Uint8Array, ArrayBuffer), a Blob, a ReadableStream or an iterable of chunks')
}

/** What a byte stream is read in when it can be: a fetch body in workerd otherwise comes in 4 KiB chunks. */
export const LARGE_READ = 256 << 10

/**
 * Reads of `stream` (a byte stream: fetch bodies, Blob streams) filling `LARGE_READ`-byte
 * buffers (the last may be shorter), through workerd's `readAtLeast` or plain BYOB reads;
 * null when the stream has no BYOB reader. `{ next(), cancel(reason), release() }`,
 * `next()` resolving like `read()`. Each chunk crossing into JS costs the same whatever
 * its size (about 16 µs in workerd), so large reads cut the per-byte cost many times over.
 * With `reuse`, every read fills the previous chunk's buffer again: the caller must be
 * done with a chunk before asking for the next.
 */
export function largeReads (stream, { reuse = false } = {}) {
  let reader
  try {
    reader = stream.getReader({ mode: 'byob' })
  } catch {
    return null // not a byte stream
  }
  const fill = reader.readAtLeast
    ? (view) => reader.readAtLeast(view.byteLength, view)
    : (view) => reader.read(view)
  let spare = null
  return {
    async next () {
      let buffer = spare ?? new ArrayBuffer(LARGE_READ)
      spare = null
      let filled = 0
      while (filled < LARGE_READ) {
        const { done, value } = await fill(new Uint8Array(buffer, filled))
        if (value) {
          buffer = value.buffer
          filled += value.byteLength
        }
        if (done) break
      }
      if (reuse) spare = buffer
      return filled ? { done: false, value: new Uint8Array(buffer, 0, filled) } : { done: true, value: undefined }
    },
    cancel: (reason) => reader.cancel(reason),
    release: () => reader.releaseLock()
  }
}

function defaultReads (stream) {
  const reader = stream.getReader()
  return { next: () => reader.read(), cancel: (reason) => reader.cancel(reason), release: () => reader.releaseLock() }
}

function chunkBytes (chunk) {
  const bytes = asBytes(chunk)
  if (!bytes) throw invalidArgument('a stream chunk must be bytes')
  return bytes
}

/** Frees a wasm-bindgen object if it is still alive. */
export function free (object) {
  try {
    object?.free()
  } catch {}
}
