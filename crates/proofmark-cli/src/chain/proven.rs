//! Proven reads: pick the block to trust (a pinned hash, or the `finalized` hash every
//! RPC of a quorum agrees on), fetch the header, `eth_getProof` and `recordOf` at that
//! block as raw JSON, and let `proofmark_core::anchor::read_proven` decide.
use alloy::primitives::{Address, B256};
use alloy::sol_types::SolCall;
use anyhow::{Context, Result, anyhow, bail};
use proofmark_core::anchor::{CallOutcome, ProvenQuery, ProvenRead, first_round_slots, read_proven};
use serde_json::{Value, json};

use super::abi::recordOfCall;
use super::client::Chain;

/// Most `eth_getProof` rounds a read may take (the core needs at most three).
const MAX_ROUNDS: usize = 3;

/// The block a proven read trusts.
pub struct TrustedBlock {
    /// Its hash.
    pub hash: B256,
    /// `eth_getBlockByHash` of it, as JSON text (checked by the core against the hash).
    pub header_json: String,
    /// Whether it is the quorum's `finalized` block (else a pinned hash).
    pub quorum_finalized: bool,
}

/// The pinned hash, or the `finalized` hash all `chains` agree on.
pub async fn trusted_block(chains: &[Chain], pinned: Option<B256>) -> Result<TrustedBlock> {
    let first = chains.first().context("a proven read needs --rpc")?;
    let (hash, quorum_finalized) = match pinned {
        Some(hash) => (hash, false),
        None => {
            let mut agreed: Option<B256> = None;
            for chain in chains {
                let block = chain.raw("eth_getBlockByNumber", json!(["finalized", false])).await?;
                let hash: B256 = block["hash"]
                    .as_str()
                    .context("the RPC's finalized block has no hash")?
                    .parse()
                    .with_context(|| format!("{} answered a malformed finalized hash", chain.rpc))?;
                match agreed {
                    Some(previous) if previous != hash => {
                        bail!("the RPCs disagree on the finalized block ({previous} vs {hash} from {})", chain.rpc)
                    }
                    _ => agreed = Some(hash),
                }
            }
            (agreed.context("no finalized block")?, true)
        }
    };
    let header = first.raw("eth_getBlockByHash", json!([hash, false])).await?;
    if header.is_null() {
        bail!("{} does not know the trusted block {hash}", first.rpc);
    }
    Ok(TrustedBlock { hash, header_json: header.to_string(), quorum_finalized })
}

/// Reads the record for `key` proven at the trusted block.
pub async fn read(chain: &Chain, registry: Address, key: B256, trusted: &TrustedBlock) -> Result<ProvenRead> {
    let at = json!({ "blockHash": trusted.hash });
    let call_input = alloy::primitives::hex::encode_prefixed(recordOfCall { key }.abi_encode());
    let call = chain.raw_result("eth_call", json!([{ "to": registry, "data": call_input }, at])).await?;
    let (call_bytes, reverted) = match &call {
        Ok(value) => (unhex(value.as_str().context("eth_call answered a non-string")?)?, false),
        Err(error) => match error.get("data").and_then(Value::as_str) {
            Some(data) => (unhex(data)?, true),
            None => bail!("eth_call failed without revert data: {error}"),
        },
    };
    let outcome = if reverted { CallOutcome::Reverted(&call_bytes) } else { CallOutcome::Returned(&call_bytes) };
    let mut slots = first_round_slots(key);
    for _ in 0..MAX_ROUNDS {
        let proof = chain.raw("eth_getProof", json!([registry, slots, at])).await?;
        let proof_json = proof.to_string();
        let query = ProvenQuery {
            trusted_block_hash: trusted.hash,
            header_json: &trusted.header_json,
            proof_json: &proof_json,
            registry,
            key,
            call: Some(outcome),
        };
        match read_proven(&query).map_err(|e| anyhow!("proven read rejected the RPC's answers ({}): {e}", e.code()))? {
            ProvenRead::NeedSlots(more) => slots = more,
            done => return Ok(done),
        }
    }
    bail!("the proven read did not settle in {MAX_ROUNDS} rounds")
}

fn unhex(text: &str) -> Result<Vec<u8>> {
    alloy::primitives::hex::decode(text).with_context(|| format!("{text:?} is not hex"))
}

/// The registry's `vkHash`, proven: the code at the trusted block must hash to the
/// proven code hash and be this build of the registry; the immutable is read from it.
pub async fn vk_hash(chain: &Chain, registry: Address, trusted: &TrustedBlock, code_hash: B256) -> Result<B256> {
    let code = chain.raw("eth_getCode", json!([registry, { "blockHash": trusted.hash }])).await?;
    let code = unhex(code.as_str().context("eth_getCode answered a non-string")?)?;
    let build = proofmark_core::anchor::RegistryBuild::committed()?;
    build
        .proven_immutable(&code, code_hash, "vkHash")
        .map_err(|e| anyhow!("the registry's code is not the proven ProvenanceRegistry ({}): {e}", e.code()))
}
