//! `proofmark publish`: the lights-out studio pipeline. Per file: CID and CAR into
//! `--out-dir` (what `gateway serve` serves), optional Kubo and Pinning Service pushes,
//! the model-attest proof, and the anchor; then a JSON manifest. Every finished step is
//! journaled, and before anchoring the registry is asked whether the key is already
//! there, so a run killed at any point resumes without re-anchoring or losing work.
use std::path::{Path, PathBuf};

use alloy::primitives::{B256, U256};
use alloy::rpc::types::BlockId;
use alloy::transports::http::reqwest;
use anyhow::{Context, Result, bail};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use proofmark_core::cid::Profile;
use proofmark_prover::{
    ModelKey, ProofSecret, ProvingSetup, Registry, SaltPolicy, choose_salt, prove_with_setup, witness_for,
};
use serde_json::json;

use super::anchor::{AnchorRequest, anchor_calldata, content_key};
use crate::car_write::write_file_car;
use crate::chain::abi::{RegistryError, recordOfCall};
use crate::chain::client::{CallOutcome, Chain};
use crate::chain::signer::KeyArgs;
use crate::chain::{RegistryTarget, block_on};
use crate::import::import;
use crate::input::Input;
use crate::output::write_atomically;

mod journal;
mod push;

use journal::{Entry, Journal};

/// The environment variable holding the Pinning Service access token.
pub const PINNING_TOKEN_ENV: &str = "PROOFMARK_PINNING_TOKEN";

/// Arguments of `proofmark publish`.
#[derive(Debug, Args)]
pub struct PublishArgs {
    /// The assets to publish.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The model's `model.key.json`.
    #[arg(long, value_name = "FILE")]
    pub model_key: PathBuf,
    /// The auditor's `registry.json`.
    #[arg(long, value_name = "FILE")]
    pub registry_file: PathBuf,
    /// The proving setup folder.
    #[arg(long, value_name = "DIR")]
    pub setup: PathBuf,
    #[command(flatten)]
    pub target: RegistryTarget,
    /// Where CARs, proofs, the journal and `manifest.json` go.
    #[arg(long, value_name = "DIR")]
    pub out_dir: PathBuf,
    /// A Kubo RPC endpoint to import each CAR into (`/api/v0/dag/import`).
    #[arg(long, value_name = "URL")]
    pub ipfs_api: Option<String>,
    /// An IPFS Pinning Service API endpoint (token in PROOFMARK_PINNING_TOKEN).
    #[arg(long, value_name = "URL")]
    pub pinning_service: Option<String>,
    /// Salt proofs with Poseidon(secret, model) so one creator's proofs are linkable.
    #[arg(long)]
    pub linkable: bool,
    /// License price in wei for every asset.
    #[arg(long, value_name = "WEI", default_value_t = 0)]
    pub price: u128,
    /// The parent every asset of this batch derives from: a file (its SHA-256) or a key.
    #[arg(long, value_name = "FILE|KEY")]
    pub parent: Option<String>,
    /// The parent creator's share of each sale, in basis points (needs --parent).
    #[arg(long, value_name = "N", default_value_t = 0, requires = "parent")]
    pub royalty_bps: u16,
    /// A URI prefix published in each event (the CID is appended).
    #[arg(long, default_value = "")]
    pub uri_prefix: String,
    #[command(flatten)]
    pub key: KeyArgs,
}

