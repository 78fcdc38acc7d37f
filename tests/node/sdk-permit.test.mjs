// verifyPermit, signReceipt and verifyReceipt (DESIGN §7) against viem as the oracle:
// permits signed by viem accounts verify, digests equal viem's hashTypedData, receipts
// recover with viem to their signer, every bad-permit class of DESIGN §9 throws its code
// and HTTP status, and ERC-1271 wallets are asked on a real anvil.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { encodeAbiParameters, hashTypedData, recoverTypedDataAddress } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

import * as pm from '../../pkg/index.js'
import { ACCOUNTS, startAnvil } from './lib/anvil.mjs'
import { repoRoot } from './lib/cli.mjs'

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n
const registry = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
const chainId = 31337
const audience = 'https://gate.example'
const expires = 1900000000n
const now = 1800000000
const buyer = privateKeyToAccount(ACCOUNTS[1][1])
const other = privateKeyToAccount(ACCOUNTS[2][1])
const workerKey = '0x' + '42'.repeat(32)
const options = { chainId, registry, audience, now }

const receiptTypes = {
  Receipt: [['key', 'bytes32'], ['buyer', 'address'], ['permitDigest', 'bytes32'], ['bytes', 'uint64'], ['anchorBlock', 'uint64']]
    .map(([name, type]) => ({ name, type }))
}

/** A permit signed by `account` (viem) under `chainId`/`registry`, as an object and a header. */
async function signedPermit ({ account = buyer, forBuyer = account.address, chain = chainId, contract = registry, key = '0x' + 'ab'.repeat(32), nonce = '0x' + '01'.repeat(32) } = {}) {
  const typed = pm.permitTypedData({ chainId: chain, registry: contract, key, buyer: forBuyer, audience, expires, nonce })
  const signature = await account.signTypedData(typed)
  const object = { key, buyer: forBuyer, audience, expires: expires.toString(), nonce, signature }
  return { object, header: header(object), digest: hashTypedData(typed), typed }
}

const header = (object) => `Proofmark-Permit ${Buffer.from(JSON.stringify(object)).toString('base64url')}`

/** The malleable twin of a 65-byte signature: s → n − s, v 27 ↔ 28. */
function highS (signature) {
  const s = BigInt('0x' + signature.slice(66, 130))
  const v = parseInt(signature.slice(130), 16)
  return signature.slice(0, 66) + (N - s).toString(16).padStart(64, '0') + (55 - v).toString(16)
}

async function rejects (promise, code, status) {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof Error)
    assert.equal(error.code, code, error.message)
    assert.equal(error.status, status, `${code}: ${error.message}`)
    return true
  })
}

test('a permit signed with viem verifies; its digest is viem\'s hashTypedData', async () => {
  const { object, header: value, digest } = await signedPermit()
  const expected = { ok: true, digest, buyer: buyer.address, key: object.key, nonce: object.nonce, expires, audience, via: 'ecdsa' }
  assert.deepEqual(await pm.verifyPermit(value, options), expected)
  assert.deepEqual(await pm.verifyPermit({ ...object, expires }, { ...options, chainId: BigInt(chainId), now: BigInt(now) }), expected)
  assert.deepEqual(await pm.verifyPermit({ ...object, expires: '0x' + expires.toString(16) }, { ...options, key: object.key, buyer: buyer.address.toLowerCase() }), expected)
  // Bytes for the signature, the scheme in lower case, `now` at the expiry itself.
  const bytes = Uint8Array.from(Buffer.from(object.signature.slice(2), 'hex'))
  assert.deepEqual(await pm.verifyPermit({ ...object, signature: bytes }, options), expected)
  assert.deepEqual(await pm.verifyPermit(value.replace('Proofmark-Permit', 'proofmark-permit'), { ...options, now: expires }), expected)
  // Without `now` the clock is Date.now(): the permit expires in 2030.
  assert.deepEqual(await pm.verifyPermit(value, { chainId, registry, audience }), expected)
})

