// workers/gate under Miniflare (workerd) for tests and benchmarks, and loopback upstreams
// to put in front of a gateway: each counts requests and may fail or tamper.
import { createHash, randomBytes } from 'node:crypto'
import { copyFileSync, createWriteStream, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { createServer, request as httpRequest } from 'node:http'
import { join } from 'node:path'

import { ACCOUNTS } from './anvil.mjs'
import { proofmark, proofmarkBin, repoRoot } from './cli.mjs'
import { startGateway } from './gateway.mjs'
import { startWorkerd } from './runtimes.mjs'

/** A throwaway receipt-signing key for tests (anvil's account 3 key: public anyway). */
export const TEST_SIGNING_KEY = '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6'

/** The audience tests configure: the worker's origin. */
export const AUDIENCE = 'https://gate.proofmark.test'

/** The modules of a worker whose entry is `entry` (repo-relative), with the package. */
function modules (entry, dir) {
  const list = (d, pattern) => readdirSync(join(repoRoot, d)).filter((f) => pattern.test(f)).map((f) => join(repoRoot, d, f))
  const main = join(repoRoot, entry)
  const files = [main, ...list(dir, /\.js$/).filter((f) => f !== main), ...list('pkg', /\.js$/), ...list('pkg/lib', /\.js$/),
    // The Groth16-only glue, which index.js imports, without its .wasm (workerd.js never loads it).
    ...list('pkg/dist', /^proofmark(_permit)?(_bg)?\.(js|wasm)$|^proofmark_groth16\.js$/)]
  return files.map((path) => ({ type: path.endsWith('.wasm') ? 'CompiledWasm' : 'ESModule', path }))
}

/**
 * Starts the gate in workerd. `vars` overrides the worker's vars (RPC_URL, GATEWAYS, …; the
 * cache of verified bytes is off unless `CACHE_MAX_BYTES` is given, so upstreams see every delivery);
 * `inspect` opens workerd's inspector (for `watchIsolateMemory`).
 * Resolves to `{ mf, url, fetch(path, init), log(), pid(), close() }`; outbound fetches may
 * reach 127.0.0.1 only.
 */
export async function startGate ({ env, gateways, vars = {}, signingKey = TEST_SIGNING_KEY, script, durable = true, inspect = false }) {
  const { mf, log } = await startWorkerd({
    ...(inspect ? { inspectorPort: 0 } : {}),
    modules: script ?? modules('workers/gate/src/index.js', 'workers/gate/src'),
    durableObjects: durable ? { LEDGER: 'NonceLedger' } : {},
    bindings: {
      RPC_URL: env?.rpc ?? '', CHAIN_ID: String(env?.chainId ?? ''), REGISTRY: env?.registry ?? '',
      GATEWAYS: (gateways ?? []).join(','), AUDIENCE, PROVEN_LICENSE: 'false', FROM_BLOCK: '0',
      GATE_SIGNING_KEY: signingKey, CACHE_MAX_BYTES: '0', ...vars
    },
    // workerd's own socket: Miniflare's entry worker re-frames bodies and hides an abort.
    unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }]
  })
  let url
  try {
    url = (await mf.unsafeGetDirectURL()).toString().replace(/\/$/, '')
  } catch (error) {
    await mf.dispose().catch(() => {})
    throw error
  }
  return {
    mf,
    url,
    fetch: (path, init) => fetch(`${url}${path}`, init),
    log,
    close: () => mf.dispose()
  }
}