/// Runs `proofmark publish`.
pub fn run(args: PublishArgs) -> Result<u8> {
    std::fs::create_dir_all(&args.out_dir).with_context(|| format!("creating {}", args.out_dir.display()))?;
    let registry = args.target.address()?;
    let signer = args.key.signer()?;
    let creator = signer.address();
    let pinning_token = match &args.pinning_service {
        Some(_) => Some(
            std::env::var(PINNING_TOKEN_ENV).with_context(|| format!("--pinning-service needs {PINNING_TOKEN_ENV}"))?,
        ),
        None => None,
    };
    let model = ModelKey::load(&args.model_key).with_context(|| format!("reading {}", args.model_key.display()))?;
    let (setup, depth) = ProvingSetup::load(&args.setup)?;
    let registry_text = std::fs::read_to_string(&args.registry_file)
        .with_context(|| format!("reading {}", args.registry_file.display()))?;
    let model_registry = Registry::from_json_for_depth(&registry_text, depth)?;
    let mut journal = Journal::open(&args.out_dir)?;
    let progress = ProgressBar::new(args.files.len() as u64);
    progress.set_style(
        ProgressStyle::with_template("{prefix:>10} [{bar:30}] {pos}/{len} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    if !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        progress.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }

    block_on(async {
        let chain = Chain::connect(&args.target.rpc, Some(signer), args.target.chain_id).await?;
        let http = reqwest::Client::new();
        let mut assets = Vec::new();
        for file in &args.files {
            progress.set_prefix("publish");
            progress.set_message(file.display().to_string());
            let key = content_key(file)?;
            let key_text = key.to_string();

            // 1. CID and CAR.
            let (cid, car) = match journal.get(&key_text, "stored") {
                Some(Entry::Stored { cid, car, .. }) => (cid.clone(), PathBuf::from(car)),
                _ => {
                    let (cid, car) = store(file, &args.out_dir)?;
                    journal.record(Entry::Stored {
                        key: key_text.clone(),
                        file: file.display().to_string(),
                        cid: cid.clone(),
                        car: car.display().to_string(),
                    })?;
                    (cid, car)
                }
            };
            // 2. Optional pushes.
            if let Some(api) = &args.ipfs_api
                && journal.get(&key_text, "pushed").is_none()
            {
                push::kubo_dag_import(&http, api, &car, &cid).await?;
                journal.record(Entry::Pushed { key: key_text.clone() })?;
            }
            if let (Some(service), Some(token)) = (&args.pinning_service, &pinning_token)
                && journal.get(&key_text, "pinned").is_none()
            {
                let name = file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
                let request_id = push::request_pin(&http, service, token, &cid, &name).await?;
                journal.record(Entry::Pinned { key: key_text.clone(), request_id })?;
            }
            // 3. Proof (skipped once the key is anchored: the chain already holds it).
            let asset_dir = args.out_dir.join(key_text.trim_start_matches("0x"));
            let (proof, public, secret) = match journal.get(&key_text, "proved") {
                Some(Entry::Proved { proof, public, secret, .. }) => (proof.clone(), public.clone(), secret.clone()),
                _ => {
                    std::fs::create_dir_all(&asset_dir)?;
                    let policy = if args.linkable { SaltPolicy::Linkable } else { SaltPolicy::Fresh };
                    let mut rng = proofmark_prover::rng::os_rng()?;
                    let salt = choose_salt(policy, &model, &mut rng)?;
                    let witness = witness_for(&model, &model_registry, salt, &key.0, &creator.0.0)?;
                    let (proof, inputs) = prove_with_setup(&setup, &witness, &mut rng)?;
                    let paths = [
                        asset_dir.join("proof.json"),
                        asset_dir.join("public.json"),
                        asset_dir.join("proof.secret.json"),
                    ];
                    write_json(&paths[0], &proofmark_core::zk::snarkjs::proof_json(&proof))?;
                    write_json(&paths[1], &proofmark_core::zk::snarkjs::public_json(&inputs.to_array()))?;
                    ProofSecret::of(&witness)?.save(&paths[2])?;
                    let [proof, public, secret] = paths.map(|p| p.display().to_string());
                    journal.record(Entry::Proved {
                        key: key_text.clone(),
                        proof: proof.clone(),
                        public: public.clone(),
                        secret: secret.clone(),
                    })?;
                    (proof, public, secret)
                }
            };
            // 4. Anchor, unless the journal or the chain says it is done.
            let (transaction, block) = match journal.get(&key_text, "anchored") {
                Some(Entry::Anchored { transaction, block, .. }) => (transaction.clone(), *block),
                _ => {
                    let (transaction, block) = anchor_once(&chain, registry, key, &cid, &proof, &public, &args).await?;
                    journal.record(Entry::Anchored {
                        key: key_text.clone(),
                        transaction: transaction.clone(),
                        block,
                    })?;
                    (transaction, block)
                }
            };
            assets.push(json!({
                "file": file.display().to_string(), "key": key_text, "cid": cid, "car": car.display().to_string(),
                "proof": proof, "public": public, "secret": secret, "transaction": transaction, "block": block,
            }));
            progress.inc(1);
        }
        progress.finish_and_clear();
        let manifest = json!({
            "chainId": chain.chain_id, "registry": registry.to_string(), "creator": creator.to_string(), "assets": assets,
        });
        write_json(&args.out_dir.join("manifest.json"), &manifest)?;
        super::print_json(&manifest);
        Ok(0)
    })
}

/// The CID (`unixfs-v1-2025`) and the CAR `out_dir/<cid>.car`.
fn store(file: &Path, out_dir: &Path) -> Result<(String, PathBuf)> {
    let input = Input::File(file.to_path_buf());
    let params = Profile::UnixfsV1_2025.params().context("unixfs-v1-2025 has import settings")?;
    let dag = import(&input, params, true)?;
    let cid = dag.root.to_string();
    let car = out_dir.join(format!("{cid}.car"));
    write_atomically(&car, |out| write_file_car(&input, params, &dag, out))?;
    Ok((cid, car))
}

/// Anchors `key` unless the registry already holds it for this creator (a run killed
/// after sending but before journaling); a record by someone else is an error.
async fn anchor_once(
    chain: &Chain,
    registry: alloy::primitives::Address,
    key: B256,
    cid: &str,
    proof: &str,
    public: &str,
    args: &PublishArgs,
) -> Result<(Option<String>, Option<u64>)> {
    let creator = chain.sender.context("publish signs its anchors")?;
    match chain.call(registry, &recordOfCall { key }, BlockId::latest()).await? {
        CallOutcome::Returned(record) if record.creator == creator => return Ok((None, Some(record.blockNumber))),
        CallOutcome::Returned(record) => bail!("{key} is already anchored by {}", record.creator),
        CallOutcome::Reverted(RegistryError::NotAnchored(_)) => {}
        CallOutcome::Reverted(other) => bail!("recordOf reverted: {}", crate::chain::client::error_name(&other)),
    }
    let request = AnchorRequest {
        key,
        cid: cid.to_string(),
        proof_json: std::fs::read_to_string(proof)?,
        public_json: std::fs::read_to_string(public)?,
        parent: args.parent.as_deref().map(crate::commands::anchor::parent_key).transpose()?.unwrap_or_default(),
        price: args.price,
        royalty_bps: args.royalty_bps,
        uri: if args.uri_prefix.is_empty() { String::new() } else { format!("{}{cid}", args.uri_prefix) },
    };
    let input = anchor_calldata(&request, creator)?;
    let receipt = chain.send(Some(registry), input.into(), U256::ZERO).await?;
    Ok((Some(receipt.transaction_hash.to_string()), receipt.block_number))
}

fn write_json(path: &Path, value: &serde_json::Value) -> Result<()> {
    write_atomically(path, |out| {
        serde_json::to_writer_pretty(&mut *out, value)?;
        Ok(())
    })
}
