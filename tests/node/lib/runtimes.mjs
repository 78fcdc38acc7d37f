// The conformance cases (tests/conformance/run-all.mjs) in Node, in headless Chromium
// and in workerd, each answering the same plain-JSON result array. Everything listens on
// 127.0.0.1 and nothing fetches outside the machine.
import { existsSync, readdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'

import { repoRoot } from './cli.mjs'

/** Debian's chromium (DESIGN §10). */
export const CHROMIUM = '/usr/bin/chromium'
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run']
// Every non-loopback request goes to a proxy that is not there (Chromium bypasses proxies
// for loopback): nothing a page does leaves the machine.
const NO_PROXY = '--proxy-server=http://127.0.0.1:9'

/** The shared fixtures (../shared/fixtures beside the repository). */
export const FIXTURES = join(repoRoot, '../shared/fixtures')

/** What the static server serves: URL prefix → directory. */
const ROUTES = [
  ['/pkg/', join(repoRoot, 'pkg')],
  ['/tests/conformance/', join(repoRoot, 'tests/conformance')],
  ['/tests/badge/', join(repoRoot, 'tests/badge')],
  ['/fixtures/', FIXTURES]
]

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' }

/** The file under `routes` a URL path names, or null (never a path outside the routes). */
function routeFile (routes, pathname) {
  for (const [prefix, dir] of routes) {
    if (!pathname.startsWith(prefix)) continue
    const file = normalize(join(dir, decodeURIComponent(pathname.slice(prefix.length))))
    return file.startsWith(dir + sep) ? file : null
  }
  return null
}

/**
 * A loopback static server over ROUTES and `extraRoutes` (`[prefix, dir]` pairs);
 * resolves to `{ url, close() }`.
 */
export async function startServer (extraRoutes = []) {
  const routes = [...ROUTES, ...extraRoutes]
  const server = createServer(async (request, response) => {
    let file, body
    try {
      file = request.method === 'GET' && routeFile(routes, new URL(request.url, 'http://x').pathname)
      body = file && await readFile(file)
    } catch {} // a malformed %-escape or a missing file: 404
    if (!body) {
      response.writeHead(404).end()
      return
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body)
  })
  await new Promise((resolve, reject) => server.listen(0, '127.0.0.1', resolve).on('error', reject))
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve) })
  }
}

/** Every case in this Node process, `extraEnv` merged into the cases' `env`. */
export async function runInNode (extraEnv = {}) {
  const pm = await import('../../../pkg/index.js')
  const pmCid = await import('../../../pkg/cid.js')
  const pmGroth16 = await import('../../../pkg/groth16.js')
  const { runAll } = await import('../../conformance/run-all.mjs')
  const fixture = async (path) => {
    const file = join(FIXTURES, path)
    return existsSync(file) ? new Uint8Array(await readFile(file)) : null
  }
  return runAll({ pm, pmCid, pmGroth16 }, { ...extraEnv, fixture })
}

/** Headless Chromium (playwright-core's `Browser`) that can reach loopback only. */
export async function launchChromium () {
  const { chromium } = await import('playwright-core')
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_FLAGS, NO_PROXY] })
}

/**
 * Headless Chromium on tests/conformance/page.html (served by `server`); resolves to
 * `{ run(extraEnv), fetch(url, init), close() }`: `fetch` runs in the page (so is
 * subject to CORS) and answers `{ status, text }` or `{ error }`.
 */
export async function openChromium (server) {
  const browser = await launchChromium()
  try {
    const page = await browser.newPage()
    const errors = []
    page.on('pageerror', (error) => errors.push(error.message))
    await page.goto(`${server.url}/tests/conformance/page.html`)
    await page.waitForFunction(() => typeof window.runConformance === 'function' || document.readyState === 'complete')
    if (!await page.evaluate(() => typeof window.runConformance === 'function')) {
      throw new Error(`page.html did not load: ${errors.join('; ') || 'no page error'}`)
    }
    return {
      run: (extraEnv = {}) => page.evaluate((extra) => window.runConformance(extra), extraEnv),
      fetch: (url, init) => page.evaluate(async ([url, init]) => {
        try {
          const response = await fetch(url, init)
          return { status: response.status, text: await response.text() }
        } catch (error) {
          return { error: String(error?.message ?? error) }
        }
      }, [url, init]),
      close: () => browser.close()
    }
  } catch (error) {
    await browser.close()
    throw error
  }
}

