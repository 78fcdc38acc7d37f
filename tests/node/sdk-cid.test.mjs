// The npm package's content addressing against ipfs-unixfs-importer and the CLI:
// every profile on a spread of sizes, any slicing, streams, the CID-only entry.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { CID } from 'multiformats/cid'

import * as pm from '../../pkg/index.js'
import * as pmCid from '../../pkg/cid.js'
import { prng, randomInt, seededBytes } from './lib/bytes.mjs'
import { proofmark, requireBinary } from './lib/cli.mjs'
import { PROFILES, importFile, rawFile } from './lib/oracle.mjs'

const MIB = 1024 * 1024
const dir = mkdtempSync(join(tmpdir(), 'proofmark-sdk-cid-'))
after(() => rmSync(dir, { recursive: true, force: true }))

/** Edge sizes around the chunk, then pseudo-random sizes up to ~3 chunks. */
function sizes (chunk, seed, count) {
  const next = prng(seed)
  const out = [0, 1, chunk - 1, chunk, chunk + 1, 2 * chunk + 1]
  while (out.length < count) out.push(randomInt(next, 2, 3 * chunk + chunk / 2))
  return out
}

for (const [index, [profile, settings]] of Object.entries(PROFILES).entries()) {
  test(`cidOf ${profile}: equal to ipfs-unixfs-importer on 16 sizes, in any slicing`, async () => {
    const failures = []
    for (const size of sizes(settings?.chunkSize ?? MIB, 0xcafe + index, 16)) {
      const bytes = seededBytes(size, 0x5d4 + size)
      const expected = (settings ? await importFile(bytes, settings) : await rawFile(bytes)).root
      const whole = await pm.cidOf(bytes, { profile })
      // An async iterable of odd slices exercises the streaming builder.
      const next = prng(size)
      async function * slices () {
        for (let at = 0; at < bytes.length;) {
          const n = randomInt(next, 1, 300000)
          yield bytes.subarray(at, at + n)
          at += n
        }
      }
      const streamed = await pm.cidOf(slices(), { profile })
      if (whole !== expected || streamed !== expected) failures.push(`size ${size}: ${whole} / ${streamed}, want ${expected}`)
    }
    assert.deepEqual(failures, [])
  })
}

test('cidOf with custom settings (deep trees, dag-pb leaves, CIDv0/v1) equals the importer', async () => {
  const failures = []
  for (const maxLinks of [3, 4]) {
    for (const rawLeaves of [true, false]) {
      for (const cidVersion of [0, 1]) {
        const settings = { cidVersion, chunkSize: 1024, maxLinks, rawLeaves }
        for (const size of [1, 1024 * maxLinks, 1024 * maxLinks + 1, 1024 * maxLinks ** 3 + 17]) {
          const bytes = seededBytes(size, size + maxLinks)
          const expected = (await importFile(bytes, settings)).root
          const ours = await pm.cidOf(bytes, settings)
          if (ours !== expected) failures.push(`${JSON.stringify(settings)} size ${size}: ${ours}, want ${expected}`)
        }
      }
    }
  }
  assert.deepEqual(failures, [])
})

test('cidOf equals `proofmark cid --json` for every profile and blake3', async () => {
  requireBinary()
  const bytes = seededBytes(1300000, 77)
  const file = join(dir, 'a.bin')
  await writeFile(file, bytes)
  for (const options of [...Object.keys(PROFILES).map((profile) => ({ profile })), { hash: 'blake3' }, { profile: 'raw', hash: 'blake3' }, { chunkSize: 5000, maxLinks: 7, cidVersion: 0 }]) {
    const args = ['cid', file, '--json']
    if (options.profile) args.push('--profile', options.profile)
    if (options.hash) args.push('--hash', options.hash)
    if (options.chunkSize) args.push('--chunk-size', `${options.chunkSize}`, '--max-links', `${options.maxLinks}`, '--cid-version', `${options.cidVersion}`)
    const cli = JSON.parse(await proofmark(args))
    assert.equal(await pm.cidOf(bytes, options), cli.cid, args.join(' '))
  }
})

test('contentKey is the SHA-256 of the bytes, from bytes, Blobs and ReadableStreams', async () => {
  const { createHash } = await import('node:crypto')
  const bytes = seededBytes(3 * MIB + 5, 9)
  const want = '0x' + createHash('sha256').update(bytes).digest('hex')
  assert.equal(await pm.contentKey(bytes), want)
  assert.equal(await pm.contentKey(new Blob([bytes])), want)
  assert.equal(await pm.contentKey(new Blob([bytes]).stream()), want)
  assert.equal(await pm.contentKey(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)), want)
})

test('verifyStream over a ReadableStream, CIDs as multiformats CID objects', async () => {
  const bytes = seededBytes(2 * MIB + 3, 11)
  const cid = CID.parse(await pm.cidOf(bytes, { profile: 'kubo-cidv1' }))
  const verdict = await pm.verifyStream(cid, new Blob([bytes]).stream())
  assert.deepEqual(verdict, { cid: cid.toString(), integrity: { status: 'verified', profile: 'kubo-cidv1', via: 'bytes' } })
  const v0 = CID.parse(await pm.cidOf(bytes, { profile: 'unixfs-v0-2015' }))
  const tampered = bytes.slice()
  tampered[MIB] ^= 0xff
  assert.equal((await pm.verifyStream(v0, new Blob([tampered]).stream())).integrity.status, 'unknown')
})

