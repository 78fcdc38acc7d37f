// Fetching an entity's CAR from trustless gateways (DESIGN §3) with failover, verified
// block by block: a gateway that fails before its first verified byte gives way to the
// next one; after that, the stream is committed to it.
import { carBodyToVerifiedStream } from '../../../pkg/workerd.js'

/** What the worker asks gateways for: a CAR, depth-first with duplicates (DESIGN §3). */
export const CAR_ACCEPT = 'application/vnd.ipld.car; version=1; order=dfs; dups=y'

/**
 * Opens the first gateway of `gateways` that answers the CAR of `cid` (and `path`, `/a/b`
 * below it, or empty) with a verified first chunk. Resolves to `{ gateway, reader, first,
 * verdict, size, failures }` (`reader` reads verified bytes after `first`; `verdict`
 * settles at its end; `size` is the file's size as its root block, verified against
 * `cid`, declares it (the SDK's `declaredSize`: the stream ends with exactly that many
 * bytes or aborts), or null when the target is no file), or `{ failures }` when no
 * gateway did. `failures` lists `{ gateway, reason }`. With `range` (`{ start, end }`,
 * inclusive) only those bytes are asked for (`entity-bytes`) and verified; `size` is
 * still the whole file's. Nothing the gateway says about sizes is used. When verified
 * blocks show there is no file to deliver (the path names nothing, or a directory), it
 * resolves to `{ absent: { code, message }, failures }` without trying further gateways.
 */
export async function openVerified (gateways, cid, path = '', range = null) {
  const failures = []
  const entityBytes = range && `${range.start}:${range.end}`
  for (const gateway of gateways) {
    let response
    try {
      const query = `dag-scope=entity${range ? `&entity-bytes=${entityBytes}` : ''}`
      response = await fetch(`${gateway}/ipfs/${cid}${path}?${query}`, { headers: { accept: CAR_ACCEPT } })
    } catch (error) {
      failures.push({ gateway, reason: `fetch: ${error?.message ?? error}` })
      continue
    }
    if (!response.ok || !response.body) {
      failures.push({ gateway, reason: `HTTP ${response.status}` })
      await response.body?.cancel().catch(() => {})
      continue
    }
    const below = path.slice(1).split('/').map(decodeURIComponent).join('/')
    // The scope asked for: a directory's entity is its own blocks, not its children.
    const options = { dagScope: 'entity', ...(path ? { path: below } : {}), ...(range ? { entityBytes } : {}) }
    // Read in large chunks: a fetch body's 4 KiB reads would cost more CPU than verifying.
    const verifier = carBodyToVerifiedStream(response.body, cid, options)
    const reader = verifier.getReader()
    try {
      const first = await reader.read()
      // Known by now: the root block precedes the file's first byte (or the stream's end).
      const size = await verifier.declaredSize
      if (size !== null) return { gateway, reader, first, verdict: verifier.verdict, size, failures }
      // No file size: the target is no file (a directory), or the gateway stopped short.
      reader.cancel().catch(() => {})
      const verdict = first.done ? await verifier.verdict : null
      if (verdict?.integrity?.status === 'verified') return { failures, absent: { code: 'not-a-file', message: `${cid}${path} is a ${verdict.target?.kind ?? 'non-file'}, not file bytes` } }
      failures.push({ gateway, reason: verdict?.integrity?.reason ?? 'no-file-size' })
    } catch (error) {
      reader.cancel().catch(() => {})
      // What verified blocks say (the path names nothing, or runs through a file) no other gateway can change.
      if (DEFINITE.has(error?.code)) return { failures, absent: { code: error.code, message: error.message } }
      failures.push({ gateway, reason: error?.code ?? String(error?.message ?? error) })
    }
  }
  return { failures }
}

/** Errors about the DAG itself, raised only from blocks that verified. */
const DEFINITE = new Set(['path-not-found', 'wrong-node-kind'])

/**
 * The file size `gateway` announces for a deserialized HEAD of `cid` and `path` (DESIGN
 * §3), or null when it serves trustless responses only. Untrusted: only used to resolve a
 * `Range` before the CAR is fetched; the delivery then holds it to the verified size.
 */
export async function announcedSize (gateway, cid, path = '') {
  const response = await fetch(`${gateway}/ipfs/${cid}${path}`, { method: 'HEAD' })
  const length = response.headers.get('content-length')
  return response.ok && /^\d+$/.test(length ?? '') ? Number(length) : null
}
