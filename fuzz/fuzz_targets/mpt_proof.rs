//! `mpt_proof`: Merkle-Patricia proof verification never panics and never proves two
//! values for one slot.
//!
//! The first input byte picks a mode:
//! - even: mutations of a genuine storage proof (from a trie built once with alloy-trie's
//!   `HashBuilder`): each following triple (node, offset, xor) changes one byte; a proof
//!   with any byte changed proves no value at all, and the genuine one only its own.
//! - odd: the rest is made-up proof nodes (each a 2-byte length then the node) for a slot
//!   named by the last 32 bytes, under the root the first node hashes to (so decoding gets
//!   past the root); whatever value it proves, it proves no other; the same bytes are also
//!   handed to the JSON reader of `eth_getProof` responses.
#![no_main]

use std::sync::OnceLock;

use alloy_primitives::{Address, B256, Bytes, U256, keccak256};
use alloy_trie::proof::ProofRetainer;
use alloy_trie::{EMPTY_ROOT_HASH, HashBuilder, Nibbles};
use libfuzzer_sys::fuzz_target;
use proofmark_core::anchor::mpt::verify_storage;
use proofmark_core::anchor::verify_account_proof;

struct Genuine {
    root: B256,
    slot: B256,
    value: U256,
    proof: Vec<Bytes>,
}

/// A storage trie of 64 slots (values 1..=64), and the proof of slot 17.
fn genuine() -> &'static Genuine {
    static GENUINE: OnceLock<Genuine> = OnceLock::new();
    GENUINE.get_or_init(|| {
        let slots: Vec<B256> = (0..64u64).map(|i| B256::from(U256::from(i))).collect();
        let mut leaves: Vec<(B256, U256)> =
            slots.iter().zip(1u64..).map(|(s, v)| (keccak256(s), U256::from(v))).collect();
        leaves.sort();
        let slot = slots[17];
        let target = Nibbles::unpack(keccak256(slot));
        let mut builder = HashBuilder::default().with_proof_retainer(ProofRetainer::new(vec![target]));
        for (key, value) in &leaves {
            builder.add_leaf(Nibbles::unpack(key), &alloy_rlp::encode(value));
        }
        let root = builder.root();
        let proof = builder.take_proof_nodes().matching_nodes_sorted(&target).into_iter().map(|(_, n)| n).collect();
        Genuine { root, slot, value: U256::from(18u64), proof }
    })
}

fn mutated(data: &[u8]) {
    let g = genuine();
    assert!(verify_storage(g.root, g.slot, g.value, &g.proof).is_ok());
    let mut proof = g.proof.clone();
    for op in data.chunks_exact(3) {
        let node = usize::from(op[0]) % proof.len();
        let mut bytes = proof[node].to_vec();
        let at = usize::from(op[1]) % bytes.len();
        bytes[at] ^= op[2];
        proof[node] = bytes.into();
    }
    let changed = proof != g.proof;
    for value in [g.value, U256::ZERO, U256::from(1u8), g.value + U256::from(1u8)] {
        let ok = verify_storage(g.root, g.slot, value, &proof).is_ok();
        assert_eq!(ok, !changed && value == g.value, "value {value} with changed={changed}");
    }
}

fn made_up(data: &[u8]) {
    if data.len() < 32 {
        return;
    }
    let (nodes, slot) = data.split_at(data.len() - 32);
    let slot = B256::from_slice(slot);
    let mut proof = Vec::new();
    let mut rest = nodes;
    while let [a, b, tail @ ..] = rest {
        let len = usize::from(u16::from_be_bytes([*a, *b])).min(tail.len());
        proof.push(Bytes::copy_from_slice(&tail[..len]));
        rest = &tail[len..];
    }
    let root = proof.first().map_or(EMPTY_ROOT_HASH, keccak256);
    let proven: Vec<U256> = [U256::ZERO, U256::from(1u8), U256::from(0x80u8), U256::MAX]
        .into_iter()
        .filter(|v| verify_storage(root, slot, *v, &proof).is_ok())
        .collect();
    assert!(proven.len() <= 1, "one proof proved {proven:?}");

    let text = String::from_utf8_lossy(data);
    let _ = verify_account_proof(root, Address::ZERO, &text);
}

fuzz_target!(|data: &[u8]| {
    match data.split_first() {
        Some((mode, rest)) if mode % 2 == 0 => mutated(rest),
        Some((_, rest)) => made_up(rest),
        None => {}
    }
});
