//! The chain half of a verdict (DESIGN §6): the anchor, model and license dimensions, read
//! from a registry through JSON-RPC endpoints the edge supplies ([`JsonRpc`]). The CLI's
//! `check` and the SDK's `readAnchor` / `hasLicense` / `verifyAsset` are this one reader
//! over different transports.
//!
//! At `latest` (default) the record, its `Anchored` event, its root's state, the
//! registry's `vkHash` and a holder's license are `eth_call`s and logs, trusted as far as
//! the endpoint is; the verdict reports how final the record's block is. Proven mode
//! ([`ChainQuery::proven`]) proves the record, its root's state, the `vkHash` (through the
//! code) and the license against a trusted block: a pinned hash, or the `finalized` hash
//! every endpoint agrees on. A record or license visible at `latest` but not at the
//! trusted block is `unknown`, `not-final`.
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use alloy_primitives::{Address, B256, keccak256};
use alloy_sol_types::SolCall;

use super::abi::IProvenanceRegistry::{hasLicenseCall, recordOfCall, rootStateCall, vkHashCall};
use super::abi::{AnchoredEvent, RegistryError, decode_record_of};
use super::proven::ProvenRead;
use super::record::RootState;
use crate::verdict::{
    ANCHOR_FAILED, ANCHOR_UNKNOWN, Anchor, Finality, License, Model, NO_HOLDER, NO_RPC, NOT_ANCHORED, NOT_FINAL,
    NOT_LICENSED, ROOT_REVOKED, RPC_UNREACHABLE, RecordView, Status,
};
use crate::{Error, Result};

mod endpoint;
mod model;
mod proven_rounds;

pub use endpoint::{At, Called, Endpoint, JsonRpc, RpcFailure};
pub use model::TrustedKey;
pub use proven_rounds::TrustedBlock;

/// The chain id of anvil and the dev setup: a `devSetup` key is refused on any other.
pub const DEV_CHAIN_ID: u64 = 31337;

/// What to read, and what the verifier trusts.
#[derive(Debug, Clone, Copy)]
pub struct ChainQuery<'a> {
    /// The registry the verifier trusts.
    pub registry: Address,
    /// The chain id the verifier trusts; an endpoint serving another is refused.
    pub chain_id: u64,
    /// The content key, when the CID or the bytes gave it.
    pub key: Option<B256>,
    /// A locator CID to find the key through the `Anchored` event when `key` is `None`.
    pub locator_cid: Option<&'a str>,
    /// First block to search `Anchored` logs in (the registry's deploy block).
    pub from_block: u64,
    /// Prove the reads against a trusted block.
    pub proven: bool,
    /// The block hash to trust (else the endpoints' agreed `finalized` block).
    pub pinned_block: Option<B256>,
    /// Check whether this address holds a license.
    pub holder: Option<Address>,
    /// The verification key the verifier trusts.
    pub trusted_key: Option<&'a TrustedKey>,
}

/// The anchor, model and license dimensions, and the key when the chain resolved it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainFindings {
    /// The content key (given, or found through the locator CID's event).
    pub key: Option<B256>,
    /// The anchor dimension.
    pub anchor: Anchor,
    /// The model dimension.
    pub model: Model,
    /// The license dimension.
    pub license: License,
}

/// A record as read, with what its block adds.
struct Found {
    creator: Address,
    block: u64,
    timestamp: u64,
    root: B256,
    model_tag: B256,
    parent_key: Option<B256>,
    price: u128,
    royalty_bps: u16,
}

