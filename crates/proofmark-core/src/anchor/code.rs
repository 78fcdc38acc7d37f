//! The registry's code as evidence: the account proof fixes the code hash, the code with
//! its immutables masked must be this build of `ProvenanceRegistry`, and then the
//! `vkHash` immutable read from the code is proven too (immutables live in code, not in
//! storage, so no storage proof can reach them).
use alloc::vec::Vec;

use alloy_primitives::{B256, keccak256};
use serde_json::Value;

use crate::{Error, Result};

/// The registry's committed runtime code and immutables (`scripts/build-contracts.mjs`
/// writes them beside the full artifact; the ABI and creation code are not needed here).
const ARTIFACT: &str = include_str!("../../../../contracts/artifacts/ProvenanceRegistry.runtime.json");

/// The registry build: runtime code with zeros where immutables go, and where they go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryBuild {
    runtime: Vec<u8>,
    /// (name, byte ranges) of every immutable.
    immutables: Vec<(alloc::string::String, Vec<(usize, usize)>)>,
}

impl RegistryBuild {
    /// The build this core was made with (`contracts/artifacts/ProvenanceRegistry.runtime.json`).
    pub fn committed() -> Result<Self> {
        Self::from_artifact(ARTIFACT)
    }

    /// Parses an artifact written by `scripts/build-contracts.mjs` (the full one or the
    /// runtime-only one: both have `deployedBytecode` and `immutables`).
    pub fn from_artifact(json: &str) -> Result<Self> {
        let bad = |what: &'static str| Error::UnexpectedRegistryCode(what);
        let value: Value = serde_json::from_str(json).map_err(|_| bad("artifact is not JSON"))?;
        let hex = value["deployedBytecode"].as_str().ok_or(bad("artifact has no deployedBytecode"))?;
        let runtime = alloy_primitives::hex::decode(hex).map_err(|_| bad("artifact bytecode is not hex"))?;
        let mut immutables = Vec::new();
        for (name, refs) in value["immutables"].as_object().ok_or(bad("artifact has no immutables"))? {
            let mut ranges = Vec::new();
            for pair in refs.as_array().ok_or(bad("immutable references are not a list"))? {
                let start = pair[0].as_u64().ok_or(bad("immutable start"))? as usize;
                let length = pair[1].as_u64().ok_or(bad("immutable length"))? as usize;
                if start.checked_add(length).is_none_or(|end| end > runtime.len()) {
                    return Err(bad("immutable reference outside the code"));
                }
                ranges.push((start, length));
            }
            immutables.push((name.clone(), ranges));
        }
        Ok(RegistryBuild { runtime, immutables })
    }

    /// Checks `code` against the proven `code_hash` and this build, and returns the value
    /// of the immutable `name` (a 32-byte word, identical at every reference).
    pub fn proven_immutable(&self, code: &[u8], code_hash: B256, name: &str) -> Result<B256> {
        if keccak256(code) != code_hash {
            return Err(Error::CodeHashMismatch);
        }
        if code.len() != self.runtime.len() {
            return Err(Error::UnexpectedRegistryCode("the code length differs"));
        }
        let mut masked = code.to_vec();
        for (_, ranges) in &self.immutables {
            for &(start, length) in ranges {
                masked[start..start + length].fill(0);
            }
        }
        if masked != self.runtime {
            return Err(Error::UnexpectedRegistryCode("the code differs outside its immutables"));
        }
        let (_, ranges) = self
            .immutables
            .iter()
            .find(|(n, _)| n == name)
            .ok_or(Error::UnexpectedRegistryCode("no such immutable"))?;
        let mut value: Option<B256> = None;
        for &(start, length) in ranges {
            if length != 32 {
                return Err(Error::UnexpectedRegistryCode("an immutable is not one word"));
            }
            let word = B256::from_slice(&code[start..start + 32]);
            if value.is_some_and(|v| v != word) {
                return Err(Error::UnexpectedRegistryCode("an immutable differs between its references"));
            }
            value = Some(word);
        }
        value.ok_or(Error::UnexpectedRegistryCode("the immutable is never read"))
    }
}
