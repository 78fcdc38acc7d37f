// One conformance case file for the `proofmark` npm package, run as is in Node
// (tests/node/sdk-conformance.test.mjs) and later in Chromium and workerd: it imports
// nothing runtime-specific (bytes come from a seeded generator, WebCrypto and the
// caller's `env.fixture(path)` for ../shared/fixtures).
//
// A case is `{ name, run(pm, env) -> Promise<value>, expect }` or `{ ..., error: code }`;
// `runCase` returns `{ name, ok, actual, expected }`, and after an error case checks
// that the module still works.
import { chainCases } from './chain-cases.mjs'
import * as pf from './permit-fixture.mjs'
import zk from './zk-fixture.mjs'

// ---- portable helpers ----------------------------------------------------------------

const text = (s) => new TextEncoder().encode(s)
/** `length` bytes from a fixed xorshift sequence: the same in every runtime. */
function seeded (length) {
  const out = new Uint8Array(length)
  let x = 0x9e3779b9
  for (let i = 0; i < length; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5
    out[i] = x & 0xff
  }
  return out
}

/** `size` pseudo-random bytes from `seed` (mulberry32; tests/node/lib/bytes.mjs's). */
export function seededBytes (size, seed) {
  let a = seed >>> 0
  const words = new Uint32Array(Math.ceil(size / 4))
  for (let i = 0; i < words.length; i++) {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), a | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    words[i] = (t ^ (t >>> 14)) >>> 0
  }
  return new Uint8Array(words.buffer, 0, size)
}

function varint (n) {
  const out = []
  let v = BigInt(n)
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80)
    v >>= 7n
  }
  out.push(Number(v))
  return out
}

const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

async function sha256 (bytes) {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))
}

/** A CIDv1's bytes: codec 0x55 (raw) or 0x70 (dag-pb), sha2-256 of `block`. */
async function cidBytes (codec, block) {
  return concat(new Uint8Array([0x01, codec, 0x12, 0x20]), await sha256(block))
}

/** Multibase base32 (lowercase, `b` prefix). */
function base32 (bytes) {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567'
  let out = 'b'
  let bits = 0
  let value = 0
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31]
  return out
}

/** Base58btc without a multibase prefix (the CIDv0 form). */
function base58btc (bytes) {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
  let n = BigInt('0x' + (hex(bytes) || '0'))
  let out = ''
  while (n > 0n) {
    out = alphabet[Number(n % 58n)] + out
    n /= 58n
  }
  for (const b of bytes) {
    if (b !== 0) break
    out = '1' + out
  }
  return out
}

/** A CARv1: header naming `root` (CID bytes), then `[cidBytes, block]` sections. */
function car (root, sections) {
  const header = concat(new Uint8Array([0xa2, 0x65]), text('roots'), new Uint8Array([0x81, 0xd8, 0x2a, 0x58, root.length + 1, 0x00]),
    root, new Uint8Array([0x67]), text('version'), new Uint8Array([0x01]))
  const parts = [new Uint8Array(varint(header.length)), header]
  for (const [cid, block] of sections) parts.push(new Uint8Array(varint(cid.length + block.length)), cid, block)
  return concat(...parts)
}

/** dag-pb bytes (links before data, as the strict encoding requires). */
function pbNode (links, data) {
  const parts = []
  for (const { hash, tsize } of links) {
    const link = concat(new Uint8Array([0x0a, hash.length]), hash, new Uint8Array([0x18, ...varint(tsize)]))
    parts.push(new Uint8Array([0x12, ...varint(link.length)]), link)
  }
  if (data) parts.push(new Uint8Array([0x0a, ...varint(data.length)]), data)
  return concat(...parts)
}

/** UnixFS `Data` of a file: filesize and one blocksize per child. */
function unixfsFile (filesize, blocksizes) {
  return new Uint8Array([0x08, 0x02, 0x18, ...varint(filesize), ...blocksizes.flatMap((b) => [0x20, ...varint(b)])])
}

/** A file DAG whose root is a chain of `depth` one-link nodes over one raw leaf "x". */
async function chainCar (depth) {
  const leaf = text('x')
  let child = await cidBytes(0x55, leaf)
  const sections = [[child, leaf]]
  for (let i = 0; i < depth; i++) {
    const node = pbNode([{ hash: child, tsize: 1 }], unixfsFile(1, [1]))
    child = await cidBytes(0x70, node)
    sections.unshift([child, node])
  }
  return { root: base32(child), car: car(child, sections) }
}

