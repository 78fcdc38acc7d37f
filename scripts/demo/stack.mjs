// The whole product on loopback, for `make demo` and the browser tests: anvil, a registry
// with a seeded dev setup, images from the demo "model" published (CID, CAR, proof,
// anchor; one derived from another), one anchored under a root that is then revoked, one
// never anchored, one tampered copy served by an untrusted gateway, `proofmark gateway
// serve` over the CARs, workers/gate (workerd via Miniflare) gating downloads in front of
// that gateway, and a static server for the marketplace page (www/) and the SDK.
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

import { ACCOUNTS, startAnvil } from '../../tests/node/lib/anvil.mjs'
import { startGateway } from '../../tests/node/lib/gateway.mjs'
import { startGate } from '../../tests/node/lib/gate.mjs'
import { generate } from './images.mjs'
import { startStaticServer } from './static.mjs'

const run = promisify(execFile)
const [AUDITOR, STUDIO, BUYER] = ACCOUNTS
const FINNEY = 10n ** 15n

/** The catalogue: what each image is and how it is published. */
export const CATALOGUE = [
  { slug: 'aurora', name: 'Aurora', seed: 11, batch: 'base' },
  { slug: 'tidepool', name: 'Tidepool', seed: 12, batch: 'base' },
  { slug: 'ember', name: 'Ember', seed: 13, batch: 'base' },
  { slug: 'ember-remix', name: 'Ember (remix)', seed: 14, batch: 'derived', parent: 'ember' },
  { slug: 'legacy', name: 'Legacy model', seed: 15, batch: 'revoked' },
  { slug: 'unclaimed', name: 'Unclaimed', seed: 16, batch: 'unanchored' },
  { slug: 'tidepool-copy', name: 'Tidepool (reupload)', copyOf: 'tidepool', batch: 'tampered' }
]

/**
 * Starts everything; resolves to `{ url, config, work, checks(), stop() }`. `bin` is the
 * `proofmark` binary; `log(line)` reports progress.
 */
