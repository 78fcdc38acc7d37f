//! DESIGN §9, CIDs and CARs: every class of bad input gets its specific typed error and
//! leaves the walk where it was.
mod common;

use std::collections::BTreeMap;

use proofmark_core::Error;
use proofmark_core::cid::car::{encode_header, encode_section};
use proofmark_core::cid::dagpb::{PbLink, PbNode};
use proofmark_core::cid::limits::{Caps, MAX_BLOCK_SIZE, MAX_DEPTH, MAX_LINKS};
use proofmark_core::cid::unixfs::{NodeType, UnixFsData};
use proofmark_core::cid::{
    CarVerifier, Cid, Codec, HashFunction, Selector, Traversal, Version, block_cid, parse_cid, read_car, read_cid,
    verify_block,
};

fn raw(data: &[u8]) -> Cid {
    block_cid(Version::V1, Codec::Raw, HashFunction::Sha2_256, data).unwrap()
}

fn pb(node: &PbNode) -> (Cid, Vec<u8>) {
    let bytes = node.encode();
    (block_cid(Version::V1, Codec::DagPb, HashFunction::Sha2_256, &bytes).unwrap(), bytes)
}

fn file_node(children: &[(Cid, u64)], filesize: Option<u64>) -> PbNode {
    let mut data = UnixFsData::file(None, children.iter().map(|c| c.1).collect());
    if filesize.is_some() {
        data.filesize = filesize;
    }
    PbNode {
        links: children
            .iter()
            .map(|(cid, size)| PbLink { hash: *cid, name: Some(String::new()), tsize: Some(*size) })
            .collect(),
        data: Some(data.encode()),
    }
}

/// Walks `root` over `store`, collecting file bytes.
fn walk(store: &BTreeMap<Cid, Vec<u8>>, root: Cid, caps: Caps) -> Result<Vec<u8>, Error> {
    common::walk_store(store, root, Selector::default(), caps).map(|(bytes, _)| bytes)
}

#[test]
fn unknown_codec_and_hash() {
    let dag_cbor = "bafyreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
    assert_eq!(parse_cid(dag_cbor), Err(Error::UnknownCodec(0x71)));
    // sha2-512 (0x13) over 64 bytes
    let mut bytes = vec![1, 0x55, 0x13, 0x40];
    bytes.extend([0u8; 64]);
    assert_eq!(read_cid(&bytes).map(|_| ()), Err(Error::UnknownHash(0x13)));
}

#[test]
fn identity_digest_over_128_bytes() {
    let mut bytes = vec![1, 0x55, 0x00, 0x81, 0x01];
    bytes.extend([1u8; 129]);
    assert_eq!(read_cid(&bytes).map(|_| ()), Err(Error::IdentityDigestTooLong(129)));
}

#[test]
fn digest_length_mismatch() {
    let mut bytes = vec![1, 0x70, 0x1e, 0x10];
    bytes.extend([1u8; 16]);
    assert_eq!(read_cid(&bytes).map(|_| ()), Err(Error::DigestLengthMismatch { expected: 32, actual: 16 }));
}

#[test]
fn block_over_two_mib() {
    let big = vec![0u8; MAX_BLOCK_SIZE as usize + 1];
    let cid = raw(&big);
    assert_eq!(verify_block(&cid, &big), Err(Error::BlockTooLarge { size: MAX_BLOCK_SIZE + 1, limit: MAX_BLOCK_SIZE }));
    let exactly = vec![0u8; MAX_BLOCK_SIZE as usize];
    assert_eq!(verify_block(&raw(&exactly), &exactly), Ok(()));
    let mut car = encode_header(&[cid]);
    encode_section(&cid, &big, &mut car);
    assert_eq!(
        read_car(&car).map(|_| ()),
        Err(Error::BlockTooLarge { size: MAX_BLOCK_SIZE + 1, limit: MAX_BLOCK_SIZE })
    );
}

#[test]
fn block_not_matching_its_cid_changes_nothing() {
    let leaf = b"leaf bytes".to_vec();
    let (root, root_block) = pb(&file_node(&[(raw(&leaf), leaf.len() as u64)], None));
    let mut walk = Traversal::new(root, Selector::default(), Caps::default());
    walk.visit::<Error>(&root_block, |_| Ok(())).unwrap();
    let expected = *walk.next_needed().unwrap();
    let err = walk.visit::<Error>(b"not the leaf", |_| panic!("nothing may be emitted")).unwrap_err();
    assert_eq!(err, Error::BlockMismatch(expected.to_string()));
    assert_eq!(walk.next_needed(), Some(&expected), "a bad block leaves the walk where it was");
    let mut out = Vec::new();
    walk.visit::<Error>(&leaf, |b| {
        out.extend_from_slice(b);
        Ok(())
    })
    .unwrap();
    assert_eq!(out, leaf);
    assert!(walk.is_done());
}

