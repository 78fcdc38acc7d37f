// The npm package's Groth16 verdicts against snarkjs on the same proofs: valid ones and
// well-formed mutations (changed inputs, swapped points, another proof's inputs, another key).
import assert from 'node:assert/strict'
import { after, test } from 'node:test'
import * as snarkjs from 'snarkjs'

import * as pm from '../../pkg/index.js'
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
  assert.ok(cases.length >= 27)
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