test('every bad-permit class of DESIGN §9 throws its code and status, and the module keeps working', async () => {
  const good = await signedPermit()
  const token = good.header.split(' ')[1]
  const { object } = good
  const flipped = { ...object, signature: highS(object.signature) }
  // The twin is the same signer's signature (so only the low-s rule refuses it).
  assert.equal(await recoverTypedDataAddress({ ...good.typed, signature: flipped.signature }), buyer.address)
  // Three '?' (0x3f) in a row put a '/' in standard base64 at any alignment.
  const standard = Buffer.from(JSON.stringify({ ...object, audience: '???' })).toString('base64')
  assert.match(standard, /[+/]/)
  const cases = [
    ['another scheme', `Bearer ${token}`, options, 'malformed-permit', 400],
    ['padded base64url', `Proofmark-Permit ${token}${'='.repeat((4 - token.length % 4) % 4) || '=='}`, options, 'malformed-permit', 400],
    ['standard base64 (+ and /)', `Proofmark-Permit ${standard}`, options, 'malformed-permit', 400],
    ['not JSON', `Proofmark-Permit ${Buffer.from('{"key":').toString('base64url')}`, options, 'malformed-permit', 400],
    ['unknown field', header({ ...object, chainId: '1' }), options, 'malformed-permit', 400],
    ['missing field', header({ ...object, nonce: undefined }), options, 'malformed-permit', 400],
    ['expires with leading zero', header({ ...object, expires: '0' + object.expires }), options, 'malformed-permit', 400],
    ['expires as a JSON number', header({ ...object, expires: Number(expires) }), options, 'malformed-permit', 400],
    ['expires past uint64', { ...object, expires: 2n ** 64n }, options, 'malformed-permit', 400],
    ['key of 31 bytes', header({ ...object, key: '0x' + 'ab'.repeat(31) }), options, 'malformed-permit', 400],
    ['signature of 64 bytes', header({ ...object, signature: object.signature.slice(0, 130) }), options, 'malformed-permit', 400],
    ['buyer with a bad checksum', header({ ...object, buyer: object.buyer.replace('C', 'c') }), options, 'malformed-permit', 400],
    ['not a permit at all', 42, options, 'malformed-permit', 400],
    ['no permit (no Authorization header)', null, options, 'no-permit', 402],
    ['expired', good.header, { ...options, now: expires + 1n }, 'permit-expired', 401],
    ['another audience', good.header, { ...options, audience: 'https://other.example' }, 'permit-wrong-audience', 401],
    ['another key', good.header, { ...options, key: '0x' + 'ac'.repeat(32) }, 'permit-wrong-key', 401],
    ['another buyer', good.header, { ...options, buyer: other.address }, 'permit-wrong-buyer', 401],
    ['another chain id (domain)', good.header, { ...options, chainId: 1 }, 'erc1271-required', 401],
    ['another registry (domain)', good.header, { ...options, registry: '0x' + '5f'.repeat(20) }, 'erc1271-required', 401],
    ['signed by another key', (await signedPermit({ account: other, forBuyer: buyer.address })).header, options, 'erc1271-required', 401],
    ['high s (n − s, v flipped)', header(flipped), options, 'signature-high-s', 401],
    ['v = 0', header({ ...object, signature: object.signature.slice(0, 130) + '00' }), options, 'signature-bad-v', 401],
    ['v = 1', header({ ...object, signature: object.signature.slice(0, 130) + '01' }), options, 'signature-bad-v', 401],
    ['s = 0', header({ ...object, signature: object.signature.slice(0, 66) + '00'.repeat(32) + '1b' }), options, 'bad-signature', 401],
    ['r = n', header({ ...object, signature: '0x' + N.toString(16) + object.signature.slice(66) }), options, 'bad-signature', 401]
  ]
  for (const [name, permit, opts, code, status] of cases) {
    await rejects(pm.verifyPermit(permit, opts), code, status).catch((error) => { throw new Error(`${name}: ${error.message}`) })
    assert.equal((await pm.verifyPermit(good.header, options)).digest, good.digest, `after ${name}`)
  }
  // Unusable options are the caller's mistake: invalid-argument, no status.
  for (const opts of [undefined, { ...options, chainid: 1 }, { ...options, registry: '0x12' }, { ...options, now: -1 }, { ...options, rpc: 5 }]) {
    await assert.rejects(pm.verifyPermit(good.header, opts), (e) => e.code === 'invalid-argument' && e.status === undefined)
  }
})

