// The demo marketplace: a gallery with a <proofmark-badge> per asset, and a detail view with
// lineage (the parent chain read from the registry), "buy license" and "download" (through
// workers/gate with a permit the wallet signs, when the demo runs one).
// No framework, no bundler: the SDK is imported from /pkg/ as published.
import '/pkg/badge.js'
import { buyLicenseCall, permitTypedData, readAnchor, verifyReceipt } from '/pkg/index.js'

const view = document.getElementById('view')
const config = await (await fetch('/demo/config.json')).json()
// ?rpc=… overrides the RPC (e.g. a dead one: the chain dimensions turn unknown, not failed).
const rpc = new URLSearchParams(location.search).get('rpc') ?? config.rpc
const trust = { rpc, registry: config.registry, chainId: config.chainId, fromBlock: config.fromBlock }
document.getElementById('trust').textContent =
  `Trusted: registry ${config.registry} on chain ${config.chainId}, read through ${rpc}; bytes from ${config.gateway}.`

const gatewayOf = (asset) => asset.untrusted ? config.untrustedGateway : config.gateway
const byKey = new Map(config.assets.filter((a) => !a.untrusted).map((a) => [a.key.toLowerCase(), a]))

function element (tag, attributes = {}, ...children) {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) node.setAttribute(name, value)
  }
  node.append(...children)
  return node
}

function badge (asset, extra = {}) {
  return element('proofmark-badge', {
    cid: asset.cid,
    gateway: gatewayOf(asset),
    rpc,
    registry: config.registry,
    'chain-id': String(config.chainId),
    vkey: config.vkey,
    'from-block': String(config.fromBlock),
    'data-asset': asset.slug,
    ...extra
  })
}

function image (asset) {
  return element('img', { src: `${gatewayOf(asset)}/ipfs/${asset.cid}`, alt: `${asset.name} (generated image)`, width: '256', height: '256' })
}

function gallery () {
  const list = element('ul', { class: 'gallery', 'aria-label': 'Assets' })
  for (const asset of config.assets) {
    list.append(element('li', { class: 'card', 'data-asset': asset.slug },
      image(asset),
      element('h2', {}, element('a', { href: `#/asset/${asset.slug}` }, asset.name)),
      element('p', { class: 'note' }, asset.note),
      badge(asset)))
  }
  view.replaceChildren(element('h2', {}, 'Gallery'), list)
}

async function lineage (asset) {
  const section = element('section', { class: 'lineage', 'aria-label': 'Lineage' }, element('h3', {}, 'Lineage'))
  const chain = element('ol')
  section.append(chain)
  let key = asset.key
  for (let depth = 0; key && depth < 8; depth++) {
    const { anchor } = await readAnchor(key, trust).catch(() => ({ anchor: null }))
    const record = anchor?.record
    const known = byKey.get(key.toLowerCase())
    const label = known ? known.name : key
    const terms = record ? ` — price ${formatWei(record.price)}${record.parentKey ? `, ${record.royaltyBps / 100} % to the parent's creator` : ''}` : ' — not anchored here'
    chain.append(element('li', { 'data-key': key }, depth === 0 ? `${label} (this asset)` : `derived from ${label}`, terms))
    key = record?.parentKey ?? null
  }
  return section
}

function formatWei (wei) {
  const value = BigInt(wei)
  return value === 0n ? 'free' : `${Number(value) / 1e18} ETH`
}

