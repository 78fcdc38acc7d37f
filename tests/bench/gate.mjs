// workers/gate in workerd vs a pass-through worker over the same gateway (and a worker
// that only runs carToVerifiedStream): per-request overhead (permit, anchor and license
// reads, the nonce), streaming throughput, CPU per MiB verified, peak memory. Run by `make bench` (BENCH=gate); prints, asserts nothing.
// GATE_BENCH_MIB sets the large asset's size (default 256).
import { createHash, randomBytes } from 'node:crypto'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'

import { privateKeyToAccount } from 'viem/accounts'

import { ACCOUNTS } from '../node/lib/anvil.mjs'
import { startChainStack } from '../node/lib/chain-stack.mjs'
import { requireBinary, repoRoot } from '../node/lib/cli.mjs'
import { AUDIENCE, publishLarge, startGate, workerdFigures } from '../node/lib/gate.mjs'
import { watchIsolateMemory } from '../node/lib/isolate-memory.mjs'

const pm = await import('../../pkg/index.js')
const BUYER = ACCOUNTS[2]
const MIB = Number(process.env.GATE_BENCH_MIB ?? 256)
const ROUNDS = 30
const CAR_ACCEPT = 'application/vnd.ipld.car; version=1; order=dfs; dups=y'

requireBinary()
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6

async function header (env, key) {
  const fields = { key, buyer: BUYER[0], audience: AUDIENCE, expires: String(Math.floor(Date.now() / 1000) + 600), nonce: `0x${randomBytes(32).toString('hex')}` }
  const signature = await privateKeyToAccount(BUYER[1]).signTypedData(pm.permitTypedData({ chainId: env.chainId, registry: env.registry, ...fields }))
  return `Proofmark-Permit ${Buffer.from(JSON.stringify({ ...fields, signature })).toString('base64url')}`
}

/** Reads a body to its end; resolves to its size. */
async function drain (response) {
  let bytes = 0
  for await (const chunk of response.body) bytes += chunk.length
  return bytes
}

/** A fresh workerd running `start()`: `{ worker, pid, cpu(), hwmMiB() }`. */
async function fresh (start) {
  const before = workerdFigures().map((p) => p.pid)
  const worker = await start()
  const [own] = workerdFigures().filter((p) => !before.includes(p.pid))
  const figure = () => workerdFigures().find((p) => p.pid === own.pid)
  return { worker, cpu: () => figure().cpuSeconds, hwmMiB: () => figure().hwmKiB / 1024, idleMiB: own.hwmKiB / 1024 }
}

