// The one conformance case file (tests/conformance/cases.mjs) in Node, headless Chromium
// and workerd: every case passes in each, with the same results; the CID-only and
// Groth16-only entries load in each; page and worker can reach a loopback anvil (and workerd nothing else).
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { createServer } from 'node:http'
import { after, before, test } from 'node:test'

import { startChainStack } from './lib/chain-stack.mjs'
import { CHROMIUM, FIXTURES, openChromium, openWorkerd, runInChromium, runInNode, runInWorkerd, startServer } from './lib/runtimes.mjs'
import { CID_CASES, GROTH16_CASES } from '../conformance/run-all.mjs'
import { cases, FIXTURE_VK_HASH } from '../conformance/cases.mjs'

const haveChromium = existsSync(CHROMIUM)
if (!haveChromium && process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing (CI=true): apt-get install chromium`)
const noChromium = !haveChromium && `${CHROMIUM} not found (make test installs Debian's chromium)`
const haveFixtures = existsSync(FIXTURES)

// The chain cases read env.chain.rpc: a loopback anvil must be reachable from the page
// (CORS: anvil's --allow-origin defaults to *) and from the worker.
let stack, anvil, server, elsewhere, chainEnv
before(async () => {
  stack = await startChainStack()
  anvil = stack.anvil
  chainEnv = { chain: stack.env }
  server = await startServer()
  // A server on another loopback address: reachable from Node, not from workerd.
  elsewhere = createServer((_, response) => response.end('reached'))
  await new Promise((resolve, reject) => elsewhere.listen(0, '127.0.0.2', resolve).on('error', reject))
})
after(async () => {
  stack?.stop()
  await server?.close()
  elsewhere?.close()
})

const comparable = (results) => results.map(({ name, ok, actual }) => ({ name, ok, actual }))

/** Runs `run`, logs its wall time, checks every case passed; resolves to the results. */
async function timed (label, run) {
  const start = performance.now()
  const results = await run()
  console.log(`${label}: ${results.length} results in ${Math.round(performance.now() - start)} ms`)
  const failures = results.filter((r) => !r.ok).map((r) => `${r.name}: got ${JSON.stringify(r.actual)}, want ${JSON.stringify(r.expected)}`)
  assert.deepEqual(failures, [], label)
  assert.equal(results.length, cases.length + CID_CASES.length + GROTH16_CASES.length)
  if (haveFixtures) assert.deepEqual(results.filter((r) => r.skipped).map((r) => r.name), [], `${label}: fixture cases skipped`)
  return results
}

/** Error cases the Groth16-only entry runs too. */
const groth16Errors = cases.filter((c) => c.error && GROTH16_CASES.includes(c.name)).length

/** Known answers from the runtime's own results: the small entries and error recovery. */
function checkKnownAnswers (results) {
  const actual = Object.fromEntries(results.map((r) => [r.name, r.actual]))
  assert.equal(actual['cid: cidOf hello world, unixfs-v0-2015 (kubo)'], 'Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD')
  assert.equal(actual['cid: contentKey hello world'], '0xb94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9')
  assert.equal(actual['cid: CidVerifier in one-byte pushes'], 'verified')
  assert.equal(actual['cid: verifyCar raw block: verified, bytes out'].data, 'hello car')
  assert.deepEqual(actual['cid: carToVerifiedStream: a depth-10 chain streams its byte'].verdict.integrity, { status: 'verified', via: 'car' })
  // Malformed input: a typed error, and the module works afterwards (runCase recomputes a CID).
  assert.deepEqual(actual['cid: invalid CID string'], { error: 'invalid-cid', isError: true })
  assert.deepEqual(actual['CAR huge section length'], { error: 'section-too-large', isError: true })
  assert.deepEqual(actual['point off the curve'], { error: 'not-on-curve', isError: true })
  assert.equal(actual['groth16: groth16 valid proof'], true)
  assert.equal(actual['groth16: groth16 batch with one bad proof: false'], false)
  assert.equal(actual['groth16: vkHash'], FIXTURE_VK_HASH)
  assert.deepEqual(actual['groth16: G2 point outside the subgroup'], { error: 'not-in-subgroup', isError: true })
  assert.equal(groth16Errors, 13)
  assert.equal(results.filter((r) => r.actual?.isError).length, cases.filter((c) => c.error).length + 1 + groth16Errors,
    'every error case, and only those, threw')
}

let node
test('every case in Node (the reference for the other runtimes)', { timeout: 60_000 }, async () => {
  node = await timed('node', () => runInNode(chainEnv))
  checkKnownAnswers(node)
})

test('every case in headless Chromium: ok, and the same results as Node', { skip: noChromium, timeout: 90_000 }, async () => {
  const results = await timed('chromium (launch, page, all cases)', () => runInChromium(chainEnv))
  checkKnownAnswers(results)
  assert.deepEqual(comparable(results), comparable(node))
})

test('every case in workerd: ok, and the same results as Node', { timeout: 90_000 }, async () => {
  const results = await timed('workerd (miniflare, worker, all cases)', () => runInWorkerd(chainEnv))
  checkKnownAnswers(results)
  assert.deepEqual(comparable(results), comparable(node))
})

test('extraEnv is merged under each runtime\'s own fixture loader', { timeout: 90_000 }, async () => {
  // Were the string to replace the loader, runCase would throw calling it.
  const env = { fixture: 'not a function', chain: stack.env }
  for (const [label, run] of [['node', runInNode], ['workerd', runInWorkerd], ...(haveChromium ? [['chromium', runInChromium]] : [])]) {
    const results = await run(env)
    assert.deepEqual(comparable(results), comparable(node), label)
  }
})

const chainIdCall = {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] })
}

test('the page fetches a loopback anvil (CORS)', { skip: noChromium, timeout: 60_000 }, async () => {
  const chromium = await openChromium(server)
  try {
    const answer = await chromium.fetch(anvil.url, chainIdCall)
    assert.deepEqual(JSON.parse(answer.text), { jsonrpc: '2.0', id: 1, result: '0x7a69' })
  } finally {
    await chromium.close()
  }
})

test('the worker fetches a loopback anvil, and no other address', { timeout: 60_000 }, async () => {
  const workerd = await openWorkerd(server)
  try {
    const answer = await workerd.fetch(anvil.url, chainIdCall)
    assert.deepEqual(JSON.parse(answer.text), { jsonrpc: '2.0', id: 1, result: '0x7a69' })
    const other = `http://127.0.0.2:${elsewhere.address().port}/`
    assert.equal(await (await fetch(other)).text(), 'reached', 'Node reaches the other address')
    const refused = await workerd.fetch(other, {})
    assert.equal(refused.status, undefined, 'workerd reached 127.0.0.2')
    assert.match(refused.error, /internal error/)
  } finally {
    await workerd.close()
  }
})
