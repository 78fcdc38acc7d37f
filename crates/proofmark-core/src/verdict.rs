//! The verdict shared by the CLI, the JS SDK and the badge (DESIGN §6).
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
