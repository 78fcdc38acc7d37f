//! The chain edge: JSON-RPC through alloy, keys, the registry's ABI. Everything it learns
//! is handed to `proofmark_core::anchor` and the verdict logic to decide.
pub mod abi;
pub mod client;
pub mod signer;
pub mod transport;

use std::future::Future;

use alloy::primitives::{Address, B256};
use anyhow::{Context, Result, bail};

/// Runs one command's async chain work on a current-thread runtime.
pub fn block_on<T>(work: impl Future<Output = Result<T>>) -> Result<T> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?
        .block_on(work)
}

/// Parses `0x` + 40 hex digits.
pub fn parse_address(text: &str) -> Result<Address> {
    if !(text.len() == 42 && text.starts_with("0x")) {
        bail!("{text:?} is not an address (0x + 40 hex digits)");
    }
    text.parse().with_context(|| format!("{text:?} is not an address"))
}

/// Parses `0x` + 64 hex digits.
pub fn parse_b256(text: &str, what: &str) -> Result<B256> {
    if !(text.len() == 66 && text.starts_with("0x")) {
        bail!("{what} {text:?} is not 0x + 64 hex digits");
    }
    text.parse().with_context(|| format!("{what} {text:?} is not hex"))
}

/// Where a transaction goes: an RPC endpoint, optionally pinned to a chain id, and the
/// registry (shared by `anchor`, `publish` and the root commands).
#[derive(Debug, Clone, clap::Args)]
pub struct RegistryTarget {
    /// JSON-RPC endpoint.
    #[arg(long, value_name = "URL")]
    pub rpc: String,
    /// The ProvenanceRegistry.
    #[arg(long, value_name = "ADDR")]
    pub registry: String,
    /// Refuse unless the RPC serves this chain id.
    #[arg(long, value_name = "N")]
    pub chain_id: Option<u64>,
}

impl RegistryTarget {
    /// The registry's address.
    pub fn address(&self) -> Result<Address> {
        parse_address(&self.registry)
    }
}
