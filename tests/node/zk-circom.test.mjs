// Differential test: circom/snarkjs formats and proving (DESIGN §4, §10) between the
// prover crate (through its `zkey_prove` example) and snarkjs / circom2 / circomlibjs / solc:
// - a circom circuit (compiled by circom2, witness from its wasm, zkey from a 2^8
//   ceremony made here): our prover's proofs from the snarkjs .zkey + .wtns verify in
//   snarkjs, with snarkjs's public signals; a witness that breaks a constraint is refused;
// - an arkworks circuit (Poseidon from the prover crate) exported by our .r1cs writer:
//   snarkjs reads it, checks our .wtns against it, sets up, proves and verifies on it,
//   and the public hash equals circomlibjs's Poseidon; our prover proves with that zkey;
// - a .zkey our setup writes (circom's reduction): snarkjs proves with it;
// - our verification_key.json equals snarkjs's export; our Solidity verifier compiles.
// Run: node --test tests/node/zk-circom.test.mjs   (example: $PROOFMARK_ZKEY_PROVE or target/release)
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'

import { buildPoseidon } from 'circomlibjs'
import * as snarkjs from 'snarkjs'

import { repoRoot } from './lib/cli.mjs'
import {
  R, compileCircom, groth16Setup, ptauCeremony, readJson, requireZkeyProve, terminateCurve, zkeyProve
} from './lib/zk.mjs'

const solc = createRequire(import.meta.url)('solc')

const dir = mkdtempSync(join(tmpdir(), 'proofmark-zk-circom-'))
const path = (name) => join(dir, name)

/** The tiny circom circuit's input and the public signals it must give (out, offset, scale). */
const TINY_INPUT = { x: 200, y: 7, offset: 5, scale: 3 }
const TINY_PUBLIC = ['4205', '5', '3']
/** The arkworks demo circuit's private inputs (public: Poseidon(a, b), a·b). */
const DEMO = { a: 3n, b: 5n }

let ptau, tinyVk, demoVk

before(async () => {
  requireZkeyProve()
  ptau = await ptauCeremony(dir, 8)
  await compileCircom(join(repoRoot, 'tests/node/fixtures/zk/tiny.circom'), dir)
  tinyVk = await groth16Setup(path('tiny.r1cs'), ptau, path('tiny.zkey'))
  await snarkjs.wtns.calculate(TINY_INPUT, path('tiny_js/tiny.wasm'), path('tiny.wtns'))

  await zkeyProve(['export-demo', path('demo.r1cs'), path('demo.wtns'), `${DEMO.a}`, `${DEMO.b}`])
  demoVk = await groth16Setup(path('demo.r1cs'), ptau, path('demo.zkey'))
})

after(async () => {
  await terminateCurve()
  rmSync(dir, { recursive: true, force: true })
})

/** Proves with our prover; returns { proof, publicSignals } from the JSON it wrote. */
async function ourProof (zkey, wtns, name) {
  await zkeyProve(['prove', zkey, wtns, path(`${name}.proof.json`), path(`${name}.public.json`)])
  return { proof: await readJson(path(`${name}.proof.json`)), publicSignals: await readJson(path(`${name}.public.json`)) }
}

test('circom circuit: snarkjs verifies the proof our prover makes from its .zkey and .wtns', async () => {
  const info = await snarkjs.r1cs.info(path('tiny.r1cs'))
  assert.deepEqual([info.nVars, info.nOutputs, info.nPubInputs, info.nPrvInputs, info.nConstraints], [16, 1, 2, 2, 12])
  assert.equal(tinyVk.nPublic, 3)

  const ours = await ourProof(path('tiny.zkey'), path('tiny.wtns'), 'tiny')
  assert.deepEqual(ours.publicSignals, TINY_PUBLIC)
  assert.equal(ours.proof.protocol, 'groth16')
  assert.equal(ours.proof.curve, 'bn128')
  assert.equal(await snarkjs.groth16.verify(tinyVk, ours.publicSignals, ours.proof), true)

  // The same statement proved by snarkjs: same public signals; both proofs verify.
  const theirs = await snarkjs.groth16.prove(path('tiny.zkey'), path('tiny.wtns'))
  assert.deepEqual(theirs.publicSignals, TINY_PUBLIC)
  assert.equal(await snarkjs.groth16.verify(tinyVk, theirs.publicSignals, theirs.proof), true)

  // Our proof does not verify for other public signals.
  assert.equal(await snarkjs.groth16.verify(tinyVk, ['4206', '5', '3'], ours.proof), false)

  // A second witness (other inputs) proves too.
  await snarkjs.wtns.calculate({ x: 255, y: 1n << 100n, offset: 0, scale: R - 1n }, path('tiny_js/tiny.wasm'), path('tiny2.wtns'))
  const second = await ourProof(path('tiny.zkey'), path('tiny2.wtns'), 'tiny2')
  const out = ((255n * (1n << 100n) % R) * (R - 1n)) % R
  assert.deepEqual(second.publicSignals, [out.toString(), '0', (R - 1n).toString()])
  assert.equal(await snarkjs.groth16.verify(tinyVk, second.publicSignals, second.proof), true)
})

