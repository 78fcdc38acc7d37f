//! Decoding proven storage words into the registry's record and root state (the packing
//! is documented in [`super::layout`]). Words the contract cannot have written are
//! [`Error::InconsistentRecord`].

use alloy_primitives::{Address, B256, U256};

use super::abi::non_zero;
use crate::{Error, Result};

/// A record's words as stored, before its root is known (the first round of a proven
/// read).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordWords {
    /// The address that anchored the key.
    pub creator: Address,
    /// The block the key was anchored in.
    pub block: u64,
    /// The index of the registry root (`rootAt[root_index]`).
    pub root_index: u32,
    /// The model tag.
    pub model_tag: B256,
    /// The parent asset's key, `None` without a parent.
    pub parent_key: Option<B256>,
    /// The license price in wei (0 = free).
    pub price: u128,
    /// The parent's royalty share in basis points.
    pub royalty_bps: u16,
}

/// An anchored record, with its root resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnchorRecord {
    /// The address that anchored the key.
    pub creator: Address,
    /// The block the key was anchored in.
    pub block: u64,
    /// The index of the registry root.
    pub root_index: u32,
    /// The audited-model registry root the anchoring proof was checked against.
    pub root: B256,
    /// The model tag.
    pub model_tag: B256,
    /// The parent asset's key, `None` without a parent.
    pub parent_key: Option<B256>,
    /// The license price in wei (0 = free).
    pub price: u128,
    /// The parent's royalty share in basis points.
    pub royalty_bps: u16,
}

impl AnchorRecord {
    /// The record's fields other than the root.
    pub fn words(&self) -> RecordWords {
        RecordWords {
            creator: self.creator,
            block: self.block,
            root_index: self.root_index,
            model_tag: self.model_tag,
            parent_key: self.parent_key,
            price: self.price,
            royalty_bps: self.royalty_bps,
        }
    }
}

/// A registry root's publication state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RootState {
    /// The root's index (≥ 1 once published).
    pub index: u32,
    /// The block it was published in.
    pub published_at: u64,
    /// The block it was revoked in, `None` while it is live.
    pub revoked_at: Option<u64>,
}

/// The largest royalty share, 100 %.
pub const MAX_ROYALTY_BPS: u16 = 10_000;

/// Bits `from..from + width` of `word`.
fn bits(word: U256, from: usize, width: usize) -> U256 {
    (word >> from) & ((U256::from(1u8) << width) - U256::from(1u8))
}

fn to_u64(value: U256) -> u64 {
    // Callers pass at most 64 bits.
    value.as_limbs()[0]
}

/// Decodes a record's four words (head, modelTag, parentKey, terms, as
/// [`super::layout::record_slots`] orders them); `Ok(None)` when the key has no record.
pub fn decode_record_words(words: [U256; 4]) -> Result<Option<RecordWords>> {
    let [head, model_tag, parent_key, terms] = words;
    if head.is_zero() {
        return if words.iter().all(|word| word.is_zero()) {
            Ok(None)
        } else {
            Err(Error::InconsistentRecord("record words without a record head"))
        };
    }
    let creator = Address::from_word(B256::from(bits(head, 0, 160)));
    let block = to_u64(bits(head, 160, 64));
    let root_index = u32::try_from(to_u64(bits(head, 224, 32))).map_err(|_| Error::InconsistentRecord("root index"))?;
    if creator.is_zero() {
        return Err(Error::InconsistentRecord("record without a creator"));
    }
    if block == 0 {
        return Err(Error::InconsistentRecord("record anchored in block 0"));
    }
    if root_index == 0 {
        return Err(Error::InconsistentRecord("record with root index 0"));
    }
    if terms >> 144 != U256::ZERO {
        return Err(Error::InconsistentRecord("bits set above the record's terms"));
    }
    let price = u128::try_from(bits(terms, 0, 128)).map_err(|_| Error::InconsistentRecord("price"))?;
    let royalty_bps = u16::try_from(bits(terms, 128, 16)).map_err(|_| Error::InconsistentRecord("royalty"))?;
    let parent_key = non_zero(B256::from(parent_key));
    if royalty_bps > MAX_ROYALTY_BPS {
        return Err(Error::InconsistentRecord("royalty share above 10000 basis points"));
    }
    if royalty_bps != 0 && parent_key.is_none() {
        return Err(Error::InconsistentRecord("royalty share without a parent"));
    }
    Ok(Some(RecordWords {
        creator,
        block,
        root_index,
        model_tag: B256::from(model_tag),
        parent_key,
        price,
        royalty_bps,
    }))
}

/// Decodes a `rootState` word; `Ok(None)` for a root never published (a zero word).
pub fn decode_root_state(word: U256) -> Result<Option<RootState>> {
    if word.is_zero() {
        return Ok(None);
    }
    if word >> 160 != U256::ZERO {
        return Err(Error::InconsistentRecord("bits set above the root state"));
    }
    let index = u32::try_from(to_u64(bits(word, 0, 32))).map_err(|_| Error::InconsistentRecord("root index"))?;
    let published_at = to_u64(bits(word, 32, 64));
    let revoked_at = to_u64(bits(word, 96, 64));
    if index == 0 || published_at == 0 {
        return Err(Error::InconsistentRecord("root state without an index or a publication block"));
    }
    if revoked_at != 0 && revoked_at < published_at {
        return Err(Error::InconsistentRecord("root revoked before it was published"));
    }
    Ok(Some(RootState { index, published_at, revoked_at: (revoked_at != 0).then_some(revoked_at) }))
}

/// Joins a record's words with its root, read from `rootAt[root_index]`, and that root's
/// state word, read from `rootState[root]`.
///
/// Errors ([`Error::InconsistentRecord`]): the index names no root, the root was never
/// published, its state names another index, or it was published after the record's
/// block or revoked before it.
pub fn resolve_root(record: &RecordWords, root: B256, root_state: U256) -> Result<(AnchorRecord, RootState)> {
    if root.is_zero() {
        return Err(Error::InconsistentRecord("the record's root index names no root"));
    }
    let state =
        decode_root_state(root_state)?.ok_or(Error::InconsistentRecord("the record's root was never published"))?;
    if state.index != record.root_index {
        return Err(Error::InconsistentRecord("the root's state names another index"));
    }
    if state.published_at > record.block {
        return Err(Error::InconsistentRecord("the root was published after the record's block"));
    }
    if state.revoked_at.is_some_and(|revoked| revoked < record.block) {
        return Err(Error::InconsistentRecord("the root was revoked before the record's block"));
    }
    let anchor = AnchorRecord {
        creator: record.creator,
        block: record.block,
        root_index: record.root_index,
        root,
        model_tag: record.model_tag,
        parent_key: record.parent_key,
        price: record.price,
        royalty_bps: record.royalty_bps,
    };
    Ok((anchor, state))
}

/// Decodes a `licenses[key][holder]` word: 0 = no license, 1 = holds.
pub fn decode_license(word: U256) -> Result<bool> {
    match word {
        w if w.is_zero() => Ok(false),
        w if w == U256::from(1u8) => Ok(true),
        _ => Err(Error::InconsistentRecord("license word other than 0 or 1")),
    }
}
