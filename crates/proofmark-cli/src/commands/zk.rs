//! `proofmark zk`: Groth16 proofs.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use proofmark_core::zk::{
    PreparedKey, ProofWithInputs, parse_proof, parse_public, parse_verifying_key, verify, verify_batch,
};
use serde_json::json;

/// `zk` subcommands.
#[derive(Debug, Subcommand)]
pub enum ZkCommand {
    /// Verify snarkjs-format proofs: 0 valid, 1 invalid, 2 malformed.
    Verify(VerifyArgs),
}

/// Arguments of `proofmark zk verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// `verification_key.json` (snarkjs format).
    #[arg(long, value_name = "FILE")]
    pub vkey: PathBuf,
    /// `proof.json`.
    #[arg(long, value_name = "FILE", required_unless_present = "batch", conflicts_with = "batch")]
    pub proof: Option<PathBuf>,
    /// `public.json`.
    #[arg(long, value_name = "FILE", required_unless_present = "batch", conflicts_with = "batch")]
    pub public: Option<PathBuf>,
    /// Verify every `NAME.proof.json` + `NAME.public.json` pair in DIR with one batch check.
    #[arg(long, value_name = "DIR")]
    pub batch: Option<PathBuf>,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs a `zk` subcommand.
pub fn run(command: ZkCommand) -> Result<u8> {
    match command {
        ZkCommand::Verify(args) => verify_command(args),
    }
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

fn verify_command(args: VerifyArgs) -> Result<u8> {
    let vk = parse_verifying_key(&read(&args.vkey)?).with_context(|| format!("{}", args.vkey.display()))?;
    let key = PreparedKey::new(&vk.vk);
    if let Some(dir) = &args.batch {
        return verify_dir(&key, dir, args.json);
    }
    let (Some(proof), Some(public)) = (&args.proof, &args.public) else { bail!("--proof and --public are required") };
    let proof_value = parse_proof(&read(proof)?).with_context(|| format!("{}", proof.display()))?;
    let inputs = parse_public(&read(public)?).with_context(|| format!("{}", public.display()))?;
    let valid = verify(&key, &proof_value, &inputs)?;
    if args.json {
        super::print_json(&json!({ "valid": valid, "devSetup": vk.dev_setup }));
    } else {
        println!("{}", if valid { "valid" } else { "invalid" });
    }
    Ok(if valid { 0 } else { 1 })
}

/// The `NAME.proof.json` / `NAME.public.json` pairs in `dir`, by name.
fn pairs(dir: &Path) -> Result<BTreeMap<String, (PathBuf, PathBuf)>> {
    let mut found = BTreeMap::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else { continue };
        if let Some(stem) = name.strip_suffix(".proof.json") {
            let public = dir.join(format!("{stem}.public.json"));
            if !public.is_file() {
                bail!("{} has no {stem}.public.json beside it", path.display());
            }
            found.insert(stem.to_string(), (path.clone(), public));
        }
    }
    if found.is_empty() {
        bail!("no NAME.proof.json files in {}", dir.display());
    }
    Ok(found)
}

fn verify_dir(key: &PreparedKey, dir: &Path, json_out: bool) -> Result<u8> {
    let pairs = pairs(dir)?;
    let mut items: Vec<ProofWithInputs> = Vec::with_capacity(pairs.len());
    for (name, (proof, public)) in &pairs {
        let p = parse_proof(&read(proof)?).with_context(|| name.clone())?;
        let i = parse_public(&read(public)?).with_context(|| name.clone())?;
        items.push((p, i));
    }
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| anyhow::anyhow!("no OS randomness: {e}"))?;
    let all_valid = verify_batch(key, &items, &seed)?;
    // A failing batch says only that some proof fails: find which, one by one.
    let verdicts: Vec<(String, bool)> = if all_valid {
        pairs.keys().map(|n| (n.clone(), true)).collect()
    } else {
        let mut out = Vec::new();
        for (name, (proof, inputs)) in pairs.keys().zip(&items) {
            out.push((name.clone(), verify(key, proof, inputs)?));
        }
        out
    };
    let invalid = verdicts.iter().filter(|(_, ok)| !ok).count();
    if json_out {
        let map: serde_json::Map<String, serde_json::Value> =
            verdicts.iter().map(|(n, ok)| (n.clone(), json!(ok))).collect();
        super::print_json(&json!({ "valid": invalid == 0, "proofs": map, "invalid": invalid }));
    } else {
        for (name, ok) in &verdicts {
            println!("{name}: {}", if *ok { "valid" } else { "invalid" });
        }
        println!("{} proofs, {invalid} invalid", verdicts.len());
    }
    Ok(if invalid == 0 { 0 } else { 1 })
}
