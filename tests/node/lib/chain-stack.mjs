// A registry on a loopback anvil with anchored assets, built with the CLI, for the SDK's
// chain cases (tests/conformance/chain-cases.mjs) in every runtime. Everything the cases
// need is in `env` (JSON): asset bytes are regenerated from their (size, seed).
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { ACCOUNTS, startAnvil } from './anvil.mjs'
import { seededBytes } from './bytes.mjs'
import { proofmark, proofmarkBin, requireBinary } from './cli.mjs'
import { startGateway } from './gateway.mjs'

/** The assets: (size, seed) of their bytes. */
export const ASSETS = {
  genuine: [40_000, 101],
  derived: [30_000, 102],
  revoked: [20_000, 103],
  unanchored: [10_000, 104],
  // Over 1 MiB: a dag-pb DAG under unixfs-v1-2025, published (CAR) and served by a gateway.
  published: [1_500_000, 105]
}

const [AUDITOR, STUDIO, BUYER] = ACCOUNTS

/**
 * Starts anvil, deploys a registry with a seeded dev setup, publishes two roots, anchors
 * `genuine` (uri set), `derived` (parent genuine, price 1000 wei, royalty 5 %) and
 * `revoked` (under the second root, then revoked), sells a license of `derived` to the
 * buyer, publishes `published` with `proofmark publish` (its CAR served by `proofmark
 * gateway serve`), and mines two blocks so everything is final. Resolves to `{ env, anvil,
 * dir, stop() }`.
 */
export async function startChainStack () {
  requireBinary()
  const dir = mkdtempSync(join(tmpdir(), 'proofmark-chain-'))
  const anvil = await startAnvil()
  let gateway = null
  const stopAll = () => {
    gateway?.kill()
    anvil.stop()
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    const file = (name) => join(dir, name)
    for (const [name, [size, seed]] of Object.entries(ASSETS)) writeFileSync(file(`${name}.bin`), seededBytes(size, seed))
    const cli = (...args) => proofmark(args)
    const rpc = ['--rpc', anvil.url]
    // anvil mines one block per transaction: the latest block is the last command's.
    const latestBlock = async () => {
      const block = await anvil.rpc('eth_getBlockByNumber', ['latest', false])
      return { block: Number(block.number), timestamp: Number(block.timestamp) }
    }
    await cli('model', 'keygen', '--weights', file('unanchored.bin'), '--version', '1', '--out', file('m1/model.key.json'))
    await cli('model', 'keygen', '--weights', file('unanchored.bin'), '--version', '2', '--out', file('m2/model.key.json'))
    const rootA = JSON.parse(await cli('registry', 'build', file('m1/model.pub.json'), '--out', file('a.json'))).root
    const rootB = JSON.parse(await cli('registry', 'build', file('m2/model.pub.json'), '--out', file('b.json'))).root
    const { vkHash } = JSON.parse(await cli('zk', 'setup', '--seed', 'sdk-chain', '--out-dir', file('setup')))
    const registry = (await cli('chain', 'deploy', ...rpc, '--vkey', file('setup/verification_key.json'), '--private-key', AUDITOR[1])).trim()
    const target = [...rpc, '--registry', registry, '--chain-id', '31337']
    for (const root of [rootA, rootB]) await cli('registry', 'publish-root', ...target, '--root', root, '--private-key', AUDITOR[1])
    const anchor = async (name, model, registryFile, extra = []) => {
      await cli('zk', 'prove', '--model-key', file(`${model}/model.key.json`), '--registry-file', file(registryFile),
        '--asset', file(`${name}.bin`), '--creator', STUDIO[0], '--setup', file('setup'),
        '--out', file(`${name}.proof.json`), '--public', file(`${name}.public.json`))
      await cli('anchor', file(`${name}.bin`), '--proof', file(`${name}.proof.json`), '--public', file(`${name}.public.json`),
        ...target, '--private-key', STUDIO[1], ...extra)
    }
    // genuine's locator is a CIDv0 (dag-pb), so finding its key takes the Anchored event.
    const locator = (await cli('cid', file('genuine.bin'), '--profile', 'unixfs-v0-2015')).trim()
    await anchor('genuine', 'm1', 'a.json', ['--uri', 'https://studio.example/genuine', '--cid', locator])
    const genuineAnchored = await latestBlock()
    await anchor('derived', 'm1', 'a.json', ['--parent', file('genuine.bin'), '--price', '1000', '--royalty-bps', '500'])
    await anchor('revoked', 'm2', 'b.json')
    await cli('registry', 'revoke-root', ...target, '--root', rootB, '--private-key', AUDITOR[1])
    const rootBRevoked = await latestBlock()
    const manifest = JSON.parse(await cli('publish', file('published.bin'), '--model-key', file('m1/model.key.json'),
      '--registry-file', file('a.json'), '--setup', file('setup'), ...target, '--out-dir', file('out'), '--private-key', STUDIO[1]))
    const publishedAnchored = await latestBlock()
    const served = await startGateway(proofmarkBin, file('out'))
    gateway = served.child
    const keys = {}
    for (const [name, [size, seed]] of Object.entries(ASSETS)) {
      keys[name] = `0x${createHash('sha256').update(seededBytes(size, seed)).digest('hex')}`
    }
    const cids = { genuine: locator, published: manifest.assets[0].cid }
    // The buyer's license for `derived` (anvil's dev accounts are unlocked).
    const buy = await anvil.rpc('eth_sendTransaction', [{
      from: BUYER[0],
      to: registry,
      data: `0x724fda67${keys.derived.slice(2)}`,
      value: '0x3e8'
    }])
    await anvil.rpc('anvil_mine', ['0x2'])
    const env = {
      rpc: anvil.url,
      registry,
      chainId: 31337,
      vkey: JSON.parse(readFileSync(file('setup/verification_key.json'), 'utf8')),
      studio: STUDIO[0],
      buyer: BUYER[0],
      other: AUDITOR[0],
      assets: ASSETS,
      keys,
      cids,
      roots: { a: rootA, b: rootB },
      /** `zk setup`'s vkHash of `vkey`. */
      vkHash,
      /** Blocks (number, timestamp): those that anchored `genuine` and `published`, and
       * the one that revoked root b. */
      blocks: { genuineAnchored, publishedAnchored, rootBRevoked },
      licenseTx: buy,
      gateway: served.url
    }
    return {
      env,
      anvil,
      dir,
      stop: stopAll
    }
  } catch (error) {
    stopAll()
    throw error
  }
}
