//! core::anchor: headers (a mainnet known answer), `eth_getProof` account and storage
//! proofs over real tries, the registry's storage layout, proven reads in rounds, ABI
//! decoding, and every chain class of DESIGN §9 with its specific error (wrong chain id is
//! the CLI's).
mod anchor_common;

use alloy_primitives::{Address, B256, Bytes, U256, keccak256};
use alloy_sol_types::{SolCall, SolError, SolEvent};
use anchor_common::*;
use proofmark_core::Error;
use proofmark_core::anchor::abi::IProvenanceRegistry;
use proofmark_core::anchor::layout::{
    credits_slot, license_slot, mapping_slot, record_slots, root_at_slot, root_state_slot, slot_word,
};
use proofmark_core::anchor::record::{decode_license, decode_record_words, decode_root_state};
use proofmark_core::anchor::{
    CallOutcome, Header, ProvenQuery, ProvenRead, RawLog, RegistryError, decode_anchored, decode_record_of,
    decode_revert, first_round_slots, read_proven, verify_account_proof, verify_header,
};
use serde_json::Value;

fn b256(text: &str) -> B256 {
    text.parse().unwrap()
}

// ---------------------------------------------------------------------------------------
// Headers

#[test]
fn mainnet_prague_header_hashes_to_its_known_hash() {
    let header = verify_header(MAINNET_HEADER, b256(MAINNET_HASH)).unwrap();
    assert_eq!(header.number, 24_630_100);
    assert_eq!(header.timestamp, 0x69b0_9d6b);
    assert_eq!(header.state_root, b256("0x41ebb402f36d0ce15799e98d1aca83bbb5d4b08d1b6572e73b388e4ece192916"));
    assert_eq!(header.base_fee_per_gas, Some(0x246edf3));
    assert!(header.requests_hash.is_some());
    assert_eq!(header.hash(), b256(MAINNET_HASH));
}

#[test]
fn header_not_hashing_to_the_trusted_hash_is_untrusted_header() {
    let other = word("another block");
    assert_eq!(
        verify_header(MAINNET_HEADER, other),
        Err(Error::UntrustedHeader { trusted: other, computed: b256(MAINNET_HASH) })
    );
    // A lying RPC swapping the state root (and dropping the hash field that would betray it).
    let (json, _) = header_with_state_root(word("forged state"));
    assert!(matches!(verify_header(&json, b256(MAINNET_HASH)), Err(Error::UntrustedHeader { .. })));
}

#[test]
fn header_whose_hash_field_disagrees_is_header_hash_mismatch() {
    let json = MAINNET_HEADER.replace("\"gasUsed\": \"0x1a4ed69\"", "\"gasUsed\": \"0x1a4ed6a\"");
    assert!(matches!(
        Header::from_json(&json),
        Err(Error::HeaderHashMismatch { claimed, .. }) if claimed == b256(MAINNET_HASH)
    ));
}

fn header_edit(edit: impl FnOnce(&mut serde_json::Map<String, Value>)) -> String {
    let mut value: Value = serde_json::from_str(MAINNET_HEADER).unwrap();
    let object = value.as_object_mut().unwrap();
    object.remove("hash");
    edit(object);
    value.to_string()
}

#[test]
fn header_hex_is_strict() {
    let cases: [(&str, Value); 9] = [
        ("number", "0x0177d354".into()),
        ("number", "177d354".into()),
        ("number", "0x".into()),
        ("number", "0x177g354".into()),
        ("number", 24_630_100.into()),
        ("gasLimit", "0x10000000000000000".into()),
        ("stateRoot", "0x41ebb4".into()),
        ("extraData", "0x123".into()),
        ("nonce", "0x00000000000000".into()),
    ];
    for (field, value) in cases {
        let json = header_edit(|object| {
            object.insert(field.into(), value.clone());
        });
        assert!(matches!(Header::from_json(&json), Err(Error::InvalidRpcValue(_))), "{field} = {value}");
    }
    let json = header_edit(|object| {
        object.remove("stateRoot");
    });
    assert!(matches!(Header::from_json(&json), Err(Error::InvalidRpcValue(_))));
    assert!(matches!(Header::from_json("[1]"), Err(Error::InvalidRpcValue(_))));
    assert!(matches!(Header::from_json("{"), Err(Error::InvalidRpcValue(_))));
}

