// The reference side: ipfs-unixfs-importer (and multiformats for the `raw` profile).
import * as dagPb from '@ipld/dag-pb'
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'
import { MemoryBlockstore } from 'blockstore-core/memory'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'

const KIB = 1024
const MIB = 1024 * KIB

/** DESIGN.md §2 profiles; `raw` has no importer settings. */
export const PROFILES = {
  'unixfs-v1-2025': { cidVersion: 1, chunkSize: MIB, maxLinks: 1024, rawLeaves: true },
  'unixfs-v0-2015': { cidVersion: 0, chunkSize: 256 * KIB, maxLinks: 174, rawLeaves: false },
  'kubo-cidv1': { cidVersion: 1, chunkSize: 256 * KIB, maxLinks: 174, rawLeaves: true },
  'kubo-cidv1-1mib': { cidVersion: 1, chunkSize: MIB, maxLinks: 174, rawLeaves: true },
  raw: null
}

/** What the CLI uses when given no --profile and no settings. */
export const CUSTOM_DEFAULTS = PROFILES['unixfs-v1-2025']

/**
 * Keeps every block the importer writes under its full CID (MemoryBlockstore keys by
 * multihash alone, so its getAll() cannot give back CID versions or codecs).
 */
class RecordingBlockstore extends MemoryBlockstore {
  blocks = new Map()
  put (cid, bytes, options) {
    this.blocks.set(cid.toString(), bytes)
    return super.put(cid, bytes, options)
  }
}

/**
 * Imports `bytes` as one file with the given settings.
 * @returns {Promise<{root: string, blocks: Map<string, Uint8Array>}>}
 */
export async function importFile (bytes, { cidVersion, chunkSize, maxLinks, rawLeaves }) {
  const store = new RecordingBlockstore()
  let last
  for await (const entry of importer([{ content: bytes }], store, {
    cidVersion,
    rawLeaves,
    leafType: 'file',
    chunker: fixedSize({ chunkSize }),
    layout: balanced({ maxChildrenPerNode: maxLinks }),
    reduceSingleLeafToSelf: true,
    wrapWithDirectory: false
  })) last = entry
  return { root: last.cid.toString(), blocks: store.blocks }
}

/** The `raw` profile: one raw CIDv1 of the whole file's SHA-256. */
export async function rawFile (bytes) {
  const root = CID.create(1, raw.code, await sha256.digest(bytes)).toString()
  return { root, blocks: new Map([[root, bytes]]) }
}

/** CIDs of the DAG under `root` in depth-first pre-order, links in order, repeats kept. */
export function dfsOrder (root, blocks) {
  const order = []
  const visit = (cid) => {
    order.push(cid)
    const parsed = CID.parse(cid)
    if (parsed.code !== dagPb.code) return
    const bytes = blocks.get(cid)
    if (bytes === undefined) throw new Error(`oracle DAG lacks block ${cid}`)
    for (const link of dagPb.decode(bytes).Links) visit(link.Hash.toString())
  }
  visit(root)
  return order
}
