// A streaming SHA-256 of what the worker forwards: workerd's native `crypto.DigestStream`
// (WebCrypto's `digest` takes whole buffers only).

const hex = (buffer) => '0x' + Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('')

/** `{ update(bytes), digest() }`: `update` resolves once the chunk is taken; `digest` to `0x` + 64 hex. */
export function streamingSha256 () {
  const sink = new crypto.DigestStream('SHA-256')
  const digest = sink.digest.then(hex)
  digest.catch(() => {}) // awaited by digest(); an abandoned hash never rejects unhandled
  const writer = sink.getWriter()
  return {
    update: (bytes) => writer.write(bytes),
    async digest () {
      await writer.close()
      return digest
    }
  }
}
