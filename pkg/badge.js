// proofmark/badge: <proofmark-badge>, the verdict of DESIGN §6 for one CID, verified in the
// browser with the wasm SDK. No framework: a custom element with an open shadow root.
// Types and documentation: badge.d.ts.
import { verifyAsset } from './index.js'

export const TAG = 'proofmark-badge'
const DIMENSIONS = ['integrity', 'anchor', 'model', 'license']
const NAMES = { integrity: 'Integrity', anchor: 'Anchor', model: 'Model', license: 'License' }
const ICONS = { verifying: '⋯', verified: '✓', failed: '✗', unknown: '?' }
const DEBOUNCE_MS = 50

const NOTE = 'A verified model dimension proves that a key of an audited model attested this exact ' +
  'content (its SHA-256) for this creator, under a registry root the auditor published. It does not ' +
  'prove the content is harmless or original, nor that the model produced it without edits. ' +
  '"Unknown" means it could not be checked: it is neither a pass nor a failure.'

// Colours back up icon and text, never replace them: unknown is amber, failed red.
const STYLE = `
:host { display: inline-block; font: 14px/1.4 system-ui, sans-serif; color: #1f2328; }
button { font: inherit; display: inline-flex; gap: .4em; align-items: center; padding: .25em .6em;
  border: 1px solid currentColor; border-radius: 1em; background: #fff; cursor: pointer; }
button:focus-visible { outline: 2px solid #0969da; outline-offset: 2px; }
ul { list-style: none; margin: .3em 0 0; padding: 0; }
li { display: flex; gap: .4em; }
.icon { display: inline-block; width: 1.1em; text-align: center; font-weight: bold; }
[data-status="verifying"] { color: #57606a; }
[data-status="verified"] { color: #116329; }
[data-status="failed"] { color: #a40e26; }
[data-status="unknown"] { color: #7d4e00; }
#details { margin-top: .4em; padding: .5em; border: 1px solid #d0d7de; border-radius: .4em; max-width: 40em; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .1em .8em; margin: 0; }
dt { font-weight: 600; }
dd { margin: 0; font-family: ui-monospace, monospace; overflow-wrap: anywhere; }
p { margin: .5em 0 0; }
`

// Static markup only: every value from a verdict goes in through textContent.
const MARKUP = `<style>${STYLE}</style>
<button part="summary" id="summary" type="button" aria-expanded="false" aria-controls="details" data-status="verifying">
  <span class="icon" aria-hidden="true"></span><span class="label"></span>
</button>
<ul part="dimensions">${DIMENSIONS.map((d) =>
  `<li data-dimension="${d}" data-status="verifying"><span class="icon" aria-hidden="true"></span><span class="label"></span></li>`).join('')}
</ul>
<div part="details" id="details" role="region" aria-label="Proofmark details" hidden>
  <dl></dl>
  <p class="note">${NOTE}</p>
</div>`

/** "verified", "failed (reason)", "unknown (reason)", "verifying…". */
export function statusText (status, reason) {
  if (status === 'verifying') return 'verifying…'
  return reason && status !== 'verified' ? `${status} (${reason})` : status
}

/** The overall state: failed if a counted dimension failed, else unknown if one is, else verified. */
export function overallState (verdict) {
  const counted = ['integrity', 'anchor', 'model']
  if (verdict.license.holder) counted.push('license')
  const statuses = counted.map((d) => verdict[d].status)
  if (statuses.includes('failed')) return 'failed'
  if (statuses.includes('unknown')) return 'unknown'
  return 'verified'
}

/** A verdict whose every dimension is unknown for `reason` (an error stopped the run). */
function unknownVerdict (cid, reason) {
  const dimension = { status: 'unknown', reason }
  return {
    cid: cid || null,
    key: null,
    integrity: { ...dimension, via: 'car' },
    anchor: { ...dimension, block: null, finality: null, record: null, proven: false, chainId: null, registry: null, rpc: null },
    model: { ...dimension, root: null, revokedAt: null, vkHash: null },
    license: { ...dimension, holder: null, price: null }
  }
}

