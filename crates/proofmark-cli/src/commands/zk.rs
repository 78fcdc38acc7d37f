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
    /// Make the model-attest proving and verification keys (dev seed or ceremony .zkey).
    Setup(SetupArgs),
    /// Write the model-attest constraint system as a circom `.r1cs` (for a snarkjs ceremony).
    ExportR1cs(ExportR1csArgs),
    /// Print a standalone Solidity verifier for a verification key.
    ExportVerifier(ExportVerifierArgs),
    /// Prove that an audited model's key attested an asset's digest.
    Prove(ProveArgs),
    /// Verify snarkjs-format proofs: 0 valid, 1 invalid, 2 malformed.
    Verify(VerifyArgs),
}

/// Arguments of `proofmark zk setup`.
#[derive(Debug, Args)]
pub struct SetupArgs {
    /// Folder for `proving_key.bin` and `verification_key.json`.
    #[arg(long, value_name = "DIR")]
    pub out_dir: PathBuf,
    /// Deterministic, INSECURE dev setup from this seed (the key is marked `devSetup`).
    #[arg(long, required_unless_present = "zkey", conflicts_with = "zkey")]
    pub seed: Option<String>,
    /// Import a snarkjs phase-2 `.zkey` made from `zk export-r1cs`'s output.
    #[arg(long, value_name = "FILE")]
    pub zkey: Option<PathBuf>,
    /// Registry depth the circuit is built for.
    #[arg(long, default_value_t = proofmark_prover::merkle::DEFAULT_DEPTH)]
    pub depth: usize,
}

/// Arguments of `proofmark zk export-r1cs`.
#[derive(Debug, Args)]
pub struct ExportR1csArgs {
    /// Registry depth the circuit is built for.
    #[arg(long, default_value_t = proofmark_prover::merkle::DEFAULT_DEPTH)]
    pub depth: usize,
    /// Where to write the `.r1cs`.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

/// Arguments of `proofmark zk export-verifier`.
#[derive(Debug, Args)]
pub struct ExportVerifierArgs {
    /// `verification_key.json`.
    #[arg(long, value_name = "FILE")]
    pub vkey: PathBuf,
    /// Contract name.
    #[arg(long, default_value = "Groth16Verifier")]
    pub name: String,
}

/// Arguments of `proofmark zk prove`: the model-attest statement, or any circom circuit
/// from `--zkey` + `--wtns`.
#[derive(Debug, Args)]
pub struct ProveArgs {
    /// `model.key.json`.
    #[arg(long, value_name = "FILE", required_unless_present = "zkey")]
    pub model_key: Option<PathBuf>,
    /// `registry.json` (its depth must match the setup).
    #[arg(long, value_name = "FILE", required_unless_present = "zkey")]
    pub registry_file: Option<PathBuf>,
    /// The asset: its SHA-256 is the content key the proof binds.
    #[arg(long, value_name = "FILE", required_unless_present = "zkey")]
    pub asset: Option<PathBuf>,
    /// The creator's address (0x + 40 hex digits): the account that will anchor.
    #[arg(long, value_name = "0x…", required_unless_present = "zkey")]
    pub creator: Option<String>,
    /// The setup folder (`proving_key.bin` or `circuit.zkey`).
    #[arg(long, value_name = "DIR", required_unless_present = "zkey")]
    pub setup: Option<PathBuf>,
    /// Any circom circuit: its snarkjs `.zkey` (with `--wtns`).
    #[arg(long, value_name = "FILE", requires = "wtns", conflicts_with_all = ["model_key", "registry_file", "asset", "creator", "setup", "linkable"])]
    pub zkey: Option<PathBuf>,
    /// The circom witness `.wtns` for `--zkey`.
    #[arg(long, value_name = "FILE", requires = "zkey")]
    pub wtns: Option<PathBuf>,
    /// Use the model's stable salt (tags link across assets) instead of a fresh one.
    #[arg(long)]
    pub linkable: bool,
    /// Where to write `proof.json` (`proof.secret.json` goes beside it, mode 0600).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Where to write `public.json`.
    #[arg(long, value_name = "FILE")]
    pub public: PathBuf,
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
        ZkCommand::Setup(args) => setup(args),
        ZkCommand::ExportR1cs(args) => export_r1cs(args),
        ZkCommand::ExportVerifier(args) => export_verifier(args),
        ZkCommand::Prove(args) => prove(args),
        ZkCommand::Verify(args) => verify_command(args),
    }
}

