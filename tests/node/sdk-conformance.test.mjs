// The conformance cases (tests/conformance/cases.mjs) against the npm package in Node,
// and their answers against the native CLI on the same inputs.
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'

import * as pm from '../../pkg/index.js'
import { cases, FIXTURE_VK_HASH, headerRoot, runCase } from '../conformance/cases.mjs'
import zk from '../conformance/zk-fixture.mjs'
import { ACCOUNTS } from './lib/anvil.mjs'
import { seededBytes } from './lib/bytes.mjs'
import { startChainStack } from './lib/chain-stack.mjs'
import { proofmark, repoRoot, requireBinary } from './lib/cli.mjs'

const fixtures = join(repoRoot, '../shared/fixtures')
const haveFixtures = existsSync(fixtures)
if (!haveFixtures && process.env.CI === 'true') throw new Error(`${fixtures} is missing (CI=true)`)
const env = { fixture: async (path) => haveFixtures ? new Uint8Array(await readFile(join(fixtures, path))) : null }

const dir = mkdtempSync(join(tmpdir(), 'proofmark-sdk-conf-'))
let stack
before(async () => {
  stack = await startChainStack()
  env.chain = stack.env
})
after(() => {
  stack?.stop()
  rmSync(dir, { recursive: true, force: true })
})

test(`every conformance case (${cases.length}) gives its expected result in Node`, async () => {
  const failures = []
  let skipped = 0
  for (const c of cases) {
    const result = await runCase(pm, c, env)
    if (result.skipped) skipped++
    if (!result.ok) failures.push(`${c.name}: got ${JSON.stringify(result.actual)}, want ${JSON.stringify(result.expected)}`)
  }
  if (skipped) console.log(`# skipped ${skipped} fixture cases: ${fixtures} not found`)
  assert.equal(cases.filter((c) => c.chain).length, 21)
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
    // A proof with its own inputs verifies; with another proof's, it does not.
    for (const [inputs, valid] of [[publicSignals, true], [zk.proofs[(i + 1) % 3].publicSignals, false]]) {
      await writeFile(join(dir, 'proof.json'), JSON.stringify(proof))
      await writeFile(join(dir, 'public.json'), JSON.stringify(inputs))
      const cli = await cliJsonOrExit(['zk', 'verify', '--vkey', vkFile, '--proof', join(dir, 'proof.json'), '--public', join(dir, 'public.json'), '--json'])
      assert.equal(cli.valid, valid, `CLI, proof ${i}`)
      assert.equal(await pm.verifyGroth16(zk.vk, proof, inputs), valid, `sdk, proof ${i}`)
    }
  }
  const setup = JSON.parse(await proofmark(['zk', 'setup', '--seed', 'conformance', '--depth', '1', '--out-dir', join(dir, 'setup')]))
  const vk = JSON.parse(await readFile(join(dir, 'setup/verification_key.json'), 'utf8'))
  assert.equal(setup.vkHash, FIXTURE_VK_HASH, 'the fixture is the seed-"conformance" depth-1 setup')
  assert.equal(await pm.vkHash(vk), FIXTURE_VK_HASH)
})

test('verifyAsset equals `proofmark check --json` on the same anvil (latest and proven, every asset)', async () => {
  requireBinary()
  const chain = stack.env
  const vkeyFile = join(dir, 'chain-vkey.json')
  await writeFile(vkeyFile, JSON.stringify(chain.vkey))
  const tampered = seededBytes(...chain.assets.genuine)
  tampered[7] ^= 0x80
  const inputs = [
    ['genuine', chain.keys.genuine, seededBytes(...chain.assets.genuine)],
    ['genuine by CIDv0', chain.cids.genuine, seededBytes(...chain.assets.genuine)],
    ['genuine tampered', chain.keys.genuine, tampered],
    ['genuine by CIDv0, tampered (judged against the anchored key)', chain.cids.genuine, tampered],
    ['derived', chain.keys.derived, seededBytes(...chain.assets.derived)],
    ['revoked', chain.keys.revoked, seededBytes(...chain.assets.revoked)],
    ['unanchored', chain.keys.unanchored, seededBytes(...chain.assets.unanchored)]
  ]
  let compared = 0
  for (const [label, target, bytes] of inputs) {
    const file = join(dir, 'asset.bin')
    await writeFile(file, bytes)
    for (const proven of [false, true]) {
      const ours = await pm.verifyAsset(target, { rpc: chain.rpc, registry: chain.registry, chainId: chain.chainId, bytes, vkey: chain.vkey, holder: chain.buyer, proven })
      const theirs = await cliJsonOrExit(['check', target, '--rpc', chain.rpc, '--registry', chain.registry, '--chain-id', '31337',
        '--file', file, '--vkey', vkeyFile, '--holder', chain.buyer, '--json', ...(proven ? ['--proven'] : [])])
      assert.deepEqual(ours, theirs, `${label}${proven ? ' (proven)' : ''}`)
      compared++
    }
  }
  assert.equal(compared, 14)
})

test('readAnchor over an EIP-1193 provider equals the URL transport; a lying provider is caught only in proven mode', async () => {
  const chain = stack.env
  const call = async (method, params) => {
    const response = await fetch(chain.rpc, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) })
    const answer = await response.json()
    if (answer.error) throw Object.assign(new Error(answer.error.message), answer.error)
    return answer.result
  }
  const honest = { name: chain.rpc, request: ({ method, params }) => call(method, params) }
  const options = { registry: chain.registry, chainId: chain.chainId, vkey: chain.vkey }
  assert.deepEqual(await pm.readAnchor(chain.keys.genuine, { ...options, rpc: honest }), await pm.readAnchor(chain.keys.genuine, { ...options, rpc: chain.rpc }))
  // A provider whose recordOf answers name another creator.
  const liar = {
    request: async ({ method, params }) => {
      const result = await call(method, params)
      if (method !== 'eth_call' || !params[0].data.startsWith('0xd1c60a3a')) return result
      return result.slice(0, 26) + ACCOUNTS[2][0].slice(2).toLowerCase() + result.slice(66)
    }
  }
  const fooled = await pm.readAnchor(chain.keys.genuine, { ...options, rpc: liar })
  assert.equal(fooled.anchor.status, 'verified')
  assert.equal(fooled.anchor.record.creator.toLowerCase(), ACCOUNTS[2][0].toLowerCase())
  await assert.rejects(pm.readAnchor(chain.keys.genuine, { ...options, rpc: liar, proven: true }), { code: 'call-contradicts-proof' })
  // A quorum whose members disagree on the finalized block.
  const lagging = {
    request: async ({ method, params }) => method === 'eth_getBlockByNumber' && params[0] === 'finalized'
      ? call(method, ['0x1', false])
      : call(method, params)
  }
  await assert.rejects(pm.readAnchor(chain.keys.genuine, { ...options, rpc: [chain.rpc, lagging], proven: true }), { code: 'quorum-disagrees' })
})
