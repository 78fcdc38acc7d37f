// Permits and receipts of the edge worker (DESIGN §7) over the permit module:
// verifyPermit (with the ERC-1271 eth_call of contract wallets), signReceipt, verifyReceipt.
import { asBytes, codedError, invalidArgument } from './common.js'

const HEX = /^0x(?:[0-9a-fA-F]{2})*$/

/** An `Error` with `code` and the HTTP `status` an edge answers with. */
function statusError (code, status, message) {
  const error = codedError(code, message)
  error.status = status
  return error
}

/** A uint64 as a decimal string, from a bigint, a safe integer, `0x` hex or decimal text. */
function decimal (value, what, fail = invalidArgument) {
  if (typeof value === 'bigint') {
    if (value < 0n || value >= 1n << 64n) throw fail(`${what} must fit in uint64`)
    return value.toString()
  }
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) throw fail(`${what} must be a non-negative safe integer or a bigint`)
    return value.toString()
  }
  if (typeof value === 'string') {
    if (/^0x[0-9a-fA-F]+$/.test(value)) return decimal(BigInt(value), what, fail)
    return value // decimal text: wasm checks it is canonical
  }
  throw fail(`${what} must be a bigint, a number or a string`)
}

/** A `0x` hex string or bytes as bytes. */
function bytesOf (value, what) {
  const bytes = asBytes(value)
  if (bytes) return bytes
  if (typeof value === 'string' && HEX.test(value)) {
    const out = new Uint8Array((value.length - 2) / 2)
    for (let i = 0; i < out.length; i++) out[i] = parseInt(value.slice(2 + 2 * i, 4 + 2 * i), 16)
    return out
  }
  throw invalidArgument(`${what} must be bytes or 0x hex`)
}

const toHex = (bytes) => '0x' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')

function text (value, what) {
  if (typeof value !== 'string') throw invalidArgument(`${what} must be a string`)
  return value
}

const VERIFY_OPTIONS = ['chainId', 'registry', 'audience', 'now', 'key', 'buyer', 'rpc']

function checkKeys (options, allowed) {
  if (options === null || typeof options !== 'object') throw invalidArgument('options must be an object')
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) throw invalidArgument(`unknown option ${JSON.stringify(key)} (expected one of ${allowed.join(', ')})`)
  }
}

/** The permit JSON text from a permit object: its fields as the wire form has them. */
function permitJson (permit) {
  const malformed = (message) => statusError('malformed-permit', 400, message)
  const wire = { ...permit }
  if ('expires' in wire) wire.expires = decimal(wire.expires, 'expires', malformed)
  if (wire.signature !== undefined && typeof wire.signature !== 'string') {
    const bytes = asBytes(wire.signature)
    if (!bytes) throw malformed('signature must be 0x hex or bytes')
    wire.signature = toHex(bytes)
  }
  return JSON.stringify(wire)
}

/** One JSON-RPC `eth_call` at `latest`: the return data, or a coded error. */
async function ethCall (rpc, call) {
  let response
  try {
    response = await fetch(rpc, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_call', params: [call, 'latest'] })
    })
  } catch (error) {
    throw statusError('rpc-error', 502, `eth_call to ${rpc} failed: ${error?.message ?? error}`)
  }
  let body
  try {
    body = await response.json()
  } catch {
    throw statusError('rpc-error', 502, `eth_call to ${rpc}: HTTP ${response.status}, not JSON-RPC`)
  }
  if (body?.error) {
    // A revert is the wallet's answer: it does not accept the signature.
    if (body.error.code === 3 || /revert/i.test(String(body.error.message))) {
      throw statusError('bad-signature', 401, `the buyer's ERC-1271 wallet reverted: ${body.error.message}`)
    }
    throw statusError('rpc-error', 502, `eth_call to ${rpc}: ${body.error.message ?? JSON.stringify(body.error)}`)
  }
  if (typeof body?.result !== 'string' || !HEX.test(body.result)) {
    throw statusError('rpc-error', 502, `eth_call to ${rpc}: the result is not 0x hex data`)
  }
  return bytesOf(body.result, 'result')
}