const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')

/** A CID string with hand-made bytes (for unknown codecs and hashes). */
const cidOfBytes = (bytes) => base32(new Uint8Array(bytes))

const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n
const Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n

const clone = (v) => JSON.parse(JSON.stringify(v))
const [p1, p2, p3] = zk.proofs

// ---- the cases -----------------------------------------------------------------------

const permitOptions = { chainId: pf.chainId, registry: pf.registry, audience: pf.audience, now: 1800000000 }

const MIB = 1024 * 1024
const helloV0 = 'Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD'

/** The fixture key's vkHash: what `proofmark zk setup --seed conformance --depth 1` prints
 * (sdk-conformance.test.mjs checks that against the CLI). */
export const FIXTURE_VK_HASH = '0x4233d4db5d044e4fff445f0743cce33ffc4c9d7d77696fb45b7aec8be44715b5'

export const cases = [
  // Content addressing: known answers.
  { name: 'cidOf hello world, unixfs-v0-2015 (kubo)', run: (pm) => pm.cidOf(text('hello world'), { profile: 'unixfs-v0-2015' }), expect: helloV0 },
  { name: 'cidOf empty, default profile', run: (pm) => pm.cidOf(new Uint8Array(0)), expect: 'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku' },
  { name: 'contentKey hello world', run: (pm) => pm.contentKey(text('hello world')), expect: '0xb94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9' },
  ...[['unixfs-v1-2025', 2 * MIB + 17], ['unixfs-v0-2015', 600000], ['kubo-cidv1', 600000], ['kubo-cidv1-1mib', 2 * MIB + 17], ['raw', 3000]]
    .map(([profile, size]) => ({
      name: `verifyBytes ${profile} ${size} bytes: the table's first matching profile`,
      run: async (pm) => {
        const bytes = seededBytes(size, size)
        return pm.verifyBytes(await pm.cidOf(bytes, { profile }), bytes)
      },
      expect: null // filled below
    })),
  { name: 'verifyBytes v0 hello world', run: (pm) => pm.verifyBytes(helloV0, text('hello world')), expect: { cid: helloV0, integrity: { status: 'verified', profile: 'unixfs-v0-2015', via: 'bytes' } } },
  { name: 'verifyBytes v0 tampered, no profile: unknown', run: (pm) => pm.verifyBytes(helloV0, text('hello world!')), expect: { cid: helloV0, integrity: { status: 'unknown', reason: 'unrecognised-settings-or-tampered', via: 'bytes' } } },
  { name: 'verifyBytes v0 tampered, named profile: failed', run: (pm) => pm.verifyBytes(helloV0, text('hello world!'), { profile: 'unixfs-v0-2015' }), expect: { cid: helloV0, integrity: { status: 'failed', reason: 'profile-mismatch', profile: 'unixfs-v0-2015', via: 'bytes' } } },
  { name: 'verifyBytes raw CID, other bytes: failed', run: async (pm) => (await pm.verifyBytes(await pm.cidOf(text('a')), text('b'))).integrity, expect: { status: 'failed', reason: 'digest-mismatch', via: 'bytes' } },
  { name: 'CidVerifier in one-byte pushes', run: async (pm) => { const v = new pm.CidVerifier(helloV0); for (const b of text('hello world')) await v.push(new Uint8Array([b])); return (await v.finish()).integrity.status }, expect: 'verified' },

  // CARs made here.
  {
    name: 'verifyCar raw block: verified, bytes out',
    run: async (pm) => {
      const block = text('hello car')
      const cid = await cidBytes(0x55, block)
      const v = await pm.verifyCar(base32(cid), car(cid, [[cid, block]]), { output: true })
      return { root: v.cid === base32(cid) && v.target.cid === v.cid, integrity: v.integrity, kind: v.target.kind, blocks: v.blocks, bytes: v.bytes, data: new TextDecoder().decode(v.data) }
    },
    expect: { root: true, integrity: { status: 'verified', via: 'car' }, kind: 'file', blocks: 1, bytes: 9, data: 'hello car' }
  },
  {
    name: 'verifyCar block not matching its CID: failed',
    run: async (pm) => { const cid = await cidBytes(0x55, text('hello car')); return (await pm.verifyCar(base32(cid), car(cid, [[cid, text('hello cat')]]))).integrity },
    expect: { status: 'failed', reason: 'block-mismatch', via: 'car' }
  },
  {
    name: 'verifyCar missing block: unknown',
    run: async (pm) => { const cid = await cidBytes(0x55, text('hello car')); return (await pm.verifyCar(base32(cid), car(cid, []))).integrity },
    expect: { status: 'unknown', reason: 'missing-block', via: 'car' }
  },
  {
    name: 'verifyCar UnixFS sizes inconsistent with leaves: failed',
    run: async (pm) => {
      const leaf = text('abc')
      const leafCid = await cidBytes(0x55, leaf)
      const root = pbNode([{ hash: leafCid, tsize: 3 }], unixfsFile(4, [4]))
      const rootCid = await cidBytes(0x70, root)
      return (await pm.verifyCar(base32(rootCid), car(rootCid, [[rootCid, root], [leafCid, leaf]]))).integrity
    },
    expect: { status: 'failed', reason: 'unixfs-size-mismatch', via: 'car' }
  },
  {
    name: 'carToVerifiedStream: a depth-10 chain streams its byte',
    run: async (pm) => {
      const { root, car: bytes } = await chainCar(10)
      const verifying = pm.carToVerifiedStream(root)
      const out = new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(verifying)).arrayBuffer())
      return { out: new TextDecoder().decode(out), verdict: await verifying.verdict }
    },
    expect: null // the verdict promise lives on the transform, see below
  },
  {
    // Larger than one 256 KiB read: the body is read in several, the block verified whole.
    name: 'carBodyToVerifiedStream: a 700 KiB block from a fetch body',
    run: async (pm) => {
      const block = seeded(700 << 10)
      const cid = await cidBytes(0x55, block)
      const verified = pm.carBodyToVerifiedStream(new Response(car(cid, [[cid, block]])).body, base32(cid))
      const out = new Uint8Array(await new Response(verified).arrayBuffer())
      const same = out.length === block.length && out.every((b, i) => b === block[i])
      return { bytes: out.length, same, size: await verified.declaredSize, integrity: (await verified.verdict).integrity }
    },
    expect: { bytes: 700 << 10, same: true, size: 700 << 10, integrity: { status: 'verified', via: 'car' } }
  },
  {
    name: 'carBodyToVerifiedStream: one flipped byte aborts the stream and rejects the verdict',
    run: async (pm) => {
      const block = seeded(300 << 10)
      const cid = await cidBytes(0x55, block)
      const bytes = car(cid, [[cid, block]])
      bytes[bytes.length - 1] ^= 1
      const verified = pm.carBodyToVerifiedStream(new Response(bytes).body, base32(cid))
      // A reader, not Response.arrayBuffer(): Chromium replaces the stream's error there.
      const reader = verified.getReader()
      const drain = async () => { while (!(await reader.read()).done); }
      const read = await drain().then(() => 'clean end', (e) => e?.code ?? 'uncoded')
      const verdict = await verified.verdict.then(() => 'settled', (e) => e?.code)
      return { read, verdict }
    },
    expect: { read: 'block-mismatch', verdict: 'block-mismatch' }
  },
  { name: 'carBodyToVerifiedStream without a stream', run: async (pm) => pm.carBodyToVerifiedStream(new Uint8Array(4), 'bafkqaaa'), error: 'invalid-argument' },

  // Malformed CIDs and CARs (DESIGN §9): typed errors.
  { name: 'invalid CID string', run: (pm) => pm.verifyBytes('not-a-cid', text('x')), error: 'invalid-cid' },
  { name: 'unknown codec (dag-cbor)', run: async (pm) => pm.verifyBytes(cidOfBytes([0x01, 0x71, 0x12, 0x20, ...new Uint8Array(32)]), text('x')), error: 'unknown-codec' },
  { name: 'unknown hash (sha1)', run: (pm) => pm.verifyBytes(cidOfBytes([0x01, 0x55, 0x11, 0x14, ...new Uint8Array(20)]), text('x')), error: 'unknown-hash' },
  { name: 'identity digest over 128 bytes', run: (pm) => pm.verifyBytes(cidOfBytes([0x01, 0x55, 0x00, 0x81, 0x01, ...new Uint8Array(129)]), text('x')), error: 'identity-digest-too-long' },
  { name: 'digest length mismatch', run: (pm) => pm.verifyBytes(cidOfBytes([0x01, 0x55, 0x12, 0x1f, ...new Uint8Array(31)]), text('x')), error: 'digest-length-mismatch' },
  { name: 'unknown profile', run: (pm) => pm.cidOf(text('x'), { profile: 'kubo-2030' }), error: 'unknown-profile' },
  { name: 'chunk size over the block limit', run: (pm) => pm.cidOf(text('x'), { chunkSize: 4 * MIB }), error: 'invalid-params' },
  // Options are read field by field: a value of the wrong type is the caller's mistake.
  { name: 'chunk size as a string', run: (pm) => pm.cidOf(text('x'), { chunkSize: '1024' }), error: 'invalid-argument' },
  { name: 'chunk size not an integer', run: (pm) => pm.cidOf(text('x'), { chunkSize: 1.5 }), error: 'invalid-argument' },
  { name: 'rawLeaves as a number', run: (pm) => pm.cidOf(text('x'), { rawLeaves: 1 }), error: 'invalid-argument' },
  { name: 'negative CAR cap', run: (pm) => pm.verifyCar('bafkqaaa', new Uint8Array(0), { maxBlocks: -1 }), error: 'invalid-argument' },
  // The CLI agrees: `proofmark cid --chunk-size 2 --max-links 2 --cid-version 0`.
  { name: 'integer options as bigints', run: (pm) => pm.cidOf(text('hello proofmark'), { chunkSize: 2n, maxLinks: 2, cidVersion: 0n }), expect: 'QmQkqbvrrk1M8DBK35Wrq6v91wA2qgQmcX6DfS7VLtXJfi' },
  { name: 'CAR truncated in a section', run: async (pm) => { const cid = await cidBytes(0x55, text('hello car')); const c = car(cid, [[cid, text('hello car')]]); return pm.verifyCar(base32(cid), c.subarray(0, c.length - 1)) }, error: 'truncated' },
  { name: 'CAR section length varint overflow', run: async (pm) => { const cid = await cidBytes(0x55, text('a')); return pm.verifyCar(base32(cid), concat(car(cid, []), new Uint8Array(10).fill(0xff))) }, error: 'varint-overflow' },
  { name: 'CAR huge section length', run: async (pm) => { const cid = await cidBytes(0x55, text('a')); return pm.verifyCar(base32(cid), concat(car(cid, []), new Uint8Array(varint(2 ** 40)))) }, error: 'section-too-large' },
  { name: 'CAR block over 2 MiB', run: async (pm) => { const block = new Uint8Array(2 * MIB + 1); const cid = await cidBytes(0x55, block); return pm.verifyCar(base32(cid), car(cid, [[cid, block]])) }, error: 'block-too-large' },
  { name: 'CAR header not CBOR', run: async (pm) => { const cid = await cidBytes(0x55, text('a')); return pm.verifyCar(base32(cid), new Uint8Array([0x03, 0x01, 0x02, 0x03])) }, error: 'invalid-car' },
  { name: 'CAR version 3', run: async (pm) => { const cid = await cidBytes(0x55, text('a')); const h = concat(new Uint8Array([0xa1, 0x67]), text('version'), new Uint8Array([0x03])); return pm.verifyCar(base32(cid), concat(new Uint8Array([h.length]), h)) }, error: 'unsupported-car-version' },
  { name: 'dag-pb link without hash', run: async (pm) => { const node = new Uint8Array([0x12, 0x03, 0x12, 0x01, 0x61]); const cid = await cidBytes(0x70, node); return pm.verifyCar(base32(cid), car(cid, [[cid, node]])) }, error: 'invalid-dag-pb' },
  { name: 'dag-pb duplicate Data field', run: async (pm) => { const node = new Uint8Array([0x0a, 0x02, 0x08, 0x02, 0x0a, 0x02, 0x08, 0x02]); const cid = await cidBytes(0x70, node); return pm.verifyCar(base32(cid), car(cid, [[cid, node]])) }, error: 'invalid-dag-pb' },
  { name: 'DAG deeper than 64 levels', run: async (pm) => { const { root, car: c } = await chainCar(70); return pm.verifyCar(root, c) }, error: 'depth-exceeded' },
  {
    name: 'node with 1025 links',
    run: async (pm) => {
      const leaf = text('x')
      const leafCid = await cidBytes(0x55, leaf)
      const node = pbNode(Array.from({ length: 1025 }, () => ({ hash: leafCid, tsize: 1 })), unixfsFile(1025, new Array(1025).fill(1)))
      const cid = await cidBytes(0x70, node)
      return pm.verifyCar(base32(cid), car(cid, [[cid, node], [leafCid, leaf]]))
    },
    error: 'fanout-exceeded'
  },
  { name: 'caller cap on bytes', run: async (pm) => { const { root, car: c } = await chainCar(3); return pm.verifyCar(root, c, { maxBlocks: 2 }) }, error: 'cap-exceeded' },

  // ../shared/fixtures (skipped where the runtime has none).
  ...[
    ['gateway-conformance/dag-pb.car', null],
    ['gateway-conformance/gateway-raw-block.car', null],
    ['gateway-conformance/subdir-with-two-single-block-files.car', null],
    ['gateway-conformance/subdir-with-mixed-block-files.car', null],
    ['gateway-conformance/dir-with-files.car', null],
    ['gateway-conformance/single-layer-hamt-with-multi-block-files.car', null],
    ['gateway-conformance/file-3k-and-3-blocks-missing-block.car', null]
  ].map(([path]) => ({
    name: `fixture ${path}: verifyCar under the header's first root`,
    fixture: path,
    run: async (pm, env) => {
      const bytes = await env.fixture(path)
      const root = await headerRoot(bytes)
      return pm.verifyCar(root, bytes)
    },
    expect: null // compared with `proofmark car verify --json` in Node; status known answers below
  })),

  // Groth16 (snarkjs JSON).
  { name: 'groth16 valid proof', run: (pm) => pm.verifyGroth16(zk.vk, p1.proof, p1.publicSignals), expect: true },
  { name: 'groth16 inputs as bigint and 0x hex', run: (pm) => pm.verifyGroth16(JSON.stringify(zk.vk), JSON.stringify(p1.proof), p1.publicSignals.map((s, i) => i % 2 ? BigInt(s) : '0x' + BigInt(s).toString(16))), expect: true },
  { name: 'groth16 changed input: false', run: (pm) => pm.verifyGroth16(zk.vk, p1.proof, ['9', ...p1.publicSignals.slice(1)]), expect: false },
  { name: 'groth16 another proof\'s inputs: false', run: (pm) => pm.verifyGroth16(zk.vk, p1.proof, p2.publicSignals), expect: false },
  { name: 'groth16 A and C swapped: false', run: (pm) => pm.verifyGroth16(zk.vk, { ...p1.proof, pi_a: p1.proof.pi_c, pi_c: p1.proof.pi_a }, p1.publicSignals), expect: false },
  { name: 'groth16 batch of three', run: (pm) => pm.verifyGroth16Batch(zk.vk, zk.proofs, { randomness: new Uint8Array(32).fill(7) }), expect: true },
  { name: 'groth16 batch with default randomness', run: (pm) => pm.verifyGroth16Batch(zk.vk, zk.proofs), expect: true },
  { name: 'groth16 batch with one bad proof: false', run: (pm) => pm.verifyGroth16Batch(zk.vk, [p1, { ...p2, publicSignals: p3.publicSignals }, p3]), expect: false },
  { name: 'groth16 empty batch', run: (pm) => pm.verifyGroth16Batch(zk.vk, []), expect: true },
  { name: 'vkHash', run: (pm) => pm.vkHash(zk.vk), expect: FIXTURE_VK_HASH },
  { name: 'prepared key: vkHash, devSetup, inputCount', run: async (pm) => { const k = await pm.prepareVerifyingKey(zk.vk); const out = { vkHash: k.vkHash, devSetup: k.devSetup, inputCount: k.inputCount, ok: k.verify(p1.proof, p1.publicSignals) }; k.free(); return out }, expect: { vkHash: FIXTURE_VK_HASH, devSetup: true, inputCount: 5, ok: true } },
  { name: 'groth16 trusted vkHash', run: (pm) => pm.verifyGroth16(zk.vk, p1.proof, p1.publicSignals, { trustedVkHash: FIXTURE_VK_HASH }), expect: true },

  // Malformed proofs (DESIGN §9).
  { name: 'public input ≥ r', run: (pm) => pm.verifyGroth16(zk.vk, p1.proof, [(BigInt(p1.publicSignals[0]) + R).toString(), ...p1.publicSignals.slice(1)]), error: 'input-out-of-range' },
  { name: 'coordinate ≥ q', run: (pm) => { const p = clone(p1.proof); p.pi_a[0] = (BigInt(p.pi_a[0]) + Q).toString(); return pm.verifyGroth16(zk.vk, p, p1.publicSignals) }, error: 'coordinate-out-of-range' },
  { name: 'point off the curve', run: (pm) => { const p = clone(p1.proof); p.pi_c[1] = (BigInt(p.pi_c[1]) + 1n).toString(); return pm.verifyGroth16(zk.vk, p, p1.publicSignals) }, error: 'not-on-curve' },
  { name: 'identity in a proof', run: (pm) => pm.verifyGroth16(zk.vk, { ...p1.proof, pi_a: ['0', '1', '0'] }, p1.publicSignals), error: 'identity-in-proof' },
  { name: 'wrong input count', run: (pm) => pm.verifyGroth16(zk.vk, p1.proof, p1.publicSignals.slice(1)), error: 'input-count-mismatch' },
  { name: 'wrong protocol', run: (pm) => pm.verifyGroth16(zk.vk, { ...p1.proof, protocol: 'plonk' }, p1.publicSignals), error: 'wrong-protocol' },
  { name: 'wrong curve', run: (pm) => pm.verifyGroth16({ ...zk.vk, curve: 'bls12381' }, p1.proof, p1.publicSignals), error: 'wrong-curve' },
  // On the twist (x = 2 + u) but outside the order-r subgroup: the test on the wasm's own arithmetic.
  { name: 'G2 point outside the subgroup', run: (pm) => { const p = clone(p1.proof); p.pi_b = [['2', '1'], ['14595674994315963642025310148506558912261528724429140238175392059877349915513', '2228967120479639056306104054682125507366679660565043519150459338359302888809'], ['1', '0']]; return pm.verifyGroth16(zk.vk, p, p1.publicSignals) }, error: 'not-in-subgroup' },
  { name: 'G2 limbs in EVM order', run: (pm) => { const p = clone(p1.proof); p.pi_b[0].reverse(); p.pi_b[1].reverse(); return pm.verifyGroth16(zk.vk, p, p1.publicSignals) }, error: 'g2-limb-order-swapped' },
  { name: 'vk not the trusted one', run: (pm) => pm.verifyGroth16(zk.vk, p1.proof, p1.publicSignals, { trustedVkHash: '0x' + '11'.repeat(32) }), error: 'untrusted-key' },
  { name: 'non-canonical decimal input', run: (pm) => pm.verifyGroth16(zk.vk, p1.proof, ['0' + p1.publicSignals[0], ...p1.publicSignals.slice(1)]), error: 'invalid-number' },
  { name: 'proof JSON text that does not parse', run: (pm) => pm.verifyGroth16(zk.vk, '{', p1.publicSignals), error: 'invalid-json' },
  // Wallets (DESIGN §7).
  {
    name: 'buyLicenseCall',
    run: (pm) => { const c = pm.buyLicenseCall({ registry: '0x' + '5f'.repeat(20), key: '0x' + 'AB'.repeat(32), price: 5n }); return { ...c, value: String(c.value) } },
    expect: { to: '0x' + '5f'.repeat(20), data: '0x724fda67' + 'ab'.repeat(32), value: '5' }
  },
  {
    name: 'permitTypedData',
    run: (pm) => { const t = pm.permitTypedData({ chainId: 1, registry: '0x' + '5f'.repeat(20), key: '0x' + 'ab'.repeat(32), buyer: '0x' + '70'.repeat(20), audience: 'https://gate.example', expires: '1900000000', nonce: '0x' + '01'.repeat(32) }); return JSON.parse(JSON.stringify(t, (_, v) => typeof v === 'bigint' ? `${v}n` : v)) },
    expect: { domain: { name: 'Proofmark Gate', version: '1', chainId: '1n', verifyingContract: '0x' + '5f'.repeat(20) }, types: { Permit: [{ name: 'key', type: 'bytes32' }, { name: 'buyer', type: 'address' }, { name: 'audience', type: 'string' }, { name: 'expires', type: 'uint64' }, { name: 'nonce', type: 'bytes32' }] }, primaryType: 'Permit', message: { key: '0x' + 'ab'.repeat(32), buyer: '0x' + '70'.repeat(20), audience: 'https://gate.example', expires: '1900000000n', nonce: '0x' + '01'.repeat(32) } }
  },
  { name: 'permit with an expiry past uint64', run: (pm) => pm.permitTypedData({ chainId: 1, registry: '0x' + '5f'.repeat(20), key: '0x' + 'ab'.repeat(32), buyer: '0x' + '70'.repeat(20), audience: 'a', expires: 2n ** 64n, nonce: '0x' + '01'.repeat(32) }), error: 'invalid-argument' },
  { name: 'batch randomness of 31 bytes', run: (pm) => pm.verifyGroth16Batch(zk.vk, zk.proofs, { randomness: new Uint8Array(31) }), error: 'invalid-argument' },

  // Edge workers: permits and receipts (DESIGN §7), fixed vectors of permit-fixture.mjs.
  {
    name: 'verifyPermit: a header signed with viem',
    run: async (pm) => { const v = await pm.verifyPermit(pf.header, permitOptions); return { ...v, expires: String(v.expires) } },
    expect: { ok: true, digest: pf.digest, buyer: pf.permit.buyer, key: pf.permit.key, nonce: pf.permit.nonce, expires: '1900000000', audience: pf.audience, via: 'ecdsa' }
  },
  { name: 'verifyPermit: the permit object, key and buyer pinned', run: async (pm) => (await pm.verifyPermit({ ...pf.permit, expires: 1900000000n }, { ...permitOptions, key: pf.permit.key, buyer: pf.permit.buyer })).digest, expect: pf.digest },
  { name: 'verifyPermit: expired', run: (pm) => pm.verifyPermit(pf.header, { ...permitOptions, now: 1900000001 }), error: 'permit-expired' },
  { name: 'verifyPermit: another audience', run: (pm) => pm.verifyPermit(pf.header, { ...permitOptions, audience: 'https://other.example' }), error: 'permit-wrong-audience' },
  { name: 'verifyPermit: another key', run: (pm) => pm.verifyPermit(pf.header, { ...permitOptions, key: '0x' + 'ac'.repeat(32) }), error: 'permit-wrong-key' },
  { name: 'verifyPermit: another buyer', run: (pm) => pm.verifyPermit(pf.header, { ...permitOptions, buyer: '0x' + '70'.repeat(20) }), error: 'permit-wrong-buyer' },
  { name: 'verifyPermit: another chain id (domain)', run: (pm) => pm.verifyPermit(pf.header, { ...permitOptions, chainId: 1 }), error: 'erc1271-required' },
  { name: 'verifyPermit: high s', run: (pm) => pm.verifyPermit({ ...pf.permit, signature: pf.highSSignature }, permitOptions), error: 'signature-high-s' },
  { name: 'verifyPermit: v = 0', run: (pm) => pm.verifyPermit({ ...pf.permit, signature: pf.permit.signature.slice(0, 130) + '00' }, permitOptions), error: 'signature-bad-v' },
  { name: 'verifyPermit: padded base64url', run: (pm) => pm.verifyPermit(pf.header + '=', permitOptions), error: 'malformed-permit' },
  { name: 'verifyPermit: unknown field', run: (pm) => pm.verifyPermit({ ...pf.permit, chainId: '1' }, permitOptions), error: 'malformed-permit' },
  { name: 'verifyPermit: status of a rejection', run: (pm) => pm.verifyPermit(pf.header, { ...permitOptions, now: 1900000001 }).catch((e) => e.status), expect: 401 },
  { name: 'verifyPermit: status of a malformed permit', run: (pm) => pm.verifyPermit('Bearer x', permitOptions).catch((e) => e.status), expect: 400 },
  { name: 'verifyPermit: no Authorization header', run: (pm) => pm.verifyPermit(null, permitOptions).catch((e) => ({ code: e.code, status: e.status })), expect: { code: 'no-permit', status: 402 } },
  {
    name: 'signReceipt with a fixed dev key',
    run: async (pm) => { const s = await pm.signReceipt(pf.receipt, { chainId: pf.chainId, registry: pf.registry, privateKey: pf.workerKey }); return { digest: s.digest, signature: s.signature, signer: s.signer } },
    expect: { digest: pf.receiptDigest, signature: pf.receiptSignature, signer: pf.worker }
  },
  { name: 'verifyReceipt: the worker\'s signature', run: (pm) => pm.verifyReceipt(pf.receipt, pf.receiptSignature, { chainId: pf.chainId, registry: pf.registry, signer: pf.worker }), expect: true },
  { name: 'verifyReceipt: another signer', run: (pm) => pm.verifyReceipt(pf.receipt, pf.receiptSignature, { chainId: pf.chainId, registry: pf.registry, signer: pf.permit.buyer }), expect: false },
  { name: 'verifyReceipt: another byte count', run: (pm) => pm.verifyReceipt({ ...pf.receipt, bytes: 1n }, pf.receiptSignature, { chainId: pf.chainId, registry: pf.registry, signer: pf.worker }), expect: false },
  { name: 'verifyReceipt: a 64-byte signature', run: (pm) => pm.verifyReceipt(pf.receipt, pf.receiptSignature.slice(0, 130), { chainId: pf.chainId, registry: pf.registry, signer: pf.worker }), error: 'bad-signature' },
  ...chainCases
]