export async function startDemo ({ bin, log = () => {} }) {
  const work = mkdtempSync(join(tmpdir(), 'proofmark-demo-'))
  const children = []
  let anvil = null
  let server = null
  let gate = null
  const stop = async () => {
    for (const child of children) child.kill()
    await server?.close()
    await gate?.close()
    anvil?.stop()
    rmSync(work, { recursive: true, force: true })
  }
  try {
    const file = (...parts) => join(work, ...parts)
    const cli = async (...args) => (await run(bin, args, { maxBuffer: 16 << 20 })).stdout
    mkdirSync(file('images'))
    for (const item of CATALOGUE.filter((i) => i.seed)) writeFileSync(file('images', `${item.slug}.png`), generate(item.seed))

    anvil = await startAnvil()
    log(`anvil ${anvil.url}`)
    // The auditor: two audited model versions, a registry root for each, a dev setup.
    const weights = file('images', 'aurora.png')
    await cli('model', 'keygen', '--weights', weights, '--version', '2', '--out', file('model', 'model.key.json'))
    await cli('model', 'keygen', '--weights', weights, '--version', '1', '--out', file('legacy', 'model.key.json'))
    const root = JSON.parse(await cli('registry', 'build', file('model', 'model.pub.json'), '--out', file('registry.json'))).root
    const legacyRoot = JSON.parse(await cli('registry', 'build', file('legacy', 'model.pub.json'), '--out', file('legacy.json'))).root
    await cli('zk', 'setup', '--seed', 'demo', '--out-dir', file('setup'))
    const deploy = async () => (await cli('chain', 'deploy', '--rpc', anvil.url, '--vkey', file('setup', 'verification_key.json'), '--private-key', AUDITOR[1])).trim()
    const registry = await deploy()
    const fromBlock = Number(BigInt(await anvil.rpc('eth_blockNumber')))
    const target = (address) => ['--rpc', anvil.url, '--registry', address, '--chain-id', '31337']
    for (const r of [root, legacyRoot]) await cli('registry', 'publish-root', ...target(registry), '--root', r, '--private-key', AUDITOR[1])
    log(`registry ${registry}`)

    // The studio: publish batches (CID, CAR, proof, anchor).
    const publish = async (slugs, extra, { model = 'model', registryFile = 'registry.json', address = registry, out = 'out' } = {}) => {
      const manifest = JSON.parse(await cli('publish', ...slugs.map((s) => file('images', `${s}.png`)),
        '--model-key', file(model, 'model.key.json'), '--registry-file', file(registryFile), '--setup', file('setup'),
        ...target(address), '--out-dir', file(out), '--private-key', STUDIO[1], ...extra))
      return manifest.assets
    }
    const published = {}
    const started = performance.now()
    const keep = (assets, slugs) => assets.forEach((a, i) => { published[slugs[i]] = a })
    const base = CATALOGUE.filter((i) => i.batch === 'base').map((i) => i.slug)
    keep(await publish(base, ['--price', String(FINNEY)]), base)
    keep(await publish(['ember-remix'], ['--price', String(2n * FINNEY), '--parent', file('images', 'ember.png'), '--royalty-bps', '1000']), ['ember-remix'])
    keep(await publish(['legacy'], [], { model: 'legacy', registryFile: 'legacy.json' }), ['legacy'])
    await cli('registry', 'revoke-root', ...target(registry), '--root', legacyRoot, '--private-key', AUDITOR[1])
    // "Unclaimed" is anchored only in another registry, one this page does not trust.
    const elsewhere = await deploy()
    await cli('registry', 'publish-root', ...target(elsewhere), '--root', root, '--private-key', AUDITOR[1])
    keep(await publish(['unclaimed'], [], { address: elsewhere, out: 'elsewhere' }), ['unclaimed'])
    const publishMs = Math.round(performance.now() - started)
    // Two blocks make every anchor final (finalized = latest - 2 with one slot per epoch).
    await anvil.rpc('anvil_mine', ['0x2'])

    mkdirSync(file('cars'))
    for (const dir of ['out', 'elsewhere']) {
      for (const name of readdirSync(file(dir)).filter((n) => n.endsWith('.car'))) copyFileSync(file(dir, name), file('cars', name))
    }
    const served = await startGateway(bin, file('cars'))
    children.push(served.child)
    const gateway = served.url
    log(`gateway ${gateway}`)

    // The tampered copy: Tidepool's CAR and file with one byte changed, served as they are.
    const tidepool = published.tidepool
    const car = readFileSync(file('cars', `${tidepool.cid}.car`))
    car[car.length - 2000] ^= 0x01
    const bytes = readFileSync(file('images', 'tidepool.png'))
    bytes[bytes.length - 2000] ^= 0x01
    const untrusted = { [tidepool.cid]: { car, bytes } }

    // The gate signs receipts with a key made for this run (never printed).
    gate = await startGate({ env: { rpc: anvil.url, chainId: 31337, registry }, gateways: [gateway],
      vars: { FROM_BLOCK: String(fromBlock), CACHE_MAX_BYTES: String(16 << 20) }, signingKey: `0x${randomBytes(32).toString('hex')}` })
    log(`gate ${gate.url}`)

    const vkey = readFileSync(file('setup', 'verification_key.json'))
    const assets = CATALOGUE.map((item) => {
      const source = published[item.copyOf ?? item.slug]
      return {
        slug: item.slug,
        name: item.name,
        cid: source.cid,
        key: source.key,
        untrusted: item.batch === 'tampered',
        note: NOTES[item.batch]
      }
    })
    const config = {
      rpc: anvil.url,
      registry,
      chainId: 31337,
      fromBlock,
      gateway,
      gate: gate.url,
      vkey: '/demo/verification_key.json',
      buyer: BUYER[0],
      assets
    }
    server = await startStaticServer({ config, vkey, untrusted })
    config.untrustedGateway = `${server.url}/untrusted`
    log(`page ${server.url}/`)
    return {
      url: `${server.url}/`,
      config,
      work,
      publishMs,
      gateway,
      anvil,
      /** `proofmark check --json` of every asset, through the gateway each is listed with. */
      async checks () {
        const out = []
        for (const asset of assets) {
          const via = asset.untrusted ? config.untrustedGateway : gateway
          const args = ['check', asset.cid, '--rpc', anvil.url, '--registry', registry, '--chain-id', '31337',
            '--vkey', file('setup', 'verification_key.json'), '--gateway', via, '--from-block', String(fromBlock), '--json']
          const verdict = await run(bin, args).then((r) => r.stdout, (e) => e.stdout)
          out.push({ asset, verdict: JSON.parse(verdict) })
        }
        return out
      },
      stop
    }
  } catch (error) {
    await stop()
    throw error
  }
}

const NOTES = {
  base: 'Published by the studio under the audited model.',
  derived: 'Derived from Ember: 10 % of each sale goes to Ember\'s creator.',
  revoked: 'Made with a model version whose registry root the auditor revoked.',
  unanchored: 'Anchored only in a registry this page does not trust.',
  tampered: 'A copy of Tidepool from an untrusted mirror, one byte changed.'
}
