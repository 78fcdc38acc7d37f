// `proofmark gateway serve` on loopback, for tests, benchmarks and the demo.
import { spawn } from 'node:child_process'

/**
 * Serves the CARs in `dir` with `bin gateway serve --port 0`; resolves to `{ url, child }`
 * once the gateway prints its address (the caller kills `child` to stop it).
 */
export function startGateway (bin, dir) {
  const child = spawn(bin, ['gateway', 'serve', '--dir', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] })
  return new Promise((resolve, reject) => {
    let seen = ''
    const look = (chunk) => {
      seen += chunk
      const url = seen.match(/http:\/\/127\.0\.0\.1:\d+/)
      if (url) resolve({ url: url[0], child })
    }
    child.stdout.on('data', look)
    child.stderr.on('data', look)
    child.on('exit', (code) => reject(new Error(`gateway exited (${code}): ${seen}`)))
  })
}
