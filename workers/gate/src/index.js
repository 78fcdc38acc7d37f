// workers/gate: downloads gated on a license (DESIGN §7). GET /assets/<id>[/path] with a
// permit streams verified bytes whose SHA-256 is the anchored key; GET /receipts/<digest>
// answers the signed receipt; GET /.well-known/proofmark-gate the worker's identity.
// A `Range` is served (206) from a verified range once the locator is bound to the key.
import { hasLicense, readAnchor, signReceipt, verifyPermit } from '../../../pkg/workerd.js'
import { bindingOf, recordBinding } from './binding.js'
import { verifiedCache } from './cache.js'
import { readConfig } from './config.js'
import { deliveryStream } from './deliver.js'
import { NonceLedger, nonceLedger, receiptLedger } from './ledger.js'
import { paymentRequired } from './pay.js'
import { parseRange, resolveRange } from './range.js'
import { announcedSize, openVerified } from './upstream.js'

export { NonceLedger }

const DIGEST = /^0x[0-9a-fA-F]{64}$/
const ZERO = `0x${'0'.repeat(64)}`
const SHA256_OF_NOTHING = '0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'

const json = (status, body, headers = {}) => new Response(JSON.stringify(body), {
  status,
  headers: { 'content-type': 'application/json', 'access-control-allow-origin': '*', ...headers }
})
const problem = (status, error, message, headers) => json(status, { error, message }, headers)

/** Server-Timing of a request's phases (`mark(name)` closes the phase since the last mark). */
function phases () {
  let last = Date.now()
  const marks = []
  return {
    mark (name) {
      const now = Date.now()
      marks.push(`${name};dur=${now - last}`)
      last = now
    },
    header: () => marks.join(', ')
  }
}

let config = null
const anchors = new Map() // id → { at, reading }: anchor records never change once written
let identity = null
let cache = null // verified deliveries by key (cache.js), set up with the config

/** The anchor reading of `id` (key, raw CID or locator CID), cached briefly per isolate. */
async function anchorOf (id) {
  const hit = anchors.get(id)
  if (hit && Date.now() - hit.at < config.anchorCacheSeconds * 1000) return hit.reading
  const reading = await readAnchor(id, { rpc: config.rpc.length === 1 ? config.rpc[0] : config.rpc, registry: config.registry, chainId: config.chainId, fromBlock: config.fromBlock })
  if (reading.key && reading.anchor.record?.cid) {
    if (anchors.size > 1024) anchors.clear()
    anchors.set(id, { at: Date.now(), reading })
  }
  return reading
}

/** The worker's signer address: signing a throwaway receipt is how the SDK reveals it. */
async function signerAddress (env) {
  identity ??= signReceipt({ key: ZERO, buyer: `0x${'0'.repeat(40)}`, permitDigest: ZERO, bytes: 0, anchorBlock: 0 },
    { chainId: config.chainId, registry: config.registry, privateKey: env.GATE_SIGNING_KEY }).then((r) => r.signer)
  return identity
}

/** The first size a gateway announces for `cid` and `path`, or null. */
async function firstSize (cid, path) {
  for (const gateway of config.gateways) {
    const size = await announcedSize(gateway, cid, path).catch(() => null)
    if (size !== null) return size
  }
  return null
}

/**
 * What the request's `Range` makes of a delivery of `key` from `cid` and `path`: `{ range:
 * null, ignored }` (the whole content, 200; `ignored` says why a Range was not honoured),
 * `{ range, size }` (206; `range` is `{ start, end }`, inclusive) or `{ unsatisfiable:
 * size }` (416). A range is served only where the locator is bound to the key (binding.js).
 */
async function rangePlan (request, env, key, cid, path) {
  const parsed = parseRange(request.headers.get('range'))
  if (!parsed || parsed.ignored) return { range: null, ignored: parsed?.ignored ?? null }
  const binding = await bindingOf(env, key, cid, path)
  if (!binding) return { range: null, ignored: 'binding-unknown' }
  const size = binding.size ?? await firstSize(cid, path)
  if (size === null) return { range: null, ignored: 'size-unknown' }
  const range = resolveRange(parsed, size)
  return range ? { range, size } : { unsatisfiable: size }
}

