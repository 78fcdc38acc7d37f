//! The public fixtures in `../shared/fixtures`: kubo-made CARs and IPLD codec cases.
mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use proofmark_core::Error;
use proofmark_core::cid::dagpb::PbNode;
use proofmark_core::cid::limits::Caps;
use proofmark_core::cid::{
    CarVerifier, Cid, DagScope, Selector, TargetKind, Traversal, list_directory, parse_cid, read_car,
};

/// The fixtures folder, or `None` (printed) when absent outside CI.
fn fixtures() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(std::env::var("CI").as_deref() != Ok("true"), "../shared/fixtures is missing under CI=true");
    eprintln!("skipping: ../shared/fixtures not found beside the checkout");
    None
}

use common::Store;

fn load(name: &str) -> Option<(Vec<Cid>, Store)> {
    let bytes = std::fs::read(fixtures()?.join("gateway-conformance").join(name)).unwrap();
    let (roots, blocks) = read_car(&bytes).unwrap();
    Some((roots, blocks.into_iter().collect()))
}

fn walk(store: &Store, root: Cid, selector: Selector) -> Result<(Vec<u8>, Traversal), Error> {
    common::walk_store(store, root, selector, Caps::default())
}

const CARS: [&str; 6] = [
    "subdir-with-two-single-block-files.car",
    "subdir-with-mixed-block-files.car",
    "dir-with-files.car",
    "single-layer-hamt-with-multi-block-files.car",
    "gateway-raw-block.car",
    "dag-pb.car",
];

