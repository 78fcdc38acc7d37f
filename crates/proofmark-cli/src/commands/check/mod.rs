//! `proofmark check`: the verdict of DESIGN §6 for a CID or content key — integrity of
//! the bytes (with `--file` or `--gateway`), the on-chain anchor, the model attestation,
//! and a holder's license.
use std::path::PathBuf;

use alloy::primitives::{Address, B256, U256};
use alloy::rpc::types::BlockId;
use anyhow::{Context, Result, bail};
use clap::Args;
use proofmark_core::anchor::ProvenRead;
use proofmark_core::cid::{Cid, Codec, HashFunction, check_cid, parse_cid};
use proofmark_core::verdict::{
    ANCHOR_FAILED, ANCHOR_UNKNOWN, Anchor, Finality, Integrity, License, Model, NO_BYTES, NO_HOLDER, NO_RPC,
    NO_TRUSTED_VKEY, NOT_ANCHORED, NOT_FINAL, NOT_LICENSED, PROOF_INVALID, ROOT_NOT_PUBLISHED, ROOT_REVOKED,
    RPC_UNREACHABLE, RecordView, Status, VK_MISMATCH, Verdict, Via,
};
use proofmark_core::zk::{PreparedKey, VerifyingKeyFile, parse_verifying_key, proof_from_words, verify, vk_hash};

use crate::chain::client::{Chain, ConnectError, DEV_CHAIN_ID};
use crate::chain::{block_on, parse_address, parse_b256, proven};

mod bytes;
mod reads;
mod render;

use reads::{AnchoredEvent, Record};

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
    let trusted_vk = args.vkey.as_ref().map(load_vkey).transpose()?;
    if let Some(file) = &trusted_vk
        && file.dev_setup
        && args.chain_id != DEV_CHAIN_ID
    {
        bail!("the trusted key is a dev setup (INSECURE); it is refused on chain id {}", args.chain_id);
    }
    let verdict = block_on(check(&args, target, registry, holder, trusted_vk.as_ref()))?;
    render::print(&verdict, args.json);
    let counted_integrity = args.file.is_some() || !args.gateway.is_empty();
    Ok(verdict.exit_code(counted_integrity, holder.is_some()) as u8)
}

fn load_vkey(path: &PathBuf) -> Result<VerifyingKeyFile> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(parse_verifying_key(&text)?)
}

/// The key a raw sha2-256 CID names directly.
fn key_of_raw_cid(cid: &Cid) -> Option<B256> {
    match check_cid(cid) {
        Ok((Codec::Raw, HashFunction::Sha2_256)) => Some(B256::from_slice(cid.hash().digest())),
        _ => None,
    }
}

