//! The registry's ABI (the core's bindings of the one Solidity interface) and its
//! committed build artifact.
use alloy::primitives::Bytes;
use anyhow::{Context, Result};

pub use proofmark_core::anchor::abi::IProvenanceRegistry::*;
pub use proofmark_core::anchor::abi::RegistryError;

const ARTIFACT: &str = include_str!("../../../../contracts/artifacts/ProvenanceRegistry.json");

/// The registry's creation bytecode from `contracts/artifacts/` (the vk is appended as
/// constructor arguments at deploy; none is baked in).
pub fn creation_bytecode() -> Result<Bytes> {
    let artifact: serde_json::Value = serde_json::from_str(ARTIFACT).context("contract artifact is not JSON")?;
    let hex = artifact["bytecode"].as_str().context("contract artifact has no bytecode")?;
    hex.parse().context("contract artifact bytecode is not hex")
}
