//! `proofmark registry publish-root | revoke-root`: the auditor's on-chain acts.
use alloy::primitives::U256;
use alloy::sol_types::SolCall;
use anyhow::Result;
use clap::Args;
use serde_json::json;

use crate::chain::abi::{publishRootCall, revokeRootCall};
use crate::chain::client::Chain;
use crate::chain::signer::KeyArgs;
use crate::chain::{RegistryTarget, block_on, parse_b256};

/// Arguments of `proofmark registry publish-root` and `revoke-root`.
#[derive(Debug, Args)]
pub struct RootArgs {
    #[command(flatten)]
    pub target: RegistryTarget,
    /// The registry root (from `registry build`).
    #[arg(long, value_name = "0x…")]
    pub root: String,
    #[command(flatten)]
    pub key: KeyArgs,
}

/// Publishes (`revoke` false) or revokes a root.
pub fn run(args: RootArgs, revoke: bool) -> Result<u8> {
    let registry = args.target.address()?;
    let root = parse_b256(&args.root, "--root")?;
    let signer = args.key.signer()?;
    block_on(async {
        let chain = Chain::connect(&args.target.rpc, Some(signer), args.target.chain_id).await?;
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
