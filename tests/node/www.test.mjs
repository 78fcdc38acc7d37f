// The marketplace page (www/) against the demo stack of `make demo` (scripts/demo/stack.mjs)
// in headless Chromium: what each badge shows for genuine, tampered, unanchored and revoked
// assets, a dead RPC (unknown, not failed), a license bought through the page, a download
// through workers/gate, lineage, focus order and text labels. Saves a screenshot of the
// gallery to target/artifacts/.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'

import { startDemo } from '../../scripts/demo/stack.mjs'
import { proofmarkBin, repoRoot, requireBinary } from './lib/cli.mjs'
import { CHROMIUM, launchChromium } from './lib/runtimes.mjs'

const haveChromium = existsSync(CHROMIUM)
if (!haveChromium && process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing (CI=true): apt-get install chromium`)
const skip = !haveChromium && `${CHROMIUM} not found (make test installs Debian's chromium)`

let demo, browser
const errors = []

before(async () => {
  if (skip) return
  requireBinary()
  demo = await startDemo({ bin: proofmarkBin })
  browser = await launchChromium()
}, { timeout: 120_000 })

after(async () => {
  await browser?.close()
  await demo?.stop()
})

async function open (path = '') {
  const page = await browser.newPage()
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(`${demo.url}${path}`)
  return page
}

/** Waits until every badge on the page has settled; returns {slug: {state, dimensions}}. */
async function settled (page, count) {
  await page.waitForFunction((n) => {
    const badges = [...document.querySelectorAll('proofmark-badge')]
    return badges.length === n && badges.every((b) => b.getAttribute('state') && b.getAttribute('state') !== 'verifying')
  }, count, { timeout: 30_000 })
  return page.evaluate(() => Object.fromEntries([...document.querySelectorAll('proofmark-badge')].map((badge) => [
    badge.dataset.asset,
    {
      state: badge.getAttribute('state'),
      ...Object.fromEntries([...badge.shadowRoot.querySelectorAll('[data-dimension]')].map((d) => [
        d.dataset.dimension, `${d.dataset.status}${d.dataset.reason ? ` ${d.dataset.reason}` : ''}`
      ])),
      text: badge.shadowRoot.textContent.replace(/\s+/g, ' ')
    }
  ])))
}

test('gallery: genuine verified; tampered, unanchored and revoked fail where they should', { skip, timeout: 60_000 }, async () => {
  const started = performance.now()
  const page = await open()
  await page.waitForFunction(() => [...document.querySelectorAll('proofmark-badge')].some((b) => b.getAttribute('state') === 'verified'), null, { timeout: 30_000 })
  const firstVerified = Math.round(performance.now() - started)
  const badges = await settled(page, 7)
  console.log(`time to the first verified badge: ${firstVerified} ms (page load included)`)
  for (const slug of ['aurora', 'tidepool', 'ember', 'ember-remix']) {
    assert.deepEqual([badges[slug].state, badges[slug].integrity, badges[slug].anchor, badges[slug].model],
      ['verified', 'verified', 'verified', 'verified'], slug)
    assert.equal(badges[slug].license, 'unknown no-holder')
  }
  assert.deepEqual([badges['tidepool-copy'].state, badges['tidepool-copy'].integrity], ['failed', 'failed block-mismatch'])
  assert.deepEqual([badges.unclaimed.state, badges.unclaimed.integrity, badges.unclaimed.anchor, badges.unclaimed.model],
    ['failed', 'verified', 'failed not-anchored', 'unknown anchor-failed'])
  assert.deepEqual([badges.legacy.state, badges.legacy.anchor, badges.legacy.model], ['failed', 'verified', 'failed root-revoked'])
  // Every state carries words, not only an icon or a colour.
  assert.match(badges.aurora.text, /verified/)
  assert.match(badges['tidepool-copy'].text, /failed.*block-mismatch/)
  assert.match(badges.aurora.text, /unknown.*no-holder/)
  // The images come from the gateway and decode.
  // Every one, the tampered copy too: one flipped byte leaves its PNG decodable.
  await page.waitForFunction(() => [...document.querySelectorAll('.card img')].every((img) => img.complete), null, { timeout: 20_000 })
  const widths = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('.card')].map((card) => [card.dataset.asset, card.querySelector('img')?.naturalWidth])))
  assert.deepEqual(widths, Object.fromEntries(['aurora', 'tidepool', 'ember', 'ember-remix', 'legacy', 'unclaimed', 'tidepool-copy'].map((slug) => [slug, 256])))
  const artifacts = join(repoRoot, 'target/artifacts')
  mkdirSync(artifacts, { recursive: true })
  await page.screenshot({ path: join(artifacts, 'gallery.png'), fullPage: true })
  console.log(`screenshot: ${join(artifacts, 'gallery.png')}`)
  await page.close()
})

