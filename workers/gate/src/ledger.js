// NonceLedger: one Durable Object class, two kinds of instance. A nonce instance (named
// `nonce:<buyer>:<nonce>`) is reserved on arrival, spent when delivery completes and
// released when upstream fails; a receipt instance (named `receipt:<permit digest>`)
// holds the signed receipt. Storage calls are atomic per instance (input gates), so
// reserve's read-then-write cannot interleave with another request's.
import { DurableObject } from 'cloudflare:workers'

export class NonceLedger extends DurableObject {
  /**
   * Reserves the nonce until `now + seconds` (a reservation left by a crashed delivery
   * lapses then); answers `ok`, `reserved` or `spent`.
   */
  async reserve (now, seconds) {
    const state = await this.ctx.storage.get('state')
    if (state?.spent) return 'spent'
    if (state && state.until > now) return 'reserved'
    await this.ctx.storage.put('state', { until: now + seconds })
    return 'ok'
  }

  /** Frees a reservation (never a spent nonce) so the buyer can retry. */
  async release (failure) {
    const state = await this.ctx.storage.get('state')
    if (state?.spent) return
    await this.ctx.storage.delete('state')
    if (failure) await this.ctx.storage.put('failures', [...(await this.ctx.storage.get('failures') ?? []), failure].slice(-16))
  }

  /** Marks the nonce spent for good. */
  async spend (at) {
    await this.ctx.storage.put('state', { spent: true, at })
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
