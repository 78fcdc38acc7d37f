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