test('carToVerifiedStream streams a CLI-written multi-block CAR, and aborts on a bad block', async () => {
  requireBinary()
  const bytes = seededBytes(700000, 12)
  const file = join(dir, 'f.bin')
  const carFile = join(dir, 'f.car')
  await writeFile(file, bytes)
  const cid = (await proofmark(['cid', file, '--profile', 'unixfs-v0-2015', '--car', carFile])).trim()
  const { readFile } = await import('node:fs/promises')
  const car = new Uint8Array(await readFile(carFile))
  const verifying = pm.carToVerifiedStream(cid)
  const out = new Uint8Array(await new Response(new Blob([car]).stream().pipeThrough(verifying)).arrayBuffer())
  assert.deepEqual(out, bytes)
  assert.equal((await verifying.verdict).blocks, 4)
  // Flip one byte inside the last leaf: the stream errors (never a clean end).
  const bad = car.slice()
  bad[bad.length - 10] ^= 1
  const failing = pm.carToVerifiedStream(cid)
  await assert.rejects(new Response(new Blob([bad]).stream().pipeThrough(failing)).arrayBuffer(), (e) => e.code === 'block-mismatch')
  await assert.rejects(failing.verdict, (e) => e.code === 'block-mismatch')
  // verifyCar gives the CLI's verdict for the same bytes.
  const ranged = await pm.verifyCar(cid, car, { entityBytes: '10:99', output: true })
  assert.deepEqual(ranged.data, bytes.subarray(10, 100))
})

test('CarVerifier in hostSha256 mode waits for each sha2-256 digest and checks it against the CID', async () => {
  requireBinary()
  await pm.init()
  const { createHash } = await import('node:crypto')
  const { CarVerifier } = await import('../../pkg/dist/proofmark.js')
  const bytes = seededBytes(700000, 14)
  const file = join(dir, 'h.bin')
  const carFile = join(dir, 'h.car')
  await writeFile(file, bytes)
  const cid = (await proofmark(['cid', file, '--profile', 'unixfs-v0-2015', '--car', carFile])).trim()
  const { readFile } = await import('node:fs/promises')
  const car = new Uint8Array(await readFile(carFile))
  const sha256 = (b) => new Uint8Array(createHash('sha256').update(b).digest())
  // The right digests: the file's bytes, block by block; the root block is the one the CID names.
  const good = new CarVerifier(cid, {})
  good.hostSha256()
  assert.equal(good.awaitingSha256(), undefined)
  assert.equal(good.push(car).length, 0)
  const root = good.awaitingSha256()
  assert.deepEqual(sha256(root), CID.parse(cid).multihash.digest)
  const parts = []
  let hashed = 0
  for (let block = root; block; block = good.awaitingSha256()) {
    parts.push(good.supplySha256(sha256(block)))
    hashed++
  }
  parts.push(good.finish())
  assert.equal(hashed, 4)
  assert.deepEqual(new Uint8Array(await new Blob(parts).arrayBuffer()), bytes)
  assert.deepEqual(good.verdict(), { cid, integrity: { status: 'verified', via: 'car' }, target: { cid, kind: 'file' }, blocks: 4, bytes: 700000 })
  good.free()
  // A digest that is not the CID's is the block-mismatch the wasm's own hashing gives.
  const bad = new CarVerifier(cid, {})
  bad.hostSha256()
  assert.throws(() => bad.supplySha256(new Uint8Array(32)), (e) => e.code === 'invalid-argument')
  bad.push(car)
  assert.throws(() => bad.supplySha256(new Uint8Array(31)), (e) => e.code === 'invalid-argument')
  assert.throws(() => bad.supplySha256(sha256(bytes)), (e) => e.code === 'block-mismatch')
  assert.equal(bad.verdict().integrity.status, 'failed')
  assert.equal(bad.verdict().integrity.reason, 'block-mismatch')
  bad.free()
})

test('proofmark/cid (its own wasm) gives the same answers', async () => {
  const bytes = seededBytes(1500000, 13)
  for (const profile of Object.keys(PROFILES)) {
    assert.equal(await pmCid.cidOf(bytes, { profile }), await pm.cidOf(bytes, { profile }), profile)
  }
  const cid = await pm.cidOf(bytes)
  assert.deepEqual(await pmCid.verifyBytes(cid, bytes), await pm.verifyBytes(cid, bytes))
  await assert.rejects(pmCid.verifyBytes('nope', bytes), (e) => e instanceof Error && e.code === 'invalid-cid')
  assert.equal(typeof pmCid.verifyGroth16, 'undefined')
})

test('init is idempotent and every error is an Error with a code', async () => {
  const a = pm.init()
  assert.equal(pm.init(), a)
  await a
  await assert.rejects(pm.cidOf('a string is not bytes'), (e) => e instanceof Error && e.code === 'invalid-argument')
  await assert.rejects(pm.cidOf(new Uint8Array(1), { chunkSize: 0 }), (e) => e instanceof Error && e.code === 'invalid-params')
  await assert.rejects(pm.cidOf(new Uint8Array(1), { nope: 1 }), (e) => e instanceof Error && e.code === 'invalid-argument')
  assert.equal(await pm.cidOf(new TextEncoder().encode('hello world'), { profile: 'unixfs-v0-2015' }), 'Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD')
})
