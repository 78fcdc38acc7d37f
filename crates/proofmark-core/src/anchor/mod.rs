//! Anchors (DESIGN §5): the registry's ABI, block headers, Merkle-Patricia proofs of
//! `eth_getProof`, the registry's storage layout, and proven reads of its records.
//!
//! Pure like the rest of the core: the edges fetch JSON-RPC answers and hand them here.
//! A proven read trusts exactly one thing, a block hash the caller chose; the header is
//! checked against it, the registry account against the header's state root, and each
//! storage word against the account's storage root. See [`proven`] for the two rounds.
//!
//! - [`abi`]: `sol!` bindings of `contracts/IProvenanceRegistry.sol`; `recordOf`, log
//!   and revert decoding.
//! - [`header`]: header JSON → RLP → hash, checked against the trusted hash.
//! - [`mpt`]: account and storage proofs of an `eth_getProof` response.
//! - [`layout`]: the contract's storage slots and packing.
//! - [`record`]: proven words → [`AnchorRecord`] and [`RootState`].
//! - [`proven`]: [`read_proven`], the proven read of one record.
//! - [`reader`]: [`reader::read_chain`], the chain half of a verdict over JSON-RPC
//!   endpoints the edge supplies.

pub mod abi;
pub mod code;
pub mod header;
pub mod layout;
pub mod mpt;
pub mod proven;
pub mod reader;
pub mod record;
mod rpc;

pub use abi::{AnchoredEvent, CallRecord, RawLog, RegistryError, decode_anchored, decode_record_of, decode_revert};
pub use alloy_primitives::{Address, B256, Bytes, U256};
pub use alloy_trie::TrieAccount;
pub use code::RegistryBuild;
pub use header::{Header, verify_header};
pub use mpt::{ProvenAccount, verify_account_proof};
pub use proven::{CallOutcome, ProvenBlock, ProvenQuery, ProvenRead, first_round_slots, read_proven};
pub use record::{AnchorRecord, RecordWords, RootState};