/** The first root named in a CAR's header (for fixtures: the root to trust). */
export async function headerRoot (bytes) {
  // header: varint length, dag-cbor {roots: [tag 42 bytes(0x00 ‖ cid)], version: 1}
  let at = 0
  while (bytes[at] & 0x80) at++
  at++
  const start = bytes.indexOf(0x2a, at) // tag 42 follows 0xd8
  let pos = start + 1
  const major = bytes[pos] >> 5
  if (major !== 2) throw new Error('unexpected CAR header')
  let len = bytes[pos] & 0x1f
  pos++
  if (len === 24) len = bytes[pos++]
  const cid = bytes.subarray(pos + 1, pos + len)
  return cid[0] === 0x12 ? base58btc(cid) : base32(cid)
}

export { hex }

// Known answers filled in from the native CLI (tests/node/sdk-conformance.test.mjs
// checks each against `proofmark` on the same input, so they cannot drift).
const known = {
  'verifyBytes unixfs-v1-2025 2097169 bytes: the table\'s first matching profile': 'unixfs-v1-2025',
  'verifyBytes unixfs-v0-2015 600000 bytes: the table\'s first matching profile': 'unixfs-v0-2015',
  'verifyBytes kubo-cidv1 600000 bytes: the table\'s first matching profile': 'kubo-cidv1',
  'verifyBytes kubo-cidv1-1mib 2097169 bytes: the table\'s first matching profile': 'unixfs-v1-2025',
  'verifyBytes raw 3000 bytes: the table\'s first matching profile': 'unixfs-v1-2025'
}
for (const c of cases) {
  if (c.name in known) {
    c.project = (v) => v.integrity.profile + ' ' + v.integrity.status
    c.expect = known[c.name] + ' verified'
  }
}
const chain = cases.find((c) => c.name.startsWith('carToVerifiedStream'))
chain.expect = { out: 'x', verdict: { integrity: { status: 'verified', via: 'car' }, blocks: 11, bytes: 1 } }
chain.project = (v) => ({ out: v.out, verdict: { integrity: v.verdict.integrity, blocks: v.verdict.blocks, bytes: v.verdict.bytes } })
const fixtureStatus = {
  'gateway-conformance/file-3k-and-3-blocks-missing-block.car': 'unknown'
}
for (const c of cases.filter((c) => c.fixture)) {
  c.project = (v) => v.integrity.status
  c.expect = fixtureStatus[c.fixture] ?? 'verified'
}