/// Writes JSON through a temporary file.
fn write_json(path: &Path, value: &serde_json::Value) -> Result<()> {
    crate::output::write_atomically(path, |out| {
        serde_json::to_writer_pretty(&mut *out, value)?;
        Ok(std::io::Write::write_all(out, b"\n")?)
    })
}

fn setup(args: SetupArgs) -> Result<u8> {
    std::fs::create_dir_all(&args.out_dir).with_context(|| format!("creating {}", args.out_dir.display()))?;
    let vk_path = args.out_dir.join("verification_key.json");
    let (key_path, vk, depth, dev) = match (&args.seed, &args.zkey) {
        (Some(seed), _) => {
            let (pk, vk) = proofmark_prover::dev_setup(args.depth, seed.as_bytes())?;
            let path = proofmark_prover::setup::save_proving_key(&args.out_dir, &pk)?;
            eprintln!("warning: a seeded dev setup is insecure; its key is marked devSetup and refused on real chains");
            (path, vk, args.depth, true)
        }
        (None, Some(zkey_path)) => {
            let zkey = proofmark_prover::Zkey::read(zkey_path).with_context(|| format!("{}", zkey_path.display()))?;
            let depth = proofmark_prover::setup::zkey_depth(&zkey)
                .with_context(|| format!("{} is not a model-attest ceremony key", zkey_path.display()))?;
            if depth != args.depth {
                bail!("{} is for depth {depth}, not {}", zkey_path.display(), args.depth);
            }
            let path = args.out_dir.join(proofmark_prover::setup::ZKEY_FILE);
            std::fs::copy(zkey_path, &path).with_context(|| format!("writing {}", path.display()))?;
            (path, zkey.verifying_key().clone(), depth, false)
        }
        (None, None) => bail!("give --seed or --zkey"),
    };
    write_json(&vk_path, &proofmark_core::zk::snarkjs::verifying_key_json(&vk, dev))?;
    super::print_json(&json!({
        "provingKey": key_path.display().to_string(),
        "verificationKey": vk_path.display().to_string(),
        "depth": depth,
        "devSetup": dev,
        "vkHash": hex0x(&proofmark_core::zk::vk_hash(&vk)),
    }));
    Ok(0)
}

fn export_r1cs(args: ExportR1csArgs) -> Result<u8> {
    let circuit = proofmark_prover::ModelAttestCircuit::empty(args.depth)?;
    let r1cs = proofmark_prover::R1cs::from_circuit(circuit)?;
    r1cs.write(&args.out)?;
    super::print_json(&json!({
        "r1cs": args.out.display().to_string(),
        "depth": args.depth,
        "constraints": r1cs.constraints.len(),
        "publicInputs": r1cs.num_public(),
    }));
    Ok(0)
}

fn export_verifier(args: ExportVerifierArgs) -> Result<u8> {
    let vk = parse_verifying_key(&read(&args.vkey)?).with_context(|| format!("{}", args.vkey.display()))?;
    outln!("{}", proofmark_prover::solidity_verifier(&vk.vk, &args.name)?);
    Ok(0)
}

/// `0x` + lowercase hex.
pub fn hex0x(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(2 + 2 * bytes.len());
    out.push_str("0x");
    for b in bytes {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// Parses `0x` + 40 hex digits.
pub fn parse_address(text: &str) -> Result<[u8; 20]> {
    let digits = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")).unwrap_or(text);
    if digits.len() != 40 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        bail!("{text:?} is not an address (0x + 40 hex digits)");
    }
    let mut out = [0u8; 20];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&digits[2 * i..2 * i + 2], 16)?;
    }
    Ok(out)
}

