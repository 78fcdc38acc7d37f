//! Groth16 over BN254 (DESIGN §4): strict decoding of snarkjs JSON and arkworks bytes,
//! single and batch verification with a caller-held prepared key, `vkHash`, calldata.
//!
//! A proof that fails is `Ok(false)`; input that cannot be a proof, key or input list
//! for that key is a typed [`crate::Error`]: public inputs ≥ r, coordinates ≥ q, points
//! off the curve or outside the subgroup, the identity in a proof, a wrong input count,
//! a wrong protocol or curve, swapped G2 limbs, an untrusted key.

mod affine_miller;
pub mod arkworks;
pub mod calldata;
pub mod curve;
mod final_exp;
mod g2_lines;
mod key_lines;
mod miller;
pub mod numbers;
pub mod snarkjs;
mod straus;
pub mod verify;
pub mod vk_hash;

pub use ark_bn254::{Bn254, Fr};
pub use ark_groth16::{Proof, VerifyingKey};
pub use calldata::{proof_from_words, proof_words};
pub use snarkjs::{
    VerifyingKeyFile, parse_prepared_proof, parse_prepared_verifying_key, parse_proof, parse_public,
    parse_verifying_key,
};
pub use verify::{PreparedKey, PreparedProof, ProofWithInputs, verify, verify_batch, verify_prepared};
pub use vk_hash::{ensure_trusted, ensure_trusted_hash, vk_hash, vk_words};
