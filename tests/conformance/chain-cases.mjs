// Conformance cases that read a registry on a loopback anvil (env.chain, built by
// tests/node/lib/chain-stack.mjs): readAnchor, hasLicense and verifyAsset, at latest and
// proven. Without env.chain they are skipped. Results are projected to values that do not
// depend on block numbers, or compared with the blocks chain-stack.mjs recorded.
import { seededBytes } from './cases.mjs'

const at = (env, extra = {}) => ({ rpc: env.chain.rpc, registry: env.chain.registry, chainId: env.chain.chainId, ...extra })
const same = (a, b) => typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase()
const bytesOf = (env, name) => seededBytes(...env.chain.assets[name])

/** The parts of an anchor reading the cases compare. */
function reading (r, env) {
  return {
    key: Object.keys(env.chain.keys).find((name) => same(r.key, env.chain.keys[name])) ?? r.key,
    anchor: [r.anchor.status, r.anchor.reason ?? null, r.anchor.proven, r.anchor.finality],
    model: [r.model.status, r.model.reason ?? null]
  }
}

export const chainCases = [
  {
    name: 'readAnchor genuine key: verified, final, its record, model verified',
    run: async (pm, env) => {
      const r = await pm.readAnchor(env.chain.keys.genuine, at(env, { vkey: env.chain.vkey }))
      const record = r.anchor.record
      return {
        ...reading(r, env),
        creator: same(record.creator, env.chain.studio),
        cid: record.cid === env.chain.cids.genuine,
        uri: record.uri,
        parentKey: record.parentKey,
        price: record.price,
        root: same(r.model.root, env.chain.roots.a),
        block: record.block === env.chain.blocks.genuineAnchored.block,
        timestamp: record.timestamp === env.chain.blocks.genuineAnchored.timestamp
      }
    },
    expect: {
      key: 'genuine',
      anchor: ['verified', null, false, 'finalized'],
      model: ['verified', null],
      creator: true,
      cid: true,
      uri: 'https://studio.example/genuine',
      parentKey: null,
      price: '0',
      root: true,
      block: true,
      timestamp: true
    }
  },
  {
    name: 'readAnchor by a CIDv0 locator: the key comes from the Anchored event',
    run: async (pm, env) => reading(await pm.readAnchor(env.chain.cids.genuine, at(env, { vkey: env.chain.vkey })), env),
    expect: { key: 'genuine', anchor: ['verified', null, false, 'finalized'], model: ['verified', null] }
  },
  {
    name: 'readAnchor derived: parent, price and royalty of its record',
    run: async (pm, env) => {
      const { record } = (await pm.readAnchor(env.chain.keys.derived, at(env))).anchor
      return [same(record.parentKey, env.chain.keys.genuine), record.price, record.royaltyBps, record.uri]
    },
    expect: [true, '1000', 500, '']
  },
  {
    name: 'readAnchor unanchored key: anchor failed not-anchored, model anchor-failed',
    run: async (pm, env) => reading(await pm.readAnchor(env.chain.keys.unanchored, at(env, { vkey: env.chain.vkey })), env),
    expect: { key: 'unanchored', anchor: ['failed', 'not-anchored', false, null], model: ['unknown', 'anchor-failed'] }
  },
  {
    name: 'readAnchor under a revoked root: model failed root-revoked',
    run: async (pm, env) => {
      const r = await pm.readAnchor(env.chain.keys.revoked, at(env, { vkey: env.chain.vkey }))
      return [r.anchor.status, r.model.status, r.model.reason, r.model.revokedAt === env.chain.blocks.rootBRevoked.block, same(r.model.root, env.chain.roots.b)]
    },
    expect: ['verified', 'failed', 'root-revoked', true, true]
  },
  {
    name: 'readAnchor without a trusted vkey: model unknown no-trusted-vkey',
    run: async (pm, env) => (await pm.readAnchor(env.chain.keys.genuine, at(env))).model.reason,
    expect: 'no-trusted-vkey'
  },
  {
    name: 'readAnchor proven at the finalized block: verified and proven',
    run: async (pm, env) => reading(await pm.readAnchor(env.chain.keys.genuine, at(env, { vkey: env.chain.vkey, proven: true })), env),
    expect: { key: 'genuine', anchor: ['verified', null, true, 'finalized'], model: ['verified', null] }
  },
  {
    name: 'readAnchor proven, revoked root: proven revocation fails the model',
    run: async (pm, env) => {
      const r = await pm.readAnchor(env.chain.keys.revoked, at(env, { vkey: env.chain.vkey, proven: true }))
      return [r.anchor.status, r.anchor.proven, r.model.status, r.model.reason]
    },
    expect: ['verified', true, 'failed', 'root-revoked']
  },
  {
    name: 'readAnchor proven, unanchored: failed not-anchored',
    run: async (pm, env) => (await pm.readAnchor(env.chain.keys.unanchored, at(env, { proven: true }))).anchor.reason,
    expect: 'not-anchored'
  },
  {
    name: 'readAnchor with no rpc: anchor unknown no-rpc',
    run: async (pm, env) => reading(await pm.readAnchor(env.chain.keys.genuine, at(env, { rpc: [] })), env),
    expect: { key: 'genuine', anchor: ['unknown', 'no-rpc', false, null], model: ['unknown', 'anchor-unknown'] }
  },
  {
    name: 'readAnchor with a dead rpc: anchor unknown rpc-unreachable',
    run: async (pm, env) => (await pm.readAnchor(env.chain.keys.genuine, at(env, { rpc: 'http://127.0.0.1:9' }))).anchor.reason,
    expect: 'rpc-unreachable'
  },
  { name: 'readAnchor on another chain id: wrong-chain', run: (pm, env) => pm.readAnchor(env.chain.keys.genuine, at(env, { chainId: 5 })), error: 'wrong-chain' },
  { name: 'readAnchor trusting a dev-setup key off the dev chain: dev-setup-refused', run: (pm, env) => pm.readAnchor(env.chain.keys.genuine, at(env, { chainId: 1, vkey: env.chain.vkey })), error: 'dev-setup-refused' },
  { name: 'readAnchor malformed registry: invalid-argument', run: (pm, env) => pm.readAnchor(env.chain.keys.genuine, at(env, { registry: '0x1234' })), error: 'invalid-argument' },
  {
    name: 'hasLicense: the buyer of derived holds one, another account does not',
    run: async (pm, env) => [
      await pm.hasLicense(env.chain.keys.derived, env.chain.buyer, at(env)),
      await pm.hasLicense(env.chain.keys.derived, env.chain.other, at(env)),
      await pm.hasLicense(env.chain.keys.genuine, env.chain.buyer, at(env))
    ],
    expect: [true, false, false]
  },
  {
    name: 'hasLicense proven at the finalized block',
    run: async (pm, env) => [
      await pm.hasLicense(env.chain.keys.derived, env.chain.buyer, at(env, { proven: true })),
      await pm.hasLicense(env.chain.keys.derived, env.chain.other, at(env, { proven: true }))
    ],
    expect: [true, false]
  },
  {
    name: 'verifyAsset derived with its bytes and the buyer: every dimension verified',
    run: async (pm, env) => {
      const v = await pm.verifyAsset(env.chain.keys.derived, at(env, { bytes: bytesOf(env, 'derived'), vkey: env.chain.vkey, holder: env.chain.buyer }))
      return [v.integrity, v.anchor.status, v.model.status, v.license.status, v.license.price, same(v.license.holder, env.chain.buyer)]
    },
    expect: [{ status: 'verified', via: 'key' }, 'verified', 'verified', 'verified', '1000', true]
  },
  {
    name: 'verifyAsset tampered bytes: integrity failed digest-mismatch, the anchor still found',
    run: async (pm, env) => {
      const bytes = bytesOf(env, 'genuine').slice()
      bytes[100] ^= 1
      const v = await pm.verifyAsset(env.chain.keys.genuine, at(env, { bytes }))
      return [v.integrity, v.anchor.status]
    },
    expect: [{ status: 'failed', reason: 'digest-mismatch', via: 'key' }, 'verified']
  },
  {
    name: 'verifyAsset by a CIDv0 with its bytes: integrity via bytes, the key from the bytes',
    run: async (pm, env) => {
      const v = await pm.verifyAsset(env.chain.cids.genuine, at(env, { bytes: bytesOf(env, 'genuine'), vkey: env.chain.vkey }))
      return [v.cid === env.chain.cids.genuine, same(v.key, env.chain.keys.genuine), v.integrity, v.anchor.status, v.model.status, v.license.reason]
    },
    expect: [true, true, { status: 'verified', profile: 'unixfs-v0-2015', via: 'bytes' }, 'verified', 'verified', 'no-holder']
  },
  {
    name: 'verifyAsset through a trustless gateway: the CAR verified block by block, the key from its bytes',
    run: async (pm, env) => {
      const v = await pm.verifyAsset(env.chain.cids.published, at(env, { gateway: ['http://127.0.0.1:9', env.chain.gateway], vkey: env.chain.vkey }))
      return [v.integrity, same(v.key, env.chain.keys.published), v.anchor.status, v.model.status]
    },
    expect: [{ status: 'verified', via: 'car' }, true, 'verified', 'verified']
  },
  {
    name: 'verifyAsset with no gateway answering: integrity unknown, the anchor found through the event',
    run: async (pm, env) => {
      const v = await pm.verifyAsset(env.chain.cids.published, at(env, { gateway: 'http://127.0.0.1:9' }))
      return [v.integrity, same(v.key, env.chain.keys.published), v.anchor.status]
    },
    expect: [{ status: 'unknown', reason: 'no-gateway-answered', via: 'car' }, true, 'verified']
  }
]
for (const c of chainCases) c.chain = true
