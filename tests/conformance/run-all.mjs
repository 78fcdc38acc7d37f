// Every conformance case in one call, with results as plain JSON: the same function runs
// in Node, in a Chromium page (page.html) and in a workerd worker (worker.mjs), so the
// three result arrays can be compared as they are.
import { cases, runCase } from './cases.mjs'

/** Cases also run against the CID-only entry (`proofmark/cid`), named `cid: <name>`. */
export const CID_CASES = [
  'cidOf hello world, unixfs-v0-2015 (kubo)',
  'contentKey hello world',
  'verifyBytes v0 hello world',
  'CidVerifier in one-byte pushes',
  'verifyCar raw block: verified, bytes out',
  'carToVerifiedStream: a depth-10 chain streams its byte',
  'invalid CID string'
]

/**
 * JSON with sorted keys, bigints as `"<n>n"` and byte views as `{ hex }`: one canonical
 * form whatever the runtime, parsed back to a plain value.
 */
export function plain (value) {
  const text = JSON.stringify(value, (_, v) => {
    if (typeof v === 'bigint') return `${v}n`
    if (ArrayBuffer.isView(v)) return { hex: Array.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), (b) => b.toString(16).padStart(2, '0')).join('') }
    if (v && typeof v === 'object' && !Array.isArray(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]]))
    return v
  })
  return text === undefined ? null : JSON.parse(text)
}

/** `env.fixture` over HTTP: `base` + path, or null when the server answers 404. */
export function fetchFixture (base) {
  return async (path) => {
    const response = await fetch(new URL(path, base))
    if (response.status === 404) return null
    if (!response.ok) throw new Error(`fixture ${path}: HTTP ${response.status}`)
    return new Uint8Array(await response.arrayBuffer())
  }
}

/**
 * Runs every case with the full package `pm` (then `CID_CASES` with `pmCid`) and `env`;
 * resolves to `[{ name, ok, actual, expected, skipped? }]` as plain JSON.
 */
export async function runAll (pm, pmCid, env) {
  const results = []
  const push = (result, prefix = '') => {
    const out = { name: prefix + result.name, ok: result.ok, actual: plain(result.actual), expected: plain(result.expected) }
    if (result.skipped) out.skipped = true
    results.push(out)
  }
  for (const c of cases) push(await runCase(pm, c, env))
  for (const name of CID_CASES) {
    const c = cases.find((c) => c.name === name)
    if (!c) throw new Error(`CID_CASES names a case that is gone: ${name}`)
    push(await runCase(pmCid, c, env), 'cid: ')
  }
  return results
}
