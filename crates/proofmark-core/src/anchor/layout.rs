//! The registry contract's storage layout, which `ProvenanceRegistry.sol` follows exactly
//! so that a proven read can ask `eth_getProof` for the right slots.
//!
//! Words are 256-bit; "bits a..b" count from the least significant bit.
//!
//! | slot | declaration | where a value lives |
//! | --- | --- | --- |
//! | 0 | `mapping(bytes32 key => Record) records` | 4 words at `base = keccak256(key ‖ uint256(0))` |
//! | 1 | `mapping(bytes32 root => uint256) rootState` | `keccak256(root ‖ uint256(1))` |
//! | 2 | `mapping(uint256 index => bytes32 root) rootAt` | `keccak256(uint256(index) ‖ uint256(2))` |
//! | 3 | `mapping(bytes32 key => mapping(address => bool)) licenses` | `keccak256(uint256(uint160(holder)) ‖ keccak256(key ‖ uint256(3)))`, value 1 = holds |
//! | 4 | `mapping(address => uint256) credits` | `keccak256(uint256(uint160(account)) ‖ uint256(4))` |
//! | 5 | `uint32 rootCount` | slot 5 itself |
//!
//! A record's four words:
//! - `base + 0`, head: creator (bits 0..159) | anchorBlock `uint64` (bits 160..223) |
//!   rootIndex `uint32` (bits 224..255); a zero head means no record.
//! - `base + 1`: modelTag (`bytes32`).
//! - `base + 2`: parentKey (`bytes32`; zero = no parent; never written when zero).
//! - `base + 3`, terms: price `uint128` (bits 0..127) | royaltyBps `uint16` (bits
//!   128..143); zero = free, no royalty.
//!
//! A root's state word: index `uint32` (bits 0..31, 0 = never published) | publishedAt
//! `uint64` (bits 32..95) | revokedAt `uint64` (bits 96..159, 0 = live). Root indices start
//! at 1.

use alloy_primitives::{Address, B256, U256, keccak256};

/// Slot of `mapping(bytes32 => Record) records`.
pub const RECORDS_SLOT: u64 = 0;
/// Slot of `mapping(bytes32 => uint256) rootState`.
pub const ROOT_STATE_SLOT: u64 = 1;
/// Slot of `mapping(uint256 => bytes32) rootAt`.
pub const ROOT_AT_SLOT: u64 = 2;
/// Slot of `mapping(bytes32 => mapping(address => bool)) licenses`.
pub const LICENSES_SLOT: u64 = 3;
/// Slot of `mapping(address => uint256) credits`.
pub const CREDITS_SLOT: u64 = 4;
/// Slot of `uint32 rootCount`.
pub const ROOT_COUNT_SLOT: u64 = 5;

/// Solidity's mapping slot: `keccak256(key ‖ uint256(slot))`.
pub fn mapping_slot(key: B256, slot: B256) -> B256 {
    let mut preimage = [0u8; 64];
    preimage[..32].copy_from_slice(key.as_slice());
    preimage[32..].copy_from_slice(slot.as_slice());
    keccak256(preimage)
}

/// A slot number as a 32-byte storage key.
pub fn slot_word(slot: u64) -> B256 {
    B256::from(U256::from(slot))
}

/// An address left-padded to a word, as Solidity hashes a mapping's address key.
fn address_word(address: Address) -> B256 {
    address.into_word()
}

/// The four storage slots of the record for `key`: head, modelTag, parentKey, terms.
pub fn record_slots(key: B256) -> [B256; 4] {
    let base = U256::from_be_bytes(mapping_slot(key, slot_word(RECORDS_SLOT)).0);
    // `base + i` wraps modulo 2^256, as the EVM's slot arithmetic does.
    [0u64, 1, 2, 3].map(|i| B256::from(base.wrapping_add(U256::from(i))))
}

/// The slot of `rootAt[index]`.
pub fn root_at_slot(index: u32) -> B256 {
    mapping_slot(B256::from(U256::from(index)), slot_word(ROOT_AT_SLOT))
}

/// The slot of `rootState[root]`.
pub fn root_state_slot(root: B256) -> B256 {
    mapping_slot(root, slot_word(ROOT_STATE_SLOT))
}

/// The slots a proven read of a record's root needs, in request order: `rootAt[index]`,
/// then `rootState[root]`.
pub fn root_slots(index: u32, root: B256) -> [B256; 2] {
    [root_at_slot(index), root_state_slot(root)]
}

/// The slot of `licenses[key][holder]`.
pub fn license_slot(key: B256, holder: Address) -> B256 {
    mapping_slot(address_word(holder), mapping_slot(key, slot_word(LICENSES_SLOT)))
}

/// The slot of `credits[account]`.
pub fn credits_slot(account: Address) -> B256 {
    mapping_slot(address_word(account), slot_word(CREDITS_SLOT))
}
