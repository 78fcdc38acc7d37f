//! Property tests: round trips and slicing independence.
use proptest::prelude::*;

use proofmark_core::Error;
use proofmark_core::cid::car::{encode_header, encode_section};
use proofmark_core::cid::dagpb::{PbLink, PbNode};
use proofmark_core::cid::limits::Caps;
use proofmark_core::cid::{
    CarVerifier, Cid, Codec, FileImporter, HashFunction, ImportParams, Selector, Version, block_cid, parse_cid,
    read_car, read_cid,
};

fn any_cid() -> impl Strategy<Value = Cid> {
    (
        prop_oneof![Just(Codec::Raw), Just(Codec::DagPb)],
        prop_oneof![Just(HashFunction::Sha2_256), Just(HashFunction::Blake3), Just(HashFunction::Identity)],
        proptest::collection::vec(any::<u8>(), 0..160),
        any::<bool>(),
    )
        .prop_map(|(codec, hash, mut data, v0)| {
            if hash == HashFunction::Identity {
                data.truncate(128);
            }
            let version =
                if v0 && codec == Codec::DagPb && hash == HashFunction::Sha2_256 { Version::V0 } else { Version::V1 };
            block_cid(version, codec, hash, &data).unwrap()
        })
}

fn any_params() -> impl Strategy<Value = ImportParams> {
    (1usize..600, 2usize..6, any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(chunk, links, raw, v0, blake)| {
        let version = if v0 { Version::V0 } else { Version::V1 };
        let hash = if blake && !v0 { HashFunction::Blake3 } else { HashFunction::Sha2_256 };
        ImportParams { chunk_size: chunk, max_links: links, raw_leaves: raw, version, hash }
    })
}

/// Splits `data` at the given cut points (taken modulo its length).
fn slices(data: &[u8], cuts: &[usize]) -> Vec<Vec<u8>> {
    let mut points: Vec<usize> = cuts.iter().map(|c| if data.is_empty() { 0 } else { c % data.len() }).collect();
    points.push(0);
    points.push(data.len());
    points.sort_unstable();
    points.windows(2).map(|w| data[w[0]..w[1]].to_vec()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn cid_string_and_bytes_round_trip(cid in any_cid()) {
        prop_assert_eq!(parse_cid(&cid.to_string())?, cid);
        let bytes = cid.to_bytes();
        prop_assert_eq!(read_cid(&bytes)?, (cid, bytes.len()));
    }

    #[test]
    fn dag_pb_round_trips(
        links in proptest::collection::vec((any_cid(), proptest::option::of("[a-z0-9._-]{0,12}"), proptest::option::of(any::<u64>())), 0..6),
        data in proptest::option::of(proptest::collection::vec(any::<u8>(), 0..64)),
    ) {
        let node = PbNode { links: links.into_iter().map(|(hash, name, tsize)| PbLink { hash, name, tsize }).collect(), data };
        let bytes = node.encode();
        prop_assert_eq!(bytes.len(), node.encoded_len());
        let decoded = PbNode::decode(&bytes)?;
        prop_assert_eq!(decoded.encode(), bytes);
        prop_assert_eq!(decoded, node);
    }

    #[test]
    fn streaming_in_random_slices_equals_one_shot(
        params in any_params(),
        data in proptest::collection::vec(any::<u8>(), 0..5000),
        cuts in proptest::collection::vec(any::<usize>(), 0..12),
    ) {
        let mut one = FileImporter::new(params, true)?;
        one.update(&data)?;
        let one = one.finish()?;
        let mut sliced = FileImporter::new(params, true)?;
        for piece in slices(&data, &cuts) {
            sliced.update(&piece)?;
        }
        let sliced = sliced.finish()?;
        prop_assert_eq!(&one, &sliced);
        prop_assert_eq!(one.size, data.len() as u64);
    }

    #[test]
    fn car_write_then_read_verifies_and_returns_the_bytes(
        params in any_params(),
        data in proptest::collection::vec(any::<u8>(), 0..4000),
        cuts in proptest::collection::vec(any::<usize>(), 0..8),
    ) {
        let mut importer = FileImporter::new(params, true)?;
        importer.update(&data)?;
        let dag = importer.finish()?;
        let car = write_car(&params, &dag, &data);
        let (roots, blocks) = read_car(&car)?;
        prop_assert_eq!(roots, vec![dag.root]);
        prop_assert_eq!(blocks[0].0, dag.root);
        let mut verifier = CarVerifier::new(dag.root, Selector::default(), Caps::default()).with_reorder_buffer(0);
        let mut out = Vec::new();
        for piece in slices(&car, &cuts) {
            verifier.push::<Error>(&piece, |b| { out.extend_from_slice(b); Ok(()) })?;
            // Bound by the root block, so known by the time any byte went out.
            if !out.is_empty() {
                prop_assert_eq!(verifier.declared_size(), Some(data.len() as u64));
            }
        }
        prop_assert_eq!(verifier.declared_size(), Some(data.len() as u64));
        verifier.finish::<Error>(|b| { out.extend_from_slice(b); Ok(()) })?;
        prop_assert_eq!(out, data);
    }
}

/// The CAR of an in-memory file, in the plan's DFS order (strict order: no reordering
/// buffer is allowed when reading it back).
fn write_car(params: &ImportParams, dag: &proofmark_core::cid::FileDag, data: &[u8]) -> Vec<u8> {
    use proofmark_core::cid::builder::leaf_kind;
    use proofmark_core::cid::{CarPart, CarPlan, leaf_block};
    let mut car = encode_header(&[dag.root]);
    let mut chunks: Vec<&[u8]> = data.chunks(params.chunk_size).collect();
    if chunks.is_empty() {
        chunks.push(&[]);
    }
    let mut next = chunks.into_iter();
    let (version, codec) = leaf_kind(params);
    for part in CarPlan::new(dag) {
        match part {
            CarPart::Inner(cid, block) => encode_section(cid, block, &mut car),
            CarPart::Leaf(cid) => {
                let block = leaf_block(params, next.next().unwrap());
                assert_eq!(block_cid(version, codec, params.hash, &block).unwrap(), cid);
                encode_section(&cid, &block, &mut car);
            }
        }
    }
    assert!(next.next().is_none());
    car
}
