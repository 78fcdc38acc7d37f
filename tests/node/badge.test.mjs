// <proofmark-badge> (pkg/badge.js) in headless Chromium against the anvil stack: what it
// shows for each dimension and state, that unknown never looks failed, keyboard use, and
// the proofmark-verdict event. One browser and one page; each test mounts its own badges.
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'

import { startChainStack } from './lib/chain-stack.mjs'
import { CHROMIUM, launchChromium, startServer } from './lib/runtimes.mjs'

const haveChromium = existsSync(CHROMIUM)
if (!haveChromium && process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing (CI=true): apt-get install chromium`)
const skip = !haveChromium && `${CHROMIUM} not found (make test installs Debian's chromium)`

const DEAD_RPC = 'http://127.0.0.1:9'
const ICONS = { verified: '✓', failed: '✗', unknown: '?' }

let stack, env, server, browser, page, vkeyDir, trust
const errors = []

before(async () => {
  if (skip) return
  stack = await startChainStack()
  env = stack.env
  vkeyDir = mkdtempSync(join(tmpdir(), 'proofmark-badge-'))
  writeFileSync(join(vkeyDir, 'verification_key.json'), JSON.stringify(env.vkey))
  server = await startServer([['/vkey/', vkeyDir]])
  browser = await launchChromium()
  page = await browser.newPage()
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(`${server.url}/tests/badge/page.html`)
  await page.waitForFunction(() => window.pageReady === true, null, { timeout: 10_000 })
  // What every badge trusts unless a test says otherwise.
  trust = { gateway: env.gateway, rpc: env.rpc, registry: env.registry, 'chain-id': env.chainId, vkey: '/vkey/verification_key.json' }
}, { timeout: 50_000 })

after(async () => {
  await browser?.close()
  await server?.close()
  stack?.stop()
  if (vkeyDir) rmSync(vkeyDir, { recursive: true, force: true })
})

const mount = (attributes) => page.evaluate((a) => window.mountBadge(a), attributes)
const options = { skip, timeout: 20_000 }

/** Every row states its status in words, with the status's own icon. */
function assertLabelled (shown) {
  for (const [dimension, row] of Object.entries(shown.dims)) {
    const name = dimension[0].toUpperCase() + dimension.slice(1)
    const words = row.status === 'verified' ? 'verified' : `${row.status} (${row.reason})`
    assert.equal(row.text, `${ICONS[row.status]}${name}: ${words}`, dimension)
    assert.equal(row.label, `${name}: ${words}`, dimension)
  }
  assert.equal(shown.summary.label, `Proofmark: ${shown.state}; show details`)
}

test('a published asset: integrity, anchor and model verified; license unknown without a holder', options, async () => {
  const shown = await mount({ cid: env.cids.published, ...trust })
  assert.equal(shown.state, 'verified')
  assert.equal(shown.summary.text, '✓Proofmark: verified')
  for (const dimension of ['integrity', 'anchor', 'model']) {
    assert.deepEqual([shown.dims[dimension].status, shown.dims[dimension].reason], ['verified', ''], dimension)
  }
  assert.deepEqual([shown.dims.license.status, shown.dims.license.reason], ['unknown', 'no-holder'])
  assert.equal(shown.dims.license.text, '?License: unknown (no-holder)')
  assertLabelled(shown)
  assert.equal(shown.event.verdict.cid, env.cids.published)
  assert.equal(shown.event.verdict.key, env.keys.published)
  assert.equal(shown.event.verdict.anchor.record.creator.toLowerCase(), env.studio.toLowerCase())
  assert.equal(shown.event.error, null)
})

test('a gateway without the CID: integrity unknown, never failed; the anchor still verified', options, async () => {
  const shown = await mount({ cid: env.cids.genuine, ...trust })
  assert.deepEqual([shown.dims.integrity.status, shown.dims.integrity.reason], ['unknown', 'no-gateway-answered'])
  assert.equal(shown.dims.integrity.text, '?Integrity: unknown (no-gateway-answered)')
  assert.equal(shown.dims.anchor.status, 'verified')
  assert.equal(shown.state, 'unknown')
  assert.equal(shown.summary.text, '?Proofmark: unknown')
  assertLabelled(shown)
})

/** Every row with the RPC dead: only the bytes could be checked, and nothing failed. */
const DIMS_WITH_DEAD_RPC = { integrity: 'verified', anchor: 'unknown', model: 'unknown', license: 'unknown' }

test('a dead RPC: anchor unknown (rpc-unreachable), overall unknown, nothing failed', options, async () => {
  const shown = await mount({ cid: env.cids.published, ...trust, rpc: DEAD_RPC })
  assert.deepEqual([shown.dims.anchor.status, shown.dims.anchor.reason], ['unknown', 'rpc-unreachable'])
  assert.equal(shown.dims.anchor.text, '?Anchor: unknown (rpc-unreachable)')
  assert.equal(shown.dims.integrity.status, 'verified')
  assert.equal(shown.dims.model.status, 'unknown')
  assert.deepEqual(Object.fromEntries(Object.entries(shown.dims).map(([name, row]) => [name, row.status])), DIMS_WITH_DEAD_RPC)
  assert.equal(shown.state, 'unknown')
  assert.equal(shown.event.verdict.anchor.status, 'unknown')
  assertLabelled(shown)
})

test('a holder who did not buy the asset: license failed (not-licensed), overall failed', options, async () => {
  const shown = await mount({ cid: env.cids.published, ...trust, holder: env.buyer })
  assert.deepEqual([shown.dims.license.status, shown.dims.license.reason], ['failed', 'not-licensed'])
  assert.equal(shown.dims.license.text, '✗License: failed (not-licensed)')
  assert.equal(shown.state, 'failed')
  assert.equal(shown.summary.text, '✗Proofmark: failed')
  assertLabelled(shown)
})

test('unknown, failed and verified differ in icon, text and colour', options, async () => {
  const shown = await mount({ cid: env.cids.published, ...trust, holder: env.buyer, rpc: `${env.rpc}` })
  const dead = await mount({ cid: env.cids.published, ...trust, rpc: DEAD_RPC })
  const rows = [shown.dims.integrity, shown.dims.license, dead.dims.anchor]
  assert.deepEqual(rows.map((r) => r.status), ['verified', 'failed', 'unknown'])
  for (const key of ['icon', 'color']) assert.equal(new Set(rows.map((r) => r[key])).size, 3, key)
  assert.deepEqual(rows.map((r) => r.color), ['rgb(17, 99, 41)', 'rgb(164, 14, 38)', 'rgb(125, 78, 0)'])
})

test('chain-id 5 against a 31337 node: every dimension unknown (wrong-chain), and the error in the event', options, async () => {
  // Without the vkey: the core refuses a dev-setup key off the dev chain before it asks the node.
  const { vkey, ...noVkey } = trust
  const refused = await mount({ cid: env.cids.published, ...trust, 'chain-id': 5 })
  assert.deepEqual([refused.state, refused.dims.model.status, refused.event.error.code], ['unknown', 'unknown', 'dev-setup-refused'])
  const shown = await mount({ cid: env.cids.published, ...noVkey, 'chain-id': 5 })
  for (const row of Object.values(shown.dims)) assert.deepEqual([row.status, row.reason], ['unknown', 'wrong-chain'])
  assert.equal(shown.state, 'unknown')
  assert.equal(shown.event.error.code, 'wrong-chain')
  assert.equal(shown.event.verdict.anchor.reason, 'wrong-chain')
  assert.match(shown.details.text, /Errorwrong-chain: \S+ serves chain id 31337, not the pinned 5/)
  assertLabelled(shown)
})

test('malformed attributes: unknown with the error code, never failed', options, async () => {
  const noCid = await mount({ ...trust })
  assert.deepEqual([noCid.state, noCid.dims.integrity.reason, noCid.event.error.code], ['unknown', 'invalid-argument', 'invalid-argument'])
  const badCid = await mount({ ...trust, cid: 'not-a-cid' })
  assert.deepEqual([badCid.state, badCid.dims.anchor.status, badCid.event.error.code], ['unknown', 'unknown', 'invalid-cid'])
  const noVkey = await mount({ cid: env.cids.published, ...trust, vkey: '/vkey/missing.json' })
  assert.deepEqual([noVkey.dims.model.status, noVkey.dims.model.reason, noVkey.event.error.code], ['unknown', 'vkey-unavailable', 'vkey-unavailable'])
  assert.equal(noVkey.dims.anchor.status, 'verified')
})

test('keyboard: Tab focuses the summary button, Enter opens the details with the record and what was trusted', options, async () => {
  await page.evaluate(() => document.body.replaceChildren())
  const shown = await mount({ cid: env.cids.published, ...trust })
  assert.deepEqual([shown.summary.expanded, shown.summary.controls, shown.details.hidden], ['false', 'details', true])
  await page.evaluate(() => document.activeElement?.blur())
  await page.keyboard.press('Tab')
  const focused = await page.evaluate((id) => {
    const badge = document.getElementById(id)
    return document.activeElement === badge && badge.shadowRoot.activeElement?.id
  }, shown.id)
  assert.equal(focused, 'summary')
  await page.keyboard.press('Enter')
  const open = await page.evaluate((id) => window.describeBadge(document.getElementById(id)), shown.id)
  assert.deepEqual([open.summary.expanded, open.details.hidden], ['true', false])
  // Values from the stack that made them: the studio's account, the anchoring block,
  // `zk setup`'s vkHash; `publish` sets no price.
  const record = shown.event.verdict.anchor.record
  assert.equal(record.creator.toLowerCase(), env.studio.toLowerCase())
  assert.equal(shown.event.verdict.anchor.registry.toLowerCase(), env.registry.toLowerCase())
  for (const value of [`Creator${record.creator}`, `Registry trusted${shown.event.verdict.anchor.registry}`,
    `Chain id trusted31337`, `RPC${env.rpc}`, `Block${env.blocks.publishedAnchored.block}`, 'Price0 wei', 'Proven readno',
    `vkHash${env.vkHash}`]) {
    assert.ok(open.details.text.includes(value), `details show ${value}: ${open.details.text}`)
  }
  assert.match(open.details.text, /does not prove the content is harmless or original/)
  assert.match(open.details.text, /"Unknown" means it could not be checked/)
  await page.keyboard.press('Enter')
  const closed = await page.evaluate((id) => window.describeBadge(document.getElementById(id)), shown.id)
  assert.deepEqual([closed.summary.expanded, closed.details.hidden], ['false', true])
})

test('verifying is shown in words first; the event bubbles out of the shadow root with the verdict', options, async () => {
  const first = await page.evaluate(() => {
    const badge = document.createElement('proofmark-badge')
    badge.id = 'pending'
    document.body.append(badge)
    return window.describeBadge(badge)
  })
  assert.equal(first.state, 'verifying')
  assert.equal(first.summary.text, '⋯Proofmark: verifying…')
  assert.equal(first.dims.anchor.text, '⋯Anchor: verifying…')
  const shown = await mount({ cid: env.cids.published, ...trust })
  assert.deepEqual([shown.event.bubbles, shown.event.composed], [true, true])
  assert.equal(shown.event.verdict.anchor.status, 'verified')
  assert.equal(shown.event.verdict.anchor.chainId, 31337)
})

test('an attribute change re-verifies (the latest run wins); refresh() re-verifies', options, async () => {
  const shown = await mount({ cid: env.cids.published, ...trust })
  const result = await page.evaluate(async ([id, holder, rpc]) => {
    const badge = document.getElementById(id)
    const seen = []
    badge.addEventListener('proofmark-verdict', (event) => seen.push(event.detail.verdict.license.reason ?? 'none'))
    const next = window.nextVerdict(badge)
    badge.setAttribute('rpc', 'http://127.0.0.1:9')
    badge.setAttribute('holder', holder)
    badge.setAttribute('rpc', rpc)
    const afterChange = await next
    const refreshed = await badge.refresh()
    return { afterChange, refreshed: refreshed.verdict.license.reason, seen }
  }, [shown.id, env.buyer, env.rpc])
  assert.deepEqual([result.afterChange.dims.license.status, result.afterChange.dims.license.reason], ['failed', 'not-licensed'])
  assert.equal(result.refreshed, 'not-licensed')
  assert.deepEqual(result.seen, ['not-licensed', 'not-licensed'], 'one run for three changes, then one for refresh()')
})

test('importing the module again does not redefine the element', options, async () => {
  const again = await page.evaluate(async () => {
    const module = await import('/pkg/badge.js?again')
    return module.ProofmarkBadge !== customElements.get('proofmark-badge') && customElements.get(module.TAG) !== undefined
  })
  assert.equal(again, true)
  assert.deepEqual(errors, [])
})
