// NonceLedger: one Durable Object class, two kinds of instance. A nonce instance (named
// `nonce:<buyer>:<nonce>`) is reserved on arrival, spent when delivery completes and
// released when upstream fails; a receipt instance (named `receipt:<permit digest>`)
// holds the signed receipt. Storage calls are atomic per instance (input gates), so
// reserve's read-then-write cannot interleave with another request's.
import { DurableObject } from 'cloudflare:workers'

export class NonceLedger extends DurableObject {
  /**
   * Reserves the nonce until `now + seconds` (a reservation left by a crashed delivery
   * lapses then); answers `{ status: 'ok', token }`, `{ status: 'reserved' }` or
   * `{ status: 'spent' }`. The token is what spend and release take.
   */
  async reserve (now, seconds) {
    const state = await this.ctx.storage.get('state')
    if (state?.spent) return { status: 'spent' }
    if (state && state.until > now) return { status: 'reserved' }
    const token = crypto.randomUUID()
    await this.ctx.storage.put('state', { until: now + seconds, token })
    return { status: 'ok', token }
  }

  /** Frees the reservation `token` holds (never a spent nonce) so the buyer can retry. */
  async release (token, failure) {
    const state = await this.ctx.storage.get('state')
    if (state?.spent || state?.token !== token) return
    await this.ctx.storage.delete('state')
    if (failure) await this.ctx.storage.put('failures', [...(await this.ctx.storage.get('failures') ?? []), failure].slice(-16))
  }

  /**
   * Marks the nonce spent for good if `token` still holds its reservation; false if not
   * (it lapsed and another delivery took it): the caller must then not deliver.
   */
  async spend (token, at) {
    const state = await this.ctx.storage.get('state')
    if (state?.spent || state?.token !== token) return false
    await this.ctx.storage.put('state', { spent: true, at })
    return true
  }

  /** The failures recorded against this nonce (newest last). */
  async failures () {
    return await this.ctx.storage.get('failures') ?? []
  }

  /** Stores the signed receipt (JSON-safe). */
  async putReceipt (receipt) {
    await this.ctx.storage.put('receipt', receipt)
  }

  /** The signed receipt, or null. */
  async receipt () {
    return await this.ctx.storage.get('receipt') ?? null
  }
}

/** The ledger instance of a buyer's nonce. */
export const nonceLedger = (env, buyer, nonce) => env.LEDGER.get(env.LEDGER.idFromName(`nonce:${buyer.toLowerCase()}:${nonce.toLowerCase()}`))

/** The ledger instance holding a permit digest's receipt. */
export const receiptLedger = (env, digest) => env.LEDGER.get(env.LEDGER.idFromName(`receipt:${digest.toLowerCase()}`))