function codedError (code, message, cause) {
  const error = new Error(message, { cause })
  error.code = code
  return error
}

const words = (value) => (value ?? '').split(/\s+/).filter(Boolean)

// Verification keys by URL, fetched once per page; a failed fetch is forgotten so a later run retries.
const vkeys = new Map()
function fetchVkey (url) {
  let pending = vkeys.get(url)
  if (!pending) {
    pending = fetch(url).then(async (response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status}`)
      return response.text()
    }).catch((error) => {
      vkeys.delete(url)
      throw codedError('vkey-unavailable', `verification key ${url}: ${error.message}`, error)
    })
    vkeys.set(url, pending)
  }
  return pending
}

// Outside a browser (e.g. a server rendering the page) importing this module is harmless.
const Base = globalThis.HTMLElement ?? class {}

/** `<proofmark-badge>` (see badge.d.ts). */
export class ProofmarkBadge extends Base {
  static get observedAttributes () {
    return ['cid', 'gateway', 'rpc', 'registry', 'chain-id', 'vkey', 'holder', 'proven', 'from-block']
  }

  #run = 0
  #timer = null
  #verdict = null
  #error = null

  constructor () {
    super()
    const root = this.attachShadow({ mode: 'open' })
    root.innerHTML = MARKUP
    root.getElementById('summary').addEventListener('click', () => this.#toggle())
  }

  /** The last run's verdict (null while the first run is going). */
  get verdict () { return this.#verdict }
  /** The error that stopped the last run, if any. */
  get error () { return this.#error }

  connectedCallback () {
    this.#show(null, null) // not in the constructor: an element may not add attributes there
    this.#schedule()
  }
  disconnectedCallback () {
    clearTimeout(this.#timer)
    this.#run++ // a run in flight no longer reports
  }

  attributeChangedCallback (_name, before, after) {
    if (before !== after && this.isConnected) this.#schedule()
  }

  /** Re-verifies now (superseding any run in flight); resolves to the run's `{verdict, error}`. */
  refresh () {
    clearTimeout(this.#timer)
    return this.#verify()
  }

  #schedule () {
    clearTimeout(this.#timer)
    this.#timer = setTimeout(() => { this.#verify() }, DEBOUNCE_MS)
  }

  async #verify () {
    const run = ++this.#run
    this.#show(null, null)
    const cid = this.getAttribute('cid')
    let verdict = null
    let error = null
    try {
      const options = await this.#options(cid)
      verdict = await verifyAsset(cid, options.sdk)
      if (options.vkeyError) {
        error = options.vkeyError
        verdict.model = { ...verdict.model, status: 'unknown', reason: error.code }
      }
    } catch (caught) {
      error = caught
      verdict = unknownVerdict(cid, typeof caught?.code === 'string' ? caught.code : 'error')
    }
    if (run !== this.#run) return { verdict, error } // superseded: a newer run reports
    this.#verdict = verdict
    this.#error = error
    this.#show(verdict, error)
    this.dispatchEvent(new CustomEvent('proofmark-verdict', { bubbles: true, composed: true, detail: { verdict, error } }))
    return { verdict, error }
  }

  /** verifyAsset's options from the attributes; a vkey that cannot be fetched leaves the model unknown. */
  async #options (cid) {
    if (!cid) throw codedError('invalid-argument', 'the cid attribute is required')
    const sdk = {
      registry: this.getAttribute('registry') ?? undefined,
      chainId: this.getAttribute('chain-id') ?? undefined
    }
    const gateway = words(this.getAttribute('gateway'))
    const rpc = words(this.getAttribute('rpc'))
    if (gateway.length) sdk.gateway = gateway
    if (rpc.length) sdk.rpc = rpc
    if (this.hasAttribute('holder')) sdk.holder = this.getAttribute('holder')
    if (this.hasAttribute('proven')) sdk.proven = true
    if (this.hasAttribute('from-block')) sdk.fromBlock = this.getAttribute('from-block')
    let vkeyError = null
    const vkeyUrl = this.getAttribute('vkey')
    if (vkeyUrl) {
      try {
        sdk.vkey = await fetchVkey(new URL(vkeyUrl, document.baseURI).href)
      } catch (error) {
        if (error?.code !== 'vkey-unavailable') throw codedError('invalid-argument', `vkey ${JSON.stringify(vkeyUrl)} is not a URL`, error)
        vkeyError = error
      }
    }
    return { sdk, vkeyError }
  }

  #toggle () {
    const root = this.shadowRoot
    const open = root.getElementById('summary').getAttribute('aria-expanded') !== 'true'
    root.getElementById('summary').setAttribute('aria-expanded', String(open))
    root.getElementById('details').hidden = !open
  }

  /** Renders a verdict (null: verifying) and reflects the state as attributes. */
  #show (verdict, error) {
    const root = this.shadowRoot
    const state = verdict ? overallState(verdict) : 'verifying'
    this.setAttribute('state', state)
    const summary = root.getElementById('summary')
    const summaryText = `Proofmark: ${statusText(state)}`
    summary.dataset.status = state
    summary.querySelector('.icon').textContent = ICONS[state]
    summary.querySelector('.label').textContent = summaryText
    summary.setAttribute('aria-label', `${summaryText}; show details`)
    for (const dimension of DIMENSIONS) {
      const row = root.querySelector(`[data-dimension="${dimension}"]`)
      const status = verdict ? verdict[dimension].status : 'verifying'
      const reason = verdict?.[dimension].reason ?? ''
      const text = `${NAMES[dimension]}: ${statusText(status, reason)}`
      row.dataset.status = status
      row.dataset.reason = reason
      row.setAttribute('aria-label', text)
      row.querySelector('.icon').textContent = ICONS[status]
      row.querySelector('.label').textContent = text
    }
    this.#details(verdict, error)
  }

  #details (verdict, error) {
    const list = this.shadowRoot.querySelector('dl')
    const anchor = verdict?.anchor
    const record = anchor?.record
    const rows = verdict
      ? [
          ['CID', verdict.cid],
          ['Content key', verdict.key],
          ['Creator', record?.creator],
          ['Block', record?.block],
          ['Timestamp', record ? new Date(record.timestamp * 1000).toISOString() : null],
          ['Read at', anchor.block === null ? null : `block ${anchor.block}, ${anchor.finality ?? 'unknown finality'}`],
          ['Proven read', anchor.proven ? 'yes (eth_getProof)' : 'no'],
          ['Model tag', record?.modelTag],
          ['Parent key', record ? record.parentKey ?? 'none' : null],
          ['Price', record ? `${record.price} wei` : verdict.license.price && `${verdict.license.price} wei`],
          ['Registry trusted', anchor.registry ?? this.getAttribute('registry')],
          ['Chain id trusted', anchor.chainId ?? this.getAttribute('chain-id')],
          ['RPC', anchor.rpc ?? (words(this.getAttribute('rpc')).join(' ') || null)],
          ['vkHash', verdict.model.vkHash],
          ['Error', error ? `${error.code ?? 'error'}: ${error.message}` : null]
        ]
      : [['Status', 'verifying…']]
    list.replaceChildren(...rows.filter(([, value]) => value !== null && value !== undefined && value !== '').flatMap(([name, value]) => {
      const dt = document.createElement('dt')
      const dd = document.createElement('dd')
      dt.textContent = name
      dd.textContent = String(value)
      return [dt, dd]
    }))
  }
}

if (globalThis.customElements && !customElements.get(TAG)) customElements.define(TAG, ProofmarkBadge)