async function asset (request, env, ctx, id, path) {
  const timing = phases()
  let reading
  try {
    reading = await anchorOf(id)
  } catch (error) {
    if (error?.code === 'invalid-argument' || error?.code?.startsWith?.('invalid')) return problem(400, 'bad-id', error.message)
    return problem(502, error?.code ?? 'rpc-failed', error?.message)
  }
  timing.mark('anchor')
  const record = reading.anchor.record
  if (!reading.key || !record) return problem(404, 'not-anchored', `${id} has no anchor in ${config.registry}`)
  if (!record.cid) return problem(404, 'no-locator', `${id} was anchored without a locator CID`)
  const key = reading.key
  let permit
  try {
    permit = await verifyPermit(request.headers.get('authorization'), {
      chainId: config.chainId, registry: config.registry, audience: config.audience, key, rpc: config.rpc[0]
    })
  } catch (error) {
    if (!error?.status) throw error
    if (error.status === 402) return json(402, paymentRequired(config, key, record, error.code, error.message))
    return problem(error.status, error.code, error.message)
  }
  timing.mark('permit')
  const digestHeader = { 'proofmark-permit-digest': permit.digest }
  const nonce = nonceLedger(env, permit.buyer, permit.nonce, Number(permit.expires) + config.pruneSlackSeconds)
  const now = Math.floor(Date.now() / 1000)
  const { status: reserved, token } = await nonce.reserve(now, config.reserveSeconds)
  timing.mark('reserve')
  if (reserved !== 'ok') return problem(409, `nonce-${reserved}`, `the permit's nonce is ${reserved}`, digestHeader)
  let licensed
  try {
    licensed = await hasLicense(key, permit.buyer, { rpc: config.rpc.length === 1 ? config.rpc[0] : config.rpc, registry: config.registry, chainId: config.chainId, proven: config.proven })
  } catch (error) {
    await nonce.release(token)
    return problem(502, error?.code ?? 'rpc-failed', error?.message, digestHeader)
  }
  timing.mark('license')
  if (licensed !== true) {
    await nonce.release(token)
    const why = licensed === null ? 'license-not-final' : 'not-licensed'
    return json(402, paymentRequired(config, key, record, why, `${permit.buyer} holds no ${licensed === null ? 'final ' : ''}license for ${key}`), digestHeader)
  }
  const plan = await rangePlan(request, env, key, record.cid, path)
  if (plan.unsatisfiable !== undefined) {
    await nonce.release(token)
    return problem(416, 'range-not-satisfiable', `the content is ${plan.unsatisfiable} bytes`, { 'content-range': `bytes */${plan.unsatisfiable}`, ...digestHeader })
  }
  const { range } = plan
  // The key names the bytes whatever the locator or path: a cached delivery serves any of them.
  const cached = range ? null : await cache.open(key).catch(() => null)
  const opened = cached ?? await openVerified(config.gateways, record.cid, path, range)
  if (opened.absent) {
    await nonce.release(token, { at: now, reason: opened.absent.code })
    return problem(404, opened.absent.code, opened.absent.message, digestHeader)
  }
  if (!opened.reader) {
    await nonce.release(token, { at: now, reason: 'no-upstream', failures: opened.failures })
    return json(502, { error: 'no-upstream', message: 'no gateway served verified bytes', failures: opened.failures }, digestHeader)
  }
  timing.mark('upstream')
  if (range && opened.size !== plan.size) {
    // The range was resolved against a size the verified root block contradicts.
    opened.reader.cancel().catch(() => {})
    const failures = [...opened.failures, { gateway: opened.gateway, reason: 'size-mismatch' }]
    await nonce.release(token, { at: now, reason: 'size-mismatch', gateway: opened.gateway })
    return json(502, { error: 'size-mismatch', message: `the verified size is ${opened.size}, not ${plan.size}`, failures }, digestHeader)
  }
  if (!range && opened.size === 0 && key.toLowerCase() !== SHA256_OF_NOTHING) {
    // An empty body is complete before it could be checked: refuse it up front.
    opened.reader.cancel().catch(() => {})
    if (cached) ctx.waitUntil(cache.drop(key).catch(() => {}))
    await nonce.release(token, { at: now, reason: 'key-mismatch', gateway: opened.gateway })
    return problem(502, 'key-mismatch', `${opened.gateway} holds no bytes for ${key}`, digestHeader)
  }
  const { body, done } = deliveryStream(opened, key, {
    size: range ? range.end - range.start + 1 : opened.size,
    ranged: Boolean(range),
    keep: !cached && !range && cache.keeps(opened.size),
    async complete (bytes, kept) {
      // The locator's binding is learnt from its own verified CAR, never from the cache.
      if (!range && !cached) await recordBinding(env, key, record.cid, path, bytes)
      if (kept) ctx.waitUntil(cache.put(key, kept, bytes).catch(() => {}))
      const signed = await signReceipt({ key, buyer: permit.buyer, permitDigest: permit.digest, bytes, anchorBlock: record.block },
        { chainId: config.chainId, registry: config.registry, privateKey: env.GATE_SIGNING_KEY })
      if (!await nonce.spend(token, Math.floor(Date.now() / 1000))) {
        throw Object.assign(new Error('the reservation lapsed and the nonce was taken'), { code: 'nonce-lapsed' })
      }
      await receiptLedger(env, permit.digest).put({
        receipt: { ...signed.receipt, bytes: signed.receipt.bytes.toString(), anchorBlock: signed.receipt.anchorBlock.toString() },
        digest: signed.digest,
        signature: signed.signature,
        signer: signed.signer,
        chainId: config.chainId,
        registry: config.registry,
        gateway: opened.gateway
      })
    },
    async fail (reason, bytes) {
      console.log(JSON.stringify({ event: 'delivery-aborted', key, digest: permit.digest, gateway: opened.gateway, reason, bytes }))
      if (cached) ctx.waitUntil(cache.drop(key).catch(() => {}))
      await nonce.release(token, { at: Math.floor(Date.now() / 1000), reason, gateway: opened.gateway, bytes })
    }
  })
  ctx.waitUntil(done)
  return new Response(body, {
    status: range ? 206 : 200,
    headers: {
      'content-type': 'application/octet-stream',
      'access-control-allow-origin': '*',
      'access-control-expose-headers': 'proofmark-permit-digest, proofmark-content-key, proofmark-cache, proofmark-receipt, proofmark-range-ignored, content-range, server-timing',
      'accept-ranges': 'bytes',
      ...(range ? { 'content-range': `bytes ${range.start}-${range.end}/${plan.size}` } : {}),
      ...(plan.ignored ? { 'proofmark-range-ignored': plan.ignored } : {}),
      'proofmark-content-key': key,
      'proofmark-cache': cached ? 'hit' : 'miss',
      'proofmark-receipt': `/receipts/${permit.digest}`,
      'x-ipfs-path': `/ipfs/${record.cid}${path}`,
      'server-timing': timing.header(),
      ...digestHeader
    }
  })
}

