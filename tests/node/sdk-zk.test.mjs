// The npm package's Groth16 verdicts against snarkjs on the same proofs: valid ones and
// well-formed mutations (changed inputs, swapped points, another proof's inputs, another key).
import assert from 'node:assert/strict'
import { after, test } from 'node:test'
import * as snarkjs from 'snarkjs'

import * as pm from '../../pkg/index.js'
import { FIXTURE_VK_HASH } from '../conformance/cases.mjs'
import zk from '../conformance/zk-fixture.mjs'
import { R, terminateCurve } from './lib/zk.mjs'

after(async () => {
  // snarkjs keeps its curve's worker threads alive until terminated.
  await terminateCurve()
})

const clone = (v) => JSON.parse(JSON.stringify(v))

function mutations () {
  const out = []
  zk.proofs.forEach(({ proof, publicSignals }, i) => {
    out.push({ label: `proof ${i}`, proof, publicSignals })
    for (let j = 0; j < publicSignals.length; j++) {
      const changed = publicSignals.slice()
      changed[j] = ((BigInt(changed[j]) + 1n) % R).toString()
      out.push({ label: `proof ${i} input ${j} + 1`, proof, publicSignals: changed })
    }
    out.push({ label: `proof ${i} A/C swapped`, proof: { ...proof, pi_a: proof.pi_c, pi_c: proof.pi_a }, publicSignals })
    out.push({ label: `proof ${i} A negated`, proof: { ...proof, pi_a: [proof.pi_a[0], (21888242871839275222246405745257275088696311157297823662689037894645226208583n - BigInt(proof.pi_a[1])).toString(), '1'] }, publicSignals })
    out.push({ label: `proof ${i} with proof ${(i + 1) % 3}'s inputs`, proof, publicSignals: zk.proofs[(i + 1) % 3].publicSignals })
  })
  return out
}

test('verifyGroth16 equals snarkjs.groth16.verify on valid and mutated proofs', async () => {
  const key = await pm.prepareVerifyingKey(zk.vk)
  const cases = mutations()
  let valid = 0
  for (const c of cases) {
    const theirs = await snarkjs.groth16.verify(zk.vk, c.publicSignals, c.proof, { info () {}, warn () {}, error () {}, debug () {} })
    const ours = key.verify(c.proof, c.publicSignals)
    assert.equal(await pm.verifyGroth16(zk.vk, clone(c.proof), c.publicSignals), ours, c.label)
    assert.equal(ours, theirs, c.label)
    if (ours) valid++
  }
  assert.equal(valid, 3)
  assert.equal(cases.length, 27)
  key.free()
})

test('batches agree with one-by-one verification', async () => {
  const key = await pm.prepareVerifyingKey(zk.vk)
  assert.equal(key.verifyBatch(zk.proofs), true)
  for (const c of mutations()) {
    const batch = [zk.proofs[0], { proof: c.proof, publicSignals: c.publicSignals }, zk.proofs[2]]
    assert.equal(key.verifyBatch(batch), key.verify(c.proof, c.publicSignals), c.label)
  }
  key.free()
  assert.throws(() => key.verify(zk.proofs[0].proof, zk.proofs[0].publicSignals), (e) => e.code === 'invalid-argument')
})

test('proofmark/groth16 (its own wasm) gives the same verdicts, hashes and errors; keys cross entries', async () => {
  const pmGroth16 = await import('../../pkg/groth16.js')
  assert.equal(typeof pmGroth16.cidOf, 'undefined')
  assert.equal(await pmGroth16.vkHash(zk.vk), FIXTURE_VK_HASH)
  assert.equal(await pm.vkHash(zk.vk), FIXTURE_VK_HASH)
  const key = await pmGroth16.prepareVerifyingKey(zk.vk)
  for (const c of mutations()) {
    assert.equal(await pmGroth16.verifyGroth16(zk.vk, c.proof, c.publicSignals), await pm.verifyGroth16(zk.vk, c.proof, c.publicSignals), c.label)
  }
  // A key prepared by one entry is the same class, and works through the other's functions.
  assert.ok(key instanceof pm.PreparedVerifyingKey)
  assert.equal(await pm.verifyGroth16(key, zk.proofs[1].proof, zk.proofs[1].publicSignals), true)
  assert.equal(await pm.verifyGroth16Batch(key, zk.proofs), true)
  assert.equal(key.vkHash, FIXTURE_VK_HASH)
  assert.equal(await pm.vkHash(key), FIXTURE_VK_HASH)
  await assert.rejects(pmGroth16.verifyGroth16(zk.vk, zk.proofs[0].proof, ['1']), (e) => e.code === 'input-count-mismatch')
  assert.equal(key.verify(zk.proofs[2].proof, zk.proofs[2].publicSignals), true, 'works after an error')
  // The wrapper hands JSON over as UTF-8 bytes; the module refuses bytes that are not.
  const glue = await import('../../pkg/dist/proofmark_groth16.js')
  assert.throws(() => new glue.PreparedVerifyingKey(new Uint8Array([0x7b, 0xff, 0x7d])), (e) => e instanceof Error && e.code === 'invalid-argument')
  assert.equal(await pmGroth16.verifyGroth16(zk.vk, zk.proofs[0].proof, zk.proofs[0].publicSignals), true)
  key.free()
})

/** Runs `body` (module code with `pm`, `zk` and the two glues in scope) in a fresh Node process; its JSON output. */
async function inFreshProcess (body) {
  const { execFile } = await import('node:child_process')
  const { promisify } = await import('node:util')
  const url = (path) => JSON.stringify(new URL(path, import.meta.url).href)
  const code = `
    const pm = await import(${url('../../pkg/index.js')})
    const zk = (await import(${url('../conformance/zk-fixture.mjs')})).default
    const fullGlue = await import(${url('../../pkg/dist/proofmark.js')})
    const groth16Glue = await import(${url('../../pkg/dist/proofmark_groth16.js')})
    // A wasm-bindgen glue throws when called before its module is instantiated.
    const loaded = (glue) => { try { glue.buildVersion(); return true } catch { return false } }
    const p = zk.proofs[0]
    ${body}`
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', code])
  return JSON.parse(stdout)
}

test('proofmark: proofs before any other call use the Groth16-only module, after init() the verify module', async () => {
  assert.deepEqual(await inFreshProcess(`
    const ok = await pm.verifyGroth16(zk.vk, p.proof, p.publicSignals)
    const before = { full: loaded(fullGlue), groth16: loaded(groth16Glue) }
    const cid = await pm.cidOf(new TextEncoder().encode('hello world'))
    const okAfter = await pm.verifyGroth16(zk.vk, p.proof, p.publicSignals)
    console.log(JSON.stringify({ ok, before, cid, okAfter, full: loaded(fullGlue) }))`), {
    ok: true,
    before: { full: false, groth16: true },
    cid: 'bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e',
    okAfter: true,
    full: true
  })
  assert.deepEqual(await inFreshProcess(`
    await pm.init()
    const ok = await pm.verifyGroth16(zk.vk, p.proof, p.publicSignals)
    console.log(JSON.stringify({ ok, full: loaded(fullGlue), groth16: loaded(groth16Glue) }))`), { ok: true, full: true, groth16: false })
})
