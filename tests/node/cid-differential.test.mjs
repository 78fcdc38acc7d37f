// Differential test: `proofmark cid` against ipfs-unixfs-importer (DESIGN.md §2).
// Run: node --test tests/node/cid-differential.test.mjs   (binary: $PROOFMARK_BIN or target/release)
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { importer } from 'ipfs-unixfs-importer'
import { MemoryBlockstore } from 'blockstore-core/memory'
import { prng, randomInt, seededBytes } from './lib/bytes.mjs'
import { readCar } from './lib/car.mjs'
import { proofmark, requireBinary } from './lib/cli.mjs'
import { CUSTOM_DEFAULTS, PROFILES, dfsOrder, importFile, rawFile } from './lib/oracle.mjs'

const SEED = 0x5eed
const MIB = 1024 * 1024
const MAX_BLOCK = 2 * MIB // a raw-profile file larger than this is an identifier, not a block
const SHOW = 10 // failing cases listed per test
const WIDE = 64 * MIB // a profile whose first full level fits here also gets the one-past-full size

const dir = mkdtempSync(join(tmpdir(), 'proofmark-cid-diff-'))
after(() => rmSync(dir, { recursive: true, force: true }))

// ---- cases ---------------------------------------------------------------------------

/** Edge sizes around the chunk size, then pseudo-random sizes up to ~3 chunks. */
function sizesAround (chunk, seed, count = 40) {
  const next = prng(seed)
  const sizes = [0, 1, chunk - 1, chunk, chunk + 1, 2 * chunk + 1]
  while (sizes.length < count) sizes.push(randomInt(next, 2, 3 * chunk + chunk / 2))
  return sizes
}

function profileCases (name, index) {
  const settings = PROFILES[name]
  const chunk = settings?.chunkSize ?? MIB
  const sizes = sizesAround(chunk, SEED + index)
  const full = settings && settings.maxLinks * chunk // bytes of a root with exactly max-links leaves
  if (full && full < WIDE) sizes.push(full, full + 1)
  return sizes.map((size, i) => ({
    label: `profile=${name} size=${size}` + (settings ? ` chunks=${Math.max(1, Math.ceil(size / chunk))}` : ''),
    args: ['--profile', name],
    profile: name,
    settings,
    size,
    seed: SEED * 1000 + index * 100 + i,
    car: settings !== null || size <= MAX_BLOCK
  }))
}

function customArgs ({ cidVersion, chunkSize, maxLinks, rawLeaves }) {
  return ['--chunk-size', `${chunkSize}`, '--max-links', `${maxLinks}`,
    rawLeaves ? '--raw-leaves' : '--no-raw-leaves', '--cid-version', `${cidVersion}`, '--hash', 'sha2-256']
}

/** Small chunks and few links: deep trees, full and one-past-full levels, partial last chunks. */
function deepTreeCases () {
  const cases = []
  const chunkSize = 1024
  const next = prng(SEED + 99)
  for (const maxLinks of [3, 4]) {
    for (const rawLeaves of [true, false]) {
      for (const cidVersion of [0, 1]) {
        const settings = { cidVersion, chunkSize, maxLinks, rawLeaves }
        const shapes = [] // [chunk count, bytes in the last chunk]
        for (let k = 1; k <= 3; k++) {
          shapes.push([maxLinks ** k, chunkSize], [maxLinks ** k + 1, randomInt(next, 1, chunkSize)])
        }
        for (let i = 0; i < 3; i++) shapes.push([randomInt(next, 2, maxLinks ** 4 + maxLinks), randomInt(next, 1, chunkSize)])
        for (const [chunks, last] of shapes) {
          const size = (chunks - 1) * chunkSize + last
          cases.push({
            label: `custom chunk=${chunkSize} max-links=${maxLinks} ${rawLeaves ? 'raw' : 'dag-pb'} leaves ` +
              `cid-v${cidVersion} chunks=${chunks} size=${size}`,
            args: customArgs(settings),
            profile: 'custom',
            settings,
            size,
            seed: SEED * 2000 + cases.length,
            car: true
          })
        }
      }
    }
  }
  return cases
}

function defaultSettingsCases () {
  return [0, 1, MIB, MIB + 1, 2 * MIB + 1].map((size, i) => ({
    label: `default profile (no flags) size=${size}`,
    args: [],
    profile: 'unixfs-v1-2025',
    settings: CUSTOM_DEFAULTS,
    size,
    seed: SEED * 3000 + i,
    car: true
  }))
}

// ---- one case ------------------------------------------------------------------------

const head = (list) => list.slice(0, 3).join(', ') + (list.length > 3 ? ', …' : '')

