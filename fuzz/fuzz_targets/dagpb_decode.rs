//! `dagpb_decode`: the strict dag-pb and UnixFS decoders never panic, and what they
//! accept re-encodes faithfully.
//!
//! - `PbNode::decode`: on success, `encode()` is `encoded_len()` bytes long and decodes
//!   back to the same node. The strict decoder pins field order, so the only slack it
//!   allows is non-minimal protobuf varints, which only add bytes: the canonical
//!   encoding is never longer than the input, and when it is as long it *is* the input.
//! - `UnixFsData::decode`, on the input and on a decoded node's `Data`: on success,
//!   `encode()` decodes back to the same message (mode and mtime are not kept), and the
//!   HAMT label helpers return a value or an error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use proofmark_core::cid::dagpb::PbNode;
use proofmark_core::cid::hamt;
use proofmark_core::cid::unixfs::UnixFsData;

fn check_unixfs(bytes: &[u8]) {
    let Ok(data) = UnixFsData::decode(bytes) else {
        return;
    };
    assert_eq!(UnixFsData::decode(&data.encode()).as_ref(), Ok(&data), "UnixFS re-encoding differs");
    if let Ok(width) = hamt::label_width(&data) {
        for level in 0..20 {
            match hamt::label_for(&data, b"name", level) {
                Ok(label) => assert_eq!(label.len(), width, "HAMT label of the wrong width"),
                Err(_) => break,
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(node) = PbNode::decode(data) {
        let encoded = node.encode();
        assert_eq!(encoded.len(), node.encoded_len(), "encoded_len disagrees with encode");
        assert_eq!(PbNode::decode(&encoded).as_ref(), Ok(&node), "decode(encode(node)) != node");
        assert!(encoded.len() <= data.len(), "canonical form longer than the input");
        if encoded.len() == data.len() {
            assert_eq!(encoded, data, "same-length re-encoding differs from a canonical input");
        }
        if let Some(inner) = &node.data {
            check_unixfs(inner);
        }
    }
    check_unixfs(data);
});