async fn check(
    args: &CheckArgs,
    target: Target,
    registry: Address,
    holder: Option<Address>,
    trusted_vk: Option<&VerifyingKeyFile>,
) -> Result<Verdict> {
    let mut chains = Vec::new();
    let mut no_chain_reason = NO_RPC;
    for rpc in &args.rpc {
        match Chain::try_connect(rpc, None, Some(args.chain_id)).await {
            Ok(chain) => chains.push(chain),
            Err(ConnectError::Unreachable(error)) => {
                eprintln!("{error:#}");
                no_chain_reason = RPC_UNREACHABLE;
            }
            Err(ConnectError::Refused(error)) => return Err(error),
        }
    }
    // A quorum is all of its members: one silent endpoint leaves the read unknown.
    let chain = if chains.len() == args.rpc.len() { chains.first().cloned() } else { None };
    // Integrity, and the key when the bytes (or the CID itself) give it.
    let (cid, mut key, mut integrity) = match &target {
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
            (Some(cid.to_string()), key_of_raw_cid(cid).or(outcome.key), outcome.integrity)
        }
    };
    let mut anchor = Anchor {
        status: Status::Unknown,
        reason: Some(no_chain_reason.into()),
        block: None,
        finality: None,
        record: None,
        proven: false,
        chain_id: Some(args.chain_id),
        registry: Some(registry.to_string()),
        rpc: (!args.rpc.is_empty()).then(|| args.rpc.join(",")),
    };
    let mut model = Model {
        status: Status::Unknown,
        reason: Some(ANCHOR_UNKNOWN.into()),
        root: None,
        revoked_at: None,
        vk_hash: None,
    };
    let mut license = License {
        status: Status::Unknown,
        reason: Some(if holder.is_some() { ANCHOR_UNKNOWN } else { NO_HOLDER }.into()),
        holder: holder.map(|h| h.to_string()),
        price: None,
    };
    let Some(chain) = chain else {
        return Ok(Verdict { cid, key: key.map(|k| k.to_string()), integrity, anchor, model, license });
    };

    let latest = chain.block_at(alloy::rpc::types::BlockNumberOrTag::Latest).await?.context("no latest block")?.0;
    anchor.block = Some(latest);
    // A locator CID whose bytes we could not hash: find its key through the event.
    if key.is_none()
        && args.from_block <= latest
        && let Some(cid) = &cid
    {
        key = reads::key_for_cid(&chain, registry, cid, args.from_block).await?;
        // Bytes no profile reproduces are judged against the anchored key: a definitive
        // verdict either way (DESIGN 9: bytes whose SHA-256 differs from the anchor key).
        if let (Some(key), Some(file)) = (key, &args.file)
            && integrity.status == Status::Unknown
        {
            integrity = bytes::file_against_key(file, key)?.integrity;
        }
    }
    let record = match key {
        Some(key) => reads::record(&chain, registry, key, BlockId::number(latest)).await?,
        None => None,
    };
    let proven = if args.proven || args.block_hash.is_some() {
        let pinned = args.block_hash.as_deref().map(|h| parse_b256(h, "--block-hash")).transpose()?;
        let trusted = proven::trusted_block(&chains, pinned).await?;
        let read = match key {
            Some(key) => Some(proven::read(&chain, registry, key, &trusted).await?),
            None => None,
        };
        Some((trusted, read))
    } else {
        None
    };
    if let Some((trusted, read)) = &proven {
        anchor.proven = true;
        match read {
            Some(ProvenRead::Anchored { block, record: proven_record, root_state, code_hash }) => {
                anchor.block = Some(block.number);
                anchor.finality = Some(if trusted.quorum_finalized {
                    Finality::Finalized
                } else {
                    chain.finality_of(block.number).await?
                });
                let event = reads::anchored_event(
                    &chain,
                    registry,
                    key.context("a record implies a key")?,
                    proven_record.block,
                )
                .await?;
                let timestamp = match &record {
                    Some(latest) if latest.block == proven_record.block => latest.timestamp,
                    _ => chain.block_timestamp(proven_record.block).await?,
                };
                let record = Record::from_proven(proven_record, timestamp);
                let key = key.context("a record implies a key")?;
                anchor.status = Status::Verified;
                anchor.reason = None;
                anchor.record = Some(record_view(&record, event.as_ref()));
                let vk_hash = proven::vk_hash(&chain, registry, trusted, *code_hash).await?;
                let at = Reader { chain: &chain, registry, block: BlockId::number(latest) };
                model = judge_model(&at, key, &record, event.as_ref(), trusted_vk, Some(vk_hash)).await?;
                // Revocation is proven at the trusted block; a later one shows at latest.
                if let Some(at) = root_state.revoked_at {
                    model.status = Status::Failed;
                    model.reason = Some(ROOT_REVOKED.into());
                    model.revoked_at = Some(at);
                }
                fill_license(&chain, registry, key, holder, record.price, &mut license, BlockId::number(latest))
                    .await?;
                return Ok(Verdict { cid, key: Some(key.to_string()), integrity, anchor, model, license });
            }
            Some(ProvenRead::NotAnchored { block }) if record.is_some() => {
                anchor.block = Some(block.number);
                anchor.status = Status::Unknown;
                anchor.reason = Some(NOT_FINAL.into());
                model.reason = Some(ANCHOR_UNKNOWN.into());
                return Ok(Verdict { cid, key: key.map(|k| k.to_string()), integrity, anchor, model, license });
            }
            Some(ProvenRead::NotAnchored { block }) => anchor.block = Some(block.number),
            Some(ProvenRead::NeedSlots(_)) => bail!("the proven read ended asking for more slots"),
            None => anchor.block = Some(trusted_number(trusted)?),
        }
    }
    let Some(record) = record else {
        anchor.status = Status::Failed;
        anchor.reason = Some(NOT_ANCHORED.into());
        model.reason = Some(ANCHOR_FAILED.into());
        if holder.is_some() {
            license.status = Status::Failed;
            license.reason = Some(ANCHOR_FAILED.into());
        }
        return Ok(Verdict { cid, key: key.map(|k| k.to_string()), integrity, anchor, model, license });
    };
    let key = key.context("a record implies a key")?;
    let event = reads::anchored_event(&chain, registry, key, record.block).await?;
    anchor.status = Status::Verified;
    anchor.reason = None;
    anchor.finality = Some(chain.finality_of(record.block).await?);
    anchor.record = Some(record_view(&record, event.as_ref()));

    model = judge_model(
        &Reader { chain: &chain, registry, block: BlockId::number(latest) },
        key,
        &record,
        event.as_ref(),
        trusted_vk,
        None,
    )
    .await?;

    fill_license(&chain, registry, key, holder, record.price, &mut license, BlockId::number(latest)).await?;
    Ok(Verdict { cid, key: Some(key.to_string()), integrity, anchor, model, license })
}

