// make bench (BENCH=sdk): the wasm SDK in Node, side by side, ratios from one run.
//  - Groth16 verify warm (prepared key) vs snarkjs warm (curve cached), and vs native
//    ($NATIVE_VERIFY_BIN: the core's verify_rounds example, the same work natively), each
//    in rounds alternating with the sdk's, so that both meet the same moments of a noisy
//    machine;
//  - cold: a fresh process, load the wasm + parse + prepare + verify, through each entry,
//    vs snarkjs's first call;
//  - CID throughput (unixfs-v1-2025) vs ipfs-unixfs-importer and node:crypto sha256;
//  - gzipped sizes of the .wasm files (verify, permit, Groth16-only and CID-only modules).
// Prints figures; asserts nothing.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import * as snarkjs from 'snarkjs'

import * as pm from '../../pkg/index.js'
import zk from '../conformance/zk-fixture.mjs'
import { seededBytes } from '../node/lib/bytes.mjs'
import { importFile, PROFILES } from '../node/lib/oracle.mjs'
import { terminateCurve } from '../node/lib/zk.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '../..')
const quiet = { info () {}, warn () {}, error () {}, debug () {} }
const { proof, publicSignals } = zk.proofs[0]

/** Mean milliseconds per call of `fn` over `n` calls (after `warm` untimed ones). */
async function perCall (fn, n, warm = 3) {
  for (let i = 0; i < warm; i++) await fn()
  const t0 = performance.now()
  for (let i = 0; i < n; i++) await fn()
  return (performance.now() - t0) / n
}

const f = (x, d = 2) => x.toFixed(d)

// ---- Groth16 warm ----
const key = await pm.prepareVerifyingKey(zk.vk)
const nativeBin = process.env.NATIVE_VERIFY_BIN
const median = (values) => values.slice().sort((a, b) => a - b)[values.length >> 1]
const rounds = { sdk: [], native: [] }
for (let round = 0; round < 9; round++) {
  rounds.sdk.push(await perCall(() => key.verify(proof, publicSignals), 40))
  if (nativeBin) rounds.native.push(Number(execFileSync(nativeBin, ['40'], { encoding: 'utf8' })))
}
const ours = median(rounds.sdk)
// snarkjs after the native rounds (its worker threads stay alive), then in its own rounds
// alternating with the sdk's, so that this ratio too compares the same moments.
const snarkRounds = { sdk: [], snarkjs: [] }
for (let round = 0; round < 5; round++) {
  snarkRounds.snarkjs.push(await perCall(() => snarkjs.groth16.verify(zk.vk, publicSignals, proof, quiet), 10, round === 0 ? 3 : 1))
  snarkRounds.sdk.push(await perCall(() => key.verify(proof, publicSignals), 40))
}
const theirs = median(snarkRounds.snarkjs)
const oursBySnark = median(snarkRounds.sdk)
const oursParsed = await perCall(() => pm.verifyGroth16(zk.vk, proof, publicSignals), 50)
console.log('Groth16/BN254 verify, warm (model-attest key, 5 public inputs; the sdk\'s first call, so the Groth16-only module; sdk and native: medians of 9 alternating rounds):')
console.log(`  sdk, prepared key          ${f(ours, 3)} ms (rounds ${f(Math.min(...rounds.sdk), 3)}–${f(Math.max(...rounds.sdk), 3)})`)
console.log(`  sdk, parse + prepare each  ${f(oursParsed, 3)} ms`)
console.log(`  snarkjs (curve cached)     ${f(theirs, 3)} ms   -> sdk is ${f(theirs / oursBySnark, 1)}x faster (medians of 5 alternating rounds; sdk ${f(oursBySnark, 3)} ms there)`)
if (nativeBin) {
  const native = median(rounds.native)
  console.log(`  native, same work          ${f(native, 3)} ms   -> sdk / native = ${f(ours / native, 2)}x (decode the JSON, check the points, verify)`)
  console.log(`    per round, sdk / native: ${rounds.sdk.map((x, i) => f(x / rounds.native[i], 2)).join(' ')}`)
}
const batch = Array.from({ length: 64 }, (_, i) => zk.proofs[i % 3])
const batchMs = await perCall(() => key.verifyBatch(batch), 5, 1)
console.log(`  sdk batch of 64            ${f(batchMs, 2)} ms = ${f(batchMs / 64, 3)} ms per proof (${f(100 * batchMs / 64 / ours, 0)}% of single)`)
key.free()

// ---- cold: fresh processes ----
// `first` runs after the entry is imported: loading the wasm (read, compile, instantiate)
// is in it, as on a fresh page. In `proofmark`, a proof checked before any other call
// loads the Groth16-only module; `init` first makes it use the verify module.
const coldSdk = (entry, before = '') => `
  const t0 = performance.now()
  const pm = await import(${JSON.stringify(join(root, 'pkg', entry))})
  const zk = (await import(${JSON.stringify(join(root, 'tests/conformance/zk-fixture.mjs'))})).default
  const t1 = performance.now()
  ${before}
  const ok = await pm.verifyGroth16(zk.vk, zk.proofs[0].proof, zk.proofs[0].publicSignals)
  console.log(JSON.stringify({ ok, importMs: t1 - t0, firstMs: performance.now() - t1 }))`
