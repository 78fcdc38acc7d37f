// NonceLedger: one Durable Object class. An instance per buyer (`buyer:<address>`) holds
// that buyer's nonces: reserved on arrival, spent when delivery completes, released when
// upstream fails. Receipts live in 256 shards by permit digest (`receipts:<2 hex>`), and
// the locator bindings a full delivery established (binding.js) in 256 shards by key
// (`bindings:<2 hex>`). Few,
// warm instances: a new object per nonce costs a cold start (and locally a database) per
// request. Storage calls are atomic per instance (input gates), so reserve's
// read-then-write cannot interleave with another request's. Once a permit has expired its
// nonce can never be presented again (verifyPermit refuses it first), so an alarm prunes
// spent nonces and failure records after their `pruneAt`.
import { DurableObject } from 'cloudflare:workers'

export class NonceLedger extends DurableObject {
  /**
   * Reserves `nonce` until `now + seconds` (a reservation left by a crashed delivery
   * lapses then); answers `{ status: 'ok', token }`, `{ status: 'reserved' }` or
   * `{ status: 'spent' }`. The token is what spend and release take.
   */
  async reserve (nonce, now, seconds) {
    const state = await this.ctx.storage.get(`nonce:${nonce}`)
    if (state?.spent) return { status: 'spent' }
    if (state && state.until > now) return { status: 'reserved' }
    const token = crypto.randomUUID()
    await this.ctx.storage.put(`nonce:${nonce}`, { until: now + seconds, token })
    return { status: 'ok', token }
  }

  /**
   * Frees the reservation `token` holds (never a spent nonce) so the buyer can retry, and
   * records `failure` (kept until `pruneAt`, Unix seconds).
   */
  async release (nonce, token, failure, pruneAt) {
    const state = await this.ctx.storage.get(`nonce:${nonce}`)
    if (state?.spent || state?.token !== token) return
    await this.ctx.storage.delete(`nonce:${nonce}`)
    if (failure) {
      const failures = (await this.ctx.storage.get(`failures:${nonce}`))?.list ?? []
      await this.ctx.storage.put(`failures:${nonce}`, { list: [...failures, failure].slice(-16), pruneAt })
      await this.#pruneBy(pruneAt)
    }
  }

  /**
   * Marks `nonce` spent until `pruneAt` (Unix seconds, after the permit expired) if `token`
   * still holds its reservation; false if not (it lapsed and another delivery took it):
   * the caller must then not deliver.
   */
  async spend (nonce, token, at, pruneAt) {
    const state = await this.ctx.storage.get(`nonce:${nonce}`)
    if (state?.spent || state?.token !== token) return false
    await this.ctx.storage.put(`nonce:${nonce}`, { spent: true, at, pruneAt })
    await this.#pruneBy(pruneAt)
    return true
  }

  /** What the ledger holds for `nonce`: `{ state, failures }` (for operators and tests). */
  async inspect (nonce) {
    return {
      state: await this.ctx.storage.get(`nonce:${nonce}`) ?? null,
      failures: (await this.ctx.storage.get(`failures:${nonce}`))?.list ?? []
    }
  }

  /** Deletes what is past its `pruneAt`; wakes again for the earliest left. */
  async alarm () {
    const now = Date.now() / 1000
    let next = null
    for (const prefix of ['nonce:', 'failures:']) {
      for (const [name, value] of await this.ctx.storage.list({ prefix })) {
        if (typeof value?.pruneAt !== 'number') continue
        if (value.pruneAt <= now) await this.ctx.storage.delete(name)
        else next = Math.min(next ?? Infinity, value.pruneAt)
      }
    }
    if (next !== null) await this.ctx.storage.setAlarm(next * 1000)
  }

  async #pruneBy (pruneAt) {
    if (typeof pruneAt !== 'number') return
    const alarm = await this.ctx.storage.getAlarm()
    if (alarm === null || alarm > pruneAt * 1000) await this.ctx.storage.setAlarm(pruneAt * 1000)
  }

  /** Stores the signed receipt (JSON-safe) of a permit digest. */
  async putReceipt (digest, receipt) {
    await this.ctx.storage.put(`receipt:${digest}`, receipt)
  }

  /** The signed receipt of a permit digest, or null. */
  async receipt (digest) {
    return await this.ctx.storage.get(`receipt:${digest}`) ?? null
  }

  /** Records that `name` (key, CID, path) is bound: a full delivery of `size` bytes hashed to the key. */
  async putBinding (name, size) {
    await this.ctx.storage.put(`bound:${name}`, { bound: true, size })
  }

  /** The binding of `name`, `{ bound: true, size }`, or null. */
  async binding (name) {
    return await this.ctx.storage.get(`bound:${name}`) ?? null
  }
}

/** The ledger instance of a buyer. */
export const buyerLedger = (env, buyer) => env.LEDGER.get(env.LEDGER.idFromName(`buyer:${buyer.toLowerCase()}`))

/**
 * A buyer's nonce: `{ reserve(now, seconds), release(token, failure?), spend(token, at) }`;
 * records are pruned at `pruneAt` (Unix seconds).
 */
export function nonceLedger (env, buyer, nonce, pruneAt) {
  const stub = buyerLedger(env, buyer)
  const n = nonce.toLowerCase()
  return {
    reserve: (now, seconds) => stub.reserve(n, now, seconds),
    release: (token, failure) => stub.release(n, token, failure, pruneAt),
    spend: (token, at) => stub.spend(n, token, at, pruneAt)
  }
}

/** The receipt of a permit digest: `{ put(receipt), get() }`. */
export function receiptLedger (env, digest) {
  const d = digest.toLowerCase()
  const stub = env.LEDGER.get(env.LEDGER.idFromName(`receipts:${d.slice(2, 4)}`))
  return { put: (receipt) => stub.putReceipt(d, receipt), get: () => stub.receipt(d) }
}

/** The bindings of a key's locators: `{ put(cid, path, size), get(cid, path) }`. */
export function bindingLedger (env, key) {
  const k = key.toLowerCase()
  const stub = env.LEDGER.get(env.LEDGER.idFromName(`bindings:${k.slice(2, 4)}`))
  const name = (cid, path) => `${k} ${cid} ${path}`
  return { put: (cid, path, size) => stub.putBinding(name(cid, path), size), get: (cid, path) => stub.binding(name(cid, path)) }
}
