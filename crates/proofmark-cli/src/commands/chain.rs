//! `proofmark chain deploy`: put a registry for a verification key on chain.
use std::path::PathBuf;

use alloy::primitives::{Address, U256};
use alloy::rpc::types::BlockId;
use alloy::sol_types::SolValue;
use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use proofmark_core::zk::{parse_verifying_key, vk_hash, vk_words};
use serde_json::json;

use crate::chain::abi::{creation_bytecode, vkHashCall};
use crate::chain::client::{CallOutcome, Chain, DEV_CHAIN_ID};
use crate::chain::signer::KeyArgs;
use crate::chain::{block_on, parse_address};

/// Public inputs of the model-attest statement the registry verifies.
const MODEL_ATTEST_INPUTS: usize = 5;

/// `chain` subcommands.
#[derive(Debug, Subcommand)]
pub enum ChainCommand {
    /// Deploy a ProvenanceRegistry for a verification key; prints its address.
    Deploy(DeployArgs),
}

/// Arguments of `proofmark chain deploy`.
#[derive(Debug, Args)]
pub struct DeployArgs {
    /// JSON-RPC endpoint.
    #[arg(long, value_name = "URL")]
    pub rpc: String,
    /// The model-attest `verification_key.json` the registry will verify against.
    #[arg(long, value_name = "FILE")]
    pub vkey: PathBuf,
    /// The auditor who publishes and revokes roots (default: the deployer).
    #[arg(long, value_name = "ADDR")]
    pub auditor: Option<String>,
    /// Refuse to deploy unless the RPC serves this chain id.
    #[arg(long, value_name = "N")]
    pub chain_id: Option<u64>,
    #[command(flatten)]
    pub key: KeyArgs,
    /// Print everything as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs a `chain` subcommand.
pub fn run(command: ChainCommand) -> Result<u8> {
    let ChainCommand::Deploy(args) = command;
    let text = std::fs::read_to_string(&args.vkey).with_context(|| format!("reading {}", args.vkey.display()))?;
    let file = parse_verifying_key(&text)?;
    if file.vk.gamma_abc_g1.len() != MODEL_ATTEST_INPUTS + 1 {
        bail!(
            "{} has {} public inputs; the registry verifies the model-attest statement's {MODEL_ATTEST_INPUTS}",
            args.vkey.display(),
            file.vk.gamma_abc_g1.len() - 1
        );
    }
    let auditor = args.auditor.as_deref().map(parse_address).transpose()?.unwrap_or(Address::ZERO);
    let signer = args.key.signer()?;
    block_on(async {
        let chain = Chain::connect(&args.rpc, Some(signer), args.chain_id).await?;
        if file.dev_setup && chain.chain_id != DEV_CHAIN_ID {
            bail!(
                "{} is a dev setup (INSECURE); it is refused on chain id {} (only {DEV_CHAIN_ID})",
                args.vkey.display(),
                chain.chain_id
            );
        }
        let words: [U256; 26] = vk_words(&file.vk)
            .iter()
            .map(|w| U256::from_be_bytes(*w))
            .collect::<Vec<_>>()
            .try_into()
            .map_err(|_| anyhow::anyhow!("a five-input key has 26 words"))?;
        let mut input = creation_bytecode()?.to_vec();
        input.extend((words, auditor).abi_encode_params());
        let receipt = chain.send(None, input.into(), U256::ZERO).await?;
        let registry = receipt.contract_address.context("the deploy receipt has no contract address")?;
        let expected = vk_hash(&file.vk);
        let on_chain = match chain.call(registry, &vkHashCall {}, BlockId::latest()).await? {
            CallOutcome::Returned(hash) => hash,
            CallOutcome::Reverted(_) => bail!("the new registry reverted vkHash()"),
        };
        if on_chain.0 != expected {
            bail!(
                "the deployed registry's vkHash {on_chain} differs from the key's {}",
                alloy::primitives::hex::encode_prefixed(expected)
            );
        }
        if args.json {
            super::print_json(&json!({
                "registry": registry.to_string(),
                "vkHash": on_chain.to_string(),
                "chainId": chain.chain_id,
                "auditor": if auditor == Address::ZERO { chain.sender.map(|a| a.to_string()) } else { Some(auditor.to_string()) },
                "transactionHash": receipt.transaction_hash.to_string(),
                "block": receipt.block_number,
                "gasUsed": receipt.gas_used,
            }));
        } else {
            outln!("{registry}");
        }
        Ok(0)
    })
}
