//! The registry reads behind `check` at `latest`: the record, its block's time and
//! finality, the `Anchored` event (locator CID, URI, proof), the root's state, the
//! registry's vkHash and a holder's license.
use alloy::primitives::{Address, B256, keccak256};
use alloy::providers::Provider;
use alloy::rpc::types::{BlockId, BlockNumberOrTag, Filter, Log};
use alloy::sol_types::SolEvent;
use anyhow::{Context, Result, bail};

use proofmark_core::anchor::RawLog;

use crate::chain::abi::{Anchored, hasLicenseCall, recordOfCall, rootStateCall, vkHashCall};
use crate::chain::client::{CallOutcome, Chain, error_name};

/// A record as read from the registry, with what the event and header add.
#[derive(Debug, Clone)]
pub struct Record {
    /// The anchoring account.
    pub creator: Address,
    /// The block the record was written in.
    pub block: u64,
    /// That block's timestamp.
    pub timestamp: u64,
    /// The registry root.
    pub root: B256,
    /// The model tag.
    pub model_tag: B256,
    /// The parent key (zero for none).
    pub parent_key: B256,
    /// Price in wei.
    pub price: u128,
    /// Parent royalty share.
    pub royalty_bps: u16,
}

impl Record {
    /// A record proven by the core, with its block's timestamp.
    pub fn from_proven(record: &proofmark_core::anchor::AnchorRecord, timestamp: u64) -> Record {
        Record {
            creator: record.creator,
            block: record.block,
            timestamp,
            root: record.root,
            model_tag: record.model_tag,
            parent_key: record.parent_key.unwrap_or_default(),
            price: record.price,
            royalty_bps: record.royalty_bps,
        }
    }
}

pub use proofmark_core::anchor::AnchoredEvent;

/// A root's state.
#[derive(Debug, Clone, Copy)]
pub struct RootState {
    /// 0 when never published.
    pub index: u32,
    /// Revocation block (0 = live).
    pub revoked_at: u64,
}

/// `recordOf(key)` at `block`: `None` when the registry has no record.
pub async fn record(chain: &Chain, registry: Address, key: B256, block: BlockId) -> Result<Option<Record>> {
    match chain.call(registry, &recordOfCall { key }, block).await? {
        CallOutcome::Returned(r) => {
            let header = chain
                .provider()
                .get_block_by_number(BlockNumberOrTag::Number(r.blockNumber))
                .await
                .context("eth_getBlockByNumber for the record's block")?
                .context("the RPC does not know the record's block")?;
            Ok(Some(Record {
                creator: r.creator,
                block: r.blockNumber,
                timestamp: header.header.timestamp,
                root: r.root,
                model_tag: r.modelTag,
                parent_key: r.parentKey,
                price: r.price,
                royalty_bps: r.royaltyBps,
            }))
        }
        CallOutcome::Reverted(crate::chain::abi::RegistryError::NotAnchored(_)) => Ok(None),
        CallOutcome::Reverted(other) => bail!("recordOf reverted with {}", error_name(&other)),
    }
}

/// Decodes an `Anchored` log in the core, which insists it came from the pinned
/// registry with the event's topic, was not removed by a reorg, and is self-consistent.
pub fn decode_anchored(log: &Log, registry: Address) -> Result<AnchoredEvent> {
    let raw = RawLog { address: log.address(), topics: log.topics(), data: &log.data().data, removed: log.removed };
    Ok(proofmark_core::anchor::decode_anchored(registry, &raw)?)
}

/// The `Anchored` event for `key` in the record's block.
pub async fn anchored_event(chain: &Chain, registry: Address, key: B256, block: u64) -> Result<Option<AnchoredEvent>> {
    let filter = Filter::new()
        .address(registry)
        .event_signature(Anchored::SIGNATURE_HASH)
        .topic1(key)
        .from_block(block)
        .to_block(block);
    let logs = chain.provider().get_logs(&filter).await.context("eth_getLogs for the Anchored event")?;
    let Some(log) = logs.first() else { return Ok(None) };
    let event = decode_anchored(log, registry)?;
    if event.key != key {
        bail!("the RPC returned an Anchored log for another key");
    }
    Ok(Some(event))
}

/// The key a locator CID was anchored under, from the event's `cidHash` topic.
/// Logs are searched from `from_block` (the registry's deploy block spares providers with
/// range limits a scan from genesis).
pub async fn key_for_cid(chain: &Chain, registry: Address, cid: &str, from_block: u64) -> Result<Option<B256>> {
    let filter = Filter::new()
        .address(registry)
        .event_signature(Anchored::SIGNATURE_HASH)
        .topic3(keccak256(cid.as_bytes()))
        .from_block(from_block);
    let logs = chain.provider().get_logs(&filter).await.context("eth_getLogs by cidHash")?;
    for log in &logs {
        let event = decode_anchored(log, registry)?;
        if event.cid == cid {
            return Ok(Some(event.key));
        }
    }
    Ok(None)
}

/// `rootState(root)` at `block`.
pub async fn root_state(chain: &Chain, registry: Address, root: B256, block: BlockId) -> Result<RootState> {
    match chain.call(registry, &rootStateCall { root }, block).await? {
        CallOutcome::Returned(r) => Ok(RootState { index: r.index, revoked_at: r.revokedAt }),
        CallOutcome::Reverted(e) => bail!("rootState reverted with {}", error_name(&e)),
    }
}

/// `vkHash()` at `block`.
pub async fn vk_hash(chain: &Chain, registry: Address, block: BlockId) -> Result<B256> {
    match chain.call(registry, &vkHashCall {}, block).await? {
        CallOutcome::Returned(hash) => Ok(hash),
        CallOutcome::Reverted(e) => bail!("vkHash reverted with {}", error_name(&e)),
    }
}

/// `hasLicense(key, holder)` at `block`.
pub async fn has_license(chain: &Chain, registry: Address, key: B256, holder: Address, block: BlockId) -> Result<bool> {
    match chain.call(registry, &hasLicenseCall { key, holder }, block).await? {
        CallOutcome::Returned(held) => Ok(held),
        CallOutcome::Reverted(e) => bail!("hasLicense reverted with {}", error_name(&e)),
    }
}