/** JSON with object keys sorted: equality that ignores key order. */
export function canonical (value) {
  return JSON.stringify(value, (_, v) => v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]]))
    : v)
}

/**
 * Runs one case with the package `pm`; `env.fixture(path)` gives a shared fixture's
 * bytes or null (the case is then skipped); chain cases need `env.chain`
 * (tests/node/lib/chain-stack.mjs) and are skipped without it. After an error case the module must still
 * work: a known CID is recomputed.
 */
export async function runCase (pm, c, env = {}) {
  if (c.fixture && !(await env.fixture?.(c.fixture))) return { name: c.name, ok: true, skipped: true }
  if (c.chain && !env.chain) return { name: c.name, ok: true, skipped: true }
  let actual
  try {
    const value = await c.run(pm, env)
    actual = c.project ? c.project(value) : value
  } catch (error) {
    actual = { error: error?.code ?? `uncoded: ${error?.message ?? error}`, isError: error instanceof Error }
  }
  const expected = c.error ? { error: c.error, isError: true } : c.expect
  let ok = canonical(actual) === canonical(expected)
  if (c.error) {
    const after = await stillWorks(pm)
    if (after !== true) {
      ok = false
      actual = { ...actual, afterwards: String(after) }
    }
  }
  return { name: c.name, ok, actual, expected }
}

/** After an error, the entry still answers: a known CID, or (Groth16-only entry) a valid proof. */
async function stillWorks (pm) {
  const answer = pm.cidOf
    ? pm.cidOf(text('hello world'), { profile: 'unixfs-v0-2015' }).then((cid) => cid === helloV0 || cid)
    : pm.verifyGroth16(zk.vk, p1.proof, p1.publicSignals)
  return answer.catch((e) => e)
}
