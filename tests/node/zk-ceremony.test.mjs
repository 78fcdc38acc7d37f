// The production setup path, end to end at depth 1: `zk export-r1cs` → a snarkjs
// powers-of-tau and phase-2 ceremony → `zk setup --zkey` → our proof → snarkjs and
// `proofmark zk verify` both accept it. And the other direction: proofs snarkjs makes
// for a circom circuit verify with `proofmark zk verify`.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { promisify } from 'node:util'

import * as snarkjs from 'snarkjs'

import { proofmark, proofmarkBin, repoRoot, requireBinary } from './lib/cli.mjs'
import { R, compileCircom, groth16Setup, ptauCeremony, readJson, terminateCurve } from './lib/zk.mjs'

const run = promisify(execFile)
const work = mkdtempSync(join(tmpdir(), 'proofmark-ceremony-'))
const path = (name) => join(work, name)
let ptau

before(async () => {
  requireBinary()
  // 2^11 covers the depth-1 circuit (1,617 constraints plus a row per public input).
  ptau = await ptauCeremony(work, 11)
})

after(async () => {
  rmSync(work, { recursive: true, force: true })
  await terminateCurve()
})

/** `proofmark zk verify`'s exit code. */
async function ourVerdict (vkey, proof, pub) {
  writeFileSync(path('check.proof.json'), JSON.stringify(proof))
  writeFileSync(path('check.public.json'), JSON.stringify(pub))
  try {
    await run(proofmarkBin, ['zk', 'verify', '--vkey', vkey, '--proof', path('check.proof.json'), '--public', path('check.public.json')])
    return 0
  } catch (err) {
    return err.code
  }
}

test('ceremony path: export-r1cs → snarkjs phase 2 → setup --zkey → our proof, accepted by snarkjs and by us', async () => {
  const exported = JSON.parse(await proofmark(['zk', 'export-r1cs', '--depth', '1', '--out', path('model_attest.r1cs')]))
  assert.equal(exported.constraints, 1617)
  const info = await snarkjs.r1cs.info(path('model_attest.r1cs'))
  assert.equal(info.nConstraints, 1617)
  assert.equal(info.nPubInputs + info.nOutputs, 5)

  await groth16Setup(path('model_attest.r1cs'), ptau, path('ceremony.zkey'))
  writeFileSync(path('weights.bin'), 'the audited weights')
  writeFileSync(path('asset.png'), 'an image the model made')
  await proofmark(['model', 'keygen', '--weights', path('weights.bin'), '--version', '2', '--out', path('model.key.json')])
  await proofmark(['registry', 'build', path('model.pub.json'), '--depth', '1', '--out', path('registry.json')])
  const setup = JSON.parse(await proofmark(['zk', 'setup', '--zkey', path('ceremony.zkey'), '--depth', '1', '--out-dir', path('setup')]))
  assert.equal(setup.devSetup, false)

  const vk = await readJson(path('setup/verification_key.json'))
  assert.equal(vk.devSetup, undefined)
  const snarkjsVk = await snarkjs.zKey.exportVerificationKey(path('ceremony.zkey'))
  for (const field of ['vk_alpha_1', 'vk_beta_2', 'vk_gamma_2', 'vk_delta_2', 'IC', 'nPublic']) {
    assert.deepEqual(vk[field], snarkjsVk[field], field)
  }

  await proofmark(['zk', 'prove', '--model-key', path('model.key.json'), '--registry-file', path('registry.json'),
    '--asset', path('asset.png'), '--creator', '0x00000000000000000000000000000000deadbeef', '--setup', path('setup'),
    '--out', path('proof.json'), '--public', path('public.json')])
  const proof = await readJson(path('proof.json'))
  const pub = await readJson(path('public.json'))
  assert.equal(pub[4], BigInt('0xdeadbeef').toString())
  assert.equal(await snarkjs.groth16.verify(snarkjsVk, pub, proof), true)
  assert.equal(await ourVerdict(path('setup/verification_key.json'), proof, pub), 0)
  const otherCreator = [...pub.slice(0, 4), '1']
  assert.equal(await snarkjs.groth16.verify(snarkjsVk, otherCreator, proof), false)
  assert.equal(await ourVerdict(path('setup/verification_key.json'), proof, otherCreator), 1)
})

test('proofs snarkjs makes for a circom circuit verify with proofmark zk verify, and ours from its .zkey + .wtns with snarkjs', async () => {
  await compileCircom(join(repoRoot, 'tests/node/fixtures/zk/tiny.circom'), work)
  await groth16Setup(path('tiny.r1cs'), ptau, path('tiny.zkey'))
  const vk = await snarkjs.zKey.exportVerificationKey(path('tiny.zkey'))
  writeFileSync(path('tiny.vk.json'), JSON.stringify(vk))
  for (const [x, y] of [[3, 5], [255, 1n << 100n], [0, 7]]) {
    const { proof, publicSignals } = await snarkjs.groth16.fullProve({ x, y, offset: 11, scale: 2 }, path('tiny_js/tiny.wasm'), path('tiny.zkey'))
    assert.equal(publicSignals[0], ((BigInt(x) * BigInt(y) * 2n + 11n) % R).toString())
    assert.equal(await ourVerdict(path('tiny.vk.json'), proof, publicSignals), 0, `x=${x}`)
    assert.equal(await ourVerdict(path('tiny.vk.json'), proof, ['1', ...publicSignals.slice(1)]), 1, `x=${x} mutated`)
  }
  await snarkjs.wtns.calculate({ x: 9, y: 4, offset: 1, scale: 3 }, path('tiny_js/tiny.wasm'), path('tiny.wtns'))
  await proofmark(['zk', 'prove', '--zkey', path('tiny.zkey'), '--wtns', path('tiny.wtns'),
    '--out', path('ours.proof.json'), '--public', path('ours.public.json')])
  const ours = await readJson(path('ours.public.json'))
  assert.deepEqual(ours, ['109', '1', '3'])
  assert.equal(await snarkjs.groth16.verify(vk, ours, await readJson(path('ours.proof.json'))), true)
})
