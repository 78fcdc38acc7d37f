// The conformance cases (tests/conformance/cases.mjs) against the npm package in Node,
// and their answers against the native CLI on the same inputs.
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'

import * as pm from '../../pkg/index.js'
import { cases, headerRoot, runCase } from '../conformance/cases.mjs'
import zk from '../conformance/zk-fixture.mjs'
import { proofmark, repoRoot, requireBinary } from './lib/cli.mjs'

const fixtures = join(repoRoot, '../shared/fixtures')
const haveFixtures = existsSync(fixtures)
if (!haveFixtures && process.env.CI === 'true') throw new Error(`${fixtures} is missing (CI=true)`)
const env = { fixture: async (path) => haveFixtures ? new Uint8Array(await readFile(join(fixtures, path))) : null }

const dir = mkdtempSync(join(tmpdir(), 'proofmark-sdk-conf-'))
after(() => rmSync(dir, { recursive: true, force: true }))

test(`every conformance case (${cases.length}) gives its expected result in Node`, async () => {
  const failures = []
  let skipped = 0
  for (const c of cases) {
    const result = await runCase(pm, c, env)
    if (result.skipped) skipped++
    if (!result.ok) failures.push(`${c.name}: got ${JSON.stringify(result.actual)}, want ${JSON.stringify(result.expected)}`)
  }
  if (skipped) console.log(`# skipped ${skipped} fixture cases: ${fixtures} not found`)
  assert.deepEqual(failures, [])
})

test('shared fixture CARs: verifyCar equals `proofmark car verify --json`', { skip: !haveFixtures && 'no ../shared/fixtures' }, async () => {
  requireBinary()
  const paths = cases.filter((c) => c.fixture).map((c) => c.fixture)
  for (const path of paths) {
    const bytes = await env.fixture(path)
    const root = await headerRoot(bytes)
    const ours = await pm.verifyCar(root, bytes)
    const theirs = await cliJsonOrExit(['car', 'verify', join(fixtures, path), '--cid', root, '--json'])
    assert.deepEqual(ours, theirs, path)
  }
})

/** `proofmark ... --json` whose exit code may be 1 or 3 (a verdict, still JSON on stdout). */
async function cliJsonOrExit (args) {
  const { execFile } = await import('node:child_process')
  const { proofmarkBin } = await import('./lib/cli.mjs')
  return new Promise((resolve, reject) => {
    execFile(proofmarkBin, args, { maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      if (error && ![1, 3].includes(error.code)) return reject(new Error(`${args.join(' ')}: ${stderr}`))
      resolve(JSON.parse(stdout))
    })
  })
}

test('verifyBytes equals `proofmark verify --json` (every profile, tampered, named profile)', async () => {
  requireBinary()
  const MIB = 1024 * 1024
  const { seededBytes } = await import('../conformance/cases.mjs')
  let n = 0
  for (const [profile, size] of [['unixfs-v1-2025', 2 * MIB + 17], ['unixfs-v0-2015', 600000], ['kubo-cidv1', 600000], ['kubo-cidv1-1mib', 2 * MIB + 17], ['raw', 3000], ['unixfs-v0-2015', 11]]) {
    const bytes = seededBytes(size, size)
    const cid = await pm.cidOf(bytes, { profile })
    const tampered = bytes.slice()
    tampered[0] ^= 1
    for (const [input, options] of [[bytes, undefined], [tampered, undefined], [tampered, { profile }], [bytes, { profile: 'raw' }]]) {
      const file = join(dir, `v${n++}.bin`)
      await writeFile(file, input)
      const args = ['verify', file, '--cid', cid, '--json', ...(options ? ['--profile', options.profile] : [])]
      assert.deepEqual(await pm.verifyBytes(cid, input, options), await cliJsonOrExit(args), args.join(' '))
    }
  }
})

test('vkHash and Groth16 verdicts equal the CLI\'s (`zk verify --json`)', async () => {
  requireBinary()
  const vkFile = join(dir, 'vk.json')
  await writeFile(vkFile, JSON.stringify(zk.vk))
  for (const [i, { proof, publicSignals }] of zk.proofs.entries()) {
    for (const inputs of [publicSignals, zk.proofs[(i + 1) % 3].publicSignals]) {
      await writeFile(join(dir, 'proof.json'), JSON.stringify(proof))
      await writeFile(join(dir, 'public.json'), JSON.stringify(inputs))
      const cli = await cliJsonOrExit(['zk', 'verify', '--vkey', vkFile, '--proof', join(dir, 'proof.json'), '--public', join(dir, 'public.json'), '--json'])
      assert.equal(await pm.verifyGroth16(zk.vk, proof, inputs), cli.valid)
    }
  }
  const setup = JSON.parse(await proofmark(['zk', 'setup', '--seed', 'conformance', '--depth', '1', '--out-dir', join(dir, 'setup')]))
  const vk = JSON.parse(await readFile(join(dir, 'setup/verification_key.json'), 'utf8'))
  assert.equal(await pm.vkHash(vk), setup.vkHash)
  assert.equal(await pm.vkHash(zk.vk), setup.vkHash, 'the fixture is the seed-"conformance" depth-1 setup')
})
