//! Merkle-Patricia proofs of an `eth_getProof` response (EIP-1186) against a state root.
//!
//! The account is a leaf of the state trie under `keccak256(address)` whose value is
//! `rlp([nonce, balance, storageRoot, codeHash])`; each storage slot is a leaf of the
//! account's storage trie under `keccak256(slot)` whose value is the RLP of the word with
//! no leading zeros, a zero word being absent from the trie. Every value the response
//! states is checked against what its proof commits to: a mutated node, a missing node or a
//! stated value other than the proven one is a typed error.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use alloy_primitives::{Address, B256, Bytes, U256, keccak256};
use alloy_trie::proof::{ProofVerificationError, verify_proof};
use alloy_trie::{Nibbles, TrieAccount};

use super::rpc::{self, Object};
use crate::{Error, Result};

/// An account and the storage words its `eth_getProof` response proved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProvenAccount {
    /// The account's address.
    pub address: Address,
    /// Its nonce.
    pub nonce: u64,
    /// Its balance in wei.
    pub balance: U256,
    /// The root of its storage trie, against which `storage` was proven.
    pub storage_root: B256,
    /// keccak256 of its code.
    pub code_hash: B256,
    /// The proven storage words, `(slot, value)` in response order (absent slots as zero).
    pub storage: Vec<(B256, U256)>,
}

impl ProvenAccount {
    /// The proven value of `slot`; [`Error::SlotNotProven`] when the response had no proof
    /// for it.
    pub fn slot(&self, slot: B256) -> Result<U256> {
        self.storage.iter().find(|(key, _)| *key == slot).map(|(_, value)| *value).ok_or(Error::SlotNotProven(slot))
    }
}

/// Verifies an `eth_getProof` response (the JSON `result`: `address`, `balance`,
/// `codeHash`, `nonce`, `storageHash`, `accountProof`, `storageProof[{key, value, proof}]`)
/// for `address` against `state_root`, and returns the proven account and storage.
///
/// Errors: [`Error::InvalidRpcValue`] for a malformed response,
/// [`Error::ProofAccountMismatch`] for a response about another address,
/// [`Error::AccountAbsent`] when the proof shows the account does not exist,
/// [`Error::AccountProofInvalid`] and [`Error::StorageProofInvalid`] when a proof does not
/// prove the stated values.
pub fn verify_account_proof(state_root: B256, address: Address, proof_json: &str) -> Result<ProvenAccount> {
    let object = rpc::parse_object(proof_json, "eth_getProof")?;
    let actual = rpc::address(rpc::required_str(&object, "address")?, "address")?;
    if actual != address {
        return Err(Error::ProofAccountMismatch { expected: address, actual });
    }
    let account = TrieAccount::new(
        rpc::quantity_u64(rpc::required_str(&object, "nonce")?, "nonce")?,
        rpc::quantity_u256(rpc::required_str(&object, "balance")?, "balance")?,
        rpc::b256(rpc::required_str(&object, "storageHash")?, "storageHash")?,
        rpc::b256(rpc::required_str(&object, "codeHash")?, "codeHash")?,
    );
    let account_proof = proof_nodes(rpc::required_array(&object, "accountProof")?, "accountProof")?;
    verify_account(state_root, address, &account, &account_proof)?;

    let entries = rpc::required_array(&object, "storageProof")?;
    let mut storage = Vec::new();
    storage.try_reserve_exact(entries.len()).map_err(|_| rpc::invalid("storageProof", "too long"))?;
    for entry in entries {
        let entry: &Object = entry.as_object().ok_or_else(|| rpc::invalid("storageProof", "entry not an object"))?;
        let slot = rpc::storage_key(rpc::required_str(entry, "key")?, "storageProof.key")?;
        let value = rpc::quantity_u256(rpc::required_str(entry, "value")?, "storageProof.value")?;
        let proof = proof_nodes(rpc::required_array(entry, "proof")?, "storageProof.proof")?;
        verify_storage(account.storage_root, slot, value, &proof)?;
        storage.push((slot, value));
    }
    Ok(ProvenAccount {
        address,
        nonce: account.nonce,
        balance: account.balance,
        storage_root: account.storage_root,
        code_hash: account.code_hash,
        storage,
    })
}

/// Verifies that the state trie under `state_root` holds `account` for `address`.
///
/// Errors: [`Error::AccountAbsent`] when `proof` is a valid proof that the account does
/// not exist, [`Error::AccountProofInvalid`] for any other failure.
pub fn verify_account(state_root: B256, address: Address, account: &TrieAccount, proof: &[Bytes]) -> Result<()> {
    let path = Nibbles::unpack(keccak256(address));
    let claimed = verify_proof(state_root, path, Some(alloy_rlp::encode(account)), proof);
    match claimed {
        Ok(()) => Ok(()),
        Err(err) => match verify_proof(state_root, path, None, proof) {
            Ok(()) => Err(Error::AccountAbsent(address)),
            Err(_) => Err(Error::AccountProofInvalid(reason(&err))),
        },
    }
}

/// Verifies that the storage trie under `storage_root` holds `value` at `slot` (zero:
/// the slot is absent from the trie).
///
/// Errors: [`Error::StorageProofInvalid`] when `proof` does not prove that value.
pub fn verify_storage(storage_root: B256, slot: B256, value: U256, proof: &[Bytes]) -> Result<()> {
    let expected = (!value.is_zero()).then(|| alloy_rlp::encode(value));
    verify_proof(storage_root, Nibbles::unpack(keccak256(slot)), expected, proof)
        .map_err(|err| Error::StorageProofInvalid { slot, reason: reason(&err) })
}

/// The proof nodes of a JSON array of `DATA` strings.
fn proof_nodes(items: &[serde_json::Value], what: &str) -> Result<Vec<Bytes>> {
    items
        .iter()
        .map(|item| {
            let text = item.as_str().ok_or_else(|| rpc::invalid(what, "node not a string"))?;
            rpc::data(text, what).map(Bytes::from)
        })
        .collect()
}

fn reason(err: &ProofVerificationError) -> String {
    match err {
        ProofVerificationError::RootMismatch { .. } => "the proof does not start at the root".to_string(),
        ProofVerificationError::ValueMismatch { .. } => {
            "a node does not hash into its parent, or the proven value differs from the stated one".to_string()
        }
        ProofVerificationError::UnexpectedEmptyRoot => "an empty-root node inside the proof".to_string(),
        ProofVerificationError::Rlp(rlp) => alloc::format!("a node is not valid RLP: {rlp}"),
    }
}
