// Which locator CIDs are bound to their anchored key. A verified range is checked block by
// block against the locator's DAG; that the DAG is the content of the key (SHA-256 of the
// whole file) is known only for a raw CIDv1 sha2-256 locator (its digest is the key) or
// once a full delivery of that (key, CID, path) hashed to the key.
import { bindingLedger } from './ledger.js'

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567'
const RAW_SHA256 = [0x01, 0x55, 0x12, 0x20] // CIDv1, raw, sha2-256, 32 bytes

/** The key (`0x` + 64 hex) a raw CIDv1 sha2-256 in base32 (`b…`) names, else null. */
export function rawLocatorKey (cid) {
  if (!/^b[a-z2-7]+$/.test(cid)) return null
  const bytes = []
  let bits = 0
  let acc = 0
  for (const c of cid.slice(1)) {
    acc = (acc << 5) | BASE32.indexOf(c)
    bits += 5
    if (bits >= 8) {
      bits -= 8
      bytes.push((acc >> bits) & 0xff)
    }
  }
  if (bytes.length !== 36 || RAW_SHA256.some((b, i) => bytes[i] !== b)) return null
  return '0x' + bytes.slice(4).map((b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * How `cid` (and `path`) is bound to `key`: `{ via: 'raw-cid', size: null }`, `{ via:
 * 'delivery', size }` (the size that delivery verified) or null (not established).
 */
export async function bindingOf (env, key, cid, path) {
  const recorded = await bindingLedger(env, key).get(cid, path)
  if (recorded) return { via: 'delivery', size: recorded.size }
  if (!path && rawLocatorKey(cid) === key.toLowerCase()) return { via: 'raw-cid', size: null }
  return null
}

/** Records that a full delivery of `cid` (and `path`) hashed to `key` (`size` bytes). */
export function recordBinding (env, key, cid, path, size) {
  return bindingLedger(env, key).put(cid, path, size)
}
