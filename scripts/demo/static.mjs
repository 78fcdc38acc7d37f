// The demo's static server on loopback: the marketplace page (www/), the SDK (pkg/), the
// demo's config and trusted vkey, and an untrusted "mirror" that serves what it holds as is.
import { createServer } from 'node:http'
import { readFile } from 'node:fs/promises'
import { dirname, extname, join, normalize, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '../..')
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm', '.png': 'image/png', '.ts': 'text/plain' }
const MOUNTS = { '/pkg/': join(root, 'pkg'), '/': join(root, 'www') }

/**
 * Serves on 127.0.0.1 (an ephemeral port); `untrusted` maps a CID to `{car, bytes}`
 * served under `/untrusted/ipfs/<cid>` (the CAR when asked for one). Resolves to
 * `{ url, close() }`.
 */
export async function startStaticServer ({ config, vkey, untrusted = {} }) {
  const server = createServer(async (request, response) => {
    const url = new URL(request.url, 'http://localhost')
    try {
      if (url.pathname === '/demo/config.json') return send(response, 200, TYPES['.json'], JSON.stringify(config))
      if (url.pathname === '/demo/verification_key.json') return send(response, 200, TYPES['.json'], vkey)
      const mirrored = url.pathname.match(/^\/untrusted\/ipfs\/([^/]+)$/)
      if (mirrored) {
        const held = untrusted[mirrored[1]]
        if (!held) return send(response, 404, 'text/plain', 'not here\n')
        const car = (request.headers.accept ?? '').includes('application/vnd.ipld.car') || url.searchParams.get('format') === 'car'
        return send(response, 200, car ? 'application/vnd.ipld.car; version=1' : 'image/png', car ? held.car : held.bytes)
      }
      const [mount, dir] = Object.entries(MOUNTS).find(([prefix]) => url.pathname.startsWith(prefix))
      const rel = decodeURIComponent(url.pathname.slice(mount.length)) || 'index.html'
      const path = normalize(join(dir, rel))
      if (!path.startsWith(dir + sep)) return send(response, 403, 'text/plain', 'outside\n')
      return send(response, 200, TYPES[extname(path)] ?? 'application/octet-stream', await readFile(path))
    } catch (error) {
      return send(response, error.code === 'ENOENT' || error.code === 'EISDIR' ? 404 : 500, 'text/plain', `${error.code ?? 'error'}\n`)
    }
  })
  await new Promise((resolve, reject) => server.listen(0, '127.0.0.1', resolve).on('error', reject))
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve) })
  }
}

function send (response, status, type, body) {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' })
  response.end(body)
}
