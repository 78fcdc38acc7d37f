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
  assert.deepEqual(await pm.verifyStream(v0, new Blob([tampered]).stream()),
    { cid: v0.toString(), integrity: { status: 'unknown', reason: 'unrecognised-settings-or-tampered', via: 'bytes' } })
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

/** The CAR (roots `[root]`) of `blocks`, `[cid, bytes]` in order, written by @ipld/car. */
async function carOf (root, blocks) {
  const { CarWriter } = await import('@ipld/car/writer')
  const { writer, out } = CarWriter.create([root])
  const parts = []
  const reading = (async () => { for await (const part of out) parts.push(part) })()
  for (const [cid, bytes] of blocks) await writer.put({ cid, bytes })
  await writer.close()
  await reading
  return new Uint8Array(await new Blob(parts).arrayBuffer())
}

/** A UnixFS file node (protobuf by hand, so its sizes can lie) over `leaves` (`[cid, blocksize]`). */
async function fileNode (filesize, leaves) {
  const dagPb = await import('@ipld/dag-pb')
  const { sha256 } = await import('multiformats/hashes/sha2')
  const data = Uint8Array.from([0x08, 0x02, 0x18, filesize, ...leaves.flatMap(([, size]) => [0x20, size])]) // Type=File, filesize, blocksizes (< 128 each)
  const bytes = dagPb.encode(dagPb.prepare({ Data: data, Links: leaves.map(([Hash, size]) => ({ Hash, Tsize: size })) }))
  return [CID.createV1(dagPb.code, await sha256.digest(bytes)), bytes]
}

/** Pipes `car` through carToVerifiedStream(cid): `{ declaredSize, out }` (or the errors). */
async function streamCar (cid, car, options) {
  const verifying = pm.carToVerifiedStream(cid, options)
  const output = new Response(new Blob([car]).stream().pipeThrough(verifying)).arrayBuffer()
  const [declaredSize, out] = await Promise.allSettled([verifying.declaredSize, output])
  return { declaredSize, out, verdict: await verifying.verdict.catch((e) => e) }
}

test('carToVerifiedStream: declaredSize is the verified file size (dag-pb, raw, ranges, directories); lying sizes are rejected', async () => {
  requireBinary()
  const { readFile } = await import('node:fs/promises')
  const { sha256 } = await import('multiformats/hashes/sha2')
  // A CLI-written multi-block dag-pb CAR: the root's filesize, known before the first byte.
  const bytes = seededBytes(700001, 15)
  await writeFile(join(dir, 'd.bin'), bytes)
  const cid = (await proofmark(['cid', join(dir, 'd.bin'), '--profile', 'unixfs-v1-2025', '--car', join(dir, 'd.car')])).trim()
  const car = new Uint8Array(await readFile(join(dir, 'd.car')))
  const verifying = pm.carToVerifiedStream(cid)
  const reader = new Blob([car]).stream().pipeThrough(verifying).getReader()
  const first = await reader.read()
  assert.equal(first.done, false)
  assert.equal(await verifying.declaredSize, 700001) // settled by the time the first byte left
  let total = first.value.length
  for (let next = await reader.read(); !next.done; next = await reader.read()) total += next.value.length
  assert.equal(total, 700001)
  assert.equal((await verifying.verdict).bytes, 700001)
  // With a range, still the whole file's size; the stream carries the range.
  const ranged = await streamCar(cid, car, { entityBytes: '10:99' })
  assert.deepEqual([ranged.declaredSize.value, ranged.out.value.byteLength], [700001, 90])

  // A raw root: the block's length.
  const small = seededBytes(3000, 16)
  const raw = CID.createV1(0x55, await sha256.digest(small))
  const rawRun = await streamCar(raw.toString(), await carOf(raw, [[raw, small]]))
  assert.equal(rawRun.declaredSize.value, 3000)
  assert.deepEqual(new Uint8Array(rawRun.out.value), small)
  // An empty raw file: 0, settled at the end (no byte ever leaves).
  const empty = CID.createV1(0x55, await sha256.digest(new Uint8Array(0)))
  assert.equal((await streamCar(empty.toString(), await carOf(empty, [[empty, new Uint8Array(0)]]))).declaredSize.value, 0)

  // A hand-made dag-pb file of two raw leaves (5 + 7 bytes): declared 12.
  const leaf = async (n) => { const b = seededBytes(n, n); return [CID.createV1(0x55, await sha256.digest(b)), b] }
  const [a, b] = [await leaf(5), await leaf(7)]
  const [honest, honestBlock] = await fileNode(12, [[a[0], 5], [b[0], 7]])
  const ok = await streamCar(honest.toString(), await carOf(honest, [[honest, honestBlock], a, b]))
  assert.deepEqual([ok.declaredSize.value, ok.out.value.byteLength, ok.verdict.bytes], [12, 12, 12])
  // A root whose filesize is not its blocksizes' sum: rejected before any size is given.
  const [liar, liarBlock] = await fileNode(13, [[a[0], 5], [b[0], 7]])
  const lying = await streamCar(liar.toString(), await carOf(liar, [[liar, liarBlock], a, b]))
  assert.equal(lying.declaredSize.status, 'rejected')
  assert.equal(lying.declaredSize.reason.code, 'unixfs-size-mismatch')
  assert.equal(lying.out.reason.code, 'unixfs-size-mismatch')
  assert.equal(lying.verdict.code, 'unixfs-size-mismatch')
  assert.deepEqual((await pm.verifyCar(liar, await carOf(liar, [[liar, liarBlock], a, b]))).integrity, { status: 'failed', reason: 'unixfs-size-mismatch', via: 'car' })
  // Sizes that agree with each other but not with a leaf (6 declared, 5 supplied): the
  // declared 6 is announced, then the stream aborts at that leaf (never a clean end).
  const [short, shortBlock] = await fileNode(13, [[a[0], 6], [b[0], 7]])
  const shorted = await streamCar(short.toString(), await carOf(short, [[short, shortBlock], a, b]))
  assert.equal(shorted.declaredSize.value, 13)
  assert.equal(shorted.out.reason.code, 'unixfs-size-mismatch')

  // A directory (UnixFS type Directory, one entry): no size (null); its file by path: its size.
  const dagPb = await import('@ipld/dag-pb')
  const dirBlock = dagPb.encode(dagPb.prepare({ Data: Uint8Array.from([0x08, 0x01]), Links: [{ Name: 'a.bin', Hash: raw, Tsize: 3000 }] }))
  const folder = CID.createV1(dagPb.code, await sha256.digest(dirBlock))
  const dirCar = await carOf(folder, [[folder, dirBlock], [raw, small]])
  assert.equal((await streamCar(folder.toString(), dirCar, { dagScope: 'entity' })).declaredSize.value, null)
  const byPath = await streamCar(folder.toString(), dirCar, { path: 'a.bin' })
  assert.deepEqual([byPath.declaredSize.value, byPath.out.value.byteLength], [3000, 3000])
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
  // The same block copied into a caller's buffer: its length, and nothing copied into a short one.
  const scratch = new Uint8Array(root.length + 5).fill(7)
  assert.equal(good.awaitingSha256Into(scratch), root.length)
  assert.deepEqual(scratch.subarray(0, root.length), root)
  assert.deepEqual(scratch.subarray(root.length), new Uint8Array(5).fill(7))
  const short = new Uint8Array(root.length - 1)
  assert.equal(good.awaitingSha256Into(short), root.length)
  assert.deepEqual(short, new Uint8Array(root.length - 1))
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
  assert.equal(bad.awaitingSha256Into(new Uint8Array(8)), undefined)
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
