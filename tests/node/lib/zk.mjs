// circom/snarkjs plumbing for the zk differential tests: compiling circuits with circom2,
// a tiny powers-of-tau ceremony, and the prover's `zkey_prove` example.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { promisify } from 'node:util'

import * as snarkjs from 'snarkjs'

import { repoRoot } from './cli.mjs'

const run = promisify(execFile)

/** BN254's scalar field modulus r. */
export const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n

/** The prover's `zkey_prove` example: $PROOFMARK_ZKEY_PROVE, else the release build. */
export const zkeyProveBin = process.env.PROOFMARK_ZKEY_PROVE ||
  join(repoRoot, 'target/release/examples/zkey_prove')

/** Fails (never skips) when the example is missing. */
export function requireZkeyProve () {
  assert.ok(existsSync(zkeyProveBin),
    `${zkeyProveBin} is missing: build it (cargo build --release -p proofmark-prover --examples) ` +
    'or point PROOFMARK_ZKEY_PROVE at it')
}

/** Runs `zkey_prove ...args`; rejects with the exit status and stderr. */
export async function zkeyProve (args) {
  try {
    await run(zkeyProveBin, args, { encoding: 'utf8' })
  } catch (err) {
    const error = new Error(`zkey_prove ${args.join(' ')}: exit ${err.code ?? err.signal}\n${err.stderr ?? ''}`.trimEnd())
    error.exitCode = err.code
    error.stderr = err.stderr ?? ''
    throw error
  }
}

/** Parses a JSON file. */
export async function readJson (path) {
  return JSON.parse(await readFile(path, 'utf8'))
}

/**
 * Compiles `circuit` (a path under the repository) with circom2 into `outDir`
 * (`NAME.r1cs`, `NAME_js/NAME.wasm`). circom2 (WASI) reads only under its working
 * directory, so it runs from tests/, where `-l node_modules` finds circomlib.
 */
export async function compileCircom (circuit, outDir) {
  const tests = join(repoRoot, 'tests')
  const args = [join(tests, 'node_modules/circom2/cli.js'), relative(tests, circuit),
    '--r1cs', '--wasm', '-l', 'node_modules', '-o', outDir]
  try {
    await run(process.execPath, args, { cwd: tests, encoding: 'utf8' })
  } catch (err) {
    throw new Error(`circom2 ${relative(tests, circuit)}: ${err.stdout ?? ''}${err.stderr ?? ''}`.trimEnd())
  }
}

/**
 * A powers-of-tau ceremony of 2^power, prepared for phase 2: one contribution (insecure,
 * for tests only). snarkjs mixes OS randomness into the given entropy, so every run's
 * keys differ. Returns the .ptau path.
 */
export async function ptauCeremony (dir, power) {
  const curve = await snarkjs.curves.getCurveFromName('bn128')
  const [p0, p1, ptau] = ['pot0.ptau', 'pot1.ptau', 'pot.ptau'].map((name) => join(dir, name))
  await snarkjs.powersOfTau.newAccumulator(curve, power, p0)
  await snarkjs.powersOfTau.contribute(p0, p1, 'proofmark test', 'proofmark test entropy 1')
  await snarkjs.powersOfTau.preparePhase2(p1, ptau)
  return ptau
}

/** A phase-2 zkey for `r1cs` (one contribution); resolves to its verification key. */
export async function groth16Setup (r1cs, ptau, zkey) {
  const initial = `${zkey}.0`
  await snarkjs.zKey.newZKey(r1cs, ptau, initial)
  await snarkjs.zKey.contribute(initial, zkey, 'proofmark test', 'proofmark test entropy 2')
  return snarkjs.zKey.exportVerificationKey(zkey)
}

/** Ends snarkjs's worker threads (else the process stays alive). */
export async function terminateCurve () {
  const curve = await snarkjs.curves.getCurveFromName('bn128')
  await curve.terminate()
}
