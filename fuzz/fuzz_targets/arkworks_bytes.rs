//! `arkworks_bytes`: decoding arkworks compressed proofs and verification keys never
//! panics; whatever decodes re-encodes to exactly the input bytes (the encoding is
//! canonical), and a decoded proof never holds the identity.
#![no_main]

use ark_ec::AffineRepr;
use libfuzzer_sys::fuzz_target;
use proofmark_core::zk::arkworks::{proof_from_bytes, proof_to_bytes, verifying_key_from_bytes, verifying_key_to_bytes};

fuzz_target!(|data: &[u8]| {
    if let Ok(proof) = proof_from_bytes(data) {
        assert_eq!(proof_to_bytes(&proof), data);
        assert!(!proof.a.is_zero() && !proof.b.is_zero() && !proof.c.is_zero());
    }
    if let Ok(vk) = verifying_key_from_bytes(data) {
        assert_eq!(verifying_key_to_bytes(&vk), data);
    }
});