async function buy (asset, status, holderBadge) {
  status.textContent = 'Reading the price…'
  const { anchor } = await readAnchor(asset.key, trust)
  const call = buyLicenseCall({ registry: config.registry, key: asset.key, price: anchor.record.price })
  const tx = { to: call.to, data: call.data, value: `0x${call.value.toString(16)}` }
  let hash
  if (window.ethereum) {
    const [from] = await window.ethereum.request({ method: 'eth_requestAccounts' })
    hash = await window.ethereum.request({ method: 'eth_sendTransaction', params: [{ ...tx, from }] })
  } else {
    // No wallet: anvil's unlocked dev account (the node signs; no key is in this page).
    hash = await jsonRpc('eth_sendTransaction', [{ ...tx, from: config.buyer }])
  }
  status.textContent = `Sent ${hash}; waiting for the receipt…`
  for (;;) {
    const receipt = await jsonRpc('eth_getTransactionReceipt', [hash])
    if (receipt) {
      status.textContent = receipt.status === '0x1' ? 'License bought.' : 'The purchase reverted.'
      break
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  holderBadge.refresh()
}

const EIP712_DOMAIN = [{ name: 'name', type: 'string' }, { name: 'version', type: 'string' },
  { name: 'chainId', type: 'uint256' }, { name: 'verifyingContract', type: 'address' }]
const hex = (bytes) => '0x' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
const base64url = (text) => btoa(String.fromCharCode(...new TextEncoder().encode(text))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')

/**
 * Downloads through the gate: the wallet (or, without one, anvil's unlocked dev account)
 * signs a permit for the gate's audience; the gate answers verified bytes and a receipt,
 * which is checked against the address the gate publishes.
 */
async function gatedDownload (asset, status) {
  status.textContent = 'Signing a download permit…'
  const gate = await (await fetch(`${config.gate}/.well-known/proofmark-gate`)).json()
  const buyer = window.ethereum ? (await window.ethereum.request({ method: 'eth_requestAccounts' }))[0] : config.buyer
  const fields = {
    key: asset.key, buyer, audience: gate.audience, expires: String(Math.floor(Date.now() / 1000) + 300),
    nonce: hex(crypto.getRandomValues(new Uint8Array(32)))
  }
  const typed = permitTypedData({ chainId: gate.chainId, registry: gate.registry, ...fields })
  const json = JSON.stringify({ ...typed, types: { EIP712Domain: EIP712_DOMAIN, ...typed.types } }, (_, v) => typeof v === 'bigint' ? v.toString() : v)
  const params = [buyer, json]
  const signature = window.ethereum
    ? await window.ethereum.request({ method: 'eth_signTypedData_v4', params })
    : await jsonRpc('eth_signTypedData_v4', params)
  status.textContent = 'Downloading through the gate…'
  const response = await fetch(`${config.gate}/assets/${asset.key}`, {
    headers: { authorization: `Proofmark-Permit ${base64url(JSON.stringify({ ...fields, signature }))}` }
  })
  if (response.status === 402) {
    const body = await response.json()
    status.textContent = `No license yet: buy one first (price ${formatWei(body.accepts[0].price)}).`
    return
  }
  if (!response.ok) throw new Error(`the gate answered ${response.status}: ${(await response.json()).error}`)
  const blob = await response.blob() // rejects if the gate aborts: never a partial file saved
  const link = element('a', { href: URL.createObjectURL(blob), download: `${asset.slug}.png` })
  link.click()
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000)
  const stored = await (await fetch(`${config.gate}${response.headers.get('proofmark-receipt')}`)).json()
  const ok = await verifyReceipt(stored.receipt, stored.signature, { chainId: gate.chainId, registry: gate.registry, signer: gate.address })
  status.textContent = `Downloaded ${blob.size} verified bytes; receipt ${ok ? 'verified' : 'INVALID'} (signed by ${gate.address}).`
}

async function jsonRpc (method, params) {
  const response = await fetch(rpc, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) })
  const answer = await response.json()
  if (answer.error) throw new Error(answer.error.message)
  return answer.result
}

async function detail (slug) {
  const asset = config.assets.find((a) => a.slug === slug)
  if (!asset) return gallery()
  const holder = window.ethereum ? (await window.ethereum.request({ method: 'eth_accounts' }))[0] : config.buyer
  const holderBadge = badge(asset, { holder })
  const status = element('p', { role: 'status', id: 'purchase-status' })
  const buyButton = element('button', { type: 'button', id: 'buy' }, 'Buy license')
  buyButton.addEventListener('click', () => {
    buyButton.disabled = true
    buy(asset, status, holderBadge).catch((error) => { status.textContent = `Purchase failed: ${error.message}` })
      .finally(() => { buyButton.disabled = false })
  })
  const download = element('a', { href: `${gatewayOf(asset)}/ipfs/${asset.cid}?download=true&filename=${asset.slug}.png`, id: 'download' }, 'Download')
  if (config.gate && !asset.untrusted) {
    download.addEventListener('click', (event) => {
      event.preventDefault()
      gatedDownload(asset, status).catch((error) => { status.textContent = `Download failed: ${error.message}` })
    })
  }
  view.replaceChildren(
    element('p', {}, element('a', { href: '#/' }, '← Gallery')),
    element('article', { class: 'detail', 'data-asset': asset.slug },
      image(asset),
      element('div', {},
        element('h2', {}, asset.name),
        element('p', { class: 'note' }, asset.note),
        element('p', {}, 'CID ', element('code', {}, asset.cid)),
        element('p', {}, 'License holder checked: ', element('code', {}, holder)),
        holderBadge,
        element('div', { class: 'actions' }, buyButton, download),
        status,
        await lineage(asset))))
}

function route () {
  const match = location.hash.match(/^#\/asset\/([a-z0-9-]+)$/)
  return match ? detail(match[1]) : gallery()
}
window.addEventListener('hashchange', route)
await route()
