//! `proofmark verify`: a file against a CID.
use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use proofmark_core::cid::integrity::{Expect, candidate_profiles, raw_match_profile, reproduction_verdict};
use proofmark_core::cid::{Codec, Profile, check_cid, parse_cid};
use proofmark_core::verdict::{DIGEST_MISMATCH, Integrity, PROFILE_MISMATCH, Via};
use serde_json::json;

use proofmark_core::cid::Resolved;

use super::cid::compute;
use crate::import::whole_digest;
use crate::input::Input;

/// Arguments of `proofmark verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The file, or `-` for standard input (stdin allows one attempt only).
    pub file: PathBuf,
    /// The CID the bytes should have.
    #[arg(long)]
    pub cid: String,
    /// The profile that made the CID; a mismatch is then definitive.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// Print the verdict as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `proofmark verify`.
pub fn run(args: VerifyArgs) -> Result<u8> {
    let cid = parse_cid(&args.cid)?;
    let (codec, function) = check_cid(&cid)?;
    let named = args.profile.as_deref().map(Profile::from_name).transpose()?;
    let input = Input::parse(&args.file);
    let integrity = match (named, codec) {
        (Some(profile), _) => {
            let (computed, _) = compute(&input, Resolved::Profile(profile))?;
            if computed == cid {
                Integrity::verified(Via::Bytes, Some(profile.name()))
            } else {
                Integrity::failed(Via::Bytes, PROFILE_MISMATCH, Some(profile.name()))
            }
        }
        (None, Codec::Raw) => {
            let (digest, size) = whole_digest(&input, function)?;
            if digest.as_slice() == cid.hash().digest() {
                Integrity::verified(Via::Bytes, raw_match_profile(function, size))
            } else {
                Integrity::failed(Via::Bytes, DIGEST_MISMATCH, None)
            }
        }
        (None, Codec::DagPb) => {
            let mut matched = None;
            for profile in candidate_profiles(&cid)? {
                let (computed, _) = compute(&input, Resolved::Profile(profile))?;
                if computed == cid {
                    matched = Some(profile.name());
                    break;
                }
                if matches!(input, Input::Stdin) {
                    break;
                }
            }
            reproduction_verdict(named.map(Expect::Profile), matched)
        }
    };
    report(&cid.to_string(), &integrity, args.json);
    Ok(integrity.status.exit_code() as u8)
}

/// Prints an integrity verdict (JSON, or one line).
pub fn report(cid: &str, integrity: &Integrity, json: bool) {
    if json {
        super::print_json(&json!({ "cid": cid, "integrity": integrity }));
        return;
    }
    let status =
        serde_json::to_value(integrity.status).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
    let words = [Some(status.as_str()), integrity.profile.as_deref(), integrity.reason.as_deref()];
    outln!("{}", words.into_iter().flatten().collect::<Vec<_>>().join(" "));
}
