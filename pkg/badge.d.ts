/**
 * `proofmark/badge`: importing it defines `<proofmark-badge>` (once: importing it twice, or
 * a page that defined the tag already, is harmless). The badge verifies one CID in the
 * browser with the wasm SDK (`verifyAsset` of `proofmark`) and shows the four dimensions of the
 * verdict (DESIGN §6) — integrity, anchor, model, license — each as `verifying…`,
 * `verified`, `failed (reason)` or `unknown (reason)`, with an icon, a text and a colour
 * (never colour alone). `unknown` means "could not be checked" and never looks like
 * `failed` or `verified`.
 *
 * ```html
 * <script type="module" src="/node_modules/proofmark/badge.js"></script>
 * <proofmark-badge cid="bafy…" gateway="https://gw.example" rpc="https://rpc.example"
 *   registry="0x…" chain-id="1" vkey="/verification_key.json"></proofmark-badge>
 * ```
 * @packageDocumentation
 */
import type { ProofmarkError, Status, Verdict } from './index.js'

/** The overall state: `failed` if a counted dimension failed, else `unknown` if one is, else `verified`. */
export type BadgeState = 'verifying' | Status

/** What a `proofmark-verdict` event carries. */
export interface ProofmarkVerdictDetail {
  /**
   * The verdict. When an error stopped the run (`wrong-chain`, a malformed attribute, …)
   * every dimension is `unknown` with the error's `code` as reason.
   */
  verdict: Verdict
  /** The error that stopped the run, or left the model unknown (`vkey-unavailable`); else `null`. */
  error: ProofmarkError | null
}

/** Dispatched on the badge (bubbling, composed) after each run that was not superseded. */
export type ProofmarkVerdictEvent = CustomEvent<ProofmarkVerdictDetail>

/** The tag name, `proofmark-badge`. */
export declare const TAG: 'proofmark-badge'

/**
 * `<proofmark-badge>`. Attributes (changing one re-verifies, debounced; a newer run
 * supersedes an older one):
 * - `cid` (required): the asset's CID;
 * - `gateway`: trustless gateway URL(s), whitespace-separated; the CAR is fetched and every
 *   block verified, so integrity is definitive;
 * - `rpc`: JSON-RPC URL(s), whitespace-separated;
 * - `registry`, `chain-id`: the ProvenanceRegistry and chain the page trusts;
 * - `vkey`: URL of the trusted `verification_key.json` (fetched once per URL per page;
 *   if it cannot be fetched the model is `unknown`, `vkey-unavailable`);
 * - `holder`: an address whose license is checked (the license counts only with it);
 * - `proven`: boolean, prove every read with `eth_getProof`;
 * - `from-block`: first block to search `Anchored` logs in.
 *
 * Reflected for styling and tests: the host's `state` attribute ({@link BadgeState}); in
 * the open shadow root, one element per dimension with `data-dimension`, `data-status`
 * and `data-reason`. The summary is a `<button>` toggling a details panel (the record,
 * what was trusted, the `vkHash`, and what the proof does and does not mean). Parts:
 * `summary`, `dimensions`, `details`.
 */
export declare class ProofmarkBadge extends HTMLElement {
  static readonly observedAttributes: string[]
  /** The last run's verdict; `null` before the first run ends. */
  readonly verdict: Verdict | null
  /** The error that stopped the last run (or left the model unknown); `null` if none. */
  readonly error: ProofmarkError | null
  /** Re-verifies now (e.g. after a license purchase); resolves to the run's detail. */
  refresh (): Promise<ProofmarkVerdictDetail>
  connectedCallback (): void
  disconnectedCallback (): void
  attributeChangedCallback (name: string, before: string | null, after: string | null): void
}

/** `verified`, `failed (reason)`, `unknown (reason)` or `verifying…`: the text the badge shows. */
export declare function statusText (status: BadgeState, reason?: string): string

/** The overall state of a verdict (the license counts only when it names a holder). */
export declare function overallState (verdict: Verdict): Status

declare global {
  interface HTMLElementTagNameMap {
    'proofmark-badge': ProofmarkBadge
  }
  interface HTMLElementEventMap {
    'proofmark-verdict': ProofmarkVerdictEvent
  }
}
