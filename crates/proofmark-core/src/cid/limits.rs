//! Hard limits on untrusted DAGs and CARs, and the caller's caps.

/// Largest block accepted (2 MiB).
pub const MAX_BLOCK_SIZE: u64 = 2 * 1024 * 1024;
/// Most links in one node, and largest HAMT fan-out.
pub const MAX_LINKS: usize = 1024;
/// Deepest DAG walked.
pub const MAX_DEPTH: usize = 64;

/// Caller caps on how much a read may consume (`None`: no cap beyond the hard limits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Caps {
    /// Most content bytes to produce.
    pub max_bytes: Option<u64>,
    /// Most blocks to read.
    pub max_blocks: Option<u64>,
}

impl Caps {
    pub(crate) fn check_bytes(&self, total: u64) -> crate::Result<()> {
        match self.max_bytes {
            Some(limit) if total > limit => Err(crate::Error::CapExceeded { what: "bytes", limit }),
            _ => Ok(()),
        }
    }

    pub(crate) fn check_blocks(&self, total: u64) -> crate::Result<()> {
        match self.max_blocks {
            Some(limit) if total > limit => Err(crate::Error::CapExceeded { what: "blocks", limit }),
            _ => Ok(()),
        }
    }
}