/// Reads the chain half of a verdict from `endpoints` (all must answer and serve
/// `query.chain_id`; none, or one silent, leaves everything `unknown`).
///
/// Errors: [`Error::DevSetupRefused`] for a dev-setup key off the dev chain,
/// [`Error::WrongChain`] for an endpoint serving another chain, [`Error::RpcFailed`] when
/// an endpoint fails mid-read, and every error of a proven read that catches a lie.
pub async fn read_chain<R: JsonRpc>(endpoints: &[R], query: &ChainQuery<'_>) -> Result<ChainFindings> {
    if let Some(trusted) = query.trusted_key
        && trusted.dev_setup()
        && query.chain_id != DEV_CHAIN_ID
    {
        return Err(Error::DevSetupRefused(query.chain_id));
    }
    let names: Vec<&str> = endpoints.iter().map(JsonRpc::name).collect();
    let mut findings = ChainFindings {
        key: query.key,
        anchor: Anchor {
            status: Status::Unknown,
            reason: Some(String::from(NO_RPC)),
            block: None,
            finality: None,
            record: None,
            proven: false,
            chain_id: Some(query.chain_id),
            registry: Some(query.registry.to_string()),
            rpc: (!names.is_empty()).then(|| names.join(",")),
        },
        model: unknown_model(ANCHOR_UNKNOWN),
        license: License {
            status: Status::Unknown,
            reason: Some(String::from(if query.holder.is_some() { ANCHOR_UNKNOWN } else { NO_HOLDER })),
            holder: query.holder.map(|h| h.to_string()),
            price: None,
        },
    };
    let mut answered = 0;
    for rpc in endpoints {
        match Endpoint::new(rpc).chain_id().await? {
            Some(served) if served != query.chain_id => {
                return Err(Error::WrongChain { endpoint: rpc.name().to_string(), expected: query.chain_id, served });
            }
            Some(_) => answered += 1,
            None => findings.anchor.reason = Some(String::from(RPC_UNREACHABLE)),
        }
    }
    // A quorum is all of its members: one silent endpoint leaves the read unknown.
    let Some(first) = endpoints.first().filter(|_| answered == endpoints.len()) else {
        return Ok(findings);
    };
    let chain = Endpoint::new(first);
    let registry = query.registry;
    let (latest, _) = chain.block_at("latest").await?.ok_or_else(|| Error::UnknownBlock(String::from("latest")))?;
    findings.anchor.block = Some(latest);
    let at_latest = At::Number(latest);

    if findings.key.is_none()
        && query.from_block <= latest
        && let Some(cid) = query.locator_cid
    {
        findings.key = key_for_cid(&chain, registry, cid, query.from_block).await?;
    }
    let Some(key) = findings.key else {
        return Ok(not_anchored(findings, query));
    };
    let record = record_at(&chain, registry, key, at_latest).await?;

    if query.proven || query.pinned_block.is_some() {
        let trusted = proven_rounds::trusted_block(endpoints, query.pinned_block).await?;
        findings.anchor.proven = true;
        findings.anchor.block = Some(trusted.header.number);
        match proven_rounds::read_record(&chain, registry, key, &trusted).await? {
            ProvenRead::Anchored { record: proven, root_state, code_hash, block } => {
                findings.anchor.finality = Some(if trusted.quorum_finalized {
                    Finality::Finalized
                } else {
                    chain.finality_of(block.number).await?
                });
                let timestamp = match &record {
                    Some(latest) if latest.block == proven.block => latest.timestamp,
                    _ => chain.block_timestamp(proven.block).await?,
                };
                let found = Found {
                    creator: proven.creator,
                    block: proven.block,
                    timestamp,
                    root: proven.root,
                    model_tag: proven.model_tag,
                    parent_key: proven.parent_key,
                    price: proven.price,
                    royalty_bps: proven.royalty_bps,
                };
                let vk_hash = proven_rounds::vk_hash(&chain, registry, &trusted, code_hash).await?;
                let mut findings = anchored(&chain, findings, query, key, &found, at_latest, Some(vk_hash)).await?;
                // Revocation is proven at the trusted block; a later one shows at latest.
                if let Some(at) = root_state.revoked_at {
                    findings.model.status = Status::Failed;
                    findings.model.reason = Some(String::from(ROOT_REVOKED));
                    findings.model.revoked_at = Some(at);
                }
                if let Some(holder) = query.holder {
                    let held = proven_rounds::license(&chain, registry, key, holder, &trusted).await?;
                    let held_at_latest = has_license(&chain, registry, key, holder, at_latest).await?;
                    set_license(&mut findings.license, held, held_at_latest);
                }
                return Ok(findings);
            }
            ProvenRead::NotAnchored { .. } if record.is_some() => {
                findings.anchor.reason = Some(String::from(NOT_FINAL));
                return Ok(findings);
            }
            ProvenRead::NotAnchored { .. } => return Ok(not_anchored(findings, query)),
            ProvenRead::NeedSlots(_) => return Err(Error::ProvenReadUnsettled),
        }
    }
    let Some(found) = record else {
        return Ok(not_anchored(findings, query));
    };
    findings.anchor.finality = Some(chain.finality_of(found.block).await?);
    let mut findings = anchored(&chain, findings, query, key, &found, at_latest, None).await?;
    if let Some(holder) = query.holder {
        let held = has_license(&chain, registry, key, holder, at_latest).await?;
        set_license(&mut findings.license, held, held);
    }
    Ok(findings)
}