#[test]
fn fork_fields_are_a_prefix_in_consensus_order() {
    // A later field without an earlier one: no consensus header looks like that.
    for missing in ["baseFeePerGas", "withdrawalsRoot", "blobGasUsed", "excessBlobGas", "parentBeaconBlockRoot"] {
        let json = header_edit(|object| {
            object.remove(missing);
        });
        assert!(matches!(Header::from_json(&json), Err(Error::InvalidRpcValue(_))), "without {missing}");
    }
    // Dropping fields from the end gives older header shapes, each encoded one field shorter.
    let mut previous = Header::from_json(MAINNET_HEADER).unwrap().rlp().len();
    let order =
        ["requestsHash", "parentBeaconBlockRoot", "excessBlobGas", "blobGasUsed", "withdrawalsRoot", "baseFeePerGas"];
    for end in 1..=order.len() {
        let json = header_edit(|object| {
            for field in &order[..end] {
                object.remove(*field);
            }
        });
        let header = Header::from_json(&json).unwrap();
        let len = header.rlp().len();
        assert!(len < previous, "dropping {} shortens the encoding", order[end - 1]);
        assert_ne!(header.hash(), b256(MAINNET_HASH));
        previous = len;
    }
    // `null` is absent, as some nodes spell it.
    let json = header_edit(|object| {
        object.insert("requestsHash".into(), Value::Null);
    });
    assert_eq!(Header::from_json(&json).unwrap().requests_hash, None);
}

// ---------------------------------------------------------------------------------------
// Storage layout

#[test]
fn layout_slots_follow_solidity_mapping_rules() {
    // keccak256(uint256(0) ‖ uint256(0)), the well-known slot of mapping key 0 at slot 0.
    let zero = mapping_slot(B256::ZERO, slot_word(0));
    assert_eq!(zero, b256("0xad3228b676f7d3cd4284a5443f17f1962b36e491b30a40b2405849e597ba5fb5"));
    assert_eq!(record_slots(B256::ZERO)[0], zero);
    let base = U256::from_be_bytes(zero.0);
    for (i, slot) in record_slots(B256::ZERO).iter().enumerate() {
        assert_eq!(U256::from_be_bytes(slot.0), base + U256::from(i));
    }
    let mut preimage = [0u8; 64];
    preimage[28..32].copy_from_slice(&7u32.to_be_bytes());
    preimage[63] = 2;
    assert_eq!(root_at_slot(7), keccak256(preimage));
    let root = word("root");
    assert_eq!(root_state_slot(root), keccak256([root.as_slice(), &slot_word(1)[..]].concat()));
    let (key, holder) = (word("key"), addr("holder"));
    let inner = keccak256([key.as_slice(), &slot_word(3)[..]].concat());
    assert_eq!(license_slot(key, holder), keccak256([&holder.into_word()[..], inner.as_slice()].concat()));
    assert_eq!(credits_slot(holder), keccak256([&holder.into_word()[..], &slot_word(4)[..]].concat()));
}

