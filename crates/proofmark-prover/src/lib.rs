//! Native proving for Proofmark: circomlib-compatible Poseidon (native and as an R1CS
//! gadget), the model-attest circuit, model key files, the auditor's Merkle registry,
//! Groth16 dev setups and proving (DESIGN §4).
//!
//! ```
//! use ark_groth16::Groth16;
//! use ark_snark::SNARK;
//! use proofmark_prover::{ModelKey, Registry, SaltPolicy, choose_salt, dev_setup, prove_model_attest, witness_for};
//!
//! let mut rng = proofmark_prover::rng::os_rng()?; // ChaCha20 seeded by the OS
//! let key = ModelKey::generate(&mut rng, [0x42; 32], 1); // weights CID digest, version
//! let registry = Registry::from_models(4, [&key.public()?])?; // depth 4 here, 20 by default
//! let (pk, vk) = dev_setup(registry.depth(), b"local demo")?; // insecure: tests and demos only
//! let salt = choose_salt(SaltPolicy::Fresh, &key, &mut rng)?;
//! let witness = witness_for(&key, &registry, salt, &[0x11; 32], &[0xaa; 20])?; // content key, creator
//! let (proof, public) = prove_model_attest(&pk, &witness, &mut rng)?;
//! assert!(Groth16::<ark_bn254::Bn254>::verify(&vk, &public.to_array(), &proof)?);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod circom;
pub mod circuit;
pub mod error;
pub mod field;
pub mod fs;
pub mod keys;
pub mod merkle;
pub mod poseidon;
pub mod prove;
pub mod proving;
pub mod registry;
pub mod rng;
pub mod setup;
pub mod solidity;

pub use circom::{CircomReduction, R1cs, Zkey, prove_zkey};
pub use circuit::{ModelAttestCircuit, ModelAttestWitness, PublicInputs, public_inputs};
pub use error::{Error, Result};
pub use keys::{ModelKey, ModelPub};
pub use merkle::MerklePath;
pub use poseidon::{poseidon, poseidon_var};
pub use prove::{
    ProofSecret, SaltPolicy, choose_salt, prove_model_attest, prove_model_attest_with, prove_with_setup, witness_for,
};
pub use registry::Registry;
pub use setup::{ProvingSetup, dev_setup};
pub use solidity::solidity_verifier;