/** workerd processes started by this Node process: `[{ pid, hwmKiB, cpuSeconds }]` from /proc. */
export function workerdFigures () {
  const out = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (!comm.startsWith('workerd') || Number(fields[1]) !== process.pid) continue
      const hwm = readFileSync(`/proc/${entry}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/)
      const ticks = Number(fields[11]) + Number(fields[12]) // utime + stime
      out.push({ pid: Number(entry), hwmKiB: hwm ? Number(hwm[1]) : null, cpuSeconds: ticks / 100 })
    } catch {} // the process went away
  }
  return out
}

/**
 * A loopback proxy in front of `target` (a gateway) counting requests (HEAD and GET). `mode()` answers,
 * per request, `'pass'`, `'fail'` (503, no body), `'refuse'` (destroys the socket) or
 * `{ flipAt: n }` (the body's byte at offset n, or the last byte if n is past the end, is
 * flipped). With `stripLength`, no answer (HEAD or GET) carries a `Content-Length`;
 * `rewrite(url)` gives the URL asked of `target` (a gateway answering for another path).
 * Resolves to `{ url, count(), reset(), close() }`.
 */
export async function startUpstream (target, mode = () => 'pass', { stripLength = false, rewrite = (url) => url } = {}) {
  let requests = 0
  const server = createServer((req, res) => {
    requests++
    const how = mode()
    if (how === 'fail') return res.writeHead(503).end()
    if (how === 'refuse') return req.socket.destroy()
    const up = httpRequest(`${target}${rewrite(req.url)}`, { method: req.method, headers: { accept: req.headers.accept ?? '*/*' } }, (upRes) => {
      const length = stripLength ? undefined : upRes.headers['content-length']
      res.writeHead(upRes.statusCode, { 'content-type': upRes.headers['content-type'] ?? 'application/octet-stream', ...(length ? { 'content-length': length } : {}) })
      if (typeof how !== 'object') return upRes.pipe(res)
      // Flip one byte: buffer (test assets are small) so "past the end" can pick the last.
      const parts = []
      upRes.on('data', (c) => parts.push(c))
      upRes.on('end', () => {
        const body = Buffer.concat(parts)
        const at = Math.min(how.flipAt, body.length - 1)
        body[at] ^= 0x01
        res.end(body)
      })
    })
    up.on('error', () => res.destroy())
    up.end()
  })
  await new Promise((resolve, reject) => server.listen(0, '127.0.0.1', resolve).on('error', reject))
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    count: () => requests,
    reset: () => { requests = 0 },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve) })
  }
}

/**
 * Writes `size` random bytes to `<stack.dir>/<name>.bin`, publishes them with `proofmark
 * publish` (price 0) and serves the CAR with a gateway of its own. Resolves to `{ key,
 * cid, gateway, close() }`.
 */
export async function publishLarge (stack, name, size) {
  const file = join(stack.dir, `${name}.bin`)
  const hash = createHash('sha256')
  const out = createWriteStream(file)
  for (let at = 0; at < size; at += 4 << 20) {
    const chunk = randomBytes(Math.min(4 << 20, size - at))
    hash.update(chunk)
    if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve))
  }
  await new Promise((resolve) => out.end(resolve))
  const { env } = stack
  const manifest = JSON.parse(await proofmark(['publish', file, '--model-key', join(stack.dir, 'm1/model.key.json'),
    '--registry-file', join(stack.dir, 'a.json'), '--setup', join(stack.dir, 'setup'), '--rpc', env.rpc,
    '--registry', env.registry, '--chain-id', String(env.chainId), '--out-dir', join(stack.dir, `${name}-out`),
    '--private-key', ACCOUNTS[1][1]]))
  const { url: gateway, child: server } = await startGateway(proofmarkBin, join(stack.dir, `${name}-out`))
  return { key: `0x${hash.digest('hex')}`, cid: manifest.assets[0].cid, gateway, close: () => server.kill() }
}

/**
 * Anchors the file at `path` inside the directory CAR `car` (its header's root, checked by
 * `car verify`) with the directory's CID as the locator, and serves the CAR with a gateway
 * of its own. Resolves to `{ key, cid, bytes, gateway, close() }` (`bytes`: the file's).
 */
export async function anchorInDirectory (stack, car, path) {
  const { CarReader } = await import('@ipld/car')
  const [root] = await (await CarReader.fromBytes(readFileSync(car))).getRoots()
  const cid = root.toString()
  const name = path.replaceAll('/', '_')
  const file = join(stack.dir, `dir-${name}`)
  await proofmark(['car', 'verify', car, '--cid', cid, '--path', path, '--out', file])
  const { env } = stack
  const at = (suffix) => join(stack.dir, `dir-${name}.${suffix}`)
  await proofmark(['zk', 'prove', '--model-key', join(stack.dir, 'm1/model.key.json'), '--registry-file', join(stack.dir, 'a.json'),
    '--asset', file, '--creator', ACCOUNTS[1][0], '--setup', join(stack.dir, 'setup'), '--out', at('proof.json'), '--public', at('public.json')])
  await proofmark(['anchor', file, '--proof', at('proof.json'), '--public', at('public.json'), '--cid', cid, '--rpc', env.rpc,
    '--registry', env.registry, '--chain-id', String(env.chainId), '--private-key', ACCOUNTS[1][1]])
  const served = join(stack.dir, `dir-${name}-cars`)
  mkdirSync(served, { recursive: true })
  copyFileSync(car, join(served, 'directory.car'))
  const { url: gateway, child: server } = await startGateway(proofmarkBin, served)
  const bytes = readFileSync(file)
  return { key: `0x${createHash('sha256').update(bytes).digest('hex')}`, cid, bytes, gateway, close: () => server.kill() }
}