#[test]
fn record_words_decode_and_refuse_what_the_contract_cannot_write() {
    let record = Anchoring::sample("asset");
    let words = [
        record.head(),
        U256::from_be_bytes(record.model_tag.0),
        U256::from_be_bytes(record.parent_key.0),
        record.terms(),
    ];
    let decoded = decode_record_words(words).unwrap().unwrap();
    assert_eq!(decoded.creator, record.creator);
    assert_eq!(decoded.block, record.block);
    assert_eq!(decoded.root_index, record.root_index);
    assert_eq!(decoded.model_tag, record.model_tag);
    assert_eq!(decoded.parent_key, Some(record.parent_key));
    assert_eq!(decoded.price, record.price);
    assert_eq!(decoded.royalty_bps, record.royalty_bps);
    assert_eq!(decode_record_words([U256::ZERO; 4]), Ok(None));

    let bad = |words: [U256; 4]| matches!(decode_record_words(words), Err(Error::InconsistentRecord(_)));
    assert!(bad([U256::ZERO, words[1], U256::ZERO, U256::ZERO]), "words without a head");
    assert!(bad([words[0], words[1], words[2], words[3] | (U256::from(1u8) << 144)]), "bits above the terms");
    assert!(bad([words[0], words[1], words[2], U256::from(10_001u64) << 128]), "royalty above 100 %");
    assert!(bad([words[0], words[1], U256::ZERO, words[3]]), "royalty without a parent");
    assert!(bad([words[0] & ((U256::from(1u8) << 224) - U256::from(1u8)), words[1], words[2], words[3]]), "index 0");
    assert!(bad([words[0] >> 160 << 160, words[1], words[2], words[3]]), "no creator");

    let state = U256::from(3u8) | (U256::from(900u64) << 32);
    assert_eq!(decode_root_state(state).unwrap().unwrap().index, 3);
    assert_eq!(decode_root_state(U256::ZERO), Ok(None));
    assert!(matches!(decode_root_state(state | (U256::from(1u8) << 160)), Err(Error::InconsistentRecord(_))));
    assert!(matches!(decode_root_state(state | (U256::from(899u64) << 96)), Err(Error::InconsistentRecord(_))));
    assert_eq!(decode_license(U256::from(1u8)), Ok(true));
    assert_eq!(decode_license(U256::ZERO), Ok(false));
    assert!(matches!(decode_license(U256::from(2u8)), Err(Error::InconsistentRecord(_))));
}

// ---------------------------------------------------------------------------------------
// eth_getProof

#[test]
fn account_and_storage_proofs_verify_and_prove_absent_slots_zero() {
    let (chain, record, _) = anchored_chain();
    let mut slots = record_slots(record.key).to_vec();
    slots.push(word("never written"));
    let (state_root, response) = chain.get_proof(&slots);
    let account = verify_account_proof(state_root, chain.registry, &response.to_string()).unwrap();
    assert_eq!(account.nonce, 1);
    assert_eq!(account.slot(slots[0]), Ok(record.head()));
    assert_eq!(account.slot(slots[3]), Ok(record.terms()));
    assert_eq!(account.slot(slots[4]), Ok(U256::ZERO));
    assert_eq!(account.slot(word("not asked")), Err(Error::SlotNotProven(word("not asked"))));

    // An account with empty storage: empty proofs, every slot zero.
    let mut empty = Chain::new();
    empty.storage.clear();
    let (state_root, response) = empty.get_proof(&slots);
    let account = verify_account_proof(state_root, empty.registry, &response.to_string()).unwrap();
    assert_eq!(account.storage_root, alloy_trie::EMPTY_ROOT_HASH);
    assert!(account.storage.iter().all(|(_, value)| value.is_zero()));

    // Keys as quantities (alloy-based nodes echo a key asked as a number that way).
    let (state_root, mut response) = chain.get_proof(&[B256::from(U256::from(5u8))]);
    response["storageProof"][0]["key"] = "0x5".into();
    let account = verify_account_proof(state_root, chain.registry, &response.to_string()).unwrap();
    assert_eq!(account.slot(B256::from(U256::from(5u8))), Ok(U256::from(1u8)));
}

fn with_response(edit: impl FnOnce(&mut Value)) -> Result<(), Error> {
    let (chain, record, _) = anchored_chain();
    let (state_root, mut response) = chain.get_proof(&record_slots(record.key));
    edit(&mut response);
    verify_account_proof(state_root, chain.registry, &response.to_string()).map(|_| ())
}

fn flip_node(response: &mut Value, pointer: &str) {
    let node = response.pointer_mut(pointer).unwrap();
    let mut text = node.as_str().unwrap().to_string();
    // Flip the last hex digit of the node.
    let last = text.pop().unwrap();
    text.push(if last == '0' { '1' } else { '0' });
    *node = text.into();
}

