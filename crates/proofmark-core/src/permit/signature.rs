//! secp256k1 signatures in Ethereum's 65-byte form `r ‖ s ‖ v` (k256): strict reading,
//! recovery of the signer's address, and deterministic signing (RFC 6979).
//!
//! Accepted: `v` 27 or 28 only; `r` and `s` in `1..n`; `s ≤ n/2` (EIP-2's low-s rule,
//! as OpenZeppelin's `ECDSA.recover` enforces it). Signing always produces this form.

use alloy_primitives::{Address, B256, keccak256};
use k256::ecdsa::{RecoveryId, Signature, SigningKey, VerifyingKey};

use crate::{Error, Result};

/// Length of an Ethereum signature: `r` (32) ‖ `s` (32) ‖ `v` (1).
pub const SIGNATURE_LEN: usize = 65;

/// A signature that passed the format checks, ready for recovery.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Recoverable {
    signature: Signature,
    recovery: RecoveryId,
}

/// Reads `r ‖ s ‖ v`: [`Error::BadSignature`] for a wrong length or `r`, `s` outside
/// `1..n`, [`Error::SignatureBadV`] for `v` other than 27/28, [`Error::SignatureHighS`]
/// for `s > n/2`.
pub(crate) fn parse(bytes: &[u8]) -> Result<Recoverable> {
    let Ok(bytes) = <&[u8; SIGNATURE_LEN]>::try_from(bytes) else {
        return Err(Error::BadSignature("a signature is 65 bytes r || s || v"));
    };
    let v = bytes[64];
    let y_odd = match v {
        27 => false,
        28 => true,
        other => return Err(Error::SignatureBadV(other)),
    };
    let signature =
        Signature::from_slice(&bytes[..64]).map_err(|_| Error::BadSignature("r or s is zero or not below n"))?;
    if signature.normalize_s().is_some() {
        return Err(Error::SignatureHighS);
    }
    Ok(Recoverable { signature, recovery: RecoveryId::new(y_odd, false) })
}

/// The address whose key made `signature` over `digest`. [`Error::BadSignature`] when no
/// key did (`r` is not the x-coordinate of a curve point).
pub(crate) fn recover(digest: &B256, signature: &Recoverable) -> Result<Address> {
    VerifyingKey::recover_from_prehash(digest.as_slice(), &signature.signature, signature.recovery)
        .map(|key| address_of_key(&key))
        .map_err(|_| Error::BadSignature("no public key recovers from this signature"))
}

/// Signs a 32-byte digest: RFC 6979 nonce, low `s`, `v` 27/28.
pub(crate) fn sign_prehash(digest: &B256, secret_key: &[u8; 32]) -> Result<[u8; SIGNATURE_LEN]> {
    let key = signing_key(secret_key)?;
    let (signature, recovery) =
        key.sign_prehash_recoverable(digest.as_slice()).map_err(|_| Error::BadSignature("signing failed"))?;
    // k256 already returns low s; normalise anyway and flip the parity with it.
    let (signature, y_odd) = match signature.normalize_s() {
        Some(low) => (low, !recovery.is_y_odd()),
        None => (signature, recovery.is_y_odd()),
    };
    let mut out = [0u8; SIGNATURE_LEN];
    out[..64].copy_from_slice(&signature.to_bytes());
    out[64] = 27 + u8::from(y_odd);
    Ok(out)
}

/// The Ethereum address of a secp256k1 secret key. [`Error::InvalidSecretKey`] for zero
/// or a value not below the group order.
pub fn address_of(secret_key: &[u8; 32]) -> Result<Address> {
    Ok(address_of_key(signing_key(secret_key)?.verifying_key()))
}

fn signing_key(secret_key: &[u8; 32]) -> Result<SigningKey> {
    SigningKey::from_slice(secret_key).map_err(|_| Error::InvalidSecretKey)
}

/// keccak256 of the uncompressed point without its 0x04 tag, last 20 bytes.
fn address_of_key(key: &VerifyingKey) -> Address {
    let point = key.to_encoded_point(false);
    Address::from_slice(&keccak256(&point.as_bytes()[1..])[12..])
}

#[cfg(test)]
mod tests {
    use alloy_primitives::{address, b256};

    use super::*;

    #[test]
    fn hardhat_account_zero_has_its_well_known_address() {
        let secret = b256!("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
        assert_eq!(address_of(&secret.0).unwrap(), address!("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"));
    }

    #[test]
    fn signs_low_s_and_recovers() {
        let digest = B256::repeat_byte(7);
        let signature = sign_prehash(&digest, &[3; 32]).unwrap();
        let parsed = parse(&signature).unwrap();
        assert_eq!(recover(&digest, &parsed).unwrap(), address_of(&[3; 32]).unwrap());
        assert_eq!(address_of(&[0; 32]), Err(Error::InvalidSecretKey));
        assert_eq!(address_of(&[0xff; 32]), Err(Error::InvalidSecretKey));
    }
}