/// The license dimension: the price always, and whether `holder` holds one.
async fn fill_license(
    chain: &Chain,
    registry: Address,
    key: B256,
    holder: Option<Address>,
    price: u128,
    license: &mut License,
    block: BlockId,
) -> Result<()> {
    license.price = Some(price.to_string());
    if let Some(holder) = holder {
        let held = reads::has_license(chain, registry, key, holder, block).await?;
        license.status = if held { Status::Verified } else { Status::Failed };
        license.reason = (!held).then(|| NOT_LICENSED.into());
    }
    Ok(())
}

/// The trusted block's number, from its (core-checked) header JSON.
fn trusted_number(trusted: &proven::TrustedBlock) -> Result<u64> {
    Ok(proofmark_core::anchor::Header::from_json(&trusted.header_json)?.number)
}

fn record_view(record: &Record, event: Option<&AnchoredEvent>) -> RecordView {
    RecordView {
        creator: record.creator.to_string(),
        block: record.block,
        timestamp: record.timestamp,
        root: record.root.to_string(),
        model_tag: record.model_tag.to_string(),
        parent_key: (record.parent_key != B256::ZERO).then(|| record.parent_key.to_string()),
        price: record.price.to_string(),
        royalty_bps: record.royalty_bps,
        cid: event.map(|e| e.cid.clone()),
        uri: event.map(|e| e.uri.clone()),
    }
}

/// Model: the root is published and live, the registry's vk is the trusted one, and the
/// proof from the event verifies off chain for the record's public inputs.
/// Where the unproven reads of a check go.
struct Reader<'a> {
    chain: &'a Chain,
    registry: Address,
    block: BlockId,
}

async fn judge_model(
    at: &Reader<'_>,
    key: B256,
    record: &Record,
    event: Option<&AnchoredEvent>,
    trusted_vk: Option<&VerifyingKeyFile>,
    proven_vk_hash: Option<B256>,
) -> Result<Model> {
    let state = reads::root_state(at.chain, at.registry, record.root, at.block).await?;
    let registry_vk_hash = match proven_vk_hash {
        Some(hash) => hash,
        None => reads::vk_hash(at.chain, at.registry, at.block).await?,
    };
    let mut model = Model {
        status: Status::Verified,
        reason: None,
        root: Some(record.root.to_string()),
        revoked_at: (state.revoked_at != 0).then_some(state.revoked_at),
        vk_hash: Some(registry_vk_hash.to_string()),
    };
    let fail = |model: &mut Model, status, reason: &str| {
        model.status = status;
        model.reason = Some(reason.into());
    };
    if state.index == 0 {
        fail(&mut model, Status::Failed, ROOT_NOT_PUBLISHED);
    } else if state.revoked_at != 0 {
        fail(&mut model, Status::Failed, ROOT_REVOKED);
    } else if let Some(trusted) = trusted_vk {
        if vk_hash(&trusted.vk) != registry_vk_hash.0 {
            fail(&mut model, Status::Failed, VK_MISMATCH);
        } else if let Some(event) = event
            && !proof_holds(trusted, key, record, event)?
        {
            fail(&mut model, Status::Failed, PROOF_INVALID);
        }
    } else {
        fail(&mut model, Status::Unknown, NO_TRUSTED_VKEY);
    }
    Ok(model)
}

/// Re-verifies the event's proof off chain for the inputs the record implies.
fn proof_holds(trusted: &VerifyingKeyFile, key: B256, record: &Record, event: &AnchoredEvent) -> Result<bool> {
    let (hi, lo) = (U256::from_be_slice(&key[..16]), U256::from_be_slice(&key[16..]));
    let expected = [
        U256::from_be_bytes(record.root.0),
        hi,
        lo,
        U256::from_be_bytes(record.model_tag.0),
        U256::from_be_slice(record.creator.as_slice()),
    ];
    if event.public_inputs != expected {
        return Ok(false);
    }
    let proof = match proof_from_words(&event.proof.map(|w| w.to_be_bytes::<32>())) {
        Ok(proof) => proof,
        Err(_) => return Ok(false),
    };
    let inputs = expected
        .iter()
        .enumerate()
        .map(|(i, w)| proofmark_core::zk::numbers::input_from_be(&w.to_be_bytes::<32>(), i))
        .collect::<proofmark_core::Result<Vec<_>>>()?;
    Ok(verify(&PreparedKey::new(&trusted.vk), &proof, &inputs)?)
}
