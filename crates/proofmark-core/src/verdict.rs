//! The verdict shared by the CLI, the JS SDK and the badge (DESIGN §6).
use alloc::string::String;

use serde::{Deserialize, Serialize};

/// The outcome of one dimension of a verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Checked and holds.
    Verified,
    /// Checked and definitively does not hold.
    Failed,
    /// Could not be checked; never shown as failed or verified.
    Unknown,
}

impl Status {
    /// The exit code of a command reporting this status alone (0, 1 or 3).
    pub const fn exit_code(self) -> i32 {
        match self {
            Status::Verified => 0,
            Status::Failed => 1,
            Status::Unknown => 3,
        }
    }

    /// The name JSON uses: `verified`, `failed` or `unknown`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Verified => "verified",
            Status::Failed => "failed",
            Status::Unknown => "unknown",
        }
    }
}

/// How integrity was established.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Via {
    /// SHA-256 of the bytes against an anchor's key.
    Key,
    /// The CID recomputed from the bytes.
    Bytes,
    /// Every block of a CAR checked against its CID.
    Car,
}

impl Via {
    /// The name JSON uses: `key`, `bytes` or `car`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Via::Key => "key",
            Via::Bytes => "bytes",
            Via::Car => "car",
        }
    }
}

/// The integrity dimension of a verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Integrity {
    /// Outcome.
    pub status: Status,
    /// Why it failed or is unknown (kebab-case), absent when verified.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub reason: Option<String>,
    /// The profile that reproduced the CID (`custom` for caller settings).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub profile: Option<String>,
    /// How it was checked.
    pub via: Via,
}

impl Integrity {
    /// A verified integrity.
    pub fn verified(via: Via, profile: Option<&str>) -> Self {
        Integrity { status: Status::Verified, reason: None, profile: profile.map(String::from), via }
    }

    /// A failed integrity with its reason.
    pub fn failed(via: Via, reason: &str, profile: Option<&str>) -> Self {
        Integrity {
            status: Status::Failed,
            reason: Some(String::from(reason)),
            profile: profile.map(String::from),
            via,
        }
    }

    /// An unknown integrity with its reason.
    pub fn unknown(via: Via, reason: &str) -> Self {
        Integrity { status: Status::Unknown, reason: Some(String::from(reason)), profile: None, via }
    }
}

/// Reason: a dag-pb CID no known profile reproduces.
pub const UNRECOGNISED: &str = "unrecognised-settings-or-tampered";
/// Reason: the bytes do not hash to the CID or key.
pub const DIGEST_MISMATCH: &str = "digest-mismatch";
/// Reason: a named profile or settings give another CID.
pub const PROFILE_MISMATCH: &str = "profile-mismatch";
/// Reason: a block the DAG needs is absent.
pub const MISSING_BLOCK: &str = "missing-block";
/// Reason: a block does not match its CID.
pub const BLOCK_MISMATCH: &str = "block-mismatch";

/// Reason: the registry has no record for the key.
pub const NOT_ANCHORED: &str = "not-anchored";
/// Reason: the record is visible at `latest` but not at the trusted block.
pub const NOT_FINAL: &str = "not-final";
/// Reason: no RPC was given or none answered.
pub const NO_RPC: &str = "no-rpc";
/// Reason: the RPC given did not answer.
pub const RPC_UNREACHABLE: &str = "rpc-unreachable";
/// Reason: integrity needs bytes (`--file` or `--gateway`) and none were given.
pub const NO_BYTES: &str = "no-bytes";
/// Reason: the record's root was revoked by the auditor.
pub const ROOT_REVOKED: &str = "root-revoked";
/// Reason: the record's root was never published.
pub const ROOT_NOT_PUBLISHED: &str = "root-not-published";
/// Reason: the registry's `vkHash` differs from the verification key the verifier trusts.
pub const VK_MISMATCH: &str = "vk-mismatch";
/// Reason: no trusted verification key was given, so the registry's key cannot be judged.
pub const NO_TRUSTED_VKEY: &str = "no-trusted-vkey";
/// Reason: the proof from the `Anchored` event does not verify.
pub const PROOF_INVALID: &str = "proof-invalid";
/// Reason: the anchor could not be read, so nothing that depends on it can be judged.
pub const ANCHOR_UNKNOWN: &str = "anchor-unknown";
/// Reason: the anchor failed, so nothing that depends on it holds.
pub const ANCHOR_FAILED: &str = "anchor-failed";
/// Reason: no holder address to check a license for.
pub const NO_HOLDER: &str = "no-holder";
/// Reason: the holder has no license for the key.
pub const NOT_LICENSED: &str = "not-licensed";

