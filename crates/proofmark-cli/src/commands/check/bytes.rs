//! Integrity for `check`: from a local file, or from CARs fetched from gateways (every
//! block checked against its CID as it arrives), and the content key of the bytes.
use std::path::Path;

use alloy::primitives::B256;
use alloy::transports::http::reqwest;
use anyhow::Result;
use proofmark_core::cid::integrity::{candidate_profiles, raw_match_profile, reproduction_verdict};
use proofmark_core::cid::limits::Caps;
use proofmark_core::cid::{CarVerifier, Cid, Codec, HashFunction, Selector, check_cid};
use proofmark_core::verdict::{BLOCK_MISMATCH, DIGEST_MISMATCH, Integrity, MISSING_BLOCK, Via};
use proofmark_core::{Error, cid::integrity::Expect};
use sha2::{Digest, Sha256};

use proofmark_core::cid::Resolved;

use crate::commands::cid::compute;
use crate::import::whole_digest;
use crate::input::Input;

/// What the bytes told: integrity, and the SHA-256 of bytes that passed (the key).
pub struct BytesOutcome {
    /// The integrity dimension.
    pub integrity: Integrity,
    /// SHA-256 of the bytes, when they are the bytes the CID names.
    pub key: Option<B256>,
}

/// A local file against a CID.
pub fn file_against_cid(path: &Path, cid: &Cid) -> Result<BytesOutcome> {
    let input = Input::File(path.to_path_buf());
    let (codec, function) = check_cid(cid)?;
    let (digest, size) = whole_digest(&input, HashFunction::Sha2_256)?;
    let key = B256::from_slice(&digest);
    let integrity = match codec {
        Codec::Raw => {
            let (named, _) =
                if function == HashFunction::Sha2_256 { (digest, size) } else { whole_digest(&input, function)? };
            if named.as_slice() == cid.hash().digest() {
                Integrity::verified(Via::Bytes, raw_match_profile(function, size))
            } else {
                Integrity::failed(Via::Bytes, DIGEST_MISMATCH, None)
            }
        }
        Codec::DagPb => {
            let mut matched = None;
            for profile in candidate_profiles(cid)? {
                if compute(&input, Resolved::Profile(profile))?.0 == *cid {
                    matched = Some(profile.name());
                    break;
                }
            }
            reproduction_verdict(None::<Expect>, matched)
        }
    };
    let verified = integrity.status == proofmark_core::verdict::Status::Verified;
    Ok(BytesOutcome { integrity, key: verified.then_some(key) })
}

/// A local file against a key: its SHA-256 must equal it.
pub fn file_against_key(path: &Path, key: B256) -> Result<BytesOutcome> {
    let (digest, _) = whole_digest(&Input::File(path.to_path_buf()), HashFunction::Sha2_256)?;
    Ok(if digest.as_slice() == key.as_slice() {
        BytesOutcome { integrity: Integrity::verified(Via::Key, None), key: Some(key) }
    } else {
        BytesOutcome { integrity: Integrity::failed(Via::Key, DIGEST_MISMATCH, None), key: None }
    })
}

/// Fetches `cid` as a CAR from each gateway in turn until one serves verified bytes.
/// A gateway that serves a wrong block is a definitive failure only when no other
/// gateway serves the right ones; unreachable gateways leave integrity unknown.
pub async fn from_gateways(gateways: &[String], cid: &Cid) -> Result<BytesOutcome> {
    let client = reqwest::Client::new();
    let mut outcome = BytesOutcome { integrity: Integrity::unknown(Via::Car, "no-gateway-answered"), key: None };
    for gateway in gateways {
        match fetch_car(&client, gateway, cid).await {
            Ok(Fetched::Verified(key)) => {
                return Ok(BytesOutcome { integrity: Integrity::verified(Via::Car, None), key: Some(key) });
            }
            Ok(Fetched::Mismatch) => outcome.integrity = Integrity::failed(Via::Car, BLOCK_MISMATCH, None),
            Ok(Fetched::Missing) if outcome.integrity.status != proofmark_core::verdict::Status::Failed => {
                outcome.integrity = Integrity::unknown(Via::Car, MISSING_BLOCK);
            }
            Ok(Fetched::Missing) => {}
            Err(error) => eprintln!("gateway {gateway}: {error:#}"),
        }
    }
    Ok(outcome)
}

enum Fetched {
    Verified(B256),
    Mismatch,
    Missing,
}

async fn fetch_car(client: &reqwest::Client, gateway: &str, cid: &Cid) -> Result<Fetched> {
    let url = format!("{}/ipfs/{cid}?dag-scope=all", gateway.trim_end_matches('/'));
    let mut response = client
        .get(&url)
        .header("accept", "application/vnd.ipld.car; version=1; order=dfs; dups=y")
        .send()
        .await?
        .error_for_status()?;
    let mut verifier = CarVerifier::new(*cid, Selector::path(""), Caps::default());
    let mut hasher = Sha256::new();
    let mut emit = |bytes: &[u8]| -> Result<(), Error> {
        hasher.update(bytes);
        Ok(())
    };
    let outcome = loop {
        match response.chunk().await? {
            Some(chunk) => {
                if let Err(e) = verifier.push(&chunk, &mut emit) {
                    break Err(e);
                }
            }
            None => break verifier.finish(&mut emit).map(|_| ()),
        }
    };
    match outcome {
        Ok(()) => Ok(Fetched::Verified(B256::from_slice(&hasher.finalize()))),
        Err(Error::BlockMismatch(_) | Error::UnixFsSizeMismatch(_)) => Ok(Fetched::Mismatch),
        Err(Error::MissingBlock(_) | Error::Truncated(_)) => Ok(Fetched::Missing),
        Err(other) => Err(other.into()),
    }
}
