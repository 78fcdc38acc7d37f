//! Proven reads of a registry record: a header the caller trusts, an `eth_getProof`
//! response for the registry at that block, and optionally the `eth_call` answer to
//! cross-check, in; the proven record and its root's state (or a proven absence) out.
//!
//! A record's root lives behind its index (`rootAt[rootIndex]`), and the root's state
//! behind the root (`rootState[root]`), so the slots to prove are learnt from proven
//! values. [`read_proven`] therefore answers [`ProvenRead::NeedSlots`] with the full list
//! of slots to ask `eth_getProof` for whenever the response lacks one it needs; the caller
//! asks again (same block hash) and calls again:
//!
//! 1. `eth_getProof(registry, record_slots(key), blockHash)` → [`read_proven`] →
//!    `NotAnchored`, or `NeedSlots(slots)`.
//! 2. `eth_getProof(registry, slots, blockHash)` → [`read_proven`] → `Anchored`, or (only
//!    when no `recordOf` answer named the root) `NeedSlots` once more.
//!
//! With the `eth_call` answer at hand, its root is requested in round 2 alongside
//! `rootAt[index]`, so two rounds suffice unless the call lied.

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};

use super::abi::{self, IProvenanceRegistry, RegistryError};
use super::header::verify_header;
use super::layout::{record_slots, root_at_slot, root_state_slot};
use super::mpt::{ProvenAccount, verify_account_proof};
use super::record::{AnchorRecord, RecordWords, RootState, decode_record_words, resolve_root};
use crate::{Error, Result};

/// What an `eth_call` of `recordOf(key)` at the same block answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallOutcome<'a> {
    /// The call returned this ABI-encoded data.
    Returned(&'a [u8]),
    /// The call reverted with this data.
    Reverted(&'a [u8]),
}

/// One proven read: everything [`read_proven`] checks.
#[derive(Debug, Clone, Copy)]
pub struct ProvenQuery<'a> {
    /// The block hash the caller trusts (pinned, or a quorum's `finalized`).
    pub trusted_block_hash: B256,
    /// The `eth_getBlockByHash(trusted_block_hash)` result object.
    pub header_json: &'a str,
    /// The `eth_getProof(registry, slots, trusted_block_hash)` result object.
    pub proof_json: &'a str,
    /// The pinned registry address.
    pub registry: Address,
    /// The content key (SHA-256 of the content bytes).
    pub key: B256,
    /// The `recordOf(key)` answer at the same block, to cross-check (and to learn the root
    /// one round early).
    pub call: Option<CallOutcome<'a>>,
}

/// The trusted block a read was proven at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProvenBlock {
    /// Its hash (the trusted one).
    pub hash: B256,
    /// Its number.
    pub number: u64,
    /// Its timestamp, in Unix seconds.
    pub timestamp: u64,
    /// Its state root.
    pub state_root: B256,
}

/// The outcome of [`read_proven`].
#[derive(Debug, Clone, PartialEq, Eq)]
// Returned once per read and matched at once: boxing the large variant buys nothing.
#[allow(clippy::large_enum_variant)]
pub enum ProvenRead {
    /// The proof lacks slots the read needs: ask `eth_getProof` for exactly these (they
    /// include the ones already asked) at the same block hash, and call again.
    NeedSlots(Vec<B256>),
    /// The registry holds no record for the key at this block (anchor `failed`,
    /// `not-anchored`, when the block is final; a newer record is `not-final`).
    NotAnchored {
        /// The block read.
        block: ProvenBlock,
    },
    /// The record, proven.
    Anchored {
        /// The block read.
        block: ProvenBlock,
        /// The record, its root resolved.
        record: AnchorRecord,
        /// The state of the record's root (published, revoked) at this block.
        root_state: RootState,
        /// The registry's proven code hash (see [`super::code::RegistryBuild`] for reading
        /// its `vkHash` from the code).
        code_hash: B256,
    },
}

/// The slots of the first round for `key` (its record's four words).
pub fn first_round_slots(key: B256) -> Vec<B256> {
    record_slots(key).to_vec()
}

