//! `proofmark anchor`: record a file's key on chain with its model-attest proof.
use std::path::{Path, PathBuf};

use alloy::primitives::{Address, B256, U256};
use alloy::sol_types::SolCall;
use anyhow::{Context, Result, bail};
use clap::Args;
use proofmark_core::cid::{HashFunction, Profile};
use proofmark_core::zk::{parse_proof, parse_public, proof_words};
use proofmark_prover::field::{address_to_fr, digest_halves, fr_to_be_bytes};
use serde_json::json;

use proofmark_core::cid::Resolved;

use super::cid::compute;
use crate::chain::abi::anchorCall;
use crate::chain::client::Chain;
use crate::chain::signer::KeyArgs;
use crate::chain::{RegistryTarget, block_on, parse_b256};
use crate::import::whole_digest;
use crate::input::Input;

/// Arguments of `proofmark anchor`.
#[derive(Debug, Args)]
pub struct AnchorArgs {
    /// The asset; its SHA-256 is the key anchored.
    pub file: PathBuf,
    /// `proof.json` from `zk prove`.
    #[arg(long, value_name = "FILE")]
    pub proof: PathBuf,
    /// `public.json` from `zk prove`.
    #[arg(long, value_name = "FILE")]
    pub public: PathBuf,
    #[command(flatten)]
    pub target: RegistryTarget,
    /// The locator CID published in the event (default: the file's unixfs-v1-2025 CID).
    #[arg(long)]
    pub cid: Option<String>,
    /// The parent asset: a file (its SHA-256) or a key (0x + 64 hex digits).
    #[arg(long, value_name = "FILE|KEY")]
    pub parent: Option<String>,
    /// License price in wei.
    #[arg(long, value_name = "WEI", default_value_t = 0)]
    pub price: u128,
    /// The parent creator's share of each sale, in basis points (needs --parent).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub royalty_bps: u16,
    /// A URI published in the event (e.g. where the asset is offered).
    #[arg(long, default_value = "")]
    pub uri: String,
    #[command(flatten)]
    pub key: KeyArgs,
}

/// What an anchor needs besides the key and the connection.
pub struct AnchorRequest {
    /// The content key.
    pub key: B256,
    /// The locator CID.
    pub cid: String,
    /// `proof.json` text.
    pub proof_json: String,
    /// `public.json` text.
    pub public_json: String,
    /// The parent's key, or zero.
    pub parent: B256,
    /// Price in wei.
    pub price: u128,
    /// Royalty share.
    pub royalty_bps: u16,
    /// URI for the event.
    pub uri: String,
}

/// The content key of a file: its SHA-256.
pub fn content_key(path: &Path) -> Result<B256> {
    let (digest, _) = whole_digest(&Input::File(path.to_path_buf()), HashFunction::Sha2_256)?;
    Ok(B256::from_slice(&digest))
}

/// The file's `unixfs-v1-2025` CID, the default locator.
pub fn default_cid(path: &Path) -> Result<String> {
    let (cid, _) = compute(&Input::File(path.to_path_buf()), Resolved::Profile(Profile::UnixfsV1_2025))?;
    Ok(cid.to_string())
}

/// Builds the `anchor(...)` calldata, checking first that the proof's public inputs bind
/// this key and this sender (a clear error here instead of an on-chain `InvalidProof`).
pub fn anchor_calldata(request: &AnchorRequest, sender: Address) -> Result<Vec<u8>> {
    let proof = parse_proof(&request.proof_json)?;
    let inputs = parse_public(&request.public_json)?;
    if inputs.len() != 5 {
        bail!("public.json has {} inputs; the model-attest statement has 5", inputs.len());
    }
    let (hi, lo) = digest_halves(&request.key.0);
    if inputs[1] != hi || inputs[2] != lo {
        bail!("the proof is for other content than key {}", request.key);
    }
    if inputs[4] != address_to_fr(&sender.0.0) {
        bail!("the proof binds another creator than the signing account {sender}");
    }
    let call = anchorCall {
        key: request.key,
        modelTag: B256::from(fr_to_be_bytes(&inputs[3])),
        root: B256::from(fr_to_be_bytes(&inputs[0])),
        proof: proof_words(&proof).map(U256::from_be_bytes),
        parentKey: request.parent,
        price: request.price,
        royaltyBps: request.royalty_bps,
        cid: request.cid.clone(),
        uri: request.uri.clone(),
    };
    Ok(call.abi_encode())
}

/// A parent given as a key or as a file.
pub fn parent_key(text: &str) -> Result<B256> {
    if text.starts_with("0x") && text.len() == 66 { parse_b256(text, "--parent") } else { content_key(Path::new(text)) }
}

/// Runs `proofmark anchor`.
pub fn run(args: AnchorArgs) -> Result<u8> {
    let registry = args.target.address()?;
    let read = |path: &PathBuf| std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()));
    let request = AnchorRequest {
        key: content_key(&args.file)?,
        cid: match &args.cid {
            Some(cid) => proofmark_core::cid::parse_cid(cid)?.to_string(),
            None => default_cid(&args.file)?,
        },
        proof_json: read(&args.proof)?,
        public_json: read(&args.public)?,
        parent: args.parent.as_deref().map(parent_key).transpose()?.unwrap_or_default(),
        price: args.price,
        royalty_bps: args.royalty_bps,
        uri: args.uri.clone(),
    };
    let signer = args.key.signer()?;
    let input = anchor_calldata(&request, signer.address())?;
    block_on(async {
        let chain = Chain::connect(&args.target.rpc, Some(signer), args.target.chain_id).await?;
        let receipt = chain.send(Some(registry), input.into(), U256::ZERO).await?;
        super::print_json(&json!({
            "key": request.key.to_string(),
            "cid": request.cid,
            "transactionHash": receipt.transaction_hash.to_string(),
            "block": receipt.block_number,
            "gasUsed": receipt.gas_used,
        }));
        Ok(0)
    })
}
