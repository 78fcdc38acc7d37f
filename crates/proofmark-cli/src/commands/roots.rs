//! `proofmark registry publish-root | revoke-root`: the auditor's on-chain acts.
use alloy::primitives::U256;
use alloy::sol_types::SolCall;
use anyhow::Result;
use clap::Args;
use serde_json::json;

use crate::chain::abi::{publishRootCall, revokeRootCall};
use crate::chain::client::Chain;
use crate::chain::signer::KeyArgs;
use crate::chain::{block_on, parse_address, parse_b256};

/// Arguments of `proofmark registry publish-root` and `revoke-root`.
#[derive(Debug, Args)]
pub struct RootArgs {
    /// JSON-RPC endpoint.
    #[arg(long, value_name = "URL")]
    pub rpc: String,
    /// The ProvenanceRegistry.
    #[arg(long, value_name = "ADDR")]
    pub registry: String,
    /// The registry root (from `registry build`).
    #[arg(long, value_name = "0x…")]
    pub root: String,
    /// Refuse unless the RPC serves this chain id.
    #[arg(long, value_name = "N")]
    pub chain_id: Option<u64>,
    #[command(flatten)]
    pub key: KeyArgs,
}

/// Publishes (`revoke` false) or revokes a root.
pub fn run(args: RootArgs, revoke: bool) -> Result<u8> {
    let registry = parse_address(&args.registry)?;
    let root = parse_b256(&args.root, "--root")?;
    let signer = args.key.signer()?;
    block_on(async {
        let chain = Chain::connect(&args.rpc, Some(signer), args.chain_id).await?;
        let input = if revoke { revokeRootCall { root }.abi_encode() } else { publishRootCall { root }.abi_encode() };
        let receipt = chain.send(Some(registry), input.into(), U256::ZERO).await?;
        super::print_json(&json!({
            "root": root.to_string(),
            "action": if revoke { "revoked" } else { "published" },
            "transactionHash": receipt.transaction_hash.to_string(),
            "block": receipt.block_number,
        }));
        Ok(0)
    })
}
