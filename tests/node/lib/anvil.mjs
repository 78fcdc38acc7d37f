// A real anvil (npm @foundry-rs/anvil) on loopback for tests and benchmarks.
import { spawn } from 'node:child_process'
import { readdirSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot } from './cli.mjs'

/** anvil's default dev accounts: [address, private key]. */
export const ACCOUNTS = [
  ['0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266', '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'],
  ['0x70997970C51812dc3A010C7d01b50e0d17dc79C8', '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'],
  ['0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC', '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a']
]

function anvilBinary () {
  const scope = join(repoRoot, 'tests/node_modules/@foundry-rs')
  for (const entry of readdirSync(scope)) {
    const bin = join(scope, entry, 'bin/anvil')
    if (existsSync(bin)) return bin
  }
  throw new Error(`anvil not found under ${scope}: run make test (it installs tests/node_modules)`)
}

/**
 * Spawns anvil on `--port 0` and resolves to the port it announces. Probing for a free port first and
 * handing it over races with the other test files starting servers in parallel.
 */
function spawnOnEphemeralPort () {
  const child = spawn(anvilBinary(), ['--host', '127.0.0.1', '--port', '0', '--slots-in-an-epoch', '1'],
    { stdio: ['ignore', 'pipe', 'pipe'] })
  return new Promise((resolve, reject) => {
    let seen = ''
    const timer = setTimeout(() => { child.kill(); reject(new Error(`anvil did not announce a port: ${seen.slice(-400)}`)) }, 20_000)
    const onData = (chunk) => {
      seen += chunk
      const match = /Listening on 127\.0\.0\.1:(\d+)/.exec(seen)
      if (!match) return
      clearTimeout(timer)
      child.stdout.off('data', onData)
      // anvil logs every call; keep draining so a full pipe never stalls it.
      child.stdout.resume()
      resolve({ child, port: Number(match[1]) })
    }
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', onData)
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk) => { if (seen.length < 65536) seen += chunk })
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`anvil exited (${code}) before listening: ${seen.slice(-400)}`)) })
  })
}

/** Starts anvil (`--slots-in-an-epoch 1`); resolves to { url, rpc(method, params), receipt(hash), stop() }. */
export async function startAnvil () {
  const { child, port } = await spawnOnEphemeralPort()
  const url = `http://127.0.0.1:${port}`
  let calls = 0
  async function rpc (method, params = []) {
    calls++
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: calls, method, params })
    })
    const answer = await response.json()
    if (answer.error) throw new Error(`${method}: ${JSON.stringify(answer.error)}`)
    return answer.result
  }
  const deadline = Date.now() + 20_000
  for (;;) {
    try {
      await rpc('eth_chainId')
      break
    } catch (error) {
      if (Date.now() > deadline) { child.kill(); throw error }
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
  /** The receipt of a sent transaction: anvil mines it on its own, so it may take a moment to appear. */
  async function receipt (hash) {
    for (const deadline = Date.now() + 10_000; ;) {
      const found = await rpc('eth_getTransactionReceipt', [hash])
      if (found) return found
      if (Date.now() > deadline) throw new Error(`no receipt for ${hash}`)
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  }
  return {
    url,
    rpc,
    receipt,
    stop () { child.kill() }
  }
}