#[test]
fn every_complete_car_verifies_and_walks_whole() {
    for name in CARS {
        let Some((roots, store)) = load(name) else {
            return;
        };
        assert_eq!(roots.len(), 1, "{name}");
        let (_, walk) = walk(&store, roots[0], Selector::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(walk.is_done(), "{name}");
        assert!(walk.blocks_visited() >= 1, "{name}");
    }
}

/// Every file reachable by path reads back with the size its root declares, through a
/// store walk and through the streaming verifier alike.
fn check_directory_paths(name: &str, expect_entries: usize) {
    let Some((roots, store)) = load(name) else {
        return;
    };
    let car = std::fs::read(fixtures().unwrap().join("gateway-conformance").join(name)).unwrap();
    let get = |cid: &Cid| store.get(cid).cloned().ok_or_else(|| Error::MissingBlock(cid.to_string()));
    let mut stack = vec![(roots[0], String::new())];
    let mut files = 0;
    while let Some((dir, prefix)) = stack.pop() {
        for entry in list_directory(dir, Caps::default(), get).unwrap() {
            let path = format!("{prefix}/{}", entry.name);
            let (bytes, walk) =
                walk(&store, roots[0], Selector::path(&path)).unwrap_or_else(|e| panic!("{name}{path}: {e}"));
            match walk.target() {
                Some((cid, TargetKind::File { size })) => {
                    assert_eq!(cid, entry.cid);
                    assert_eq!(bytes.len() as u64, size, "{name}{path}");
                    let mut streamed = Vec::new();
                    let verifier = CarVerifier::new(roots[0], Selector::path(&path), Caps::default());
                    let mut verifier = verifier;
                    verifier
                        .push::<Error>(&car, |b| {
                            streamed.extend_from_slice(b);
                            Ok(())
                        })
                        .unwrap();
                    verifier
                        .finish::<Error>(|b| {
                            streamed.extend_from_slice(b);
                            Ok(())
                        })
                        .unwrap();
                    assert_eq!(streamed, bytes, "{name}{path} streamed");
                    files += 1;
                }
                Some((cid, TargetKind::Directory)) => stack.push((cid, path)),
                other => panic!("{name}{path}: {other:?}"),
            }
        }
    }
    assert_eq!(files, expect_entries, "{name}");
}

#[test]
fn directories_resolve_every_path() {
    check_directory_paths("subdir-with-two-single-block-files.car", 2);
    check_directory_paths("subdir-with-mixed-block-files.car", 3);
}

#[test]
fn a_file_stored_once_under_two_names_reads_under_both() {
    let Some((roots, store)) = load("dir-with-files.car") else {
        return;
    };
    let get = |cid: &Cid| store.get(cid).cloned().ok_or_else(|| Error::MissingBlock(cid.to_string()));
    let entries = list_directory(roots[0], Caps::default(), get).unwrap();
    let mut by_cid: BTreeMap<Cid, Vec<String>> = BTreeMap::new();
    for e in &entries {
        by_cid.entry(e.cid).or_default().push(e.name.clone());
    }
    assert!(by_cid.values().any(|names| names.len() == 2), "{entries:?}");
    check_directory_paths("dir-with-files.car", count_files(&store, roots[0]));
}

fn count_files(store: &Store, root: Cid) -> usize {
    let get = |cid: &Cid| store.get(cid).cloned().ok_or_else(|| Error::MissingBlock(cid.to_string()));
    list_directory(root, Caps::default(), get)
        .unwrap()
        .into_iter()
        .map(|e| match list_directory(e.cid, Caps::default(), get) {
            Ok(_) => count_files(store, e.cid),
            Err(_) => 1,
        })
        .sum()
}

#[test]
fn hamt_entries_resolve_through_name_hashes() {
    let Some((roots, store)) = load("single-layer-hamt-with-multi-block-files.car") else {
        return;
    };
    let get = |cid: &Cid| store.get(cid).cloned().ok_or_else(|| Error::MissingBlock(cid.to_string()));
    let entries = list_directory(roots[0], Caps::default(), get).unwrap();
    assert!(entries.len() > 1);
    check_directory_paths("single-layer-hamt-with-multi-block-files.car", entries.len());
    let missing = walk(&store, roots[0], Selector::path("no-such-entry"));
    assert_eq!(missing.err(), Some(Error::PathNotFound("no-such-entry".into())));
}

#[test]
fn entity_scope_of_a_hamt_reads_only_shards() {
    let Some((roots, store)) = load("single-layer-hamt-with-multi-block-files.car") else {
        return;
    };
    fn shards(store: &Store, cid: &Cid) -> u64 {
        let node = PbNode::decode(&store[cid]).unwrap();
        1 + node
            .links
            .iter()
            .filter(|l| l.name.as_deref().map(str::len) == Some(2))
            .map(|l| shards(store, &l.hash))
            .sum::<u64>()
    }
    let subshards = shards(&store, &roots[0]) - 1;
    assert!(subshards > 0);
    let (bytes, entity) = walk(&store, roots[0], Selector { scope: DagScope::Entity, ..Selector::default() }).unwrap();
    assert_eq!(entity.blocks_visited(), 1 + subshards, "the root shard and its sub-shards, no file blocks");
    assert!(bytes.is_empty());
    let (_, all) = walk(&store, roots[0], Selector::default()).unwrap();
    assert!(all.blocks_visited() > entity.blocks_visited());
    let (_, block) = walk(&store, roots[0], Selector { scope: DagScope::Block, ..Selector::default() }).unwrap();
    assert_eq!(block.blocks_visited(), 1);
}

#[test]
fn missing_block_car_fails_with_missing_block_after_the_first_leaf() {
    let Some(dir) = fixtures() else { return };
    let car = std::fs::read(dir.join("gateway-conformance/file-3k-and-3-blocks-missing-block.car")).unwrap();
    let (roots, blocks) = read_car(&car).unwrap();
    assert_eq!(blocks.len(), 3);
    let mut out = Vec::new();
    let mut verifier = CarVerifier::new(roots[0], Selector::default(), Caps::default());
    verifier
        .push::<Error>(&car, |b| {
            out.extend_from_slice(b);
            Ok(())
        })
        .unwrap();
    let err = verifier.finish::<Error>(|_| Ok(())).unwrap_err();
    assert_eq!(err.code(), "missing-block");
    assert_eq!(out.len(), 1024, "the first 1 KiB leaf is verified and emitted");
}

#[test]
fn dag_pb_fixtures_round_trip_byte_for_byte() {
    let Some(dir) = fixtures() else { return };
    let mut cases = 0;
    for case in std::fs::read_dir(dir.join("codec-fixtures/dag-pb")).unwrap() {
        for file in std::fs::read_dir(case.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            let cid = parse_cid(path.file_stem().unwrap().to_str().unwrap()).unwrap();
            proofmark_core::cid::verify_block(&cid, &bytes).unwrap();
            let node = PbNode::decode(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert_eq!(node.encode(), bytes, "{}", path.display());
            cases += 1;
        }
    }
    assert!(cases >= 15, "found {cases} dag-pb fixtures");
}

#[test]
fn negative_dag_pb_fixtures_are_all_rejected() {
    let Some(dir) = fixtures() else { return };
    let text = std::fs::read_to_string(dir.join("codec-fixtures/negative/dag-pb-decode-edges.json")).unwrap();
    let cases: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    assert!(cases.len() >= 9);
    for case in cases {
        let hex = case["hex"].as_str().unwrap();
        let bytes: Vec<u8> =
            (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect();
        let err = PbNode::decode(&bytes).expect_err(case["name"].as_str().unwrap());
        assert_eq!(err.code(), "invalid-dag-pb", "{}: {err}", case["name"]);
    }
}
