// JSON-RPC transports for the chain reader: a URL (fetch) or an EIP-1193 provider. Each
// is `{name, send(method, paramsJson) -> Promise<reply JSON text>}`; the wasm side parses
// the reply (`{result}` or `{error}`) and treats a rejection as an unreachable endpoint.
import { invalidArgument } from './common.js'

let nextId = 1

/** The transports for `rpc`: a URL, an EIP-1193 provider, or a list of them. */
export function transports (rpc, fetchImpl = globalThis.fetch) {
  if (rpc === undefined || rpc === null) return []
  const list = Array.isArray(rpc) ? rpc : [rpc]
  return list.map((endpoint, index) => {
    if (typeof endpoint === 'string') {
      let url
      try {
        url = new URL(endpoint)
      } catch {
        throw invalidArgument(`rpc ${JSON.stringify(endpoint)} is not a URL`)
      }
      return { name: endpoint, send: (method, params) => post(fetchImpl, url, method, params) }
    }
    if (endpoint !== null && typeof endpoint === 'object' && typeof endpoint.request === 'function') {
      return { name: typeof endpoint.name === 'string' ? endpoint.name : `eip1193:${index}`, send: (method, params) => eip1193(endpoint, method, params) }
    }
    throw invalidArgument('rpc must be a URL, an EIP-1193 provider ({request}), or a list of them')
  })
}

async function post (fetchImpl, url, method, params) {
  const response = await fetchImpl(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: `{"jsonrpc":"2.0","id":${nextId++},"method":${JSON.stringify(method)},"params":${params}}`
  })
  const text = await response.text()
  // Some nodes answer JSON-RPC errors with an HTTP error status: the body still decides.
  if (!response.ok && !/"error"\s*:/.test(text)) throw new Error(`HTTP ${response.status} from ${url.origin}`)
  return text
}

async function eip1193 (provider, method, params) {
  try {
    return JSON.stringify({ result: await provider.request({ method, params: JSON.parse(params) }) ?? null })
  } catch (error) {
    if (typeof error?.code !== 'number') throw error
    return JSON.stringify({ error: { code: error.code, message: String(error.message ?? ''), data: error.data } })
  }
}
