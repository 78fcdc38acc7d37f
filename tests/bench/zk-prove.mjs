// make bench, proofs: model-attest proving at depth 20, ours vs snarkjs, in one process.
//  - native `proofmark zk prove` (dev setup) vs `snarkjs.groth16.fullProve` of the circom
//    twin (witness from its wasm + proof), best of 3 warm runs each;
//  - `.zkey` + `.wtns` proving: `proofmark zk prove --zkey --wtns` vs
//    `snarkjs.groth16.prove` on the same files.
// Prints a table of milliseconds and ratios.
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

import * as snarkjs from 'snarkjs'

import { proofmarkBin, repoRoot } from '../node/lib/cli.mjs'
import { example } from '../node/lib/oracle-bin.mjs'
import { groth16Setup, ptauCeremony, terminateCurve } from '../node/lib/zk.mjs'

const run = promisify(execFile)
const work = mkdtempSync(join(tmpdir(), 'proofmark-bench-zk-'))
const path = (name) => join(work, name)

async function best (runs, fn) {
  let min = Infinity
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint()
    await fn()
    min = Math.min(min, Number(process.hrtime.bigint() - t0) / 1e6)
  }
  return min
}

const ours = (args) => run(proofmarkBin, args, { maxBuffer: 16 << 20 })

try {
  // The circom twin at depth 20 and a ceremony large enough for it (2^13).
  const out = join(repoRoot, 'target/circom')
  mkdirSync(out, { recursive: true })
  await run(process.execPath, [join(repoRoot, 'tests/node_modules/circom2/cli.js'), 'circuits/model_attest.circom',
    '--r1cs', '--wasm', '--O2', '-o', 'target/circom', '-l', 'tests/node_modules'], { cwd: repoRoot, maxBuffer: 16 << 20 })
  const ptau = await ptauCeremony(work, 13)
  await groth16Setup(join(out, 'model_attest.r1cs'), ptau, path('twin.zkey'))
  const wasm = join(out, 'model_attest_js/model_attest.wasm')
  const { input } = await example('attest_inputs', ['20', '3', '1', '42'])

  const fullProveCold = await best(1, () => snarkjs.groth16.fullProve(input, wasm, path('twin.zkey')))
  const fullProve = await best(3, () => snarkjs.groth16.fullProve(input, wasm, path('twin.zkey')))

  writeFileSync(path('weights.bin'), 'bench weights')
  writeFileSync(path('asset.png'), 'bench asset')
  await ours(['model', 'keygen', '--weights', path('weights.bin'), '--version', '1', '--out', path('model.key.json')])
  await ours(['registry', 'build', path('model.pub.json'), '--out', path('registry.json')])
  await ours(['zk', 'setup', '--seed', 'bench', '--out-dir', path('setup')])
  const prove = ['zk', 'prove', '--model-key', path('model.key.json'), '--registry-file', path('registry.json'),
    '--asset', path('asset.png'), '--creator', '0x00000000000000000000000000000000000000aa', '--setup', path('setup'),
    '--out', path('proof.json'), '--public', path('public.json')]
  const native = await best(3, () => ours(prove))

  await snarkjs.wtns.calculate(input, wasm, path('twin.wtns'))
  const zkeyOurs = await best(3, () => ours(['zk', 'prove', '--zkey', path('twin.zkey'), '--wtns', path('twin.wtns'),
    '--out', path('zp.json'), '--public', path('zpub.json')]))
  const zkeySnarkjs = await best(3, () => snarkjs.groth16.prove(path('twin.zkey'), path('twin.wtns')))
  const ms = (x) => `${x.toFixed(0).padStart(6)} ms`
  console.log(`native proofmark zk prove (CLI, incl. key load)  ${ms(native)}`)
  console.log(`snarkjs groth16.fullProve, warm                  ${ms(fullProve)}  ratio ${(fullProve / native).toFixed(2)}x (target >= 5x)`)
  console.log(`snarkjs groth16.fullProve, first call            ${ms(fullProveCold)}`)
  console.log(`.zkey + .wtns: proofmark zk prove --zkey --wtns  ${ms(zkeyOurs)}`)
  console.log(`.zkey + .wtns: snarkjs groth16.prove, warm       ${ms(zkeySnarkjs)}  ratio ${(zkeySnarkjs / zkeyOurs).toFixed(2)}x`)
} finally {
  rmSync(work, { recursive: true, force: true })
  await terminateCurve()
}