#[test]
fn mutated_proof_nodes_are_typed_errors() {
    for i in 0..3 {
        let result = with_response(|r| flip_node(r, &format!("/accountProof/{i}")));
        assert!(matches!(result, Err(Error::AccountProofInvalid(_))), "account node {i}: {result:?}");
    }
    for i in 0..3 {
        let result = with_response(|r| flip_node(r, &format!("/storageProof/0/proof/{i}")));
        assert!(matches!(result, Err(Error::StorageProofInvalid { .. })), "storage node {i}: {result:?}");
    }
    let dropped = with_response(|r| {
        r["storageProof"][1]["proof"].as_array_mut().unwrap().pop();
    });
    assert!(matches!(dropped, Err(Error::StorageProofInvalid { .. })), "truncated proof: {dropped:?}");
}

#[test]
fn stated_values_other_than_the_proven_ones_are_typed_errors() {
    let value = with_response(|r| r["storageProof"][3]["value"] = "0x1".into());
    assert!(matches!(value, Err(Error::StorageProofInvalid { .. })));
    let zeroed = with_response(|r| r["storageProof"][0]["value"] = "0x0".into());
    assert!(matches!(zeroed, Err(Error::StorageProofInvalid { .. })));
    let balance = with_response(|r| r["balance"] = "0x1".into());
    assert!(matches!(balance, Err(Error::AccountProofInvalid(_))));
    let storage_hash = with_response(|r| r["storageHash"] = hex(word("other storage").as_slice()).into());
    assert!(matches!(storage_hash, Err(Error::AccountProofInvalid(_))));
    let address = with_response(|r| r["address"] = hex(addr("elsewhere").as_slice()).into());
    assert!(matches!(address, Err(Error::ProofAccountMismatch { .. })));
    let malformed = with_response(|r| r["nonce"] = "0x01".into());
    assert!(matches!(malformed, Err(Error::InvalidRpcValue(_))));
}

#[test]
fn an_absent_registry_is_account_absent() {
    let mut chain = Chain::new();
    chain.registry_present = false;
    let (state_root, response) = chain.get_proof(&[]);
    assert_eq!(
        verify_account_proof(state_root, chain.registry, &response.to_string()),
        Err(Error::AccountAbsent(chain.registry))
    );
}

// ---------------------------------------------------------------------------------------
// Proven reads

struct Read {
    header: String,
    hash: B256,
    proof: String,
}

fn prove(chain: &Chain, slots: &[B256]) -> Read {
    let (state_root, response) = chain.get_proof(slots);
    let (header, hash) = header_with_state_root(state_root);
    Read { header, hash, proof: response.to_string() }
}

fn query<'a>(chain: &Chain, key: B256, read: &'a Read, call: Option<CallOutcome<'a>>) -> ProvenQuery<'a> {
    ProvenQuery {
        trusted_block_hash: read.hash,
        header_json: &read.header,
        proof_json: &read.proof,
        registry: chain.registry,
        key,
        call,
    }
}

fn record_of_return(record: &Anchoring, root: B256) -> Vec<u8> {
    IProvenanceRegistry::recordOfCall::abi_encode_returns(&IProvenanceRegistry::recordOfReturn {
        creator: record.creator,
        blockNumber: record.block,
        root,
        modelTag: record.model_tag,
        parentKey: record.parent_key,
        price: record.price,
        royaltyBps: record.royalty_bps,
    })
}

fn not_anchored(key: B256) -> Vec<u8> {
    IProvenanceRegistry::NotAnchored { key }.abi_encode()
}

/// Runs the rounds the way a caller does; returns the final outcome and the rounds used.
fn rounds(chain: &Chain, key: B256, call: Option<CallOutcome<'_>>) -> (ProvenRead, usize) {
    let mut slots = first_round_slots(key);
    for round in 1..=4 {
        let read = prove(chain, &slots);
        match read_proven(&query(chain, key, &read, call)).unwrap() {
            ProvenRead::NeedSlots(more) => {
                assert!(more.len() > slots.len(), "each round asks for more");
                slots = more;
            }
            done => return (done, round),
        }
    }
    panic!("no answer after 4 rounds");
}