test('circom circuit: a witness that breaks a constraint is refused, not proved', async () => {
  const wtns = await readFile(path('tiny.wtns'))
  // Wire 1 is the output `out`: claim 4206 instead of 4205 (the file's value 1).
  const out = wtns.length - 16 * 32 + 32
  assert.equal(wtns.readUInt32LE(out), 4205)
  const forged = Buffer.from(wtns)
  forged.writeUInt32LE(4206, out)
  await writeFile(path('forged.wtns'), forged)
  await assert.rejects(ourProof(path('tiny.zkey'), path('forged.wtns'), 'forged'), (err) => {
    assert.equal(err.exitCode, 1)
    assert.match(err.stderr, /does not satisfy the zkey's circuit/)
    return true
  })
  // A .wtns with too few values for the zkey.
  await assert.rejects(ourProof(path('demo.zkey'), path('tiny.wtns'), 'mismatch'),
    /16 witness values for a zkey of 246 signals/)
})

test('arkworks circuit: snarkjs reads our .r1cs, checks our .wtns, proves and verifies on it', async () => {
  const info = await snarkjs.r1cs.info(path('demo.r1cs'))
  // Poseidon over 2 inputs and a product: the constant one, 2 public inputs, 243 witness wires.
  assert.deepEqual([info.nVars, info.nOutputs, info.nPubInputs, info.nPrvInputs, info.nLabels, info.nConstraints],
    [246, 0, 2, 0, 246, 243])
  assert.equal(info.curve.name, 'bn128')
  assert.equal(await snarkjs.wtns.check(path('demo.r1cs'), path('demo.wtns')), true)

  const poseidon = await buildPoseidon()
  const expected = [poseidon.F.toString(poseidon([DEMO.a, DEMO.b])), (DEMO.a * DEMO.b).toString()]

  const theirs = await snarkjs.groth16.prove(path('demo.zkey'), path('demo.wtns'))
  assert.deepEqual(theirs.publicSignals, expected)
  assert.equal(await snarkjs.groth16.verify(demoVk, theirs.publicSignals, theirs.proof), true)

  const ours = await ourProof(path('demo.zkey'), path('demo.wtns'), 'demo')
  assert.deepEqual(ours.publicSignals, expected)
  assert.equal(await snarkjs.groth16.verify(demoVk, ours.publicSignals, ours.proof), true)
})

test('a .zkey our setup writes (circom reduction) proves in snarkjs and in our prover', async () => {
  await zkeyProve(['setup-demo', path('ours.zkey'), 'zk-circom test seed'])
  await zkeyProve(['vkey', path('ours.zkey'), path('ours.vk.json')])
  const vk = await readJson(path('ours.vk.json'))
  assert.equal(vk.nPublic, 2)

  const theirs = await snarkjs.groth16.prove(path('ours.zkey'), path('demo.wtns'))
  assert.equal(await snarkjs.groth16.verify(vk, theirs.publicSignals, theirs.proof), true)
  const ours = await ourProof(path('ours.zkey'), path('demo.wtns'), 'ours')
  assert.deepEqual(ours.publicSignals, theirs.publicSignals)
  assert.equal(await snarkjs.groth16.verify(vk, ours.publicSignals, ours.proof), true)
  // Keys from different setups do not mix.
  assert.equal(await snarkjs.groth16.verify(demoVk, ours.publicSignals, ours.proof), false)
})

test('our verification_key.json equals snarkjs\'s export of the same zkey', async () => {
  for (const [name, theirs] of [['tiny', tinyVk], ['demo', demoVk]]) {
    await zkeyProve(['vkey', path(`${name}.zkey`), path(`${name}.vk.json`)])
    const ours = await readJson(path(`${name}.vk.json`))
    for (const key of ['protocol', 'curve', 'nPublic', 'vk_alpha_1', 'vk_beta_2', 'vk_gamma_2', 'vk_delta_2', 'vk_alphabeta_12', 'IC']) {
      assert.deepEqual(ours[key], theirs[key], `${name}: ${key}`)
    }
  }
})

test('the Solidity verifier compiles with solc and has the snarkjs-shaped ABI', async () => {
  await zkeyProve(['solidity', path('tiny.zkey'), path('TinyVerifier.sol'), 'TinyVerifier'])
  const source = await readFile(path('TinyVerifier.sol'), 'utf8')
  assert.match(solc.version(), /^0\.8\.37\+/)
  const input = {
    language: 'Solidity',
    sources: { 'TinyVerifier.sol': { content: source } },
    settings: { optimizer: { enabled: true, runs: 200 }, outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } }
  }
  const output = JSON.parse(solc.compile(JSON.stringify(input)))
  const problems = (output.errors ?? []).map((e) => e.formattedMessage)
  assert.deepEqual(problems, [], 'no errors and no warnings')
  const contract = output.contracts['TinyVerifier.sol'].TinyVerifier
  assert.ok(contract.evm.bytecode.object.length > 1000)
  const verify = contract.abi.find((item) => item.name === 'verifyProof')
  assert.deepEqual(verify.inputs.map((i) => i.type), ['uint256[2]', 'uint256[2][2]', 'uint256[2]', 'uint256[3]'])
  assert.deepEqual(verify.outputs.map((o) => o.type), ['bool'])
  assert.equal(verify.stateMutability, 'view')
  const errors = contract.abi.filter((item) => item.type === 'error').map((e) => e.name).sort()
  assert.deepEqual(errors, ['InputNotInField', 'PrecompileFailed', 'ProofPointInvalid'])
  // The key's constants are the ones snarkjs exported (G2 limbs in EVM order c1, c0).
  assert.ok(source.includes(`ALPHA_X = ${tinyVk.vk_alpha_1[0]};`))
  assert.ok(source.includes(`DELTA_X1 = ${tinyVk.vk_delta_2[0][1]};`))
  assert.ok(source.includes(`DELTA_X0 = ${tinyVk.vk_delta_2[0][0]};`))
  assert.ok(source.includes(`IC3_Y = ${tinyVk.IC[3][1]};`))
})