/// Verifies a proven read of the record for `query.key` (see the module docs for the
/// rounds).
///
/// Errors: those of [`verify_header`] and [`verify_account_proof`]; a record whose words
/// the contract cannot have written is [`Error::InconsistentRecord`]; a `recordOf` answer
/// that disagrees with the proof is [`Error::CallContradictsProof`] (revert data of no
/// registry error is [`Error::InvalidAbi`]).
pub fn read_proven(query: &ProvenQuery<'_>) -> Result<ProvenRead> {
    let header = verify_header(query.header_json, query.trusted_block_hash)?;
    let block = ProvenBlock {
        hash: query.trusted_block_hash,
        number: header.number,
        timestamp: header.timestamp,
        state_root: header.state_root,
    };
    let account = verify_account_proof(header.state_root, query.registry, query.proof_json)?;
    let call = query.call.map(decode_call).transpose()?;

    let mut slots = first_round_slots(query.key);
    let Some(words) = words_of(&account, &slots)? else {
        return Ok(ProvenRead::NeedSlots(slots));
    };
    let Some(record) = decode_record_words(words)? else {
        return match call {
            Some(CallAnswer::Record(_)) => {
                Err(Error::CallContradictsProof("the call returned a record; the proof shows none"))
            }
            Some(CallAnswer::Reverted(error)) if !is_not_anchored(&error, query.key) => {
                Err(Error::CallContradictsProof("the call reverted with another error than NotAnchored(key)"))
            }
            _ => Ok(ProvenRead::NotAnchored { block }),
        };
    };
    // Contradictions are reported as soon as the proven words show them.
    let answer = match call {
        None => None,
        Some(CallAnswer::Reverted(_)) => {
            return Err(Error::CallContradictsProof("the call reverted; the proof shows a record"));
        }
        Some(CallAnswer::Record(answer)) => {
            check_words(&record, &answer)?;
            Some(answer)
        }
    };

    let at_slot = root_at_slot(record.root_index);
    slots.push(at_slot);
    let Ok(root_word) = account.slot(at_slot) else {
        if let Some(answer) = &answer {
            slots.push(root_state_slot(answer.root));
        }
        return Ok(ProvenRead::NeedSlots(slots));
    };
    let root = B256::from(root_word);
    if root.is_zero() {
        return Err(Error::InconsistentRecord("the record's root index names no root"));
    }
    if answer.as_ref().is_some_and(|answer| answer.root != root) {
        return Err(Error::CallContradictsProof("root"));
    }
    let state_slot = root_state_slot(root);
    slots.push(state_slot);
    let Ok(state_word) = account.slot(state_slot) else {
        return Ok(ProvenRead::NeedSlots(slots));
    };
    let (record, root_state) = resolve_root(&record, root, state_word)?;
    Ok(ProvenRead::Anchored { block, record, root_state, code_hash: account.code_hash })
}

/// A decoded `recordOf` answer.
enum CallAnswer {
    Record(abi::CallRecord),
    Reverted(RegistryError),
}

fn decode_call(outcome: CallOutcome<'_>) -> Result<CallAnswer> {
    match outcome {
        CallOutcome::Returned(data) => abi::decode_record_of(data).map(CallAnswer::Record),
        CallOutcome::Reverted(data) => abi::decode_revert(data).map(CallAnswer::Reverted),
    }
}

fn is_not_anchored(error: &RegistryError, key: B256) -> bool {
    matches!(error, RegistryError::NotAnchored(IProvenanceRegistry::NotAnchored { key: k }) if *k == key)
}

/// The proven words of `slots` (the record's four), `None` when one is not in the proof.
fn words_of(account: &ProvenAccount, slots: &[B256]) -> Result<Option<[U256; 4]>> {
    let mut words = [U256::ZERO; 4];
    for (word, slot) in words.iter_mut().zip(slots) {
        match account.slot(*slot) {
            Ok(value) => *word = value,
            Err(Error::SlotNotProven(_)) => return Ok(None),
            Err(other) => return Err(other),
        }
    }
    Ok(Some(words))
}

/// Checks a `recordOf` answer field by field against the proven record;
/// [`Error::CallContradictsProof`] names the first field that differs.
pub fn check_call(record: &AnchorRecord, answer: &abi::CallRecord) -> Result<()> {
    check_words(&record.words(), answer)?;
    if answer.root != record.root {
        return Err(Error::CallContradictsProof("root"));
    }
    Ok(())
}

/// [`check_call`] for the fields known before the root is.
fn check_words(record: &RecordWords, answer: &abi::CallRecord) -> Result<()> {
    let mismatch = if answer.creator != record.creator {
        Some("creator")
    } else if answer.block != record.block {
        Some("block")
    } else if answer.model_tag != record.model_tag {
        Some("modelTag")
    } else if answer.parent_key != record.parent_key {
        Some("parentKey")
    } else if answer.price != record.price {
        Some("price")
    } else if answer.royalty_bps != record.royalty_bps {
        Some("royaltyBps")
    } else {
        None
    };
    match mismatch {
        Some(field) => Err(Error::CallContradictsProof(field)),
        None => Ok(()),
    }
}