#[test]
fn proven_read_of_an_anchored_record_in_two_or_three_rounds() {
    let (chain, record, root) = anchored_chain();
    let (outcome, used) = rounds(&chain, record.key, None);
    let ProvenRead::Anchored { block, record: proven, root_state, .. } = outcome else { panic!("{outcome:?}") };
    assert_eq!(used, 3, "without the call's root: record, rootAt, rootState");
    assert_eq!(block.number, 24_630_100);
    assert_eq!(block.timestamp, 0x69b0_9d6b);
    assert_eq!(proven.creator, record.creator);
    assert_eq!(proven.block, record.block);
    assert_eq!(proven.root, root);
    assert_eq!(proven.root_index, 1);
    assert_eq!(proven.model_tag, record.model_tag);
    assert_eq!(proven.parent_key, Some(record.parent_key));
    assert_eq!(proven.price, record.price);
    assert_eq!(proven.royalty_bps, record.royalty_bps);
    assert_eq!(root_state.index, 1);
    assert_eq!(root_state.published_at, 900);
    assert_eq!(root_state.revoked_at, None);

    let data = record_of_return(&record, root);
    let (outcome, used) = rounds(&chain, record.key, Some(CallOutcome::Returned(&data)));
    assert!(matches!(outcome, ProvenRead::Anchored { .. }));
    assert_eq!(used, 2, "the call's root is asked for in round two");
}

#[test]
fn proven_read_reports_a_revoked_root() {
    let (mut chain, record, root) = anchored_chain();
    chain.publish_root(1, root, 900, 1200);
    let (outcome, _) = rounds(&chain, record.key, None);
    let ProvenRead::Anchored { root_state, .. } = outcome else { panic!("{outcome:?}") };
    assert_eq!(root_state.revoked_at, Some(1200));
}

#[test]
fn proven_read_of_an_unanchored_key_in_one_round() {
    let (chain, _, _) = anchored_chain();
    let key = word("never anchored");
    let data = not_anchored(key);
    let (outcome, used) = rounds(&chain, key, Some(CallOutcome::Reverted(&data)));
    assert!(matches!(outcome, ProvenRead::NotAnchored { block } if block.number == 24_630_100));
    assert_eq!(used, 1);
}

#[test]
fn eth_call_contradicting_the_storage_proof_is_call_contradicts_proof() {
    let (chain, record, root) = anchored_chain();
    let slots = {
        let mut slots = first_round_slots(record.key);
        slots.extend([root_at_slot(1), root_state_slot(root)]);
        slots
    };
    let read = prove(&chain, &slots);
    let run = |call| read_proven(&query(&chain, record.key, &read, Some(call)));

    let cheaper = record_of_return(&Anchoring { price: 1, ..record }, root);
    assert_eq!(run(CallOutcome::Returned(&cheaper)), Err(Error::CallContradictsProof("price")));
    let other_creator = record_of_return(&Anchoring { creator: addr("impostor"), ..record }, root);
    assert_eq!(run(CallOutcome::Returned(&other_creator)), Err(Error::CallContradictsProof("creator")));
    let other_root = record_of_return(&record, word("another root"));
    assert_eq!(run(CallOutcome::Returned(&other_root)), Err(Error::CallContradictsProof("root")));
    let absent = not_anchored(record.key);
    assert!(matches!(run(CallOutcome::Reverted(&absent)), Err(Error::CallContradictsProof(_))));
    let genuine = record_of_return(&record, root);
    assert!(matches!(run(CallOutcome::Returned(&genuine)), Ok(ProvenRead::Anchored { .. })));

    // The proof shows no record; the call claims one.
    let key = word("never anchored");
    let read = prove(&chain, &first_round_slots(key));
    let claimed = record_of_return(&Anchoring { key, ..record }, root);
    assert!(matches!(
        read_proven(&query(&chain, key, &read, Some(CallOutcome::Returned(&claimed)))),
        Err(Error::CallContradictsProof(_))
    ));
    let other_error = IProvenanceRegistry::InvalidProof {}.abi_encode();
    assert!(matches!(
        read_proven(&query(&chain, key, &read, Some(CallOutcome::Reverted(&other_error)))),
        Err(Error::CallContradictsProof(_))
    ));
}

