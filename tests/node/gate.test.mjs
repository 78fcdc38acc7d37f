// workers/gate in workerd (Miniflare) against a real chain stack: anvil, the registry, a
// published asset served by `proofmark gateway serve` behind counting loopback proxies.
import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'

import { encodeAbiParameters, hashTypedData } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

import { ACCOUNTS } from './lib/anvil.mjs'
import { startChainStack } from './lib/chain-stack.mjs'
import { proofmark, repoRoot } from './lib/cli.mjs'
import { AUDIENCE, TEST_SIGNING_KEY, anchorInDirectory, publishLarge, startGate, startUpstream, workerdFigures } from './lib/gate.mjs'
import { FIXTURES } from './lib/runtimes.mjs'
import { seededBytes } from './lib/bytes.mjs'
import { watchIsolateMemory } from './lib/isolate-memory.mjs'

const pm = await import('../../pkg/index.js')
const [AUDITOR, , BUYER] = ACCOUNTS
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n

const b64url = (text) => Buffer.from(text).toString('base64url')
const nonce = () => `0x${randomBytes(32).toString('hex')}`

let stack, env, gate, first, second, modes
const upstreamRequests = () => first.count() + second.count()

/** A signed permit header; `fields` override the defaults, `signer` is a private key. */
async function permit (fields = {}, signer = BUYER[1]) {
  const p = { key: env.keys.published, buyer: BUYER[0], audience: AUDIENCE, expires: String(Math.floor(Date.now() / 1000) + 600), nonce: nonce(), ...fields }
  const signature = await privateKeyToAccount(signer).signTypedData(pm.permitTypedData({ chainId: env.chainId, registry: env.registry, ...p }))
  return { fields: p, signature, header: `Proofmark-Permit ${b64url(JSON.stringify({ ...p, signature }))}` }
}

const headerOf = (fields, signature) => `Proofmark-Permit ${b64url(JSON.stringify({ ...fields, signature }))}`
const get = (path, header) => gate.fetch(path, header ? { headers: { authorization: header } } : {})
/** A UnixFS directory with `subdir/ascii.txt` (a raw leaf). */
const DIRECTORY_CAR = join(FIXTURES, 'gateway-conformance/subdir-with-two-single-block-files.car')
const sha256 = (bytes) => `0x${createHash('sha256').update(bytes).digest('hex')}`

/** What `gateway`'s ledger holds for a buyer's nonce: `{ state, failures }`. */
async function inspect (gateway, buyer, n) {
  const ns = await gateway.mf.getDurableObjectNamespace('LEDGER')
  return ns.get(ns.idFromName(`buyer:${buyer.toLowerCase()}`)).inspect(n.toLowerCase())
}

