//! `proofmark check`: the verdict of DESIGN §6 for a CID or content key — integrity of
//! the bytes (with `--file` or `--gateway`), the on-chain anchor, the model attestation,
//! and a holder's license.
use std::path::PathBuf;

use alloy::primitives::{Address, B256};
use anyhow::{Context, Result, anyhow};
use clap::Args;
use proofmark_core::anchor::reader::{ChainQuery, TrustedKey, read_chain};
use proofmark_core::cid::{Cid, check_cid, content_key_of, parse_cid};
use proofmark_core::verdict::{Integrity, NO_BYTES, Status, Verdict, Via};

use crate::chain::transport::HttpRpc;
use crate::chain::{block_on, parse_address, parse_b256};

mod bytes;
mod render;

/// Arguments of `proofmark check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// A CID (any profile; a raw sha2-256 CID is the key itself) or a key (0x + 64 hex digits).
    pub target: String,
    /// JSON-RPC endpoint (without one, anchor, model and license are unknown). Repeat it
    /// for a proven read's quorum: every endpoint must agree on the `finalized` block.
    #[arg(long, value_name = "URL")]
    pub rpc: Vec<String>,
    /// The ProvenanceRegistry the verifier trusts.
    #[arg(long, value_name = "ADDR")]
    pub registry: String,
    /// The chain id the verifier trusts; an RPC serving another chain is refused.
    #[arg(long, value_name = "N")]
    pub chain_id: u64,
    /// Prove the record against a trusted block (`--block-hash`, else the quorum's
    /// `finalized` block) with `eth_getProof`, so a lying RPC is caught.
    #[arg(long)]
    pub proven: bool,
    /// The block hash to trust for a proven read (implies `--proven`).
    #[arg(long, value_name = "0x…")]
    pub block_hash: Option<String>,
    /// The asset's bytes, checked against the CID or key.
    #[arg(long, value_name = "FILE", conflicts_with = "gateway")]
    pub file: Option<PathBuf>,
    /// Trustless gateways to fetch the CID's CAR from, in order (repeatable).
    #[arg(long, value_name = "URL")]
    pub gateway: Vec<String>,
    /// The verification key the verifier trusts (model-attest `verification_key.json`).
    #[arg(long, value_name = "FILE")]
    pub vkey: Option<PathBuf>,
    /// Check whether this address holds a license.
    #[arg(long, value_name = "ADDR")]
    pub holder: Option<String>,
    /// First block to search `Anchored` logs in when resolving a locator CID to its key
    /// (the registry's deploy block).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub from_block: u64,
    /// Print the verdict as JSON.
    #[arg(long)]
    pub json: bool,
}

/// What the target names.
enum Target {
    Key(B256),
    Cid(Cid),
}

/// Runs `proofmark check`.
pub fn run(args: CheckArgs) -> Result<u8> {
    let target = if args.target.starts_with("0x") {
        Target::Key(parse_b256(&args.target, "key")?)
    } else {
        let cid = parse_cid(&args.target)?;
        check_cid(&cid)?;
        Target::Cid(cid)
    };
    let registry = parse_address(&args.registry)?;
    let holder = args.holder.as_deref().map(parse_address).transpose()?;
    let trusted_key = args.vkey.as_ref().map(load_vkey).transpose()?;
    let verdict = block_on(check(&args, target, registry, holder, trusted_key.as_ref()))?;
    render::print(&verdict, args.json);
    let counted_integrity = args.file.is_some() || !args.gateway.is_empty();
    Ok(verdict.exit_code(counted_integrity, holder.is_some()) as u8)
}

fn load_vkey(path: &PathBuf) -> Result<TrustedKey> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(TrustedKey::from_json(&text)?)
}

async fn check(
    args: &CheckArgs,
    target: Target,
    registry: Address,
    holder: Option<Address>,
    trusted_key: Option<&TrustedKey>,
) -> Result<Verdict> {
    let endpoints = args.rpc.iter().map(|url| HttpRpc::new(url)).collect::<Result<Vec<_>>>()?;
    // Integrity, and the key when the bytes (or the CID itself) give it.
    let (cid, key, mut integrity) = match &target {
        Target::Key(key) => {
            let outcome = match &args.file {
                Some(file) => bytes::file_against_key(file, *key)?,
                None => bytes::BytesOutcome { integrity: Integrity::unknown(Via::Key, NO_BYTES), key: None },
            };
            (None, Some(*key), outcome.integrity)
        }
        Target::Cid(cid) => {
            let outcome = if let Some(file) = &args.file {
                bytes::file_against_cid(file, cid)?
            } else if !args.gateway.is_empty() {
                bytes::from_gateways(&args.gateway, cid).await?
            } else {
                bytes::BytesOutcome { integrity: Integrity::unknown(Via::Bytes, NO_BYTES), key: None }
            };
            (Some(cid.to_string()), content_key_of(cid).map(B256::from).or(outcome.key), outcome.integrity)
        }
    };
    let pinned_block = args.block_hash.as_deref().map(|h| parse_b256(h, "--block-hash")).transpose()?;
    let query = ChainQuery {
        registry,
        chain_id: args.chain_id,
        key,
        locator_cid: cid.as_deref(),
        from_block: args.from_block,
        proven: args.proven,
        pinned_block,
        holder,
        trusted_key,
    };
    let findings =
        read_chain(&endpoints, &query).await.map_err(|e| anyhow!("the chain read failed ({}): {e}", e.code()))?;
    // Bytes no profile reproduces are judged against the key the locator CID was anchored
    // under: a definitive verdict either way (DESIGN 9: bytes whose SHA-256 differs from
    // the anchor key).
    if key.is_none()
        && let (Some(found), Some(file)) = (findings.key, &args.file)
        && integrity.status == Status::Unknown
    {
        integrity = bytes::file_against_key(file, found)?.integrity;
    }
    Ok(Verdict {
        cid,
        key: findings.key.map(|k| k.to_string()),
        integrity,
        anchor: findings.anchor,
        model: findings.model,
        license: findings.license,
    })
}