function checkBlocks (car, expected) {
  const want = dfsOrder(expected.root, expected.blocks)
  assert.equal(new Set(want).size, want.length, 'test input repeats a block: choose other bytes')
  assert.equal(want.length, expected.blocks.size, 'the importer stored blocks unreachable from its root')

  const got = car.blocks.map((b) => b.cid)
  const seen = new Set()
  const repeated = got.filter((cid) => seen.has(cid) || !seen.add(cid))
  const missing = want.filter((cid) => !seen.has(cid))
  const extra = [...seen].filter((cid) => !expected.blocks.has(cid))
  if (repeated.length || missing.length || extra.length) {
    assert.fail(`CAR blocks differ from the importer's (${got.length} vs ${want.length}): ` +
      `${missing.length} missing [${head(missing)}], ${extra.length} extra [${head(extra)}], ` +
      `${repeated.length} repeated [${head(repeated)}]`)
  }
  const changed = car.blocks.filter((b) => Buffer.compare(b.bytes, expected.blocks.get(b.cid)) !== 0)
  if (changed.length) assert.fail(`CAR block bytes differ for ${head(changed.map((b) => b.cid))}`)

  const at = got.findIndex((cid, i) => cid !== want[i])
  if (at >= 0) assert.fail(`CAR block ${at} of ${got.length} is ${got[at]}, DFS pre-order expects ${want[at]}`)
}

let fileCount = 0

async function checkCase (c) {
  const bytes = seededBytes(c.size, c.seed)
  const expected = c.settings ? await importFile(bytes, c.settings) : await rawFile(bytes)
  const n = fileCount++
  const file = join(dir, `case-${n}.bin`)
  const carFile = join(dir, `case-${n}.car`)
  await writeFile(file, bytes)
  try {
    const plain = await proofmark(['cid', file, ...c.args])
    assert.equal(plain.trimEnd(), expected.root, 'root CID (plain output)')

    const json = JSON.parse(await proofmark(['cid', file, ...c.args, '--json', ...(c.car ? ['--car', carFile] : [])]))
    assert.equal(json.cid, expected.root, 'root CID (--json)')
    assert.equal(json.size, c.size, 'size (--json)')
    assert.equal(json.profile, c.profile, 'profile (--json)')
    if (!c.car) return

    const car = await readCar(await readFile(carFile))
    assert.equal(car.version, 1, 'CAR version')
    assert.deepEqual(car.roots, [expected.root], 'CAR header roots')
    checkBlocks(car, expected)
  } finally {
    await rm(file, { force: true })
    await rm(carFile, { force: true })
  }
}

/** Runs every case, then fails once, naming each failing case. */
async function runCases (cases) {
  requireBinary()
  const failures = []
  for (const c of cases) {
    try {
      await checkCase(c)
    } catch (err) {
      failures.push(`${c.label}: ${err.message}`)
    }
  }
  if (failures.length) {
    const more = failures.length > SHOW ? `\n… and ${failures.length - SHOW} more` : ''
    assert.fail(`${failures.length} of ${cases.length} cases failed:\n${failures.slice(0, SHOW).join('\n')}${more}`)
  }
}

// ---- tests ---------------------------------------------------------------------------

test('oracle: known CIDs, and our settings equal the importer\'s own IPIP-499 profiles', async () => {
  const hello = new TextEncoder().encode('hello world')
  const empty = new Uint8Array(0)
  assert.equal((await importFile(hello, PROFILES['unixfs-v0-2015'])).root, 'Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD')
  assert.equal((await importFile(empty, PROFILES['unixfs-v1-2025'])).root, 'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku')
  assert.equal((await importFile(empty, PROFILES['unixfs-v0-2015'])).root, 'QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH')
  assert.equal((await rawFile(empty)).root, 'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku')

  for (const profile of ['unixfs-v1-2025', 'unixfs-v0-2015']) {
    const { chunkSize } = PROFILES[profile]
    for (const size of [0, 1, chunkSize, chunkSize + 1]) {
      const bytes = seededBytes(size, SEED)
      let builtIn
      for await (const entry of importer([{ content: bytes }], new MemoryBlockstore(), { profile })) builtIn = entry
      assert.equal((await importFile(bytes, PROFILES[profile])).root, builtIn.cid.toString(), `${profile} size=${size}`)
    }
  }
})

for (const [index, name] of Object.keys(PROFILES).entries()) {
  test(`profile ${name}: root CID and CAR blocks match ipfs-unixfs-importer (≥ 40 sizes)`, async () => {
    await runCases(profileCases(name, index))
  })
}

test('custom chunk 1024, max-links 3 and 4, raw and dag-pb leaves, CIDv0 and v1: deep trees match', async () => {
  await runCases(deepTreeCases())
})

test('custom with no flags: CIDv1, raw leaves, 1 MiB chunks, 1024 links', async () => {
  await runCases(defaultSettingsCases())
})