/** Builds verifyPermit, signReceipt and verifyReceipt over `loader` (the permit module's). */
export function makePermitApi (loader) {
  const wasm = loader.glue

  async function verifyPermit (permit, options) {
    checkKeys(options, VERIFY_OPTIONS)
    const { chainId, registry, audience, now, key, buyer, rpc } = options
    const context = {
      chainId: decimal(chainId, 'chainId'),
      registry: text(registry, 'registry'),
      audience: text(audience, 'audience'),
      now: decimal(now ?? Math.floor(Date.now() / 1000), 'now')
    }
    if (key !== undefined) context.key = text(key, 'key')
    if (buyer !== undefined) context.buyer = text(buyer, 'buyer')
    if (rpc !== undefined && typeof rpc !== 'string' && !(rpc instanceof URL)) throw invalidArgument('rpc must be a URL')
    let source, header
    if (permit === null || permit === undefined) {
      // What `request.headers.get('authorization')` gives when the buyer sent none.
      throw statusError('no-permit', 402, 'no permit: send Authorization: Proofmark-Permit <base64url(JSON)>')
    } else if (typeof permit === 'string') {
      source = permit
      header = true
    } else if (typeof permit === 'object') {
      source = permitJson(permit)
      header = false
    } else {
      throw statusError('malformed-permit', 400, 'a permit is an Authorization header value or a permit object')
    }
    await loader.init()
    const checked = wasm.verifyPermit(source, header, context)
    let via = 'ecdsa'
    if (checked.erc1271) {
      if (rpc === undefined) throw wasm.erc1271Required(checked.buyer)
      wasm.checkErc1271Answer(await ethCall(String(rpc), checked.erc1271))
      via = 'erc1271'
    }
    return {
      ok: true,
      digest: checked.digest,
      buyer: checked.buyer,
      key: checked.key,
      nonce: checked.nonce,
      expires: BigInt(checked.expires),
      audience: checked.audience,
      via
    }
  }

  /** The receipt's fields in wire form, and the receipt as returned (bigints). */
  function receiptFields (receipt, chainId, registry) {
    if (receipt === null || typeof receipt !== 'object') throw invalidArgument('a receipt is {key, buyer, permitDigest, bytes, anchorBlock}')
    checkKeys(receipt, ['key', 'buyer', 'permitDigest', 'bytes', 'anchorBlock'])
    const fields = {
      key: text(receipt.key, 'key'),
      buyer: text(receipt.buyer, 'buyer'),
      permitDigest: text(receipt.permitDigest, 'permitDigest'),
      bytes: decimal(receipt.bytes, 'bytes'),
      anchorBlock: decimal(receipt.anchorBlock, 'anchorBlock'),
      chainId: decimal(chainId, 'chainId'),
      registry: text(registry, 'registry')
    }
    return fields
  }

  async function signReceipt (receipt, options) {
    checkKeys(options, ['chainId', 'registry', 'privateKey'])
    const fields = receiptFields(receipt, options.chainId, options.registry)
    const secret = bytesOf(options.privateKey, 'privateKey')
    await loader.init()
    const signed = wasm.signReceipt(fields, secret)
    return {
      receipt: { key: fields.key, buyer: fields.buyer, permitDigest: fields.permitDigest, bytes: BigInt(fields.bytes), anchorBlock: BigInt(fields.anchorBlock) },
      digest: signed.digest,
      signature: signed.signature,
      signer: signed.signer
    }
  }

  async function verifyReceipt (receipt, signature, options) {
    checkKeys(options, ['chainId', 'registry', 'signer'])
    const fields = receiptFields(receipt, options.chainId, options.registry)
    const bytes = bytesOf(signature, 'signature')
    await loader.init()
    return wasm.verifyReceipt(fields, bytes, text(options.signer, 'signer'))
  }

  return { verifyPermit, signReceipt, verifyReceipt }
}
