//! Shared test helpers: a walk over an in-memory block store, and a tiny Groth16
//! circuit for the verifier's tests (five public inputs `pᵢ` and a witness `w` with
//! `pᵢ·w = tᵢ`, so every input is constrained, and `w·w = s`).
#![allow(dead_code)]

use std::collections::BTreeMap;

use proofmark_core::Error;
use proofmark_core::cid::limits::Caps;
use proofmark_core::cid::{Cid, Selector, Traversal};

/// Blocks by CID.
pub type Store = BTreeMap<Cid, Vec<u8>>;

/// Walks `root` under `selector` over `store`; returns the file bytes and the finished walk.
pub fn walk_store(store: &Store, root: Cid, selector: Selector, caps: Caps) -> Result<(Vec<u8>, Traversal), Error> {
    let mut walk = Traversal::new(root, selector, caps);
    let mut out = Vec::new();
    while let Some(cid) = walk.next_needed().copied() {
        let block = store.get(&cid).ok_or_else(|| Error::MissingBlock(cid.to_string()))?;
        walk.visit::<Error>(block, |b| {
            out.extend_from_slice(b);
            Ok(())
        })?;
    }
    Ok((out, walk))
}

use ark_bn254::{Bn254, Fr};
use ark_groth16::{Groth16, Proof, ProvingKey, VerifyingKey};
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};
use ark_relations::lc;
use ark_snark::SNARK;
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::SeedableRng;

#[derive(Clone)]
pub struct Toy {
    pub inputs: [Fr; 5],
    pub witness: Fr,
}

impl ConstraintSynthesizer<Fr> for Toy {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let w = cs.new_witness_variable(|| Ok(self.witness))?;
        for p in self.inputs {
            let pv = cs.new_input_variable(|| Ok(p))?;
            let t = cs.new_witness_variable(|| Ok(p * self.witness))?;
            cs.enforce_r1cs_constraint(|| lc!() + pv, || lc!() + w, || lc!() + t)?;
        }
        let s = cs.new_witness_variable(|| Ok(self.witness * self.witness))?;
        cs.enforce_r1cs_constraint(|| lc!() + w, || lc!() + w, || lc!() + s)?;
        Ok(())
    }
}

pub fn rng(seed: u8) -> ChaCha20Rng {
    ChaCha20Rng::from_seed([seed; 32])
}

pub fn setup(seed: u8) -> (ProvingKey<Bn254>, VerifyingKey<Bn254>) {
    let circuit = Toy { inputs: [Fr::from(0u64); 5], witness: Fr::from(0u64) };
    Groth16::<Bn254>::circuit_specific_setup(circuit, &mut rng(seed)).unwrap()
}

pub fn prove(pk: &ProvingKey<Bn254>, inputs: [u64; 5], seed: u8) -> (Proof<Bn254>, Vec<Fr>) {
    let inputs = inputs.map(Fr::from);
    let proof = Groth16::<Bn254>::prove(pk, Toy { inputs, witness: Fr::from(7u64) }, &mut rng(seed)).unwrap();
    (proof, inputs.to_vec())
}
