// A streaming SHA-256 of what the worker forwards: workerd's native `crypto.DigestStream`
// where there is one, else the SDK's content key over a pushed stream.
import { contentKey } from '../../../pkg/workerd.js'

const hex = (buffer) => '0x' + Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('')

/** `{ update(bytes), digest() }`: `update` resolves once the chunk is taken; `digest` to `0x` + 64 hex. */
export function streamingSha256 () {
  const native = globalThis.crypto?.DigestStream
  const sink = native ? new native('SHA-256') : new TransformStream()
  const digest = native ? sink.digest.then(hex) : contentKey(sink.readable)
  digest.catch(() => {}) // awaited by digest(); an abandoned hash never rejects unhandled
  const writer = (native ? sink : sink.writable).getWriter()
  return {
    update: (bytes) => writer.write(bytes),
    async digest () {
      await writer.close()
      return digest
    }
  }
}
