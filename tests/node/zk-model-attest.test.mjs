// The model-attest statement against the ecosystem's tools:
// - our Poseidon equals circomlibjs (arities 1–3, random inputs);
// - the circom twin (circuits/model_attest.circom, compiled with circom2) accepts the
//   witness our prover builds, with the same public signals, and rejects a wrong tag;
// - ≥ 200 proof verdicts (valid and mutated: changed input, swapped points, input + r,
//   another key) agree between `proofmark zk verify` and snarkjs.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { promisify } from 'node:util'

import { buildPoseidon } from 'circomlibjs'
import * as snarkjs from 'snarkjs'

import { prng } from './lib/bytes.mjs'
import { proofmark, proofmarkBin, repoRoot, requireBinary } from './lib/cli.mjs'
import { example } from './lib/oracle-bin.mjs'
import { terminateCurve } from './lib/zk.mjs'

const run = promisify(execFile)
const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n
const work = mkdtempSync(join(tmpdir(), 'proofmark-zk-'))
after(async () => {
  rmSync(work, { recursive: true, force: true })
  // snarkjs keeps its curve's worker threads alive until terminated.
  await terminateCurve()
})

/** A uniformly random field element below r from the seeded generator. */
function randomField (next) {
  let x = 0n
  for (let i = 0; i < 8; i++) x = (x << 32n) | BigInt(Math.floor(next() * 2 ** 32))
  return x % R
}

test('Poseidon equals circomlibjs for arities 1–3 on 300 random inputs', async () => {
  const poseidon = await buildPoseidon()
  const next = prng(2026)
  const cases = []
  for (let i = 0; i < 300; i++) {
    const arity = 1 + (i % 3)
    cases.push(Array.from({ length: arity }, () => randomField(next).toString()))
  }
  cases.push(['0'], ['1', '2'], [(R - 1n).toString(), '0', '1'])
  const ours = await example('poseidon', [], JSON.stringify(cases))
  assert.equal(ours.length, cases.length)
  cases.forEach((inputs, i) => {
    const theirs = poseidon.F.toString(poseidon(inputs.map(BigInt)))
    assert.equal(ours[i], theirs, `Poseidon(${inputs.join(', ')})`)
  })
  assert.equal(ours[301], '7853200120776062878684798364095072458815029376092732009249414926327459813530')
})

test('the circom twin accepts our witness with identical public signals, and rejects a wrong tag', async () => {
  const out = join(repoRoot, 'target/circom')
  mkdirSync(out, { recursive: true })
  // circom2 reads only under its working directory: run it from the repository root.
  const { stdout } = await run(process.execPath, [
    join(repoRoot, 'tests/node_modules/circom2/cli.js'), 'circuits/model_attest.circom',
    '--r1cs', '--wasm', '--O2', '-o', 'target/circom', '-l', 'tests/node_modules'
  ], { cwd: repoRoot, maxBuffer: 16 << 20 })
  const nonLinear = Number(/non-linear constraints: (\d+)/.exec(stdout)[1])
  assert.equal(nonLinear, 6230, 'circom2 0.2.23 --O2 on the depth-20 twin')
  const wasm = join(out, 'model_attest_js/model_attest.wasm')
  for (const [models, index, seed] of [[1, 0, 1], [5, 3, 2], [9, 8, 3]]) {
    const { input, public: ours } = await example('attest_inputs', ['20', String(models), String(index), String(seed)])
    const wtns = join(work, `twin-${seed}.wtns`)
    await snarkjs.wtns.calculate(input, wasm, wtns)
    const witness = await snarkjs.wtns.exportJson(wtns)
    assert.deepEqual(witness.slice(1, 6).map(String), ours, `public signals, registry of ${models}`)
    const wrong = { ...input, model_tag: ((BigInt(input.model_tag) + 1n) % R).toString() }
    await assert.rejects(snarkjs.wtns.calculate(wrong, wasm, join(work, 'wrong.wtns')), /Assert Failed/)
  }
})