#[test]
fn proven_read_through_a_lying_rpc_fails_with_the_specific_error() {
    let (chain, record, _) = anchored_chain();
    let slots = first_round_slots(record.key);

    // Header not hashing to the trusted hash.
    let read = prove(&chain, &slots);
    let mut q = query(&chain, record.key, &read, None);
    q.trusted_block_hash = b256(MAINNET_HASH);
    assert!(matches!(read_proven(&q), Err(Error::UntrustedHeader { .. })));

    // A mutated storage proof node.
    let mut read = prove(&chain, &slots);
    let mut response: Value = serde_json::from_str(&read.proof).unwrap();
    flip_node(&mut response, "/storageProof/0/proof/1");
    read.proof = response.to_string();
    assert!(matches!(read_proven(&query(&chain, record.key, &read, None)), Err(Error::StorageProofInvalid { .. })));

    // A proof for another block's state (a valid proof, the wrong state root).
    let mut other = chain.clone();
    other.set(word("filler slot 0"), U256::from(99u8));
    let (_, stale) = other.get_proof(&slots);
    let mut read = prove(&chain, &slots);
    read.proof = stale.to_string();
    assert!(matches!(read_proven(&query(&chain, record.key, &read, None)), Err(Error::AccountProofInvalid(_))));
}

#[test]
fn inconsistent_registry_storage_is_inconsistent_record() {
    // The record names root index 2, which holds no root.
    let (mut chain, record, _) = anchored_chain();
    chain.anchor(&Anchoring { root_index: 2, ..record });
    let mut slots = first_round_slots(record.key);
    slots.push(root_at_slot(2));
    let read = prove(&chain, &slots);
    assert!(matches!(read_proven(&query(&chain, record.key, &read, None)), Err(Error::InconsistentRecord(_))));

    // The root was published after the record's block.
    let (mut chain, record, root) = anchored_chain();
    chain.publish_root(1, root, 2000, 0);
    let mut slots = first_round_slots(record.key);
    slots.extend([root_at_slot(1), root_state_slot(root)]);
    let read = prove(&chain, &slots);
    assert!(matches!(read_proven(&query(&chain, record.key, &read, None)), Err(Error::InconsistentRecord(_))));
}

// ---------------------------------------------------------------------------------------
// ABI: recordOf, revert data, Anchored logs

#[test]
fn record_of_and_revert_data_decode() {
    let record = Anchoring::sample("asset");
    let root = word("root");
    let decoded = decode_record_of(&record_of_return(&record, root)).unwrap();
    assert_eq!(decoded.creator, record.creator);
    assert_eq!(decoded.root, root);
    assert_eq!(decoded.parent_key, Some(record.parent_key));
    let orphan = decode_record_of(&record_of_return(&Anchoring { parent_key: B256::ZERO, ..record }, root)).unwrap();
    assert_eq!(orphan.parent_key, None);

    // A non-canonical word (an address with high bits set) and short data are refused.
    let mut dirty = record_of_return(&record, root);
    dirty[0] = 1;
    assert!(matches!(decode_record_of(&dirty), Err(Error::InvalidAbi(_))));
    assert!(matches!(decode_record_of(&dirty[..100]), Err(Error::InvalidAbi(_))));

    let key = word("key");
    assert_eq!(
        decode_revert(&not_anchored(key)),
        Ok(RegistryError::NotAnchored(IProvenanceRegistry::NotAnchored { key }))
    );
    let payment = IProvenanceRegistry::WrongPayment { expected: U256::from(5u8), sent: U256::from(4u8) }.abi_encode();
    assert!(matches!(decode_revert(&payment), Ok(RegistryError::WrongPayment(_))));
    assert!(matches!(decode_revert(&[]), Err(Error::InvalidAbi(_))));
    assert!(matches!(decode_revert(&[0x08, 0xc3, 0x79, 0xa0]), Err(Error::InvalidAbi(_))), "Error(string)");
}

struct Log {
    address: Address,
    topics: Vec<B256>,
    data: Vec<u8>,
    removed: bool,
}

impl Log {
    fn raw(&self) -> RawLog<'_> {
        RawLog { address: self.address, topics: &self.topics, data: &self.data, removed: self.removed }
    }
}

