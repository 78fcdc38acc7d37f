//! Proven reads over an endpoint: the trusted block (a pinned hash, or the `finalized`
//! hash every endpoint of a quorum agrees on), the record's `eth_getProof` rounds, the
//! registry's `vkHash` from its proven code, and a proven license word.
use alloc::string::{String, ToString};

use alloy_primitives::{Address, B256};
use alloy_sol_types::SolCall;

use super::super::abi::IProvenanceRegistry::recordOfCall;
use super::super::code::RegistryBuild;
use super::super::header::{Header, verify_header};
use super::super::layout::license_slot;
use super::super::mpt::verify_account_proof;
use super::super::proven::{CallOutcome, ProvenQuery, ProvenRead, first_round_slots, read_proven};
use super::super::record::decode_license;
use super::endpoint::{At, Called, Endpoint, JsonRpc};
use crate::{Error, Result};

/// Most `eth_getProof` rounds a record read may take (the core needs at most three).
const MAX_ROUNDS: usize = 3;

/// The block a proven read trusts, its header checked against its hash.
#[derive(Debug, Clone)]
pub struct TrustedBlock {
    /// Its hash.
    pub hash: B256,
    /// `eth_getBlockByHash` of it, as JSON text.
    pub header_json: String,
    /// Its header, checked against `hash`.
    pub header: Header,
    /// Whether it is the quorum's `finalized` block (else a pinned hash).
    pub quorum_finalized: bool,
}

/// The pinned hash, or the `finalized` hash all `endpoints` agree on; its header comes
/// from the first endpoint and is checked against the hash.
pub async fn trusted_block<R: JsonRpc>(endpoints: &[R], pinned: Option<B256>) -> Result<TrustedBlock> {
    let first = Endpoint::new(endpoints.first().ok_or(Error::NoEndpoint)?);
    let (hash, quorum_finalized) = match pinned {
        Some(hash) => (hash, false),
        None => {
            let mut agreed: Option<B256> = None;
            for rpc in endpoints {
                let endpoint = Endpoint::new(rpc);
                let (_, hash) = endpoint.block_at("finalized").await?.ok_or(Error::NoFinalizedBlock)?;
                match agreed {
                    Some(previous) if previous != hash => {
                        return Err(Error::QuorumDisagrees { endpoint: endpoint.name().to_string() });
                    }
                    _ => agreed = Some(hash),
                }
            }
            (agreed.ok_or(Error::NoEndpoint)?, true)
        }
    };
    let header_json = first.block_json_by_hash(hash).await?.ok_or(Error::UnknownTrustedBlock(hash))?;
    let header = verify_header(&header_json, hash)?;
    Ok(TrustedBlock { hash, header_json, header, quorum_finalized })
}

/// The record for `key` proven at the trusted block, cross-checked against `recordOf`
/// at that block.
pub async fn read_record<R: JsonRpc>(
    endpoint: &Endpoint<'_, R>,
    registry: Address,
    key: B256,
    trusted: &TrustedBlock,
) -> Result<ProvenRead> {
    let at = At::Hash(trusted.hash);
    let call = endpoint.call(registry, &recordOfCall { key }.abi_encode(), at).await?;
    let outcome = match &call {
        Called::Returned(data) => CallOutcome::Returned(data),
        Called::Reverted(data) => CallOutcome::Reverted(data),
    };
    let mut slots = first_round_slots(key);
    for _ in 0..MAX_ROUNDS {
        let proof_json = endpoint.proof_json(registry, &slots, at).await?;
        let query = ProvenQuery {
            trusted_block_hash: trusted.hash,
            header_json: &trusted.header_json,
            proof_json: &proof_json,
            registry,
            key,
            call: Some(outcome),
        };
        match read_proven(&query)? {
            ProvenRead::NeedSlots(more) => slots = more,
            done => return Ok(done),
        }
    }
    Err(Error::ProvenReadUnsettled)
}

/// The registry's `vkHash`, proven: the code at the trusted block must hash to the proven
/// code hash and be this build of the registry; the immutable is read from it.
pub async fn vk_hash<R: JsonRpc>(
    endpoint: &Endpoint<'_, R>,
    registry: Address,
    trusted: &TrustedBlock,
    code_hash: B256,
) -> Result<B256> {
    let code = endpoint.code(registry, At::Hash(trusted.hash)).await?;
    RegistryBuild::committed()?.proven_immutable(&code, code_hash, "vkHash")
}

/// Whether `holder` holds a license for `key` at the trusted block, proven.
pub async fn license<R: JsonRpc>(
    endpoint: &Endpoint<'_, R>,
    registry: Address,
    key: B256,
    holder: Address,
    trusted: &TrustedBlock,
) -> Result<bool> {
    let slot = license_slot(key, holder);
    let proof_json = endpoint.proof_json(registry, &[slot], At::Hash(trusted.hash)).await?;
    let account = verify_account_proof(trusted.header.state_root, registry, &proof_json)?;
    decode_license(account.slot(slot)?)
}