#[test]
fn missing_and_truncated_blocks() {
    let leaf = b"leaf".to_vec();
    let (root, root_block) = pb(&file_node(&[(raw(&leaf), 4)], None));
    let mut car = encode_header(&[root]);
    encode_section(&root, &root_block, &mut car);
    let mut verifier = CarVerifier::new(root, Selector::default(), Caps::default());
    verifier.push::<Error>(&car, |_| Ok(())).unwrap();
    assert_eq!(verifier.finish::<Error>(|_| Ok(())).unwrap_err(), Error::MissingBlock(raw(&leaf).to_string()));

    encode_section(&raw(&leaf), &leaf, &mut car);
    let cut = &car[..car.len() - 2];
    assert_eq!(read_car(cut).map(|_| ()), Err(Error::Truncated("CAR section")));
}

#[test]
fn varint_overflow_and_huge_section_length() {
    let root = raw(b"x");
    let mut car = encode_header(&[root]);
    car.extend([0x80; 9]);
    car.push(0x01);
    assert_eq!(read_car(&car).map(|_| ()), Err(Error::VarintOverflow));
    let mut huge = encode_header(&[root]);
    huge.extend([0xff, 0xff, 0xff, 0xff, 0x0f]);
    assert_eq!(read_car(&huge).map(|_| ()), Err(Error::SectionTooLarge(0xffff_ffff)));
}

#[test]
fn dag_deeper_than_64_levels() {
    let leaf = b"deep".to_vec();
    let mut store = BTreeMap::new();
    let mut cid = raw(&leaf);
    store.insert(cid, leaf.clone());
    for _ in 0..=MAX_DEPTH {
        let (parent, block) = pb(&file_node(&[(cid, 4)], None));
        store.insert(parent, block);
        cid = parent;
    }
    assert_eq!(walk(&store, cid, Caps::default()), Err(Error::DepthExceeded(MAX_DEPTH)));
    // One level less is fine.
    let (_, block) = store.iter().find(|(c, _)| **c == cid).map(|(c, b)| (*c, b.clone())).unwrap();
    let inner = PbNode::decode(&block).unwrap().links[0].hash;
    assert_eq!(walk(&store, inner, Caps::default()), Ok(leaf));
}

#[test]
fn fan_out_over_1024_links() {
    let leaf = b"x".to_vec();
    let children = vec![(raw(&leaf), 1u64); MAX_LINKS + 1];
    let (root, block) = pb(&file_node(&children, None));
    let store = BTreeMap::from([(root, block), (raw(&leaf), leaf.clone())]);
    assert_eq!(
        walk(&store, root, Caps::default()),
        Err(Error::FanoutExceeded { links: MAX_LINKS + 1, limit: MAX_LINKS })
    );
    let (ok_root, ok_block) = pb(&file_node(&children[..MAX_LINKS], None));
    let store = BTreeMap::from([(ok_root, ok_block), (raw(&leaf), leaf)]);
    assert_eq!(walk(&store, ok_root, Caps::default()).map(|b| b.len()), Ok(MAX_LINKS));
}

#[test]
fn hamt_fan_out_over_1024() {
    let shard = UnixFsData {
        node_type: NodeType::HamtShard,
        data: Some(vec![0]),
        filesize: None,
        blocksizes: vec![],
        hash_type: Some(0x22),
        fanout: Some(2048),
    };
    let (root, block) = pb(&PbNode { links: vec![], data: Some(shard.encode()) });
    let store = BTreeMap::from([(root, block)]);
    let mut walk = Traversal::new(root, Selector::path("a.png"), Caps::default());
    let err = walk.visit::<Error>(&store[&root], |_| Ok(())).unwrap_err();
    assert_eq!(err, Error::FanoutExceeded { links: 2048, limit: MAX_LINKS });
}

#[test]
fn unixfs_sizes_inconsistent_with_leaves() {
    let leaf = b"nine byte".to_vec();
    // The parent claims 10 bytes under a 9-byte leaf.
    let (root, block) = pb(&file_node(&[(raw(&leaf), 10)], None));
    let store = BTreeMap::from([(root, block), (raw(&leaf), leaf.clone())]);
    assert!(matches!(walk(&store, root, Caps::default()), Err(Error::UnixFsSizeMismatch(_))));
    // filesize disagreeing with blocksizes.
    let (root, block) = pb(&file_node(&[(raw(&leaf), 9)], Some(99)));
    let store = BTreeMap::from([(root, block), (raw(&leaf), leaf.clone())]);
    assert!(matches!(walk(&store, root, Caps::default()), Err(Error::UnixFsSizeMismatch(_))));
    // blocksizes count differing from links.
    let mut node = file_node(&[(raw(&leaf), 9)], None);
    node.links.push(PbLink { hash: raw(&leaf), name: Some(String::new()), tsize: Some(9) });
    let (root, block) = pb(&node);
    let store = BTreeMap::from([(root, block), (raw(&leaf), leaf)]);
    assert_eq!(
        walk(&store, root, Caps::default()),
        Err(Error::UnixFsSizeMismatch("blocksizes and links differ in count"))
    );
}