/** Waits (up to 5 s) for workerd's output to match `pattern`: its stdout reaches us late. */
async function logged (gateway, pattern) {
  for (const deadline = Date.now() + 5000; !pattern.test(gateway.log());) {
    if (Date.now() > deadline) assert.fail(`workerd's output never matched ${pattern}:\n${gateway.log().slice(-2000)}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Reads a body to its end: `{ bytes, error }` (error: the body did not end cleanly). */
async function drain (response) {
  const hash = createHash('sha256')
  let bytes = 0
  try {
    for await (const chunk of response.body) {
      hash.update(chunk)
      bytes += chunk.length
    }
    return { bytes, key: `0x${hash.digest('hex')}`, error: null }
  } catch (error) {
    return { bytes, key: null, error }
  }
}

async function buy (from, key) {
  const { anchor } = await pm.readAnchor(key, { rpc: env.rpc, registry: env.registry, chainId: env.chainId })
  const call = pm.buyLicenseCall({ registry: env.registry, key, price: anchor.record.price })
  await stack.anvil.rpc('eth_sendTransaction', [{ from, to: call.to, data: call.data, value: `0x${call.value.toString(16)}` }])
  await stack.anvil.rpc('anvil_mine', ['0x1'])
  return anchor
}

before(async () => {
  stack = await startChainStack()
  env = stack.env
  await buy(BUYER[0], env.keys.published)
  modes = { first: 'pass', second: 'pass' }
  first = await startUpstream(env.gateway, () => modes.first)
  second = await startUpstream(env.gateway, () => modes.second)
  gate = await startGate({ env, gateways: [first.url, second.url] })
}, { timeout: 240_000 })

after(async () => {
  await gate?.close()
  await first?.close()
  await second?.close()
  stack?.stop()
})

describe('gate', () => {
  test('/.well-known/proofmark-gate names the signer, chain, registry and audience', async () => {
    const response = await get('/.well-known/proofmark-gate')
    assert.equal(response.status, 200)
    assert.deepEqual(await response.json(), {
      address: privateKeyToAccount(TEST_SIGNING_KEY).address, chainId: 31337, registry: env.registry, audience: AUDIENCE
    })
  })

  test('no permit: 402 with how to pay, nothing fetched upstream', async () => {
    first.reset()
    second.reset()
    const response = await get(`/assets/${env.keys.published}`)
    assert.equal(response.status, 402)
    const body = await response.json()
    assert.equal(body.error, 'no-permit')
    const call = pm.buyLicenseCall({ registry: env.registry, key: env.keys.published, price: 0 })
    assert.deepEqual(body.accepts, [{
      scheme: 'proofmark-license', chainId: 31337, registry: env.registry, key: env.keys.published, price: '0',
      creator: env.studio, buyLicense: { to: call.to, data: call.data, value: '0' }
    }])
    assert.equal(body.permit.audience, AUDIENCE)
    assert.equal(upstreamRequests(), 0)
  })

  test('a valid permit with a license: 200, the original bytes, a receipt that verifies', async () => {
    first.reset()
    second.reset()
    const { header, fields } = await permit()
    const response = await get(`/assets/${env.keys.published}`, header)
    assert.equal(response.status, 200)
    const digest = response.headers.get('proofmark-permit-digest')
    // DESIGN §7's typed data, written out here and hashed by viem.
    assert.equal(digest, hashTypedData({
      domain: { name: 'Proofmark Gate', version: '1', chainId: env.chainId, verifyingContract: env.registry },
      types: { Permit: [['key', 'bytes32'], ['buyer', 'address'], ['audience', 'string'], ['expires', 'uint64'], ['nonce', 'bytes32']].map(([name, type]) => ({ name, type })) },
      primaryType: 'Permit',
      message: { ...fields, expires: BigInt(fields.expires) }
    }))
    const body = new Uint8Array(await response.arrayBuffer())
    const [size, seed] = env.assets.published
    assert.equal(body.length, size)
    assert.ok(Buffer.from(body).equals(Buffer.from(seededBytes(size, seed))))
    assert.equal(response.headers.get('content-length'), String(size))
    assert.equal(first.count(), 1) // the CAR only: its verified root block gives the size
    assert.equal(second.count(), 0)

    const receipt = await (await get(`/receipts/${digest}`)).json()
    const { anchor } = await pm.readAnchor(env.keys.published, { rpc: env.rpc, registry: env.registry, chainId: env.chainId })
    assert.deepEqual(receipt.receipt, {
      key: env.keys.published, buyer: BUYER[0], permitDigest: digest, bytes: String(size), anchorBlock: String(anchor.record.block)
    })
    assert.equal(receipt.signer, privateKeyToAccount(TEST_SIGNING_KEY).address)
    const options = { chainId: env.chainId, registry: env.registry, signer: receipt.signer }
    assert.equal(await pm.verifyReceipt(receipt.receipt, receipt.signature, options), true)
    assert.equal(await pm.verifyReceipt({ ...receipt.receipt, bytes: size - 1 }, receipt.signature, options), false)
    // The digest is the permit's EIP-712 hash.
    const verified = await pm.verifyPermit(header, { chainId: env.chainId, registry: env.registry, audience: AUDIENCE })
    assert.equal(verified.digest, digest)
    assert.equal(fields.buyer, BUYER[0])

    // Spent: the same permit again is 409, and fetches nothing.
    const again = await get(`/assets/${env.keys.published}`, header)
    assert.equal(again.status, 409)
    assert.equal((await again.json()).error, 'nonce-spent')
    assert.equal(upstreamRequests(), 1)
  })

  test('the asset by its locator CID and by its raw CID', async () => {
    const byLocator = await get(`/assets/${env.cids.published}`, (await permit()).header)
    assert.equal(byLocator.status, 200)
    assert.equal(sha256(new Uint8Array(await byLocator.arrayBuffer())), env.keys.published)
    const raw = (await proofmark(['cid', join(stack.dir, 'published.bin'), '--profile', 'raw'])).trim()
    const byRaw = await get(`/assets/${raw}`, (await permit()).header)
    assert.equal(byRaw.status, 200)
    assert.equal(sha256(new Uint8Array(await byRaw.arrayBuffer())), env.keys.published)
  })

  test('refusals: 400 malformed, 401 expired / audience / key / buyer / domain / high-s, 402 no license; nothing fetched', async () => {
    first.reset()
    second.reset()
    const path = `/assets/${env.keys.published}`
    const expect = async (header, status, code) => {
      const response = await get(path, header)
      const body = await response.json()
      assert.deepEqual([response.status, body.error], [status, code], JSON.stringify(body))
      return body
    }
    await expect('Proofmark-Permit !!!', 400, 'malformed-permit')
    await expect(`Proofmark-Permit ${b64url('{"key":1}')}`, 400, 'malformed-permit')
    await expect((await permit({ expires: String(Math.floor(Date.now() / 1000) - 1) })).header, 401, 'permit-expired')
    await expect((await permit({ audience: 'https://other-gate.example' })).header, 401, 'permit-wrong-audience')
    await expect((await permit({ key: env.keys.derived })).header, 401, 'permit-wrong-key')
    // Signed by another account on the buyer's behalf: recovers to someone else.
    await expect((await permit({}, AUDITOR[1])).header, 401, 'bad-signature')
    // Signed under another domain (chain id 1): recovers to someone else, too.
    const fields = { key: env.keys.published, buyer: BUYER[0], audience: AUDIENCE, expires: String(Math.floor(Date.now() / 1000) + 600), nonce: nonce() }
    const foreign = await privateKeyToAccount(BUYER[1]).signTypedData(pm.permitTypedData({ chainId: 1, registry: env.registry, ...fields }))
    await expect(headerOf(fields, foreign), 401, 'bad-signature')
    const good = await permit()
    const sig = good.signature
    const s = BigInt(`0x${sig.slice(66, 130)}`)
    const v = parseInt(sig.slice(130), 16)
    const highS = `${sig.slice(0, 66)}${(N - s).toString(16).padStart(64, '0')}${(v === 27 ? 28 : 27).toString(16)}`
    await expect(headerOf(good.fields, highS), 401, 'signature-high-s')
    // The auditor signs its own, valid permit but holds no license.
    const body = await expect((await permit({ buyer: AUDITOR[0] }, AUDITOR[1])).header, 402, 'not-licensed')
    assert.equal(body.accepts[0].key, env.keys.published)
    assert.equal(upstreamRequests(), 0)
    // None of these spent the good permit's nonce.
    assert.equal((await get(path, good.header)).status, 200)
  })

  test('ids: garbage is 400, an unanchored key 404; nothing fetched', async () => {
    first.reset()
    second.reset()
    const bad = await get('/assets/not-a-cid', (await permit()).header)
    assert.deepEqual([bad.status, (await bad.json()).error], [400, 'bad-id'])
    const none = await get(`/assets/${env.keys.unanchored}`, (await permit({ key: env.keys.unanchored })).header)
    assert.deepEqual([none.status, (await none.json()).error], [404, 'not-anchored'])
    assert.equal(upstreamRequests(), 0)
  })

  test('proven licenses: a final license passes, one bought in the latest block is not final yet (402)', async () => {
    await stack.anvil.rpc('anvil_mine', ['0x2']) // the buyer's license (before()) is final now
    const proven = await startGate({ env, gateways: [first.url], vars: { PROVEN_LICENSE: 'true' } })
    try {
      const ok = await proven.fetch(`/assets/${env.keys.published}`, { headers: { authorization: (await permit()).header } })
      assert.equal(ok.status, 200, ok.status === 200 ? '' : await ok.text())
      assert.equal((await drain(ok)).key, env.keys.published)
      // The studio buys `published` now: at latest, not yet at the finalized block.
      const call = pm.buyLicenseCall({ registry: env.registry, key: env.keys.published, price: 0 })
      await stack.anvil.receipt(await stack.anvil.rpc('eth_sendTransaction', [{ from: env.studio, to: call.to, data: call.data, value: '0x0' }]))
      const studioPermit = await permit({ buyer: env.studio }, ACCOUNTS[1][1])
      const early = await proven.fetch(`/assets/${env.keys.published}`, { headers: { authorization: studioPermit.header } })
      assert.deepEqual([early.status, (await early.json()).error], [402, 'license-not-final'])
      await stack.anvil.rpc('anvil_mine', ['0x3'])
      const later = await proven.fetch(`/assets/${env.keys.published}`, { headers: { authorization: studioPermit.header } })
      assert.equal(later.status, 200)
      assert.equal((await drain(later)).key, env.keys.published)
    } finally {
      await proven.close()
    }
  })

  test('replay: 100 concurrent requests with one permit, exactly one 200, the rest 409', async () => {
    first.reset()
    second.reset()
    const { header } = await permit()
    const responses = await Promise.all(Array.from({ length: 100 }, () => get(`/assets/${env.keys.published}`, header)))
    const statuses = responses.map((r) => r.status)
    const ok = responses.filter((r) => r.status === 200)
    assert.equal(ok.length, 1, JSON.stringify(statuses))
    assert.equal(statuses.filter((s) => s === 409).length, 99)
    assert.equal((await drain(ok[0])).key, env.keys.published)
    await Promise.all(responses.filter((r) => r.status !== 200).map((r) => r.arrayBuffer()))
    assert.equal(upstreamRequests(), 1)
  })

  test('a reservation that lapses mid-delivery never yields two deliveries', async () => {
    // RESERVE_SECONDS=0: every reservation has lapsed by the next request, so all start.
    const lapsing = await startGate({ env, gateways: [first.url], vars: { RESERVE_SECONDS: '0' } })
    try {
      const { header } = await permit()
      const responses = await Promise.all(Array.from({ length: 10 }, () => lapsing.fetch(`/assets/${env.keys.published}`, { headers: { authorization: header } })))
      const results = await Promise.all(responses.map((r) => r.status === 200 ? drain(r) : r.arrayBuffer().then(() => ({ status: r.status }))))
      const clean = results.filter((r) => r.key === env.keys.published && r.error === null)
      assert.equal(clean.length, 1, JSON.stringify(results.map((r) => r.status ?? (r.error ? 'aborted' : r.key))))
      await logged(lapsing, /"reason":"nonce-lapsed"/)
    } finally {
      await lapsing.close()
    }
  })

  test('spent nonces are pruned once their permit has expired; the permit stays refused', { timeout: 60_000 }, async () => {
    const pruning = await startGate({ env, gateways: [first.url], vars: { PRUNE_SLACK_SECONDS: '0' } })
    try {
      const expires = Math.floor(Date.now() / 1000) + 2
      const { header, fields } = await permit({ expires: String(expires) })
      const response = await pruning.fetch(`/assets/${env.keys.published}`, { headers: { authorization: header } })
      assert.equal(response.status, 200)
      assert.equal((await drain(response)).key, env.keys.published)
      assert.equal((await inspect(pruning, BUYER[0], fields.nonce)).state.spent, true)
      await new Promise((resolve) => setTimeout(resolve, (expires + 2) * 1000 - Date.now()))
      const after = await inspect(pruning, BUYER[0], fields.nonce)
      assert.deepEqual([after.state, after.failures.length], [null, 0])
      const replay = await pruning.fetch(`/assets/${env.keys.published}`, { headers: { authorization: header } })
      assert.deepEqual([replay.status, (await replay.json()).error], [401, 'permit-expired'])
    } finally {
      await pruning.close()
    }
  })

  test('a tampered block after bytes were sent aborts the download; the nonce is released', async () => {
    modes.first = { flipAt: Infinity } // the last byte: in the last leaf
    try {
      const { header, fields } = await permit()
      const response = await get(`/assets/${env.keys.published}`, header)
      assert.equal(response.status, 200)
      const result = await drain(response)
      assert.ok(result.error, `the body must not end cleanly: ${result.bytes} bytes ${result.key}\n${gate.log()}`)
      // The headers (200, Content-Length) went out; no byte of the body did: the first
      // 1 MiB leaf is held back until the next (the last, tampered) one verifies.
      assert.equal(response.headers.get('content-length'), String(env.assets.published[0]))
      assert.equal(result.bytes, 0)
      await logged(gate, /"event":"delivery-aborted".*"reason":"block-mismatch"/)
      const digest = response.headers.get('proofmark-permit-digest')
      assert.equal((await get(`/receipts/${digest}`)).status, 404)
      const ledger = await inspect(gate, BUYER[0], fields.nonce)
      assert.equal(ledger.state, null) // released
      assert.deepEqual(ledger.failures.map((f) => [f.reason, f.gateway]), [['block-mismatch', first.url]])
      modes.first = 'pass'
      const retry = await get(`/assets/${env.keys.published}`, header)
      assert.equal(retry.status, 200)
      assert.equal((await drain(retry)).key, env.keys.published)
      assert.equal((await get(`/receipts/${digest}`)).status, 200)
    } finally {
      modes.first = 'pass'
    }
  })

  test('a gateway that announces no size: Content-Length is the size the verified root block declares; a tampered last block still aborts', { timeout: 120_000 }, async () => {
    let how = 'pass'
    const bare = await startUpstream(env.gateway, () => how, { stripLength: true })
    const lone = await startGate({ env, gateways: [bare.url] })
    const [size, seed] = env.assets.published
    const fetchAsset = (header) => lone.fetch(`/assets/${env.keys.published}`, { headers: { authorization: header } })
    try {
      const head = await fetch(`${bare.url}/ipfs/${env.cids.published}`, { method: 'HEAD' })
      assert.deepEqual([head.status, head.headers.get('content-length')], [200, null])
      const car = await fetch(`${bare.url}/ipfs/${env.cids.published}?dag-scope=entity`, { headers: { accept: 'application/vnd.ipld.car' } })
      assert.deepEqual([car.status, car.headers.get('content-length'), car.headers.get('transfer-encoding')], [200, null, 'chunked'])
      await car.arrayBuffer()

      bare.reset()
      const whole = await fetchAsset((await permit()).header)
      assert.equal(whole.status, 200)
      assert.equal(whole.headers.get('content-length'), String(size))
      const body = Buffer.from(await whole.arrayBuffer())
      assert.equal(body.length, size)
      assert.ok(body.equals(Buffer.from(seededBytes(size, seed))))
      assert.equal(bare.count(), 1) // the CAR only

      how = { flipAt: Infinity } // the last byte: in the last leaf
      const { header, fields } = await permit()
      const response = await fetchAsset(header)
      assert.equal(response.status, 200)
      assert.equal(response.headers.get('content-length'), String(size))
      const result = await drain(response)
      assert.ok(result.error, `the body must not end cleanly: ${result.bytes} bytes ${result.key}\n${lone.log()}`)
      assert.equal(result.bytes, 0, 'the first leaf waits for the tampered last one')
      await logged(lone, /"event":"delivery-aborted".*"reason":"block-mismatch"/)
      assert.equal((await lone.fetch(`/receipts/${response.headers.get('proofmark-permit-digest')}`)).status, 404)
      const ledger = await inspect(lone, BUYER[0], fields.nonce)
      assert.equal(ledger.state, null) // released
      assert.deepEqual(ledger.failures.map((f) => [f.reason, f.gateway]), [['block-mismatch', bare.url]])
    } finally {
      await lone.close()
      await bare.close()
    }
  })

  test('bytes that verify against the locator CID but hash to another key: the download aborts', { timeout: 120_000 }, async () => {
    // A lying anchor: the key of `liar.bin`, the locator CID of `published`.
    const file = (name) => join(stack.dir, name)
    writeFileSync(file('liar.bin'), seededBytes(5_000, 106))
    const target = ['--rpc', env.rpc, '--registry', env.registry, '--chain-id', '31337']
    await proofmark(['zk', 'prove', '--model-key', file('m1/model.key.json'), '--registry-file', file('a.json'),
      '--asset', file('liar.bin'), '--creator', env.studio, '--setup', file('setup'),
      '--out', file('liar.proof.json'), '--public', file('liar.public.json')])
    await proofmark(['anchor', file('liar.bin'), '--proof', file('liar.proof.json'), '--public', file('liar.public.json'),
      ...target, '--cid', env.cids.published, '--private-key', ACCOUNTS[1][1]])
    const key = sha256(seededBytes(5_000, 106))
    await buy(BUYER[0], key)
    const { header, fields } = await permit({ key })
    const response = await get(`/assets/${key}`, header)
    assert.equal(response.status, 200)
    const result = await drain(response)
    assert.ok(result.error, 'the body must not end cleanly')
    // Every leaf matches its CID, so the first goes out; the whole file's SHA-256 is known
    // only at the end, and the last leaf is held back until it matches the key.
    assert.equal(result.bytes, 1 << 20)
    await logged(gate, new RegExp(`"event":"delivery-aborted","key":"${key}".*"reason":"key-mismatch"`))
    assert.deepEqual((await inspect(gate, BUYER[0], fields.nonce)).failures.map((f) => f.reason), ['key-mismatch'])
    assert.equal((await get(`/receipts/${response.headers.get('proofmark-permit-digest')}`)).status, 404)
  })

  test('failover before the first byte: 5xx, refused connection, tampered root block', async () => {
    for (const how of ['fail', 'refuse', { flipAt: 200 }]) {
      first.reset()
      second.reset()
      modes.first = how
      try {
        const response = await get(`/assets/${env.keys.published}`, (await permit()).header)
        assert.equal(response.status, 200, JSON.stringify(how))
        assert.equal((await drain(response)).key, env.keys.published)
        assert.deepEqual([first.count() >= 1, second.count()], [true, 1])
      } finally {
        modes.first = 'pass'
      }
    }
  })

  test('every upstream failing: 502, the nonce released, a retry with the same permit succeeds', async () => {
    modes.first = 'fail'
    modes.second = 'refuse'
    const { header } = await permit()
    try {
      const response = await get(`/assets/${env.keys.published}`, header)
      assert.equal(response.status, 502)
      const body = await response.json()
      assert.equal(body.error, 'no-upstream')
      assert.deepEqual(body.failures.map((f) => f.gateway), [first.url, second.url])
      assert.equal(body.failures[0].reason, 'HTTP 503')
    } finally {
      modes.first = 'pass'
      modes.second = 'pass'
    }
    const retry = await get(`/assets/${env.keys.published}`, header)
    assert.equal(retry.status, 200)
    assert.equal((await drain(retry)).key, env.keys.published)
  })

  test('Range on a raw-CID locator (bound at once): 206 with the exact bytes, suffix, open end, 416, several ranges ignored', { timeout: 120_000 }, async () => {
    const small = await publishLarge(stack, 'small', 300_000)
    const proxy = await startUpstream(small.gateway)
    const raw = await startGate({ env, gateways: [proxy.url] })
    try {
      // One 1 MiB chunk or less: a raw CID, its digest the key.
      assert.equal(small.cid, (await proofmark(['cid', join(stack.dir, 'small.bin'), '--profile', 'raw'])).trim())
      await buy(BUYER[0], small.key)
      const bytes = readFileSync(join(stack.dir, 'small.bin'))
      const ranged = async (range, p) => raw.fetch(`/assets/${small.key}`, { headers: { authorization: (p ?? await permit({ key: small.key })).header, range } })

      const p = await permit({ key: small.key })
      const response = await ranged('bytes=1000-1999', p)
      assert.equal(response.status, 206)
      assert.equal(response.headers.get('content-range'), 'bytes 1000-1999/300000')
      assert.equal(response.headers.get('content-length'), '1000')
      assert.ok(Buffer.from(await response.arrayBuffer()).equals(bytes.subarray(1000, 2000)))
      const receipt = await (await raw.fetch(`/receipts/${response.headers.get('proofmark-permit-digest')}`)).json()
      assert.equal(receipt.receipt.bytes, '1000')
      // A ranged delivery is a delivery: the nonce is spent.
      const again = await ranged('bytes=0-9', p)
      assert.deepEqual([again.status, (await again.json()).error], [409, 'nonce-spent'])

      const suffix = await ranged('bytes=-500')
      assert.deepEqual([suffix.status, suffix.headers.get('content-range')], [206, 'bytes 299500-299999/300000'])
      assert.ok(Buffer.from(await suffix.arrayBuffer()).equals(bytes.subarray(299_500)))
      const open = await ranged('bytes=299990-')
      assert.deepEqual([open.status, open.headers.get('content-range')], [206, 'bytes 299990-299999/300000'])
      assert.ok(Buffer.from(await open.arrayBuffer()).equals(bytes.subarray(299_990)))

      // Unsatisfiable: 416, and the nonce is free again for a satisfiable request.
      const q = await permit({ key: small.key })
      const past = await ranged('bytes=300000-', q)
      assert.deepEqual([past.status, past.headers.get('content-range'), (await past.json()).error], [416, 'bytes */300000', 'range-not-satisfiable'])
      const retry = await ranged('bytes=0-0', q)
      assert.deepEqual([retry.status, retry.headers.get('content-range')], [206, 'bytes 0-0/300000'])
      assert.deepEqual([...new Uint8Array(await retry.arrayBuffer())], [bytes[0]])

      // Several ranges: the whole content, 200, and the header says why.
      const several = await ranged('bytes=0-9,20-29')
      assert.deepEqual([several.status, several.headers.get('proofmark-range-ignored'), several.headers.get('content-range')], [200, 'multiple-ranges', null])
      assert.equal(sha256(new Uint8Array(await several.arrayBuffer())), small.key)
    } finally {
      await raw.close()
      await proxy.close()
      small.close()
    }
  })

  test('verified bytes are cached by key: a second download needs no gateway and is hashed all the same; a corrupted entry aborts (one claiming no bytes is refused) and is dropped', async () => {
    let asked = 0
    const counted = await startUpstream(env.gateway, () => { asked++; return 'pass' })
    const g = await startGate({ env, gateways: [counted.url], vars: { CACHE_MAX_BYTES: String(4 << 20) } })
    const download = async () => {
      const { header, fields } = await permit()
      const response = await g.fetch(`/assets/${env.keys.published}`, { headers: { authorization: header } })
      return { response, header, fields, ...(await drain(response)) }
    }
    try {
      const first = await download()
      assert.equal(first.response.status, 200)
      assert.equal(first.response.headers.get('proofmark-cache'), 'miss')
      assert.equal(first.key, env.keys.published)
      assert.equal(asked, 1) // the CAR
      // The entry is written after the response (waitUntil): the next hit may take a moment.
      let second
      for (const deadline = Date.now() + 5000; ;) {
        const before = asked
        second = await download()
        if (second.response.headers.get('proofmark-cache') === 'hit') {
          assert.equal(asked, before, 'a hit asks no gateway')
          break
        }
        assert.ok(Date.now() < deadline, 'the delivery was never cached')
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      assert.equal(second.response.status, 200)
      assert.equal(second.error, null)
      assert.equal(second.key, env.keys.published)
      assert.equal(second.response.headers.get('content-length'), String(env.assets.published[0]))
      const stored = await (await g.fetch(second.response.headers.get('proofmark-receipt'))).json()
      assert.equal(stored.gateway, 'cache')
      assert.equal(await pm.verifyReceipt(stored.receipt, stored.signature, { chainId: env.chainId, registry: env.registry, signer: stored.signer }), true)
      // Corrupt the entry (same length, one byte flipped): the download aborts, the entry goes.
      const caches = await g.mf.getCaches()
      const url = `https://cache.proofmark-gate.invalid/${env.keys.published.toLowerCase()}`
      // What the cache holds under the key (the body read, so no stream is left open).
      const cachedSize = async () => {
        const entry = await caches.default.match(url)
        if (!entry) return null
        await entry.arrayBuffer()
        return entry.headers.get('proofmark-size')
      }
      const bytes = new Uint8Array(await (await caches.default.match(url)).arrayBuffer())
      bytes[bytes.length - 1] ^= 1
      const { Response: MiniflareResponse } = await import('miniflare')
      await caches.default.put(url, new MiniflareResponse(bytes, { headers: { 'proofmark-size': String(bytes.length), 'cache-control': 'public, max-age=31536000, immutable' } }))
      const corrupted = await download()
      assert.equal(corrupted.response.headers.get('proofmark-cache'), 'hit')
      assert.notEqual(corrupted.error, null, 'a corrupted cache entry must not end cleanly')
      await logged(g, /"reason":"key-mismatch"/)
      // The same permit again: the nonce was released and the entry dropped, so the gateway serves it.
      for (const deadline = Date.now() + 5000; await cachedSize() !== null;) {
        assert.ok(Date.now() < deadline, 'the corrupted entry was never dropped')
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      const before = asked
      const retry = await g.fetch(`/assets/${env.keys.published}`, { headers: { authorization: corrupted.header } })
      assert.equal(retry.status, 200)
      assert.equal(retry.headers.get('proofmark-cache'), 'miss')
      assert.equal((await drain(retry)).key, env.keys.published)
      assert.equal(asked, before + 1) // the CAR again
      // An entry of size 0 would be a complete (empty) body before its hash could fail: refused
      // up front. (The retry's own entry must land first, or it would overwrite this one.)
      for (const deadline = Date.now() + 5000; await cachedSize() !== String(env.assets.published[0]);) {
        assert.ok(Date.now() < deadline, 'the retry was never cached')
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      await caches.default.put(url, new MiniflareResponse(new Uint8Array(1), { headers: { 'proofmark-size': '0', 'cache-control': 'public, max-age=31536000, immutable' } }))
      assert.equal(await cachedSize(), '0')
      const { header: emptyHeader } = await permit()
      const empty = await g.fetch(`/assets/${env.keys.published}`, { headers: { authorization: emptyHeader } })
      assert.deepEqual([empty.status, (await empty.json()).error], [502, 'key-mismatch'])
      const again = await g.fetch(`/assets/${env.keys.published}`, { headers: { authorization: emptyHeader } })
      assert.equal(again.status, 200)
      assert.equal((await drain(again)).key, env.keys.published)
    } finally {
      await g.close()
      await counted.close()
    }
  })

  test('a file inside an anchored directory: /assets/<id>/<path> streams it; the directory, a subdirectory or a wrong path is 404 and the nonce released', { skip: !existsSync(DIRECTORY_CAR) && 'no ../shared/fixtures' }, async () => {
    const dir = await anchorInDirectory(stack, DIRECTORY_CAR, 'subdir/ascii.txt')
    // The first upstream answers for the path's parent: blocks that verify and show the name absent.
    let asked = 0
    const parent = await startUpstream(dir.gateway, () => { asked++; return 'pass' }, { rewrite: (url) => url.replace(/\/(nope\.txt|x)\?/, '?') })
    const g = await startGate({ env, gateways: [parent.url, dir.gateway] })
    try {
      await buy(BUYER[0], dir.key)
      const { header } = await permit({ key: dir.key })
      const auth = { headers: { authorization: header } }
      // Verified blocks show there is no file there: no other gateway is tried, nothing is spent.
      const cases = [['', 'not-a-file'], ['/subdir', 'not-a-file'], ['/subdir/nope.txt', 'path-not-found'], ['/subdir/ascii.txt/x', 'wrong-node-kind']]
      for (const [path, code] of cases) {
        const response = await g.fetch(`/assets/${dir.key}${path}`, auth)
        assert.equal(response.status, 404, `'${path}'`)
        assert.equal((await response.json()).error, code, `'${path}'`)
      }
      assert.equal(asked, cases.length)
      // The same permit then delivers the file, with its verified length.
      const response = await g.fetch(`/assets/${dir.key}/subdir/ascii.txt`, auth)
      assert.equal(response.status, 200)
      assert.equal(response.headers.get('content-length'), String(dir.bytes.length))
      assert.equal(response.headers.get('x-ipfs-path'), `/ipfs/${dir.cid}/subdir/ascii.txt`)
      assert.deepEqual(new Uint8Array(await response.arrayBuffer()), new Uint8Array(dir.bytes))
      const stored = await (await g.fetch(response.headers.get('proofmark-receipt'))).json()
      assert.equal(stored.receipt.bytes, String(dir.bytes.length))
      assert.equal(stored.receipt.key, dir.key)
      // By the directory's CID (the locator, resolved to the key through its Anchored event).
      const again = await g.fetch(`/assets/${dir.cid}/subdir/ascii.txt`, { headers: { authorization: (await permit({ key: dir.key })).header } })
      assert.equal(again.status, 200)
      assert.equal(sha256(new Uint8Array(await again.arrayBuffer())), dir.key)
    } finally {
      await g.close()
      await parent.close()
      dir.close()
    }
  })

  test('Range on a dag-pb locator: 200 whole until a full delivery binds it, then 206 verified ranges; a tampered range aborts', async () => {
    // A fresh gate: no binding recorded for `published` yet.
    const ranging = await startGate({ env, gateways: [first.url] })
    const [size, seed] = env.assets.published
    const bytes = Buffer.from(seededBytes(size, seed))
    const ranged = async (range, p) => ranging.fetch(`/assets/${env.keys.published}`, { headers: { authorization: (p ?? await permit()).header, range } })
    try {
      const whole = await ranged('bytes=1000000-1099999')
      assert.deepEqual([whole.status, whole.headers.get('proofmark-range-ignored'), whole.headers.get('content-length')], [200, 'binding-unknown', String(size)])
      assert.equal(sha256(new Uint8Array(await whole.arrayBuffer())), env.keys.published)

      first.reset()
      const response = await ranged('bytes=1000000-1099999')
      assert.equal(response.status, 206)
      assert.equal(response.headers.get('content-range'), `bytes 1000000-1099999/${size}`)
      assert.equal(response.headers.get('content-length'), '100000')
      assert.ok(Buffer.from(await response.arrayBuffer()).equals(bytes.subarray(1_000_000, 1_100_000)))
      assert.equal(first.count(), 1) // the CAR of the range only: the size is the bound one
      const receipt = await (await ranging.fetch(`/receipts/${response.headers.get('proofmark-permit-digest')}`)).json()
      assert.equal(receipt.receipt.bytes, '100000')

      const suffix = await ranged('bytes=-1000')
      assert.deepEqual([suffix.status, suffix.headers.get('content-range')], [206, `bytes ${size - 1000}-${size - 1}/${size}`])
      assert.ok(Buffer.from(await suffix.arrayBuffer()).equals(bytes.subarray(size - 1000)))

      const past = await ranged(`bytes=${size}-`)
      assert.deepEqual([past.status, past.headers.get('content-range')], [416, `bytes */${size}`])
      await past.arrayBuffer()

      // The range spans both leaves; the last byte (in the second leaf) is flipped.
      modes.first = { flipAt: Infinity }
      const { header, fields } = await permit()
      const tampered = await ranged('bytes=1000000-1099999', { header })
      assert.equal(tampered.status, 206)
      const result = await drain(tampered)
      assert.ok(result.error, `the body must not end cleanly: ${result.bytes} bytes`)
      assert.equal(result.bytes, 0, 'the range\'s part of the first leaf waits for the tampered second')
      await logged(ranging, /"event":"delivery-aborted".*"reason":"block-mismatch"/)
      const ledger = await inspect(ranging, BUYER[0], fields.nonce)
      assert.deepEqual([ledger.state, ledger.failures.map((f) => f.reason)], [null, ['block-mismatch']])
    } finally {
      modes.first = 'pass'
      await ranging.close()
    }
  })

  test('ERC-1271: a contract wallet\'s permit passes the gate (402 until it holds a license, then 200); another signer or owner is 401', async () => {
    const artifact = JSON.parse(readFileSync(join(repoRoot, 'contracts/artifacts/test/OwnerWallet.json'), 'utf8'))
    const deploy = async (owner) => {
      const hash = await stack.anvil.rpc('eth_sendTransaction', [{ from: AUDITOR[0], data: artifact.bytecode + encodeAbiParameters([{ type: 'address' }], [owner]).slice(2) }])
      await stack.anvil.rpc('anvil_mine', ['0x1'])
      return (await stack.anvil.receipt(hash)).contractAddress
    }
    const wallet = await deploy(BUYER[0])
    const path = `/assets/${env.keys.published}`
    const status = async (header) => {
      const response = await get(path, header)
      return response.status === 200 ? [200, (await drain(response)).key] : [response.status, (await response.json()).error]
    }
    // Accepted via isValidSignature up to the license check: the wallet holds none yet.
    assert.deepEqual(await status((await permit({ buyer: wallet })).header), [402, 'not-licensed'])
    // OwnerWallet cannot call out: anvil impersonates it to buy (the license is the wallet's).
    await stack.anvil.rpc('anvil_impersonateAccount', [wallet])
    await stack.anvil.rpc('anvil_setBalance', [wallet, '0xde0b6b3a7640000'])
    try {
      await buy(wallet, env.keys.published)
    } finally {
      await stack.anvil.rpc('anvil_stopImpersonatingAccount', [wallet])
    }
    assert.equal(await pm.hasLicense(env.keys.published, wallet, { rpc: env.rpc, registry: env.registry, chainId: env.chainId }), true)
    assert.deepEqual(await status((await permit({ buyer: wallet })).header), [200, env.keys.published])
    assert.deepEqual(await status((await permit({ buyer: wallet }, AUDITOR[1])).header), [401, 'bad-signature'])
    // The owner changes (the auditor's wallet code in its place): the buyer's key no longer signs for it.
    const other = await deploy(AUDITOR[0])
    await stack.anvil.rpc('anvil_setCode', [wallet, await stack.anvil.rpc('eth_getCode', [other, 'latest'])])
    assert.deepEqual(await status((await permit({ buyer: wallet })).header), [401, 'bad-signature'])
    assert.deepEqual(await status((await permit({ buyer: wallet }, AUDITOR[1])).header), [200, env.keys.published])
  })

  test('a 256 MiB asset streams through; workerd peak memory and CPU time', { timeout: 600_000 }, async () => {
    const size = 256 << 20
    const big = await publishLarge(stack, 'big', size)
    const key = big.key
    await buy(BUYER[0], key)
    const bigGate = { close: async () => {} }
    try {
      const before = workerdFigures()
      const g = await startGate({ env, gateways: [big.gateway], inspect: true })
      bigGate.close = g.close
      const started = workerdFigures().filter((p) => !before.some((b) => b.pid === p.pid))
      const memory = await watchIsolateMemory(g.mf)
      const t0 = Date.now()
      const { header } = await permit({ key })
      const response = await g.fetch(`/assets/${key}`, { headers: { authorization: header } })
      assert.equal(response.status, 200)
      const result = await drain(response)
      const seconds = (Date.now() - t0) / 1000
      const peak = await memory.stop()
      assert.equal(result.error, null)
      assert.equal(result.bytes, size)
      assert.equal(result.key, key)
      const figures = workerdFigures().filter((p) => started.some((s) => s.pid === p.pid))
      const cpu = figures.reduce((n, p) => n + p.cpuSeconds, 0) - started.reduce((n, p) => n + p.cpuSeconds, 0)
      const hwm = Math.max(...figures.map((p) => p.hwmKiB))
      const idle = Math.max(...started.map((p) => p.hwmKiB))
      console.log(`# 256 MiB through the gate: ${seconds.toFixed(1)} s (${(256 / seconds).toFixed(0)} MiB/s), workerd CPU ${cpu.toFixed(1)} s ` +
        `(${(cpu * 1000 / 256).toFixed(1)} ms/MiB), peak RSS (VmHWM) ${(hwm / 1024).toFixed(0)} MiB (${(idle / 1024).toFixed(0)} MiB at start)`)
      console.log(`# the gate's isolate, peaks over ${peak.samples} samples: JS heap used ${peak.heapUsed.toFixed(1)} MiB ` +
        `(committed ${peak.heapTotal.toFixed(1)}), ArrayBuffers and wasm memory ${peak.backing.toFixed(1)} MiB, together ${peak.isolate.toFixed(1)} MiB`)
      assert.ok(hwm < 256 * 1024, `workerd VmHWM ${hwm} KiB: the asset must stream, not buffer`)
      // What the 128 MB Workers limit counts: the isolate. Live, it holds a few MiB (the wasm
      // memory, one read buffer, the block in flight); the rest is verified chunks already
      // forwarded, which V8 only collects once 64 MiB of them (its external-memory soft
      // limit) have piled up, so samples range up to about 64 MiB.
      assert.ok(peak.samples >= 3, `only ${peak.samples} samples of the isolate's memory`)
      assert.ok(peak.isolate < 96, `the gate's isolate peaked at ${peak.isolate.toFixed(1)} MiB`)
    } finally {
      await bigGate.close()
      big.close()
    }
  })

  test('the signing key appears in no response or log', async () => {
    assert.equal(gate.log().includes(TEST_SIGNING_KEY.slice(2)), false)
    assert.ok(readFileSync(new URL('../../workers/gate/wrangler.toml', import.meta.url), 'utf8').includes('GATE_SIGNING_KEY'))
  })
})