async function route (request, env, ctx) {
  const url = new URL(request.url)
  if (request.method === 'OPTIONS') {
    return new Response(null, { status: 204, headers: { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'authorization, range', 'access-control-allow-methods': 'GET' } })
  }
  if (request.method !== 'GET') return problem(405, 'method-not-allowed', 'GET only')
  if (url.pathname === '/.well-known/proofmark-gate') {
    return json(200, { address: await signerAddress(env), chainId: config.chainId, registry: config.registry, audience: config.audience })
  }
  const receipt = url.pathname.match(/^\/receipts\/([^/]+)$/)
  if (receipt) {
    if (!DIGEST.test(receipt[1])) return problem(400, 'bad-digest', 'a permit digest is 0x + 64 hex')
    const stored = await receiptLedger(env, receipt[1]).get()
    return stored ? json(200, stored) : problem(404, 'no-receipt', 'no completed delivery for this permit')
  }
  const assetPath = url.pathname.match(/^\/assets\/([^/]+)((?:\/[^/]+)*)\/?$/)
  if (assetPath) return asset(request, env, ctx, decodeURIComponent(assetPath[1]), assetPath[2])
  return problem(404, 'not-found', 'GET /assets/<key|cid>[/path], /receipts/<permit digest>, /.well-known/proofmark-gate')
}

export default {
  /** The worker's fetch handler. */
  async fetch (request, env, ctx) {
    try {
      config ??= readConfig(env)
      cache ??= verifiedCache(config.cacheMaxBytes)
      return await route(request, env, ctx)
    } catch (error) {
      // Never echo anything that could carry a secret: the code and a fixed message.
      console.log(JSON.stringify({ event: 'error', code: error?.code ?? null }))
      return problem(500, 'internal', 'internal error')
    }
  }
}
