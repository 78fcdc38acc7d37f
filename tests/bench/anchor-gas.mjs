// Anchor gas with a breakdown, and the cost of a proven read, against a real anvil.
// Run by `make bench` (BENCH=chain); prints a table, asserts nothing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { proofmark, requireBinary } from '../node/lib/cli.mjs'
import { startAnvil, ACCOUNTS } from '../node/lib/anvil.mjs'

requireBinary()
const dir = mkdtempSync(join(tmpdir(), 'proofmark-gas-'))
const anvil = await startAnvil()
try {
  const p = (name) => join(dir, name)
  writeFileSync(p('weights.bin'), Buffer.alloc(4096, 7))
  await proofmark(['model', 'keygen', '--weights', p('weights.bin'), '--version', '1', '--out', p('m/model.key.json')])
  const { root } = JSON.parse(await proofmark(['registry', 'build', p('m/model.pub.json'), '--out', p('registry.json')]))
  await proofmark(['zk', 'setup', '--out-dir', p('setup'), '--seed', 'gas'])
  const deployed = JSON.parse(await proofmark(['chain', 'deploy', '--rpc', anvil.url, '--vkey', p('setup/verification_key.json'),
    '--private-key', ACCOUNTS[0][1], '--json']))
  const chain = ['--rpc', anvil.url, '--registry', deployed.registry]
  await proofmark(['registry', 'publish-root', '--root', root, ...chain, '--private-key', ACCOUNTS[0][1]])

  async function anchor (name, seed, extra) {
    writeFileSync(p(name), Buffer.alloc(100_000, seed))
    await proofmark(['zk', 'prove', '--model-key', p('m/model.key.json'), '--registry-file', p('registry.json'), '--asset', p(name),
      '--creator', ACCOUNTS[1][0], '--setup', p('setup'), '--out', p(`${name}.proof.json`), '--public', p(`${name}.public.json`)])
    const out = JSON.parse(await proofmark(['anchor', p(name), '--proof', p(`${name}.proof.json`), '--public', p(`${name}.public.json`),
      ...chain, '--private-key', ACCOUNTS[1][1], '--uri', 'https://example.test/asset', ...extra]))
    const tx = await anvil.rpc('eth_getTransactionByHash', [out.transactionHash])
    return { gas: out.gasUsed, input: Buffer.from(tx.input.slice(2), 'hex'), key: out.key }
  }

  const plain = await anchor('plain.png', 1, [])
  const full = await anchor('full.png', 2, ['--parent', p('plain.png'), '--price', '1000000000000000', '--royalty-bps', '1000'])

  // Fixed precompile and storage costs (EIP-1108, EIP-2929/2200).
  const pairing = 45_000 + 4 * 34_000
  const inputs = 5 * (6_000 + 150)
  const calldata = (input) => [...input].reduce((sum, b) => sum + (b === 0 ? 4 : 16), 0)
  console.log('\nAnchor gas (target: <= 300k plain, <= 350k with parent and price)')
  console.log('case            total  intrinsic  calldata  pairing  inputs  storage  rest(event, checks)')
  for (const [name, { gas, input }, slots] of [['plain', plain, 2], ['parent+price', full, 4]]) {
    const storage = slots * 22_100
    const cd = calldata(input)
    const rest = gas - 21_000 - cd - pairing - inputs - storage
    console.log(`${name.padEnd(14)} ${String(gas).padStart(6)}  ${'21000'.padStart(9)}  ${String(cd).padStart(8)}  ` +
      `${String(pairing).padStart(7)}  ${String(inputs).padStart(6)}  ${String(storage).padStart(7)}  ${String(rest).padStart(6)}`)
  }

  // Read cost: mine two blocks so the record is final, then run check through a counting
  // relay (RPC calls by method) and time whole processes.
  await anvil.rpc('anvil_mine', ['0x2'])
  let counts = {}
  const relay = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk) => { body += chunk })
    request.on('end', async () => {
      const { method } = JSON.parse(body)
      counts[method] = (counts[method] ?? 0) + 1
      const upstream = await fetch(anvil.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(await upstream.text())
    })
  })
  await new Promise((resolve) => relay.listen(0, '127.0.0.1', resolve))
  const relayed = ['--rpc', `http://127.0.0.1:${relay.address().port}`, '--registry', deployed.registry]
  const vkey = ['--vkey', p('setup/verification_key.json')]
  const best = (xs) => Math.min(...xs).toFixed(1)
  console.log('\ncheck of a final record (whole process, best of 5; RPC calls per run by method)')
  for (const [name, extra] of [['latest', []], ['proven', ['--proven']]]) {
    const runs = []
    for (let i = 0; i < 5; i++) {
      counts = {}
      const t0 = performance.now()
      await proofmark(['check', plain.key, ...relayed, '--chain-id', '31337', ...vkey, '--json', ...extra])
      runs.push(performance.now() - t0)
    }
    const total = Object.values(counts).reduce((a, b) => a + b, 0)
    const detail = Object.entries(counts).map(([m, n]) => `${m} ${n}`).join(', ')
    console.log(`  ${name.padEnd(7)} ${best(runs).padStart(6)} ms  ${total} calls: ${detail}`)
  }
  relay.close()
} finally {
  anvil.stop()
  rmSync(dir, { recursive: true, force: true })
}
