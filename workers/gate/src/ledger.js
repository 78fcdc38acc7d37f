// NonceLedger: one Durable Object class. An instance per buyer (`buyer:<address>`) holds
// that buyer's nonces: reserved on arrival, spent when delivery completes, released when
// upstream fails. Receipts live in 256 shards by permit digest (`receipts:<2 hex>`). Few,
// warm instances: a new object per nonce costs a cold start (and locally a database) per
// request. Storage calls are atomic per instance (input gates), so reserve's
// read-then-write cannot interleave with another request's.
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

  /** Frees the reservation `token` holds (never a spent nonce) so the buyer can retry. */
  async release (nonce, token, failure) {
    const state = await this.ctx.storage.get(`nonce:${nonce}`)
    if (state?.spent || state?.token !== token) return
    await this.ctx.storage.delete(`nonce:${nonce}`)
    if (failure) {
      const failures = await this.ctx.storage.get(`failures:${nonce}`) ?? []
      await this.ctx.storage.put(`failures:${nonce}`, [...failures, failure].slice(-16))
    }
  }

  /**
   * Marks `nonce` spent for good if `token` still holds its reservation; false if not (it
   * lapsed and another delivery took it): the caller must then not deliver.
   */
  async spend (nonce, token, at) {
    const state = await this.ctx.storage.get(`nonce:${nonce}`)
    if (state?.spent || state?.token !== token) return false
    await this.ctx.storage.put(`nonce:${nonce}`, { spent: true, at })
    return true
  }

  /** The failures recorded against `nonce` (newest last). */
  async failures (nonce) {
    return await this.ctx.storage.get(`failures:${nonce}`) ?? []
  }

  /** Stores the signed receipt (JSON-safe) of a permit digest. */
  async putReceipt (digest, receipt) {
    await this.ctx.storage.put(`receipt:${digest}`, receipt)
  }

  /** The signed receipt of a permit digest, or null. */
  async receipt (digest) {
    return await this.ctx.storage.get(`receipt:${digest}`) ?? null
  }
}

/** A buyer's nonces: `{ reserve(now, seconds), release(token, failure?), spend(token, at) }` for `nonce`. */
export function nonceLedger (env, buyer, nonce) {
  const stub = env.LEDGER.get(env.LEDGER.idFromName(`buyer:${buyer.toLowerCase()}`))
  const n = nonce.toLowerCase()
  return {
    reserve: (now, seconds) => stub.reserve(n, now, seconds),
    release: (token, failure) => stub.release(n, token, failure),
    spend: (token, at) => stub.spend(n, token, at)
  }
}

/** The receipt of a permit digest: `{ put(receipt), get() }`. */
export function receiptLedger (env, digest) {
  const d = digest.toLowerCase()
  const stub = env.LEDGER.get(env.LEDGER.idFromName(`receipts:${d.slice(2, 4)}`))
  return { put: (receipt) => stub.putReceipt(d, receipt), get: () => stub.receipt(d) }
}