/// Whether `holder` holds a license for `key`: at `latest` by default; proven at the
/// trusted block with `proven` (a license bought after it is `Ok(None)`: not final).
pub async fn read_license<R: JsonRpc>(
    endpoints: &[R],
    registry: Address,
    chain_id: u64,
    key: B256,
    holder: Address,
    proven: Option<Option<B256>>,
) -> Result<Option<bool>> {
    let first = endpoints.first().ok_or(Error::NoEndpoint)?;
    for rpc in endpoints {
        match Endpoint::new(rpc).chain_id().await? {
            Some(served) if served == chain_id => {}
            Some(served) => {
                return Err(Error::WrongChain { endpoint: rpc.name().to_string(), expected: chain_id, served });
            }
            None => {
                return Err(Error::RpcFailed {
                    endpoint: rpc.name().to_string(),
                    method: String::from("eth_chainId"),
                    message: String::from("no answer"),
                });
            }
        }
    }
    let chain = Endpoint::new(first);
    let (latest, _) = chain.block_at("latest").await?.ok_or_else(|| Error::UnknownBlock(String::from("latest")))?;
    let held_at_latest = has_license(&chain, registry, key, holder, At::Number(latest)).await?;
    let Some(pinned) = proven else { return Ok(Some(held_at_latest)) };
    let trusted = proven_rounds::trusted_block(endpoints, pinned).await?;
    let held = proven_rounds::license(&chain, registry, key, holder, &trusted).await?;
    Ok(if held || !held_at_latest { Some(held) } else { None })
}

fn set_license(license: &mut License, held: bool, held_at_latest: bool) {
    (license.status, license.reason) = match (held, held_at_latest) {
        (true, _) => (Status::Verified, None),
        (false, true) => (Status::Unknown, Some(String::from(NOT_FINAL))),
        (false, false) => (Status::Failed, Some(String::from(NOT_LICENSED))),
    };
}

fn unknown_model(reason: &str) -> Model {
    Model { status: Status::Unknown, reason: Some(String::from(reason)), root: None, revoked_at: None, vk_hash: None }
}

fn not_anchored(mut findings: ChainFindings, query: &ChainQuery<'_>) -> ChainFindings {
    findings.anchor.status = Status::Failed;
    findings.anchor.reason = Some(String::from(NOT_ANCHORED));
    findings.model.reason = Some(String::from(ANCHOR_FAILED));
    if query.holder.is_some() {
        findings.license.status = Status::Failed;
        findings.license.reason = Some(String::from(ANCHOR_FAILED));
    }
    findings
}

/// Fills the dimensions of an anchored record: the event, the model and the price.
async fn anchored<R: JsonRpc>(
    chain: &Endpoint<'_, R>,
    mut findings: ChainFindings,
    query: &ChainQuery<'_>,
    key: B256,
    found: &Found,
    at: At,
    proven_vk_hash: Option<B256>,
) -> Result<ChainFindings> {
    let registry = query.registry;
    let event = chain
        .anchored_logs(registry, [Some(key), None, None], found.block, Some(found.block))
        .await?
        .into_iter()
        .next();
    if let Some(event) = &event
        && event.key != key
    {
        return Err(Error::InconsistentLog("the endpoint returned an Anchored log for another key"));
    }
    findings.anchor.status = Status::Verified;
    findings.anchor.reason = None;
    findings.anchor.record = Some(record_view(found, event.as_ref()));
    let root_state = root_state(chain, registry, found.root, at).await?;
    let registry_vk_hash = match proven_vk_hash {
        Some(hash) => hash,
        None => vk_hash(chain, registry, at).await?,
    };
    let evidence = model::Evidence {
        key,
        creator: found.creator,
        root: found.root,
        model_tag: found.model_tag,
        root_state,
        registry_vk_hash,
        event: event.as_ref(),
    };
    findings.model = model::judge(&evidence, query.trusted_key)?;
    findings.license.price = Some(found.price.to_string());
    Ok(findings)
}

