//! `unixfs_walk`: walking a UnixFS DAG from a CAR never panics, stays within the caps,
//! and the two ways of reading a CAR agree.
//!
//! The input is a CAR. When `read_car` accepts it, its blocks become a store and the
//! header's first root (or else the first block's CID) the root. Then:
//! - `list_directory` over the store (with the block cap a caller must supply);
//! - for `Selector::default()` and for selectors naming directory entries (and one made
//!   up name), with a `dag-scope` and an `entity-bytes` range derived from a hash of the
//!   input: a `Traversal` fed from the store, and a `CarVerifier` streaming the input.
//!   Both must give the same outcome (same bytes and target, or the same error kind);
//!   a walk that succeeds is complete, within the caps, and a file target with a range
//!   yields exactly the range's bytes.
//!
//! The fuzzer cannot forge sha2-256 blocks, so an input that is not a CAR is made into
//! one (see `synthesize`): that is how it reaches the walk with DAGs of its own shape.
#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;
use proofmark_core::cid::car::{Block, encode_header, encode_section};
use proofmark_core::cid::dagpb::PbNode;
use proofmark_core::cid::limits::Caps;
use proofmark_core::cid::{
    ByteRange, CarVerifier, Cid, Codec, DagScope, HashFunction, Selector, TargetKind, Traversal, Version, block_cid,
    list_directory, read_car,
};
use proofmark_core::{Error, Result};

const MAX_BLOCKS: u64 = 10_000;
const CAPS: Caps = Caps { max_bytes: Some(1 << 20), max_blocks: Some(MAX_BLOCKS) };

/// What a successful walk produced.
#[derive(Debug, PartialEq, Eq)]
struct Walked {
    bytes: Vec<u8>,
    blocks: u64,
    target: Option<(Cid, TargetKind)>,
    range: Option<(u64, u64)>,
}

/// A `Traversal` fed from the store.
fn walk_store(root: Cid, selector: Selector, store: &BTreeMap<Cid, Vec<u8>>) -> Result<Walked> {
    let mut walk = Traversal::new(root, selector, CAPS);
    let mut bytes = Vec::new();
    let mut visits = 0u64;
    while let Some(cid) = walk.next_needed().copied() {
        visits += 1;
        assert!(visits <= MAX_BLOCKS + 1, "the walk went past its block cap");
        let block = store.get(&cid).ok_or_else(|| Error::MissingBlock(cid.to_string()))?;
        walk.visit(block, |piece: &[u8]| {
            bytes.extend_from_slice(piece);
            Ok::<_, Error>(())
        })?;
    }
    assert!(walk.is_done() && walk.ensure_done().is_ok());
    assert_eq!(walk.bytes_emitted(), bytes.len() as u64, "bytes_emitted disagrees with the bytes");
    Ok(Walked { bytes, blocks: walk.blocks_visited(), target: walk.target(), range: walk.byte_range() })
}

/// A `CarVerifier` streaming the CAR in pieces of `piece` bytes.
fn walk_car(root: Cid, selector: Selector, car: &[u8], piece: usize) -> Result<Walked> {
    let mut verifier = CarVerifier::new(root, selector, CAPS);
    let mut bytes = Vec::new();
    for chunk in car.chunks(piece) {
        verifier.push(chunk, |p: &[u8]| {
            bytes.extend_from_slice(p);
            Ok::<_, Error>(())
        })?;
    }
    let summary = verifier.finish(|p: &[u8]| {
        bytes.extend_from_slice(p);
        Ok::<_, Error>(())
    })?;
    assert_eq!(summary.bytes, bytes.len() as u64, "summary.bytes disagrees with the bytes");
    Ok(Walked { bytes, blocks: summary.blocks, target: summary.target, range: summary.range })
}

fn check(root: Cid, selector: Selector, store: &BTreeMap<Cid, Vec<u8>>, car: &[u8], piece: usize) {
    let scope = selector.scope;
    let from_store = walk_store(root, selector.clone(), store);
    let from_car = walk_car(root, selector, car, piece);
    match (&from_store, &from_car) {
        (Ok(a), Ok(b)) => assert!(a == b, "store walk and CAR verifier differ"),
        (Err(a), Err(b)) => assert_eq!(a.code(), b.code(), "different errors: store {a:?}, CAR {b:?}"),
        (a, b) => panic!("store walk {:?} but CAR verifier {:?}", a.as_ref().err(), b.as_ref().err()),
    }
    let Ok(walked) = from_store else {
        return;
    };
    assert!(walked.blocks <= MAX_BLOCKS && walked.bytes.len() <= 1 << 20, "caps exceeded");
    if let (Some((_, TargetKind::File { size })), Some((start, end))) = (walked.target, walked.range) {
        assert!(start <= end && end <= size, "range {start}..{end} outside a {size}-byte file");
        if scope != DagScope::Block {
            assert_eq!(walked.bytes.len() as u64, end - start, "a file walk gave the wrong number of bytes");
        }
    }
}

