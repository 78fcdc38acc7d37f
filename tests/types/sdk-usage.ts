// Compiled (never run) by tests/node/sdk-types.test.mjs: the package's .d.ts files
// describe the API as the tests use it.
import * as pm from '../../pkg/index.js'
import * as pmCid from '../../pkg/cid.js'
import * as pmGroth16 from '../../pkg/groth16.js'
import type { BytesVerdict, CarVerdict, PermitError, ProofmarkError, SignedReceipt, VerifiedPermit } from '../../pkg/index.js'
import { ProofmarkBadge, overallState } from '../../pkg/badge.js'
import type { ProofmarkVerdictDetail } from '../../pkg/badge.js'

export async function usage (bytes: Uint8Array<ArrayBuffer>, stream: ReadableStream<Uint8Array>, vk: object, proof: object): Promise<void> {
  await pm.init()
  const cid: string = await pm.cidOf(bytes, { profile: 'unixfs-v0-2015' })
  const custom: string = await pmCid.cidOf(stream, { chunkSize: 1024, maxLinks: 3, rawLeaves: false, cidVersion: 0 })
  const key: `0x${string}` = await pm.contentKey(new Blob([bytes]))
  const verdict: BytesVerdict = await pm.verifyBytes(cid, bytes)
  const status: 'verified' | 'failed' | 'unknown' = verdict.integrity.status
  const streamed: BytesVerdict = await pm.verifyStream({ toString: () => cid }, stream)
  const verifier = await pm.CidVerifier.create(cid)
  await verifier.push(bytes)
  const finished: BytesVerdict = await verifier.finish()
  const car: CarVerdict = await pm.verifyCar(cid, bytes, { path: 'a/b.png', entityBytes: '0:99', output: true })
  const data: Uint8Array | undefined = car.data
  const verifying = pm.carToVerifiedStream(cid, { dagScope: 'entity' })
  const out: ReadableStream<Uint8Array> = stream.pipeThrough(verifying)
  const carVerdict: CarVerdict = await verifying.verdict
  const prepared = await pm.prepareVerifyingKey(vk as Record<string, unknown>)
  const ok: boolean = prepared.verify(proof as Record<string, unknown>, ['1', 2n, 3, '0x04'], { trustedVkHash: prepared.vkHash })
  const batch: boolean = await pm.verifyGroth16Batch(prepared, [{ proof: JSON.stringify(proof), publicSignals: '["1"]' }], { randomness: new Uint8Array(32) })
  const single: boolean = await pm.verifyGroth16(JSON.stringify(vk), JSON.stringify(proof), ['1'])
  const hash: string = await pm.vkHash(prepared)
  const dev: boolean = prepared.devSetup
  await pmGroth16.init()
  const small: pm.PreparedVerifyingKey = await pmGroth16.prepareVerifyingKey(vk as Record<string, unknown>)
  const crossed: boolean = await pm.verifyGroth16(small, proof as Record<string, unknown>, '["1"]', { trustedVkHash: await pmGroth16.vkHash(small) })
  const smallBatch: boolean = await pmGroth16.verifyGroth16Batch(JSON.stringify(vk), [{ proof: proof as Record<string, unknown>, publicSignals: [1n] }])
  const smallError: pmGroth16.ProofmarkError | undefined = undefined
  const n: number = prepared.inputCount
  prepared.free()
  try {
    await pm.verifyBytes('x', bytes)
  } catch (error) {
    const code: string = (error as ProofmarkError).code
    void code
  }
  const trust = { rpc: ['http://127.0.0.1:8545', { request: async () => '0x7a69' }], registry: '0x5FbDB2315678afecb367f032d93F642f64180aa3' as const, chainId: 31337n, vkey: vk as Record<string, unknown> }
  const reading = await pm.readAnchor(cid, { ...trust, proven: true, fromBlock: 0 })
  const finality: 'latest' | 'safe' | 'finalized' | null = reading.anchor.finality
  const creator: `0x${string}` | undefined = reading.anchor.record?.creator
  const revokedAt: number | null = reading.model.revokedAt
  const held: boolean | null = await pm.hasLicense(key, '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', { ...trust, blockHash: `0x${'ab'.repeat(32)}` })
  const assetVerdict = await pm.verifyAsset(key, { ...trust, bytes, holder: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' })
  const licensed: 'verified' | 'failed' | 'unknown' = assetVerdict.license.status
  const viaGateway = await pm.verifyAsset(cid, { ...trust, gateway: ['http://127.0.0.1:8080'], profile: 'unixfs-v0-2015' })
  const registry = '0x5FbDB2315678afecb367f032d93F642f64180aa3' as const
  const permit: VerifiedPermit = await pm.verifyPermit('Proofmark-Permit e30', { chainId: 31337, registry, audience: 'https://gate.example', now: 1n, rpc: new URL('http://127.0.0.1:8545') })
  const expires: bigint = permit.expires
  const byObject = await pm.verifyPermit({ key: permit.key, buyer: permit.buyer, audience: permit.audience, expires: '1', nonce: permit.nonce, signature: new Uint8Array(65) }, { chainId: 1n, registry, audience: 'a', key: permit.key, buyer: permit.buyer })
  const via: 'ecdsa' | 'erc1271' = byObject.via
  const signed: SignedReceipt = await pm.signReceipt({ key: permit.key, buyer: permit.buyer, permitDigest: permit.digest, bytes: 1, anchorBlock: 2n }, { chainId: '31337', registry, privateKey: '0x01' })
  const valid: boolean = await pm.verifyReceipt(signed.receipt, signed.signature, { chainId: 31337, registry, signer: signed.signer })
  try {
    await pm.verifyPermit('x', { chainId: 1, registry, audience: 'a' })
  } catch (error) {
    const status: number = (error as PermitError).status
    void status
  }
  void [custom, key, status, streamed, finished, data, out, carVerdict, ok, batch, single, hash, dev, crossed, smallBatch, smallError, n, finality, creator, revokedAt, held, licensed, viaGateway, expires, via, valid]
}

export async function badgeUsage (): Promise<void> {
  const badge: ProofmarkBadge = document.createElement('proofmark-badge')
  badge.setAttribute('cid', 'bafkqaaa')
  badge.addEventListener('proofmark-verdict', (event) => {
    const anchor: 'verified' | 'failed' | 'unknown' = event.detail.verdict.anchor.status
    const code: string | undefined = event.detail.error?.code
    void [anchor, code]
  })
  const detail: ProofmarkVerdictDetail = await badge.refresh()
  const state: 'verified' | 'failed' | 'unknown' = overallState(detail.verdict)
  void [state, badge.verdict?.license.holder, badge instanceof ProofmarkBadge]
}

// Misuse the declarations must refuse: each line is a compile error, or tsc reports the
// directive as unused (so declarations loosened to `any` fail this file).
export async function misuse (bytes: Uint8Array<ArrayBuffer>, vk: object, proof: object): Promise<void> {
  // @ts-expect-error: not a CID profile
  await pm.cidOf(bytes, { profile: 'unixfs-v9' })
  // @ts-expect-error: bytes, a Blob or a stream, not a number
  await pm.contentKey(42)
  const verdict = await pm.verifyBytes('bafkqaaa', bytes)
  // @ts-expect-error: a status is one of three words
  const wrong: number = verdict.integrity.status
  const prepared = await pm.prepareVerifyingKey(vk as Record<string, unknown>)
  // @ts-expect-error: a vkHash is text
  prepared.verify(proof as Record<string, unknown>, ['1'], { trustedVkHash: 7 })
  // @ts-expect-error: batch randomness is bytes
  await pmGroth16.verifyGroth16Batch(prepared, [], { randomness: 'random' })
  // @ts-expect-error: inputCount is read-only information, not a method
  prepared.inputCount()
  // @ts-expect-error: the CID-only entry has no Groth16
  await pmCid.verifyGroth16(vk, proof, [])
  // @ts-expect-error: a permit's expiry is a bigint
  const expires: string = (await pm.verifyPermit('Proofmark-Permit e30', { chainId: 1, registry: '0x00', audience: 'a' })).expires
  const badge: ProofmarkBadge = document.createElement('proofmark-badge')
  // @ts-expect-error: refresh() resolves to the verdict's detail, not a boolean
  const refreshed: boolean = await badge.refresh()
  void [wrong, expires, refreshed]
}