/** Sets up depth 4, proves `count` assets; returns paths. */
async function proveMany (count) {
  const dir = join(work, 'proofs')
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'weights.bin'), 'weights of the demo model')
  await proofmark(['model', 'keygen', '--weights', join(dir, 'weights.bin'), '--version', '1', '--out', join(dir, 'model.key.json')])
  await proofmark(['registry', 'build', join(dir, 'model.pub.json'), '--depth', '4', '--out', join(dir, 'registry.json')])
  await proofmark(['zk', 'setup', '--out-dir', join(dir, 'setup'), '--seed', 'differential', '--depth', '4'])
  await proofmark(['zk', 'setup', '--out-dir', join(dir, 'other'), '--seed', 'another key', '--depth', '4'])
  const proofs = []
  for (let i = 0; i < count; i++) {
    writeFileSync(join(dir, `asset${i}.bin`), `asset number ${i}`)
    const proof = join(dir, `p${i}.proof.json`)
    const pub = join(dir, `p${i}.public.json`)
    await proofmark(['zk', 'prove', '--model-key', join(dir, 'model.key.json'), '--registry-file', join(dir, 'registry.json'),
      '--asset', join(dir, `asset${i}.bin`), '--creator', `0x${(i + 1).toString(16).padStart(40, '0')}`,
      '--setup', join(dir, 'setup'), '--out', proof, '--public', pub])
    proofs.push({ proof: JSON.parse(readFileSync(proof, 'utf8')), public: JSON.parse(readFileSync(pub, 'utf8')) })
  }
  return {
    dir,
    vk: JSON.parse(readFileSync(join(dir, 'setup/verification_key.json'), 'utf8')),
    otherVk: JSON.parse(readFileSync(join(dir, 'other/verification_key.json'), 'utf8')),
    proofs
  }
}

/** Every mutation class, for one valid proof, with the exit code `zk verify` owes it:
 * 0 valid, 1 a well-formed proof that fails, 2 malformed input (DESIGN §9). */
function variants ({ proof, public: pub }, other) {
  const clone = (x) => JSON.parse(JSON.stringify(x))
  const out = [{ name: 'valid', proof, public: pub, exit: 0 }]
  for (let i = 0; i < pub.length; i++) {
    const p = clone(pub)
    p[i] = ((BigInt(p[i]) + 1n) % R).toString()
    out.push({ name: `input ${i} changed`, proof, public: p, exit: 1 })
    const q = clone(pub)
    q[i] = (BigInt(q[i]) + R).toString()
    out.push({ name: `input ${i} + r`, proof, public: q, exit: 2 })
  }
  const swapAC = clone(proof)
  ;[swapAC.pi_a, swapAC.pi_c] = [swapAC.pi_c, swapAC.pi_a]
  out.push({ name: 'A and C swapped', proof: swapAC, public: pub, exit: 1 })
  const negA = clone(proof)
  negA.pi_a[1] = ((21888242871839275222246405745257275088696311157297823662689037894645226208583n - BigInt(negA.pi_a[1]))).toString()
  out.push({ name: 'A negated', proof: negA, public: pub, exit: 1 })
  const swapped = clone(proof)
  swapped.pi_b = [swapped.pi_b[1], swapped.pi_b[0], swapped.pi_b[2]]
  out.push({ name: 'B coordinates swapped', proof: swapped, public: pub, exit: 2 })
  out.push({ name: 'another verification key', proof, public: pub, vk: other, exit: 1 })
  const reversed = clone(pub).reverse()
  out.push({ name: 'inputs reversed', proof, public: reversed, exit: 1 })
  return out
}

test('208 verdicts agree with snarkjs and carry the exit code their class owes; snarkjs accepts every proof we make', async () => {
  requireBinary()
  const { dir, vk, otherVk, proofs } = await proveMany(13)
  const cases = proofs.flatMap((p) => variants(p, otherVk))
  assert.equal(cases.length, 13 * (1 + 2 * 5 + 5), 'per proof: valid, two changes per input, five other mutations')
  writeFileSync(join(dir, 'vk.json'), JSON.stringify(vk))
  writeFileSync(join(dir, 'other-vk.json'), JSON.stringify(otherVk))
  let valid = 0
  for (const [i, c] of cases.entries()) {
    const theirs = await snarkjs.groth16.verify(c.vk ?? vk, c.public, c.proof)
    writeFileSync(join(dir, 'case.proof.json'), JSON.stringify(c.proof))
    writeFileSync(join(dir, 'case.public.json'), JSON.stringify(c.public))
    let code = 0
    try {
      await run(proofmarkBin, ['zk', 'verify', '--vkey', join(dir, c.vk ? 'other-vk.json' : 'vk.json'),
        '--proof', join(dir, 'case.proof.json'), '--public', join(dir, 'case.public.json')])
    } catch (err) {
      code = err.code
    }
    assert.equal(code, c.exit, `case ${i} (${c.name})`)
    assert.equal(code === 0, theirs, `case ${i} (${c.name}): ours exit ${code}, snarkjs ${theirs}`)
    if (theirs) valid++
  }
  assert.equal(valid, proofs.length, 'exactly the unmodified proofs are valid')
})
