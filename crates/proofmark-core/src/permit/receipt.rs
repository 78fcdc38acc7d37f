//! Receipts: what the worker signs after a delivery, under the gate's domain, with type
//! `Receipt(bytes32 key,address buyer,bytes32 permitDigest,uint64 bytes,uint64 anchorBlock)`.

use alloy_primitives::{Address, B256};
use alloy_sol_types::SolStruct;

use super::signature::{self, SIGNATURE_LEN};
use super::types::{GateDomain, generated};
use crate::Result;

/// A delivery receipt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Receipt {
    /// The content key delivered.
    pub key: B256,
    /// The buyer it was delivered to.
    pub buyer: Address,
    /// The EIP-712 signing hash of the permit the delivery answered.
    pub permit_digest: B256,
    /// Bytes delivered.
    pub bytes: u64,
    /// The block of the anchor record the worker checked.
    pub anchor_block: u64,
}

/// A receipt's signature with what it signs and who signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignedReceipt {
    /// The receipt's EIP-712 signing hash.
    pub digest: B256,
    /// 65 bytes `r ‖ s ‖ v`, low `s`, `v` 27/28.
    pub signature: [u8; SIGNATURE_LEN],
    /// The address of the signing key.
    pub signer: Address,
}

/// The receipt's EIP-712 signing hash under `domain`.
pub fn receipt_digest(receipt: &Receipt, domain: &GateDomain) -> B256 {
    generated::Receipt {
        key: receipt.key,
        buyer: receipt.buyer,
        permitDigest: receipt.permit_digest,
        bytes: receipt.bytes,
        anchorBlock: receipt.anchor_block,
    }
    .eip712_signing_hash(&domain.eip712())
}

/// Signs a receipt with the worker's secp256k1 key: deterministic (RFC 6979), low `s`.
/// [`crate::Error::InvalidSecretKey`] for a key that is zero or not below the group order.
pub fn sign_receipt(receipt: &Receipt, domain: &GateDomain, secret_key: &[u8; 32]) -> Result<SignedReceipt> {
    let digest = receipt_digest(receipt, domain);
    let signature = signature::sign_prehash(&digest, secret_key)?;
    Ok(SignedReceipt { digest, signature, signer: signature::address_of(secret_key)? })
}

/// Whether `signature` is `expected_signer`'s over the receipt: `Ok(false)` for a valid
/// signature by another key (or over another receipt or domain), `Err` for a signature
/// that is malformed: wrong length, bad `v`, high `s`, `r` or `s` out of range, or one no
/// key can have made.
pub fn verify_receipt(
    receipt: &Receipt,
    domain: &GateDomain,
    signature: &[u8],
    expected_signer: Address,
) -> Result<bool> {
    let parsed = signature::parse(signature)?;
    let signer = signature::recover(&receipt_digest(receipt, domain), &parsed)?;
    Ok(signer == expected_signer)
}