/// FNV-1a over the input: the source of scopes, ranges and made-up names.
fn fnv(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3))
}

/// A scope and an `entity-bytes` range from 64 bits of hash.
fn selector_for(path: Vec<String>, h: u64) -> Selector {
    let scope = [DagScope::All, DagScope::Entity, DagScope::Block][(h % 3) as usize];
    let from = match (h >> 2) % 8 {
        0 => i64::MIN,
        1 => i64::MAX,
        _ => i64::from((h >> 8) as i16),
    };
    let to = match (h >> 5) % 4 {
        0 => None,
        1 => Some(-1),
        _ => Some(i64::from((h >> 24) as i16)),
    };
    let range = ((h >> 40) % 5 != 0).then_some(ByteRange { from, to });
    Selector { path, scope, range }
}

/// Separates the records of a made-up DAG.
const SEPARATOR: [u8; 2] = [0xff, 0xfe];

/// Builds a CAR from records `kind bytes` joined by [`SEPARATOR`] (kind bit 0: dag-pb,
/// else raw), so the fuzzer can shape DAGs it could not hash: each dag-pb record that
/// decodes has its links re-pointed at later records (picked by each link digest's first
/// byte; 0xff leaves the link dangling) and is re-encoded. Record 0 is the root.
fn synthesize(data: &[u8]) -> Option<(Cid, Vec<Block>, Vec<u8>)> {
    let mut records = Vec::new();
    let mut rest = data;
    loop {
        let at = rest.windows(2).position(|w| w == SEPARATOR).unwrap_or(rest.len());
        let (kind, bytes) = rest[..at].split_first().unwrap_or((&0, &[]));
        records.push((kind & 1 == 1, bytes));
        match rest.get(at + 2..) {
            Some(next) => rest = next,
            None => break,
        }
    }
    if records.len() > 64 {
        return None;
    }
    // Built from the last record back: `done[done.len() - 1 - k]` is record `i + 1 + k`.
    let mut done: Vec<Block> = Vec::with_capacity(records.len());
    for &(dag_pb, bytes) in records.iter().rev() {
        let mut bytes = bytes.to_vec();
        if let (true, Ok(mut node)) = (dag_pb && !done.is_empty(), PbNode::decode(&bytes)) {
            for link in &mut node.links {
                let pick = usize::from(link.hash.hash().digest().first().copied().unwrap_or(0));
                if pick != 0xff {
                    link.hash = done[done.len() - 1 - pick % done.len()].0;
                }
            }
            bytes = node.encode();
        }
        let codec = if dag_pb { Codec::DagPb } else { Codec::Raw };
        let cid = block_cid(Version::V1, codec, HashFunction::Sha2_256, &bytes).ok()?;
        done.push((cid, bytes));
    }
    done.reverse();
    let root = done[0].0;
    let mut car = encode_header(&[root]);
    for (cid, block) in &done {
        encode_section(cid, block, &mut car);
    }
    Some((root, done, car))
}

fuzz_target!(|data: &[u8]| {
    let h = fnv(data);
    let (root, blocks, car) = match read_car(data) {
        Ok((roots, blocks)) => {
            let Some(root) = roots.first().or(blocks.first().map(|(cid, _)| cid)).copied() else {
                return;
            };
            (root, blocks, data.to_vec())
        }
        Err(_) => match synthesize(data) {
            Some(dag) => dag,
            None => return,
        },
    };
    let store: BTreeMap<Cid, Vec<u8>> = blocks.into_iter().collect();
    let piece = 1 + (h >> 48) as usize % 512;

    let mut fetched = 0u64;
    let listing = list_directory(root, CAPS, |cid| {
        fetched += 1;
        if fetched > MAX_BLOCKS {
            return Err(Error::CapExceeded { what: "blocks", limit: MAX_BLOCKS });
        }
        store.get(cid).cloned().ok_or_else(|| Error::MissingBlock(cid.to_string()))
    });

    check(root, Selector::default(), &store, &car, piece);

    let mut paths: Vec<Vec<String>> = listing.iter().flatten().take(6).map(|e| vec![e.name.clone()]).collect();
    let made_up = String::from_utf8_lossy(&h.to_le_bytes()[..1 + (h % 4) as usize]).into_owned();
    paths.push(Selector::path(&made_up).path);
    for (i, path) in paths.into_iter().enumerate() {
        check(root, selector_for(path, h.rotate_left(7 * i as u32 + 3)), &store, &car, piece);
    }
});