/** The worker's modules: its entry first, then the package and the cases (names relative to the repo). */
function workerModules () {
  const list = (dir, pattern) => readdirSync(join(repoRoot, dir)).filter((f) => pattern.test(f)).map((f) => join(repoRoot, dir, f))
  const entry = join(repoRoot, 'tests/conformance/worker.mjs')
  const files = [entry, ...list('tests/conformance', /\.mjs$/).filter((f) => f !== entry),
    ...list('pkg', /\.js$/), ...list('pkg/lib', /\.js$/), ...list('pkg/dist', /\.(js|wasm)$/)]
  return files.map((path) => ({ type: path.endsWith('.wasm') ? 'CompiledWasm' : 'ESModule', path }))
}

/**
 * workerd via Miniflare on 127.0.0.1 (`cf: false`, no metrics), the modules rooted at the
 * repository, outbound fetches limited to 127.0.0.1; `options` adds to Miniflare's. Its own
 * output (refused fetches log stack traces) is kept for error messages, not the test log.
 * Resolves to `{ mf, log() }` once it is ready.
 */
export async function startWorkerd (options) {
  process.env.WRANGLER_SEND_METRICS = 'false'
  const { Miniflare } = await import('miniflare')
  let log = ''
  const mf = new Miniflare({
    host: '127.0.0.1',
    port: 0,
    cf: false, // otherwise it downloads cf.json
    modulesRoot: repoRoot,
    compatibilityDate: '2026-04-01',
    outboundService: { network: { allow: ['127.0.0.1/32'], deny: [] } },
    handleRuntimeStdio (stdout, stderr) {
      for (const stream of [stdout, stderr]) stream.on('data', (chunk) => { log = (log + chunk).slice(-50_000) })
    },
    ...options
  })
  try {
    await mf.ready
  } catch (error) {
    await mf.dispose().catch(() => {}) // rejects with the same startup error
    throw new Error(`workerd did not start: ${error.message}\n${log}`, { cause: error })
  }
  return { mf, log: () => log }
}

/**
 * workerd (via Miniflare) running tests/conformance/worker.mjs; fixtures come from
 * `server`. Outbound fetches may reach 127.0.0.1 only. Resolves to
 * `{ run(extraEnv), fetch(url, init), close() }` like openChromium.
 */
export async function openWorkerd (server) {
  const { mf, log } = await startWorkerd({ modules: workerModules(), bindings: { FIXTURES: `${server.url}/fixtures/` } })
  const post = async (path, body) => {
    const response = await mf.dispatchFetch(`http://127.0.0.1${path}`, { method: 'POST', body: JSON.stringify(body) })
    const text = await response.text()
    if (!response.ok) throw new Error(`workerd ${path}: HTTP ${response.status}: ${text}\n${log()}`)
    return JSON.parse(text)
  }
  return {
    run: (extraEnv = {}) => post('/run', extraEnv),
    fetch: (url, init) => post('/fetch', { url, init }),
    close: () => mf.dispose()
  }
}

/** Opens a runtime with its own server, runs every case once and closes both. */
async function runOnce (open, extraEnv) {
  const server = await startServer()
  try {
    const runtime = await open(server)
    try {
      return await runtime.run(extraEnv)
    } finally {
      await runtime.close()
    }
  } finally {
    await server.close()
  }
}

/** Every case in headless Chromium (`extraEnv` merged into `env`; JSON-serialisable). */
export const runInChromium = (extraEnv = {}) => runOnce(openChromium, extraEnv)

/** Every case in workerd (`extraEnv` merged into `env`; JSON-serialisable). */
export const runInWorkerd = (extraEnv = {}) => runOnce(openWorkerd, extraEnv)