test('a dead RPC leaves anchor and model unknown, never failed', { skip, timeout: 60_000 }, async () => {
  const page = await open('?rpc=http://127.0.0.1:9')
  const badges = await settled(page, 7)
  assert.deepEqual([badges.aurora.state, badges.aurora.integrity, badges.aurora.anchor, badges.aurora.model],
    ['unknown', 'verified', 'unknown rpc-unreachable', 'unknown anchor-unknown'])
  // Tampered bytes are still a definitive failure: integrity needs no chain.
  assert.equal(badges['tidepool-copy'].integrity, 'failed block-mismatch')
  await page.close()
})

test('detail: lineage, and the license verified after "buy license"', { skip, timeout: 60_000 }, async () => {
  const page = await open('#/asset/ember-remix')
  let badges = await settled(page, 1)
  assert.equal(badges['ember-remix'].license, 'failed not-licensed')
  const lineage = await page.locator('.lineage li').allTextContents()
  assert.deepEqual(lineage.map((line) => line.split(' — ')[0]), ['Ember (remix) (this asset)', 'derived from Ember'])
  assert.match(lineage[0], /price 0\.002 ETH, 10 % to the parent's creator/)
  const remix = demo.config.assets.find((a) => a.slug === 'ember-remix')
  assert.equal(await page.locator('#download').getAttribute('href'), `${demo.gateway}/ipfs/${remix.cid}?download=true&filename=ember-remix.png`)
  await page.click('#buy')
  await page.waitForFunction(() => document.getElementById('purchase-status').textContent === 'License bought.', null, { timeout: 20_000 })
  await page.waitForFunction(() => document.querySelector('proofmark-badge').shadowRoot.querySelector('[data-dimension="license"]')?.dataset.status === 'verified', null, { timeout: 20_000 })
  badges = await settled(page, 1)
  assert.deepEqual([badges['ember-remix'].state, badges['ember-remix'].license], ['verified', 'verified'])
  await page.close()
})

test('download through workers/gate: 402 before a license, then verified bytes and a receipt', { skip, timeout: 60_000 }, async () => {
  // Aurora has no license yet: the gate answers how to pay.
  let page = await open('#/asset/aurora')
  await settled(page, 1)
  await page.click('#download')
  await page.waitForFunction(() => /^No license yet/.test(document.getElementById('purchase-status').textContent), null, { timeout: 20_000 })
  assert.equal(await page.locator('#purchase-status').textContent(), 'No license yet: buy one first (price 0.001 ETH).')
  await page.close()
  // Ember (remix) was bought by the test above: the permit is signed by anvil's dev account.
  page = await open('#/asset/ember-remix')
  await settled(page, 1)
  const download = page.waitForEvent('download')
  await page.click('#download')
  await page.waitForFunction(() => /^Downloaded/.test(document.getElementById('purchase-status').textContent), null, { timeout: 20_000 })
  const bytes = readFileSync(await (await download).path())
  const asset = demo.config.assets.find((a) => a.slug === 'ember-remix')
  assert.equal(`0x${createHash('sha256').update(bytes).digest('hex')}`, asset.key)
  const gate = await (await fetch(`${demo.config.gate}/.well-known/proofmark-gate`)).json()
  assert.equal(await page.locator('#purchase-status').textContent(),
    `Downloaded ${bytes.length} verified bytes; receipt verified (signed by ${gate.address}).`)
  await page.close()
})

test('keyboard: focus moves through each card\'s link then its badge, in order', { skip, timeout: 60_000 }, async () => {
  const page = await open()
  await settled(page, 7)
  const order = []
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab')
    order.push(await page.evaluate(() => {
      const active = document.activeElement
      if (active.tagName === 'PROOFMARK-BADGE') return `badge:${active.dataset.asset}:${active.shadowRoot.activeElement?.tagName}`
      return `${active.tagName}:${active.textContent}`
    }))
  }
  assert.deepEqual(order, [
    'A:Proofmark demo marketplace',
    'A:Aurora', 'badge:aurora:BUTTON',
    'A:Tidepool', 'badge:tidepool:BUTTON',
    'A:Ember'
  ])
  await page.keyboard.press('Shift+Tab')
  await page.keyboard.press('Enter')
  const expanded = await page.evaluate(() => document.querySelector('proofmark-badge[data-asset="tidepool"]').shadowRoot.querySelector('button').getAttribute('aria-expanded'))
  assert.equal(expanded, 'true')
  await page.close()
})

test('no page errors', { skip }, () => {
  assert.deepEqual(errors, [])
})