fn record_view(found: &Found, event: Option<&AnchoredEvent>) -> RecordView {
    RecordView {
        creator: found.creator.to_string(),
        block: found.block,
        timestamp: found.timestamp,
        root: found.root.to_string(),
        model_tag: found.model_tag.to_string(),
        parent_key: found.parent_key.map(|k| k.to_string()),
        price: found.price.to_string(),
        royalty_bps: found.royalty_bps,
        cid: event.map(|e| e.cid.clone()),
        uri: event.map(|e| e.uri.clone()),
    }
}

/// The key a locator CID was anchored under, from the event's `cidHash` topic.
async fn key_for_cid<R: JsonRpc>(
    chain: &Endpoint<'_, R>,
    registry: Address,
    cid: &str,
    from_block: u64,
) -> Result<Option<B256>> {
    let cid_hash = keccak256(cid.as_bytes());
    let events = chain.anchored_logs(registry, [None, None, Some(cid_hash)], from_block, None).await?;
    Ok(events.into_iter().find(|event| event.cid == cid).map(|event| event.key))
}

/// `recordOf(key)` at `at`, with its block's timestamp; `None` without a record.
async fn record_at<R: JsonRpc>(chain: &Endpoint<'_, R>, registry: Address, key: B256, at: At) -> Result<Option<Found>> {
    match chain.call_registry(registry, &recordOfCall { key }.abi_encode(), at).await? {
        Ok(data) => {
            let record = decode_record_of(&data)?;
            let timestamp = chain.block_timestamp(record.block).await?;
            Ok(Some(Found {
                creator: record.creator,
                block: record.block,
                timestamp,
                root: record.root,
                model_tag: record.model_tag,
                parent_key: record.parent_key,
                price: record.price,
                royalty_bps: record.royalty_bps,
            }))
        }
        Err(RegistryError::NotAnchored(_)) => Ok(None),
        Err(_) => Err(Error::InvalidAbi(String::from("recordOf reverted with another error than NotAnchored"))),
    }
}

/// `rootState(root)` at `at`: `None` when the root was never published.
async fn root_state<R: JsonRpc>(
    chain: &Endpoint<'_, R>,
    registry: Address,
    root: B256,
    at: At,
) -> Result<Option<RootState>> {
    let data = returned(chain.call_registry(registry, &rootStateCall { root }.abi_encode(), at).await?, "rootState")?;
    let state = rootStateCall::abi_decode_returns_validate(&data).map_err(|e| Error::InvalidAbi(e.to_string()))?;
    Ok((state.index != 0).then_some(RootState {
        index: state.index,
        published_at: state.publishedAt,
        revoked_at: (state.revokedAt != 0).then_some(state.revokedAt),
    }))
}

/// `vkHash()` at `at`.
async fn vk_hash<R: JsonRpc>(chain: &Endpoint<'_, R>, registry: Address, at: At) -> Result<B256> {
    let data = returned(chain.call_registry(registry, &vkHashCall {}.abi_encode(), at).await?, "vkHash")?;
    vkHashCall::abi_decode_returns_validate(&data).map_err(|e| Error::InvalidAbi(e.to_string()))
}

/// `hasLicense(key, holder)` at `at`.
async fn has_license<R: JsonRpc>(
    chain: &Endpoint<'_, R>,
    registry: Address,
    key: B256,
    holder: Address,
    at: At,
) -> Result<bool> {
    let call = hasLicenseCall { key, holder }.abi_encode();
    let data = returned(chain.call_registry(registry, &call, at).await?, "hasLicense")?;
    hasLicenseCall::abi_decode_returns_validate(&data).map_err(|e| Error::InvalidAbi(e.to_string()))
}

fn returned(outcome: Result<Vec<u8>, RegistryError>, function: &str) -> Result<Vec<u8>> {
    outcome.map_err(|_| Error::InvalidAbi(alloc::format!("{function} reverted")))
}