const stack = await startChainStack()
const closers = [() => stack.stop()]
try {
  const { env } = stack
  const buy = async (key) => {
    const call = pm.buyLicenseCall({ registry: env.registry, key, price: 0 })
    await stack.anvil.rpc('eth_sendTransaction', [{ from: BUYER[0], to: call.to, data: call.data, value: '0x0' }])
    await stack.anvil.rpc('anvil_mine', ['0x1'])
  }
  const big = await publishLarge(stack, 'bench', MIB << 20)
  closers.push(big.close)
  await buy(env.keys.published)
  await buy(big.key)

  const gate = await fresh(() => startGate({ env, gateways: [env.gateway, big.gateway], inspect: true }))
  closers.push(gate.worker.close)
  const pass = await fresh(() => startGate({
    env, gateways: [env.gateway, big.gateway], durable: false,
    script: [{ type: 'ESModule', path: join(repoRoot, 'tests/bench/passthrough-worker.mjs') }]
  }))
  closers.push(pass.worker.close)
  const verifyOnly = await fresh(() => startGate({
    env, gateways: [env.gateway, big.gateway], durable: false,
    script: [join(repoRoot, 'tests/bench/verify-worker.mjs'), ...['pkg', 'pkg/lib', 'pkg/dist'].flatMap((d) =>
      readdirSync(join(repoRoot, d)).filter((f) => /^(?!proofmark_cid|proofmark_groth16_bg).*\.(js|wasm)$/.test(f)).map((f) => join(repoRoot, d, f)))]
      .map((path) => ({ type: path.endsWith('.wasm') ? 'CompiledWasm' : 'ESModule', path }))
  }))
  closers.push(verifyOnly.worker.close)

  // Per request: the 1.5 MB `published` asset, time to headers and to the last byte.
  const small = { cid: env.cids.published, key: env.keys.published }
  await drain(await gate.worker.fetch(`/assets/${small.key}`, { headers: { authorization: await header(env, small.key) } })) // warm
  const timings = { gateHead: [], gateAll: [], passHead: [], passAll: [], refused: [] }
  const phases = {}
  for (let i = 0; i < ROUNDS; i++) {
    const auth = await header(env, small.key)
    let t0 = process.hrtime.bigint()
    let response = await gate.worker.fetch(`/assets/${small.key}`, { headers: { authorization: auth } })
    timings.gateHead.push(ms(t0))
    for (const [, name, dur] of (response.headers.get('server-timing') ?? '').matchAll(/(\w+);dur=(\d+)/g)) (phases[name] ??= []).push(Number(dur))
    await drain(response)
    timings.gateAll.push(ms(t0))
    t0 = process.hrtime.bigint()
    response = await pass.worker.fetch(`/ipfs/${small.cid}?dag-scope=entity`, { headers: { accept: CAR_ACCEPT } })
    timings.passHead.push(ms(t0))
    await drain(response)
    timings.passAll.push(ms(t0))
    // Permit and license only: a valid permit of a buyer without a license (402).
    const other = ACCOUNTS[0]
    const fields = { key: small.key, buyer: other[0], audience: AUDIENCE, expires: String(Math.floor(Date.now() / 1000) + 600), nonce: `0x${randomBytes(32).toString('hex')}` }
    const signature = await privateKeyToAccount(other[1]).signTypedData(pm.permitTypedData({ chainId: env.chainId, registry: env.registry, ...fields }))
    t0 = process.hrtime.bigint()
    response = await gate.worker.fetch(`/assets/${small.key}`, { headers: { authorization: `Proofmark-Permit ${Buffer.from(JSON.stringify({ ...fields, signature })).toString('base64url')}` } })
    await response.arrayBuffer()
    timings.refused.push(ms(t0))
  }
  const m = Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, median(v)]))
  console.log(`\nPer request (1.5 MB asset, median of ${ROUNDS}; anvil on loopback; anchor reading cached per isolate)`)
  console.log(`  permit + license read + nonce reserve/release (402 answer): ${m.refused.toFixed(1)} ms`)
  console.log(`  gate: headers ${m.gateHead.toFixed(1)} ms, whole body ${m.gateAll.toFixed(1)} ms`)
  console.log(`  pass-through: headers ${m.passHead.toFixed(1)} ms, whole body ${m.passAll.toFixed(1)} ms`)
  console.log(`  gate phases (Server-Timing, median ms): ${Object.entries(phases).map(([k, v]) => `${k} ${median(v)}`).join(', ')}`)
  console.log(`  overhead: +${(m.gateHead - m.passHead).toFixed(1)} ms to headers, whole request ${(m.gateAll / m.passAll).toFixed(2)}x`)

  // Streaming: the large asset once through each worker.
  const size = MIB << 20
  const stream = async (w, path, init) => {
    const cpu0 = w.cpu()
    const t0 = process.hrtime.bigint()
    const response = await w.worker.fetch(path, init)
    const hash = createHash('sha256')
    let bytes = 0
    for await (const chunk of response.body) { hash.update(chunk); bytes += chunk.length }
    return { seconds: ms(t0) / 1000, cpu: w.cpu() - cpu0, bytes, key: `0x${hash.digest('hex')}` }
  }
  const memory = await watchIsolateMemory(gate.worker.mf)
  const g = await stream(gate, `/assets/${big.key}`, { headers: { authorization: await header(env, big.key) } })
  const isolate = await memory.stop()
  const p = await stream(pass, `/ipfs/${big.cid}?dag-scope=entity`, { headers: { accept: CAR_ACCEPT } })
  const v = await stream(verifyOnly, `/ipfs/${big.cid}`)
  if (v.key !== big.key) throw new Error('the verify-only worker delivered other bytes')
  if (g.bytes !== size || g.key !== big.key) throw new Error(`gate delivered ${g.bytes} bytes hashing to ${g.key}`)
  const mibs = (r) => (r.bytes / 1048576 / r.seconds).toFixed(0)
  console.log(`\nStreaming ${MIB} MiB (one request each; 2 shared cores: workerd, the gateway and this client compete)`)
  console.log(`  gate (verify every block, SHA-256 of the output): ${g.seconds.toFixed(2)} s, ${mibs(g)} MiB/s, workerd CPU ${g.cpu.toFixed(2)} s = ${(g.cpu * 1000 / MIB).toFixed(1)} ms/MiB`)
  console.log(`  pass-through (the CAR, unchecked): ${p.seconds.toFixed(2)} s, ${mibs(p)} MiB/s (${p.bytes} CAR bytes), workerd CPU ${p.cpu.toFixed(2)} s = ${(p.cpu * 1000 / MIB).toFixed(1)} ms/MiB`)
  console.log(`  verify only (carBodyToVerifiedStream, nothing else): ${v.seconds.toFixed(2)} s, ${mibs(v)} MiB/s, workerd CPU ${v.cpu.toFixed(2)} s = ${(v.cpu * 1000 / MIB).toFixed(1)} ms/MiB`)
  console.log(`  ratios gate/pass-through: time ${(g.seconds / p.seconds).toFixed(2)}x, workerd CPU ${(g.cpu / p.cpu).toFixed(2)}x; verification costs ${((g.cpu - p.cpu) * 1000 / MIB).toFixed(1)} ms CPU per MiB`)
  console.log(`  ratios gate/verify-only: time ${(g.seconds / v.seconds).toFixed(2)}x, workerd CPU ${(g.cpu / v.cpu).toFixed(2)}x (the gate's own share: output SHA-256, Content-Length, nonce, receipt)`)
  console.log(`  the gate's isolate (what the 128 MB limit counts), peaks over ${isolate.samples} samples: JS heap ${isolate.heapUsed.toFixed(1)} MiB, ` +
    `ArrayBuffers and wasm memory ${isolate.backing.toFixed(1)} MiB, together ${isolate.isolate.toFixed(1)} MiB`)
  console.log(`  workerd peak RSS (VmHWM): gate ${gate.hwmMiB().toFixed(0)} MiB (${gate.idleMiB.toFixed(0)} at start), pass-through ${pass.hwmMiB().toFixed(0)} MiB (${pass.idleMiB.toFixed(0)} at start), verify only ${verifyOnly.hwmMiB().toFixed(0)} MiB`)
} finally {
  for (const close of closers.reverse()) await close()
}