fn anchored_log(registry: Address, cid: &str) -> Log {
    let key = word("asset");
    let creator = addr("creator");
    let event = IProvenanceRegistry::Anchored {
        key,
        creator,
        cidHash: keccak256(cid.as_bytes()),
        proof: std::array::from_fn(|i| U256::from(i + 1)),
        root: B256::from(U256::from_be_bytes(word("root").0) >> 8),
        modelTag: B256::from(U256::from(7u8)),
        parentKey: B256::ZERO,
        cid: cid.into(),
        uri: "ipfs://example".into(),
    };
    let data = event.encode_log_data();
    Log { address: registry, topics: data.topics().to_vec(), data: data.data.to_vec(), removed: false }
}

#[test]
fn anchored_logs_decode_from_the_pinned_registry_only() {
    let registry = addr("registry");
    let cid = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
    let log = anchored_log(registry, cid);
    let event = decode_anchored(registry, &log.raw()).unwrap();
    assert_eq!(event.key, word("asset"));
    assert_eq!(event.creator, addr("creator"));
    assert_eq!(event.cid, cid);
    assert_eq!(event.uri, "ipfs://example");
    assert_eq!(event.parent_key, None);
    assert_eq!(event.proof[7], U256::from(8u8));
    assert_eq!(event.model_tag(), B256::from(U256::from(7u8)));
    let k = U256::from_be_bytes(word("asset").0);
    assert_eq!(event.public_inputs[1..3], [k >> 128, k & U256::from(u128::MAX)]);
    assert_eq!(event.public_inputs[4], U256::from_be_slice(addr("creator").as_slice()));

    // Log from another address.
    let elsewhere = addr("impostor");
    assert_eq!(
        decode_anchored(elsewhere, &log.raw()),
        Err(Error::LogFromOtherAddress { expected: elsewhere, actual: registry })
    );
    // Log of another topic (a Licensed event), or with no topics.
    let licensed = IProvenanceRegistry::Licensed { key: word("asset"), holder: addr("h"), price: U256::from(1u8) };
    let data = licensed.encode_log_data();
    let other = Log { address: registry, topics: data.topics().to_vec(), data: data.data.to_vec(), removed: false };
    assert_eq!(
        decode_anchored(registry, &other.raw()),
        Err(Error::WrongLogTopic(Some(IProvenanceRegistry::Licensed::SIGNATURE_HASH)))
    );
    let bare = Log { topics: vec![], ..anchored_log(registry, cid) };
    assert_eq!(decode_anchored(registry, &bare.raw()), Err(Error::WrongLogTopic(None)));
    // Removed log.
    let removed = Log { removed: true, ..anchored_log(registry, cid) };
    assert_eq!(decode_anchored(registry, &removed.raw()), Err(Error::RemovedLog));
    // Topics or data that do not decode.
    let mut short = anchored_log(registry, cid);
    short.topics.pop();
    assert!(matches!(decode_anchored(registry, &short.raw()), Err(Error::InvalidAbi(_))));
    let mut truncated = anchored_log(registry, cid);
    truncated.data.truncate(64);
    assert!(matches!(decode_anchored(registry, &truncated.raw()), Err(Error::InvalidAbi(_))));
    // cidHash not keccak256(cid).
    let mut forged = anchored_log(registry, cid);
    forged.topics[3] = keccak256(b"another cid");
    assert!(matches!(decode_anchored(registry, &forged.raw()), Err(Error::InconsistentLog(_))));
}

// ---------------------------------------------------------------------------------------
// Property: a single mutated byte in any proof node never panics and never proves anything.

mod properties {
    use super::*;
    use proofmark_core::anchor::mpt::{verify_account, verify_storage};
    use proptest::prelude::*;

