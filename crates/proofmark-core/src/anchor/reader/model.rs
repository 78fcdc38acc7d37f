//! The model dimension: the record's root is published and live, the registry's `vkHash`
//! is the trusted key's, and the proof from the `Anchored` event verifies off chain for the
//! inputs the record implies.
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use alloy_primitives::{B256, U256};

use super::super::abi::AnchoredEvent;
use super::super::record::RootState;
use crate::Result;
use crate::verdict::{Model, NO_TRUSTED_VKEY, PROOF_INVALID, ROOT_NOT_PUBLISHED, ROOT_REVOKED, Status, VK_MISMATCH};
use crate::zk::numbers::input_from_be;
use crate::zk::{PreparedKey, VerifyingKeyFile, parse_prepared_verifying_key, proof_from_words, verify};

/// The verification key a verifier trusts, prepared once.
#[derive(Debug, Clone)]
pub struct TrustedKey {
    prepared: PreparedKey,
    dev_setup: bool,
    vk_hash: [u8; 32],
}

impl TrustedKey {
    /// Prepares `file`'s key.
    pub fn new(file: &VerifyingKeyFile) -> Self {
        TrustedKey {
            prepared: PreparedKey::new(&file.vk),
            dev_setup: file.dev_setup,
            vk_hash: crate::zk::vk_hash(&file.vk),
        }
    }

    /// Parses a trusted `verification_key.json` and prepares it for the one proof a
    /// reading verifies: without `e(α, β)`, and with its G2 points' subgroups read off
    /// their lines ([`crate::zk::parse_prepared_verifying_key`]).
    pub fn from_json(json: &str) -> Result<Self> {
        let (file, prepared) = parse_prepared_verifying_key(json)?;
        Ok(TrustedKey { vk_hash: crate::zk::vk_hash(&file.vk), prepared, dev_setup: file.dev_setup })
    }

    /// The prepared key.
    pub fn prepared(&self) -> &PreparedKey {
        &self.prepared
    }

    /// Whether the key comes from an insecure dev setup.
    pub fn dev_setup(&self) -> bool {
        self.dev_setup
    }

    /// The key's `vkHash`, as the registry computes it.
    pub fn vk_hash(&self) -> [u8; 32] {
        self.vk_hash
    }
}

/// What the model judgement looks at.
pub(super) struct Evidence<'a> {
    pub key: B256,
    pub creator: alloy_primitives::Address,
    pub root: B256,
    pub model_tag: B256,
    pub root_state: Option<RootState>,
    pub registry_vk_hash: B256,
    pub event: Option<&'a AnchoredEvent>,
}

/// Judges the model dimension.
pub(super) fn judge(evidence: &Evidence<'_>, trusted: Option<&TrustedKey>) -> Result<Model> {
    let revoked_at = evidence.root_state.and_then(|s| s.revoked_at);
    let mut model = Model {
        status: Status::Verified,
        reason: None,
        root: Some(evidence.root.to_string()),
        revoked_at,
        vk_hash: Some(evidence.registry_vk_hash.to_string()),
    };
    let outcome: Option<(Status, &str)> = if evidence.root_state.is_none() {
        Some((Status::Failed, ROOT_NOT_PUBLISHED))
    } else if revoked_at.is_some() {
        Some((Status::Failed, ROOT_REVOKED))
    } else if let Some(trusted) = trusted {
        if trusted.vk_hash != evidence.registry_vk_hash.0 {
            Some((Status::Failed, VK_MISMATCH))
        } else if let Some(event) = evidence.event
            && !proof_holds(trusted, evidence, event)?
        {
            Some((Status::Failed, PROOF_INVALID))
        } else {
            None
        }
    } else {
        Some((Status::Unknown, NO_TRUSTED_VKEY))
    };
    if let Some((status, reason)) = outcome {
        model.status = status;
        model.reason = Some(String::from(reason));
    }
    Ok(model)
}

/// Re-verifies the event's proof off chain for the inputs the record implies.
fn proof_holds(trusted: &TrustedKey, evidence: &Evidence<'_>, event: &AnchoredEvent) -> Result<bool> {
    let key = evidence.key;
    let expected = [
        U256::from_be_bytes(evidence.root.0),
        U256::from_be_slice(&key[..16]),
        U256::from_be_slice(&key[16..]),
        U256::from_be_bytes(evidence.model_tag.0),
        U256::from_be_slice(evidence.creator.as_slice()),
    ];
    if event.public_inputs != expected {
        return Ok(false);
    }
    let Ok(proof) = proof_from_words(&event.proof.map(|w| w.to_be_bytes::<32>())) else {
        return Ok(false);
    };
    let inputs = expected
        .iter()
        .enumerate()
        .map(|(i, w)| input_from_be(&w.to_be_bytes::<32>(), i))
        .collect::<Result<Vec<_>>>()?;
    verify(&trusted.prepared, &proof, &inputs)
}
