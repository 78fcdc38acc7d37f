//! `proofmark model` and `proofmark registry`: model keys and the auditor's registry.
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use proofmark_core::cid::{HashFunction, Profile, parse_cid};
use proofmark_prover::{ModelKey, ModelPub, Registry};
use serde_json::json;

use proofmark_core::cid::Resolved;

use super::cid::compute;
use crate::input::Input;

/// `model` subcommands.
#[derive(Debug, Subcommand)]
pub enum ModelCommand {
    /// Make a model key (secret, mode 0600) and its public part beside it.
    Keygen(KeygenArgs),
}

/// Arguments of `proofmark model keygen`.
#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// The weights file, or its `unixfs-v1-2025` CID.
    #[arg(long, value_name = "FILE|CID")]
    pub weights: String,
    /// Model version.
    #[arg(long)]
    pub version: u64,
    /// Where to write `model.key.json`; `model.pub.json` goes beside it.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

/// `registry` subcommands (building; publishing roots comes with the chain client).
#[derive(Debug, Subcommand)]
pub enum RegistryCommand {
    /// Build a registry of audited models from their public keys.
    Build(BuildArgs),
    /// Publish a registry root on chain (auditor).
    PublishRoot(super::roots::RootArgs),
    /// Revoke a registry root on chain (auditor).
    RevokeRoot(super::roots::RootArgs),
}

/// Arguments of `proofmark registry build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// `model.pub.json` files, in insertion order.
    #[arg(required = true)]
    pub models: Vec<PathBuf>,
    /// Tree depth (must match the proving setup).
    #[arg(long, default_value_t = proofmark_prover::merkle::DEFAULT_DEPTH)]
    pub depth: usize,
    /// Where to write `registry.json`.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

/// The 32-byte sha2-256 digest of the weights' `unixfs-v1-2025` CID.
fn weights_digest(weights: &str) -> Result<[u8; 32]> {
    let path = Path::new(weights);
    let cid = if path.exists() {
        compute(&Input::File(path.to_path_buf()), Resolved::Profile(Profile::UnixfsV1_2025))?.0
    } else {
        parse_cid(weights).with_context(|| format!("{weights:?} is neither a file nor a CID"))?
    };
    if cid.hash().code() != HashFunction::Sha2_256.code() {
        bail!("the weights CID must use sha2-256");
    }
    let mut digest = [0u8; 32];
    digest.copy_from_slice(cid.hash().digest());
    Ok(digest)
}

/// Runs a `model` subcommand.
pub fn run_model(command: ModelCommand) -> Result<u8> {
    let ModelCommand::Keygen(args) = command;
    let digest = weights_digest(&args.weights)?;
    let mut rng = proofmark_prover::rng::os_rng()?;
    let key = ModelKey::generate(&mut rng, digest, args.version);
    if let Some(dir) = args.out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    key.save(&args.out)?;
    let public_path = args.out.with_file_name("model.pub.json");
    key.public()?.save(&public_path)?;
    super::print_json(&json!({
        "key": args.out.display().to_string(),
        "public": public_path.display().to_string(),
        "leaf": proofmark_prover::field::fr_to_hex(&key.leaf()?),
    }));
    Ok(0)
}

/// Runs a `registry` subcommand.
pub fn run_registry(command: RegistryCommand) -> Result<u8> {
    let args = match command {
        RegistryCommand::Build(args) => args,
        RegistryCommand::PublishRoot(args) => return super::roots::run(args, false),
        RegistryCommand::RevokeRoot(args) => return super::roots::run(args, true),
    };
    let mut registry = Registry::new(args.depth)?;
    for path in &args.models {
        let model = ModelPub::load(path).with_context(|| format!("reading {}", path.display()))?;
        registry.add_model(&model)?;
    }
    registry.save(&args.out)?;
    let root = proofmark_prover::field::fr_to_hex(&registry.root()?);
    super::print_json(&json!({ "root": root, "models": registry.len(), "depth": registry.depth() }));
    Ok(0)
}
