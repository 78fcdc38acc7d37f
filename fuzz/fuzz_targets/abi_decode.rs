//! `abi_decode`: decoding `recordOf` return data, revert data and `Anchored` logs never
//! panics, and whatever decodes re-encodes to data that decodes to the same value.
//!
//! The input is read three ways: whole, as return data and as revert data; and as a log
//! whose first byte gives the topic count (at most 4, 32 bytes each, after a flag byte
//! for `removed` and an address-selector byte) and whose rest is the log data. A log's
//! topic0 is forced to `Anchored`'s signature hash when the selector byte is even, so the
//! decoder gets past the topic check.
#![no_main]

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::{SolCall, SolEvent, SolInterface};
use libfuzzer_sys::fuzz_target;
use proofmark_core::Error;
use proofmark_core::anchor::abi::IProvenanceRegistry;
use proofmark_core::anchor::{RawLog, decode_anchored, decode_record_of, decode_revert};

const REGISTRY: Address = Address::new([0x11; 20]);

fuzz_target!(|data: &[u8]| {
    if let Ok(record) = decode_record_of(data) {
        let again = IProvenanceRegistry::recordOfCall::abi_encode_returns(&IProvenanceRegistry::recordOfReturn {
            creator: record.creator,
            blockNumber: record.block,
            root: record.root,
            modelTag: record.model_tag,
            parentKey: record.parent_key.unwrap_or_default(),
            price: record.price,
            royaltyBps: record.royalty_bps,
        });
        assert_eq!(decode_record_of(&again).as_ref(), Ok(&record), "recordOf re-encoding differs");
    }
    if let Ok(error) = decode_revert(data) {
        assert_eq!(decode_revert(&error.abi_encode()).as_ref(), Ok(&error), "revert re-encoding differs");
    }

    let [count, flags, rest @ ..] = data else { return };
    let count = usize::from(count % 5);
    if rest.len() < count * 32 {
        return;
    }
    let (topic_bytes, log_data) = rest.split_at(count * 32);
    let mut topics: Vec<B256> = topic_bytes.chunks_exact(32).map(B256::from_slice).collect();
    if flags & 2 == 0 {
        if let Some(first) = topics.first_mut() {
            *first = IProvenanceRegistry::Anchored::SIGNATURE_HASH;
        }
    }
    let address = if flags & 4 == 0 { REGISTRY } else { Address::new([0x22; 20]) };
    let log = RawLog { address, topics: &topics, data: log_data, removed: flags & 1 == 1 };
    match decode_anchored(REGISTRY, &log) {
        Ok(event) => {
            assert!(!log.removed && address == REGISTRY);
            let again = IProvenanceRegistry::Anchored {
                key: event.key,
                creator: event.creator,
                cidHash: event.cid_hash,
                proof: event.proof,
                root: event.root(),
                modelTag: event.model_tag(),
                parentKey: event.parent_key.unwrap_or_default(),
                cid: event.cid.clone(),
                uri: event.uri.clone(),
            }
            .encode_log_data();
            let raw = RawLog { address, topics: again.topics(), data: &again.data, removed: false };
            assert_eq!(decode_anchored(REGISTRY, &raw).as_ref(), Ok(&event), "log re-encoding differs");
            assert!(event.public_inputs[4] <= U256::from_be_slice(&[0xff; 20]));
        }
        Err(Error::RemovedLog) => assert!(log.removed),
        Err(Error::LogFromOtherAddress { .. }) => assert_ne!(address, REGISTRY),
        Err(_) => {}
    }
});
