// The worker's configuration, read once per isolate from its vars (wrangler.toml).

/** Comma- or whitespace-separated list (or a JSON array) as an array of strings. */
function list (value) {
  if (Array.isArray(value)) return value.map(String)
  const text = String(value ?? '').trim()
  if (text.startsWith('[')) return JSON.parse(text).map(String)
  return text.split(/[\s,]+/).filter(Boolean)
}

function number (value, fallback) {
  const n = Number(value ?? fallback)
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`not a non-negative integer: ${value}`)
  return n
}

/**
 * The gate's settings from `env`: `RPC_URL` (comma-separated: the first is used for
 * permits), `CHAIN_ID`, `REGISTRY`, `GATEWAYS` (tried in order), `AUDIENCE` (this worker's
 * origin), `PROVEN_LICENSE` ("true": the license is proven against the finalized block),
 * `FROM_BLOCK` (the registry's deploy block), `RESERVE_SECONDS` (how long a reservation
 * holds without an answer), `ANCHOR_CACHE_SECONDS`, `PRUNE_SLACK_SECONDS` (how long after
 * a permit expired its spent nonce is kept: clock skew between isolates),
 * `CACHE_MAX_BYTES` (whole deliveries up to this size are kept in the Cache API by key;
 * 0 turns the cache off).
 */
export function readConfig (env) {
  const rpc = list(env.RPC_URL)
  const gateways = list(env.GATEWAYS).map((g) => g.replace(/\/+$/, ''))
  if (!rpc.length || !gateways.length || !env.REGISTRY || !env.CHAIN_ID || !env.AUDIENCE) {
    throw new Error('RPC_URL, GATEWAYS, REGISTRY, CHAIN_ID and AUDIENCE must be set')
  }
  return {
    rpc,
    gateways,
    chainId: number(env.CHAIN_ID),
    registry: env.REGISTRY,
    audience: env.AUDIENCE,
    proven: String(env.PROVEN_LICENSE ?? 'false') === 'true',
    fromBlock: number(env.FROM_BLOCK, 0),
    reserveSeconds: number(env.RESERVE_SECONDS, 600),
    anchorCacheSeconds: number(env.ANCHOR_CACHE_SECONDS, 60),
    pruneSlackSeconds: number(env.PRUNE_SLACK_SECONDS, 3600),
    cacheMaxBytes: number(env.CACHE_MAX_BYTES, 16 << 20)
  }
}