test('receipts: viem recovers the signer, digests and signatures equal viem\'s', async () => {
  const { digest: permitDigest } = await signedPermit()
  const worker = privateKeyToAccount(workerKey)
  const receipt = { key: '0x' + 'ab'.repeat(32), buyer: buyer.address, permitDigest, bytes: 1048576n, anchorBlock: 42 }
  const signed = await pm.signReceipt(receipt, { chainId, registry, privateKey: workerKey })
  const typed = { domain: { name: 'Proofmark Gate', version: '1', chainId, verifyingContract: registry }, types: receiptTypes, primaryType: 'Receipt', message: { ...receipt, anchorBlock: 42n } }
  assert.equal(signed.signer, worker.address)
  assert.equal(signed.digest, hashTypedData(typed))
  assert.equal(await recoverTypedDataAddress({ ...typed, signature: signed.signature }), worker.address)
  // RFC 6979 on both sides.
  assert.equal(signed.signature, await worker.signTypedData(typed))
  assert.deepEqual(signed.receipt, { ...receipt, anchorBlock: 42n })
  assert.equal(BigInt('0x' + signed.signature.slice(66, 130)) <= N / 2n, true)
  // Byte private key, same answer.
  const again = await pm.signReceipt(receipt, { chainId, registry, privateKey: new Uint8Array(32).fill(0x42) })
  assert.equal(again.signature, signed.signature)

  const verify = (r, s, o = {}) => pm.verifyReceipt(r, s, { chainId, registry, signer: worker.address, ...o })
  assert.equal(await verify(receipt, signed.signature), true)
  assert.equal(await verify(signed.receipt, Uint8Array.from(Buffer.from(signed.signature.slice(2), 'hex'))), true)
  assert.equal(await verify(receipt, signed.signature, { signer: other.address }), false)
  assert.equal(await verify({ ...receipt, bytes: 1048577n }, signed.signature), false)
  assert.equal(await verify(receipt, signed.signature, { chainId: 1 }), false)
  assert.equal(await verify(receipt, await other.signTypedData(typed)), false)
  await assert.rejects(verify(receipt, highS(signed.signature)), (e) => e.code === 'signature-high-s')
  await assert.rejects(verify(receipt, signed.signature.slice(0, 130) + '00'), (e) => e.code === 'signature-bad-v')
  await assert.rejects(verify(receipt, signed.signature.slice(0, 128)), (e) => e.code === 'bad-signature')
  await assert.rejects(pm.signReceipt(receipt, { chainId, registry, privateKey: '0x' + '00'.repeat(32) }), (e) => e.code === 'invalid-secret-key')
  await assert.rejects(pm.signReceipt(receipt, { chainId, registry, privateKey: '0x' + N.toString(16) }), (e) => e.code === 'invalid-secret-key')
  await assert.rejects(pm.signReceipt(receipt, { chainId, registry, privateKey: '0x42' }), (e) => e.code === 'invalid-argument')
  await assert.rejects(pm.signReceipt({ ...receipt, bytes: -1 }, { chainId, registry, privateKey: workerKey }), (e) => e.code === 'invalid-argument')
  await assert.rejects(pm.signReceipt({ ...receipt, extra: 1 }, { chainId, registry, privateKey: workerKey }), (e) => e.code === 'invalid-argument')
})

describe('ERC-1271 contract wallets on anvil (contracts/test/OwnerWallet.sol)', () => {
  let anvil
  let wallet
  before(async () => {
    anvil = await startAnvil()
    const artifact = JSON.parse(readFileSync(join(repoRoot, 'contracts/artifacts/test/OwnerWallet.json'), 'utf8'))
    const data = artifact.bytecode + encodeAbiParameters([{ type: 'address' }], [buyer.address]).slice(2)
    const hash = await anvil.rpc('eth_sendTransaction', [{ from: ACCOUNTS[0][0], data }])
    const receipt = await anvil.receipt(hash)
    wallet = receipt.contractAddress
  })
  after(() => anvil?.stop())

  test('the owner\'s signature for the wallet is accepted via isValidSignature', async () => {
    const { header: value, digest } = await signedPermit({ forBuyer: wallet })
    const result = await pm.verifyPermit(value, { ...options, rpc: anvil.url })
    assert.equal(result.via, 'erc1271')
    assert.equal(result.digest, digest)
    assert.equal(result.buyer.toLowerCase(), wallet.toLowerCase())
    // Without an RPC it cannot be accepted.
    await rejects(pm.verifyPermit(value, options), 'erc1271-required', 401)
  })

  test('the wallet answers 0xffffffff for another signer; an EOA buyer has no code: 401', async () => {
    await rejects(pm.verifyPermit((await signedPermit({ account: other, forBuyer: wallet })).header, { ...options, rpc: anvil.url }), 'bad-signature', 401)
    // A permit signed under another chain id, buyer an EOA: eth_call returns 0x.
    await rejects(pm.verifyPermit((await signedPermit({ chain: 1 })).header, { ...options, rpc: anvil.url }), 'bad-signature', 401)
    // An unreachable RPC is the gateway's problem, not the buyer's: 502.
    const closed = anvil.url.replace(/:\d+$/, ':1')
    await rejects(pm.verifyPermit((await signedPermit({ forBuyer: wallet })).header, { ...options, rpc: closed }), 'rpc-error', 502)
  })
})

test('JSON-RPC answers: a revert is the wallet refusing (401), a broken RPC is 502', async () => {
  const answers = [
    { error: { code: 3, message: 'execution reverted: signature length' } },
    { error: { code: -32603, message: 'internal error' } },
    { result: '0x1626ba7e' + '00'.repeat(27) + '0' },
    { result: '0x' + '00'.repeat(32) }
  ]
  const server = createServer((request, response) => {
    request.resume()
    request.on('end', () => {
      response.setHeader('content-type', 'application/json')
      response.end(JSON.stringify({ jsonrpc: '2.0', id: 1, ...answers.shift() }))
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const rpc = `http://127.0.0.1:${server.address().port}`
  try {
    const { header: value } = await signedPermit({ forBuyer: other.address })
    await rejects(pm.verifyPermit(value, { ...options, rpc }), 'bad-signature', 401)
    await rejects(pm.verifyPermit(value, { ...options, rpc }), 'rpc-error', 502)
    await rejects(pm.verifyPermit(value, { ...options, rpc }), 'rpc-error', 502)
    await rejects(pm.verifyPermit(value, { ...options, rpc }), 'bad-signature', 401)
  } finally {
    server.close()
  }
})