#[test]
fn caller_caps_on_bytes_and_blocks() {
    let leaf = vec![7u8; 100];
    let (root, block) = pb(&file_node(&[(raw(&leaf), 100), (raw(&leaf), 100)], None));
    let store = BTreeMap::from([(root, block), (raw(&leaf), leaf)]);
    let bytes = Caps { max_bytes: Some(150), max_blocks: None };
    assert_eq!(walk(&store, root, bytes), Err(Error::CapExceeded { what: "bytes", limit: 150 }));
    let blocks = Caps { max_bytes: None, max_blocks: Some(2) };
    assert_eq!(walk(&store, root, blocks), Err(Error::CapExceeded { what: "blocks", limit: 2 }));
    assert_eq!(walk(&store, root, Caps { max_bytes: Some(200), max_blocks: Some(3) }).map(|b| b.len()), Ok(200));
}

#[test]
fn dag_pb_link_without_hash_and_duplicate_fields() {
    assert_eq!(PbNode::decode(&[0x12, 0x00]), Err(Error::InvalidDagPb("link has no Hash")));
    assert_eq!(PbNode::decode(&[0x12, 0x02, 0x18, 0x01]), Err(Error::InvalidDagPb("link has no Hash")));
    let cid = raw(b"x").to_bytes();
    let mut link = vec![0x0a, cid.len() as u8];
    link.extend(&cid);
    link.extend([0x12, 0x00, 0x12, 0x00]);
    let mut node = vec![0x12, link.len() as u8];
    node.extend(link);
    assert_eq!(PbNode::decode(&node), Err(Error::InvalidDagPb("duplicate or out-of-order PBLink Name")));
}

/// Regression (found by the unixfs_walk fuzzer): a file node declaring block sizes but
/// no links was walked as an empty file and reported verified.
#[test]
fn file_node_with_sizes_but_no_links_is_inconsistent() {
    let data = UnixFsData {
        node_type: NodeType::File,
        data: None,
        filesize: Some(5),
        blocksizes: vec![5],
        hash_type: None,
        fanout: None,
    };
    let (root, block) = pb(&PbNode { links: vec![], data: Some(data.encode()) });
    let store = BTreeMap::from([(root, block)]);
    assert_eq!(
        walk(&store, root, Caps::default()),
        Err(Error::UnixFsSizeMismatch("blocksizes and links differ in count"))
    );
}

/// Regression (found reading list_directory for the fuzzer): shards that link to the
/// next shard twice, 40 deep, asked for 2^40 fetches.
#[test]
fn hamt_listing_fetches_each_shard_once_and_within_caps() {
    let shard = |links: Vec<PbLink>| {
        let data = UnixFsData {
            node_type: NodeType::HamtShard,
            data: Some(vec![3]),
            filesize: None,
            blocksizes: vec![],
            hash_type: Some(0x22),
            fanout: Some(256),
        };
        pb(&PbNode { links, data: Some(data.encode()) })
    };
    let mut store = BTreeMap::new();
    let (mut cid, block) = shard(vec![PbLink { hash: raw(b"f"), name: Some("00f".into()), tsize: Some(1) }]);
    store.insert(cid, block);
    for _ in 0..40 {
        let links = vec![
            PbLink { hash: cid, name: Some("00".into()), tsize: Some(1) },
            PbLink { hash: cid, name: Some("01".into()), tsize: Some(1) },
        ];
        let (parent, block) = shard(links);
        store.insert(parent, block);
        cid = parent;
    }
    let mut fetches = 0;
    let get = |c: &Cid| {
        fetches += 1;
        store.get(c).cloned().ok_or_else(|| Error::MissingBlock(c.to_string()))
    };
    let entries = proofmark_core::cid::list_directory(cid, Caps::default(), get).unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(fetches, 41);
    let capped = proofmark_core::cid::list_directory(cid, Caps { max_bytes: None, max_blocks: Some(10) }, |c| {
        store.get(c).cloned().ok_or_else(|| Error::MissingBlock(c.to_string()))
    });
    assert_eq!(capped, Err(Error::CapExceeded { what: "blocks", limit: 10 }));
}
