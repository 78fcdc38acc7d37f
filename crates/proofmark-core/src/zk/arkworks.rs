//! arkworks compressed encodings of keys and proofs, decoded with full validation
//! (on curve, in subgroup, coordinates canonical) plus the identity check for proofs.
use alloc::vec::Vec;

use ark_bn254::Bn254;
use ark_groth16::{Proof, VerifyingKey};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, Compress, SerializationError, Validate};

use super::numbers::{Role, check_not_identity};
use crate::{Error, Result};

fn decode_error(e: SerializationError) -> Error {
    match e {
        SerializationError::InvalidData => Error::InvalidEncoding("not a canonical point or field element"),
        SerializationError::UnexpectedFlags => Error::InvalidEncoding("unexpected flag bits"),
        SerializationError::NotEnoughSpace | SerializationError::IoError(_) => Error::InvalidEncoding("truncated"),
    }
}

fn decode<T: CanonicalDeserialize>(bytes: &[u8]) -> Result<T> {
    let mut reader = bytes;
    let value = T::deserialize_with_mode(&mut reader, Compress::Yes, Validate::Yes).map_err(decode_error)?;
    if !reader.is_empty() {
        return Err(Error::InvalidEncoding("trailing bytes"));
    }
    Ok(value)
}

/// Decodes a compressed proof; the identity in any element is rejected.
pub fn proof_from_bytes(bytes: &[u8]) -> Result<Proof<Bn254>> {
    let proof: Proof<Bn254> = decode(bytes)?;
    check_not_identity(&proof.a, Role { name: "proof.a", identity_allowed: false })?;
    check_not_identity(&proof.b, Role { name: "proof.b", identity_allowed: false })?;
    check_not_identity(&proof.c, Role { name: "proof.c", identity_allowed: false })?;
    Ok(proof)
}

/// Decodes a compressed verification key.
pub fn verifying_key_from_bytes(bytes: &[u8]) -> Result<VerifyingKey<Bn254>> {
    let vk: VerifyingKey<Bn254> = decode(bytes)?;
    for (point, name) in [(&vk.beta_g2, "vk.beta"), (&vk.gamma_g2, "vk.gamma"), (&vk.delta_g2, "vk.delta")] {
        check_not_identity(point, Role { name, identity_allowed: false })?;
    }
    check_not_identity(&vk.alpha_g1, Role { name: "vk.alpha", identity_allowed: false })?;
    if vk.gamma_abc_g1.is_empty() {
        return Err(Error::InvalidEncoding("verification key without IC points"));
    }
    Ok(vk)
}

/// Compressed bytes of a proof.
pub fn proof_to_bytes(proof: &Proof<Bn254>) -> Vec<u8> {
    let mut out = Vec::with_capacity(proof.compressed_size());
    // Writing into a Vec cannot fail.
    let _ = proof.serialize_compressed(&mut out);
    out
}

/// Compressed bytes of a verification key.
pub fn verifying_key_to_bytes(vk: &VerifyingKey<Bn254>) -> Vec<u8> {
    let mut out = Vec::with_capacity(vk.compressed_size());
    let _ = vk.serialize_compressed(&mut out);
    out
}