const coldSnark = `
  const snarkjs = await import(${JSON.stringify(join(root, 'tests/node_modules/snarkjs/main.js'))})
  const zk = (await import(${JSON.stringify(join(root, 'tests/conformance/zk-fixture.mjs'))})).default
  const t1 = performance.now()
  const ok = await snarkjs.groth16.verify(zk.vk, zk.proofs[0].publicSignals, zk.proofs[0].proof, { info () {}, warn () {}, error () {}, debug () {} })
  const firstMs = performance.now() - t1
  const curve = await snarkjs.curves.getCurveFromName('bn128'); await curve.terminate()
  console.log(JSON.stringify({ ok, firstMs }))`
const run = (code) => JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root, encoding: 'utf8' }))
const coldVariants = [
  ['proofmark, first call (Groth16-only module)', coldSdk('index.js')],
  ['proofmark/groth16', coldSdk('groth16.js')],
  ['proofmark after init() (verify module)', coldSdk('index.js', 'await pm.init()')]
]
// Rounds alternate the variants, so that each meets the machine's same moments.
const colds = coldVariants.map(() => [])
const COLD_ROUNDS = 9
for (let round = 0; round < COLD_ROUNDS; round++) coldVariants.forEach(([, code], i) => colds[i].push(run(code)))
// snarkjs's first call, best of three fresh processes (the reference the ratios divide).
const snarkColds = [0, 1, 2].map(() => run(coldSnark))
if (!snarkColds.every((r) => r.ok)) throw new Error('snarkjs: the proof did not verify')
const snarkCold = { firstMs: Math.min(...snarkColds.map((r) => r.firstMs)) }
console.log(`Groth16 verify, cold (a fresh process each: load the wasm + parse + prepare + verify; best and median of ${COLD_ROUNDS}):`)
colds.forEach((runs, i) => {
  if (!runs.every((r) => r.ok)) throw new Error(`${coldVariants[i][0]}: the proof did not verify`)
  const first = runs.map((r) => r.firstMs)
  console.log(`  ${coldVariants[i][0].padEnd(44)} ${f(Math.min(...first), 1)} ms (median ${f(median(first), 1)})  -> snarkjs's first call / best = ${f(snarkCold.firstMs / Math.min(...first), 1)}x`)
})
console.log(`  snarkjs first call (best of 3)               ${f(snarkCold.firstMs, 1)} ms`)

// ---- CID throughput ----
const size = 64 * 1024 * 1024
const bytes = seededBytes(size, 1)
const mbps = (ms) => f(size / (ms / 1000) / 1048576, 0)
const best = async (fn, n = 3) => {
  let b = Infinity
  for (let i = 0; i < n; i++) {
    const t0 = performance.now()
    await fn()
    b = Math.min(b, performance.now() - t0)
  }
  return b
}
const sdkMs = await best(() => pm.cidOf(bytes))
const importerMs = await best(() => importFile(bytes, PROFILES['unixfs-v1-2025']))
const shaMs = await best(() => createHash('sha256').update(bytes).digest())
console.log('CID of 64 MiB from a buffer (unixfs-v1-2025), best of 3:')
console.log(`  sdk                    ${f(sdkMs, 0)} ms  ${mbps(sdkMs)} MiB/s`)
console.log(`  ipfs-unixfs-importer   ${f(importerMs, 0)} ms  ${mbps(importerMs)} MiB/s   -> sdk is ${f(importerMs / sdkMs, 2)}x the importer`)
console.log(`  node:crypto sha256     ${f(shaMs, 0)} ms  ${mbps(shaMs)} MiB/s   -> sdk is ${f(shaMs / sdkMs, 2)}x sha256`)

// ---- sizes ----
console.log('.wasm sizes (pkg/dist, after wasm-opt; gzip -9; KB = 1000 bytes):')
const gzipped = {}
for (const [name, role] of [
  ['proofmark_bg.wasm', 'verify module (proofmark: CIDs, CARs, proofs, registry reads)'],
  ['proofmark_permit_bg.wasm', 'permit module (loaded by the first permit or receipt call)'],
  ['proofmark_groth16_bg.wasm', 'Groth16-only module (proofmark/groth16; proofmark\'s proofs until it loads the verify module)'],
  ['proofmark_cid_bg.wasm', 'CID-only module (proofmark/cid)']
]) {
  const wasm = readFileSync(join(root, 'pkg/dist', name))
  gzipped[name] = gzipSync(wasm, { level: 9 }).length
  console.log(`  ${name.padEnd(27)} ${f(wasm.length / 1000, 1).padStart(6)} KB, ${f(gzipped[name] / 1000, 1).padStart(5)} KB gzipped  ${role}`)
}
const whole = gzipped['proofmark_bg.wasm'] + gzipped['proofmark_permit_bg.wasm']
console.log(`  the whole SDK (verify + permit modules)       ${f(whole / 1000, 1)} KB gzipped`)
console.log(`    with the Groth16-only module too (a proof checked before anything else) ${f((whole + gzipped['proofmark_groth16_bg.wasm']) / 1000, 1)} KB`)
await terminateCurve()
