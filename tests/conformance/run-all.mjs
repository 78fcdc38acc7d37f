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

/** Cases also run against the Groth16-only entry (`proofmark/groth16`), named `groth16: <name>`. */
export const GROTH16_CASES = [
  'groth16 valid proof',
  'groth16 inputs as bigint and 0x hex',
  'groth16 changed input: false',
  'groth16 A and C swapped: false',
  'groth16 batch of three',
  'groth16 batch with one bad proof: false',
  'groth16 empty batch',
  'vkHash',
  'prepared key: vkHash, devSetup, inputCount',
  'groth16 trusted vkHash',
  'public input ≥ r',
  'coordinate ≥ q',
  'point off the curve',
  'identity in a proof',
  'wrong input count',
  'wrong protocol',
  'wrong curve',
  'G2 point outside the subgroup',
  'G2 limbs in EVM order',
  'vk not the trusted one',
  'non-canonical decimal input',
  'proof JSON text that does not parse',
  'batch randomness of 31 bytes'
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
 * Runs every case with the full package `pm` (then `CID_CASES` with `pmCid` and
 * `GROTH16_CASES` with `pmGroth16`) and `env`; resolves to
 * `[{ name, ok, actual, expected, skipped? }]` as plain JSON.
 */
export async function runAll ({ pm, pmCid, pmGroth16 }, env) {
  const results = []
  const push = (result, prefix = '') => {
    const out = { name: prefix + result.name, ok: result.ok, actual: plain(result.actual), expected: plain(result.expected) }
    if (result.skipped) out.skipped = true
    results.push(out)
  }
  for (const c of cases) push(await runCase(pm, c, env))
  for (const [names, entry, prefix] of [[CID_CASES, pmCid, 'cid: '], [GROTH16_CASES, pmGroth16, 'groth16: ']]) {
    for (const name of names) {
      const c = cases.find((c) => c.name === name)
      if (!c) throw new Error(`a case list names a case that is gone: ${name}`)
      push(await runCase(entry, c, env), prefix)
    }
  }
  return results
}