    fn fixture() -> (B256, B256, U256, Vec<Bytes>) {
        let (chain, record, _) = anchored_chain();
        let slot = record_slots(record.key)[0];
        let (_, response) = chain.get_proof(&[slot]);
        let nodes = |v: &Value| -> Vec<Bytes> {
            v.as_array().unwrap().iter().map(|n| n.as_str().unwrap().parse::<Bytes>().unwrap()).collect()
        };
        let storage_root = b256(response["storageHash"].as_str().unwrap());
        (storage_root, slot, record.head(), nodes(&response["storageProof"][0]["proof"]))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn mutated_storage_node_never_verifies(node in any::<prop::sample::Index>(), at in any::<prop::sample::Index>(), delta in 1u8..=255, other in any::<u64>()) {
            let (root, slot, value, mut proof) = fixture();
            prop_assert!(verify_storage(root, slot, value, &proof).is_ok());
            let i = node.index(proof.len());
            let mut bytes = proof[i].to_vec();
            let j = at.index(bytes.len());
            bytes[j] = bytes[j].wrapping_add(delta);
            proof[i] = bytes.into();
            prop_assert!(verify_storage(root, slot, value, &proof).is_err());
            prop_assert!(verify_storage(root, slot, U256::from(other), &proof).is_err());
            prop_assert!(verify_storage(root, slot, U256::ZERO, &proof).is_err());
        }

        #[test]
        fn mutated_account_node_never_verifies(node in any::<prop::sample::Index>(), at in any::<prop::sample::Index>(), delta in 1u8..=255) {
            let (chain, _, _) = anchored_chain();
            let (state_root, response) = chain.get_proof(&[]);
            let mut proof: Vec<Bytes> = response["accountProof"].as_array().unwrap().iter()
                .map(|n| n.as_str().unwrap().parse::<Bytes>().unwrap()).collect();
            let account = alloy_trie::TrieAccount::new(
                1,
                U256::from(12345u64),
                b256(response["storageHash"].as_str().unwrap()),
                word("registry code"),
            );
            prop_assert!(verify_account(state_root, chain.registry, &account, &proof).is_ok());
            let i = node.index(proof.len());
            let mut bytes = proof[i].to_vec();
            let j = at.index(bytes.len());
            bytes[j] = bytes[j].wrapping_add(delta);
            proof[i] = bytes.into();
            prop_assert!(matches!(
                verify_account(state_root, chain.registry, &account, &proof),
                Err(Error::AccountProofInvalid(_))
            ));
        }

        #[test]
        fn storage_proof_never_verifies_another_value(other in any::<u128>()) {
            let (root, slot, value, proof) = fixture();
            let other = U256::from(other);
            prop_assume!(other != value);
            prop_assert!(verify_storage(root, slot, other, &proof).is_err());
        }
    }
}

// ---------------------------------------------------------------------------------------
// The registry's code: the proven code hash fixes it, and then its vkHash immutable.

#[test]
fn the_vk_hash_is_read_from_code_that_matches_the_build_and_the_proven_hash() {
    use proofmark_core::anchor::RegistryBuild;
    let artifact: Value =
        serde_json::from_str(include_str!("../../../contracts/artifacts/ProvenanceRegistry.json")).unwrap();
    let mut code: Vec<u8> = artifact["deployedBytecode"].as_str().unwrap().parse::<Bytes>().unwrap().to_vec();
    // Fill every immutable as a deploy would; vkHash gets a known word.
    let vk_hash = word("the vk hash");
    for (name, refs) in artifact["immutables"].as_object().unwrap() {
        let value = if name == "vkHash" { vk_hash } else { word(name) };
        for r in refs.as_array().unwrap() {
            let start = r[0].as_u64().unwrap() as usize;
            code[start..start + 32].copy_from_slice(value.as_slice());
        }
    }
    let build = RegistryBuild::committed().unwrap();
    // The embedded runtime-only artifact is the full artifact's build.
    let full = RegistryBuild::from_artifact(include_str!("../../../contracts/artifacts/ProvenanceRegistry.json"));
    assert_eq!(full.as_ref(), Ok(&build));
    assert_eq!(build.proven_immutable(&code, keccak256(&code), "vkHash"), Ok(vk_hash));
    assert_eq!(build.proven_immutable(&code, word("another hash"), "vkHash"), Err(Error::CodeHashMismatch));
    let mut other = code.clone();
    other[10] ^= 1;
    assert!(matches!(
        build.proven_immutable(&other, keccak256(&other), "vkHash"),
        Err(Error::UnexpectedRegistryCode(_))
    ));
    let shorter = &code[..code.len() - 1];
    assert!(matches!(
        build.proven_immutable(shorter, keccak256(shorter), "vkHash"),
        Err(Error::UnexpectedRegistryCode(_))
    ));
}