/// How final the block a read was made at is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Finality {
    /// Only the chain head includes it.
    Latest,
    /// At or below the `safe` block.
    Safe,
    /// At or below the `finalized` block.
    Finalized,
}

/// The on-chain record as a verdict shows it (hex strings, wei as a decimal string).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordView {
    /// The address that anchored the key.
    pub creator: String,
    /// The block the record was written in.
    pub block: u64,
    /// That block's timestamp (unix seconds).
    pub timestamp: u64,
    /// The registry root the proof was checked against.
    pub root: String,
    /// The model tag the proof was checked against.
    pub model_tag: String,
    /// The parent asset's key, if any.
    pub parent_key: Option<String>,
    /// The license price in wei (decimal).
    pub price: String,
    /// The parent's royalty share in basis points.
    pub royalty_bps: u16,
    /// The locator CID from the `Anchored` event.
    pub cid: Option<String>,
    /// The URI from the `Anchored` event.
    pub uri: Option<String>,
}

/// The anchor dimension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Anchor {
    /// Outcome.
    pub status: Status,
    /// Why it failed or is unknown.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub reason: Option<String>,
    /// The block the registry was read at.
    pub block: Option<u64>,
    /// How final that block is.
    pub finality: Option<Finality>,
    /// The record, when there is one.
    pub record: Option<RecordView>,
    /// Whether the record was proven against a trusted block hash.
    pub proven: bool,
    /// The chain id the verifier pinned.
    pub chain_id: Option<u64>,
    /// The registry the verifier trusts.
    pub registry: Option<String>,
    /// The RPC endpoint(s) read.
    pub rpc: Option<String>,
}

/// The model-attestation dimension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// Outcome.
    pub status: Status,
    /// Why it failed or is unknown.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub reason: Option<String>,
    /// The registry root of the record.
    pub root: Option<String>,
    /// The block the root was revoked in, if it was.
    pub revoked_at: Option<u64>,
    /// The registry's `vkHash`.
    pub vk_hash: Option<String>,
}

/// The license dimension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct License {
    /// Outcome.
    pub status: Status,
    /// Why it failed or is unknown.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub reason: Option<String>,
    /// The address checked.
    pub holder: Option<String>,
    /// The license price in wei (decimal), always shown when known.
    pub price: Option<String>,
}

/// The whole verdict (DESIGN §6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    /// The CID asked about, when one was.
    pub cid: Option<String>,
    /// The content key (`0x` + SHA-256), when known.
    pub key: Option<String>,
    /// Integrity of the bytes.
    pub integrity: Integrity,
    /// The on-chain record.
    pub anchor: Anchor,
    /// The model attestation.
    pub model: Model,
    /// The license.
    pub license: License,
}

impl Verdict {
    /// The exit code over the counted dimensions: 1 if any failed, else 3 if any is
    /// unknown, else 0. Integrity counts when bytes were checked, license with a holder.
    pub fn exit_code(&self, count_integrity: bool, count_license: bool) -> i32 {
        let mut statuses = alloc::vec![self.anchor.status, self.model.status];
        if count_integrity {
            statuses.push(self.integrity.status);
        }
        if count_license {
            statuses.push(self.license.status);
        }
        if statuses.contains(&Status::Failed) {
            Status::Failed.exit_code()
        } else if statuses.contains(&Status::Unknown) {
            Status::Unknown.exit_code()
        } else {
            Status::Verified.exit_code()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_json_names() {
        for status in [Status::Verified, Status::Failed, Status::Unknown] {
            assert_eq!(serde_json::to_value(status).ok(), Some(serde_json::Value::from(status.as_str())));
        }
        for via in [Via::Key, Via::Bytes, Via::Car] {
            assert_eq!(serde_json::to_value(via).ok(), Some(serde_json::Value::from(via.as_str())));
        }
        assert_eq!(Status::Unknown.as_str(), "unknown");
        assert_eq!(Via::Car.as_str(), "car");
    }
}