fn prove(args: ProveArgs) -> Result<u8> {
    use proofmark_prover::{
        ModelKey, ProofSecret, ProvingSetup, Registry, SaltPolicy, choose_salt, prove_with_setup, witness_for,
    };
    if let (Some(zkey), Some(wtns)) = (&args.zkey, &args.wtns) {
        return prove_circom(zkey, wtns, &args.out, &args.public);
    }
    let (Some(model_key), Some(registry_file), Some(asset), Some(creator), Some(setup_dir)) =
        (&args.model_key, &args.registry_file, &args.asset, &args.creator, &args.setup)
    else {
        bail!("--model-key, --registry-file, --asset, --creator and --setup are required");
    };
    let creator = parse_address(creator)?;
    let key = ModelKey::load(model_key).with_context(|| format!("reading {}", model_key.display()))?;
    let (setup, depth) = ProvingSetup::load(setup_dir)?;
    let registry = Registry::from_json_for_depth(&read(registry_file)?, depth)
        .with_context(|| format!("{}", registry_file.display()))?;
    let asset = crate::input::Input::File(asset.clone());
    let (digest, _) = crate::import::whole_digest(&asset, proofmark_core::cid::HashFunction::Sha2_256)?;
    let content_key: [u8; 32] = digest.as_slice().try_into().context("sha2-256 digest")?;
    let mut rng = proofmark_prover::rng::os_rng()?;
    let policy = if args.linkable { SaltPolicy::Linkable } else { SaltPolicy::Fresh };
    let salt = choose_salt(policy, &key, &mut rng)?;
    let witness = witness_for(&key, &registry, salt, &content_key, &creator)?;
    let (proof, public) = prove_with_setup(&setup, &witness, &mut rng)?;
    write_json(&args.out, &proofmark_core::zk::snarkjs::proof_json(&proof))?;
    write_json(&args.public, &proofmark_core::zk::snarkjs::public_json(&public.to_array()))?;
    let secret_path = args.out.with_file_name("proof.secret.json");
    ProofSecret::of(&witness)?.save(&secret_path)?;
    super::print_json(&json!({
        "proof": args.out.display().to_string(),
        "public": args.public.display().to_string(),
        "secret": secret_path.display().to_string(),
        "contentKey": hex0x(&content_key),
        "modelTag": proofmark_prover::field::fr_to_hex(&public.to_array()[3]),
    }));
    Ok(0)
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
        outln!("{}", if valid { "valid" } else { "invalid" });
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
            outln!("{name}: {}", if *ok { "valid" } else { "invalid" });
        }
        outln!("{} proofs, {invalid} invalid", verdicts.len());
    }
    Ok(if invalid == 0 { 0 } else { 1 })
}

/// `zk prove --zkey --wtns`: any circom circuit.
fn prove_circom(zkey_path: &Path, wtns_path: &Path, out: &Path, public_path: &Path) -> Result<u8> {
    let zkey = proofmark_prover::Zkey::read(zkey_path).with_context(|| format!("{}", zkey_path.display()))?;
    let witness = proofmark_prover::circom::wtns::read_wtns_file(wtns_path)
        .with_context(|| format!("{}", wtns_path.display()))?;
    let mut rng = proofmark_prover::rng::os_rng()?;
    let (proof, public) = proofmark_prover::prove_zkey(&zkey, &witness, &mut rng)?;
    write_json(out, &proofmark_core::zk::snarkjs::proof_json(&proof))?;
    write_json(public_path, &proofmark_core::zk::snarkjs::public_json(&public))?;
    super::print_json(&json!({ "proof": out.display().to_string(), "public": public_path.display().to_string() }));
    Ok(0)
}
