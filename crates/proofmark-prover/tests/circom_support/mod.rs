//! Shared by the `circom_*` integration tests: a small arkworks circuit and seeded
//! randomness.
#![allow(dead_code)]

use ark_bn254::Fr;
use ark_r1cs_std::{
    alloc::AllocVar,
    eq::EqGadget,
    fields::{FieldVar, fp::FpVar},
};
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};
use ark_std::rand::SeedableRng;
use rand_chacha::ChaCha20Rng;

/// Public `y = x³ + x + 5` and `z = x·y + y`, private `x`: public inputs in both A and B,
/// a constant and a linear combination that arkworks inlines.
#[derive(Clone, Copy, Debug, Default)]
pub struct Cubic {
    pub x: Option<Fr>,
    /// Overrides the computed `y` (to build an unsatisfied witness).
    pub y_override: Option<Fr>,
}

impl Cubic {
    pub fn with_x(x: u64) -> Self {
        Self { x: Some(Fr::from(x)), y_override: None }
    }

    pub fn outputs(x: Fr) -> (Fr, Fr) {
        let y = x * x * x + x + Fr::from(5u64);
        (y, x * y + y)
    }
}

impl ConstraintSynthesizer<Fr> for Cubic {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let values = self.x.map(Self::outputs);
        let y_value = self.y_override.or(values.map(|v| v.0));
        let y = FpVar::new_input(cs.clone(), || y_value.ok_or(SynthesisError::AssignmentMissing))?;
        let z = FpVar::new_input(cs.clone(), || values.map(|v| v.1).ok_or(SynthesisError::AssignmentMissing))?;
        let x = FpVar::new_witness(cs.clone(), || self.x.ok_or(SynthesisError::AssignmentMissing))?;
        let x3 = &x * &x * &x;
        (x3 + &x + FpVar::constant(Fr::from(5u64))).enforce_equal(&y)?;
        (&x * &y + &y).enforce_equal(&z)?;
        Ok(())
    }
}

pub fn rng(seed: u8) -> ChaCha20Rng {
    ChaCha20Rng::from_seed([seed; 32])
}

/// Where each section's data starts and how long it is: `(id, header offset, data
/// offset, length)`, for tests that patch files.
pub fn sections(bytes: &[u8]) -> Vec<(u32, usize, usize, usize)> {
    let count = u32::from_le_bytes(bytes[8..12].try_into().unwrap());
    let mut at = 12;
    let mut out = Vec::new();
    for _ in 0..count {
        let id = u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
        let len = u64::from_le_bytes(bytes[at + 4..at + 12].try_into().unwrap()) as usize;
        out.push((id, at, at + 12, len));
        at += 12 + len;
    }
    out
}

/// The data offset of section `id`.
pub fn section_start(bytes: &[u8], id: u32) -> usize {
    sections(bytes).into_iter().find(|s| s.0 == id).map(|s| s.2).unwrap()
}

/// A Groth16 setup of [`Cubic`] with circom's reduction, as a zkey, plus a satisfying
/// witness for `x`.
pub fn cubic_zkey(x: u64) -> (proofmark_prover::Zkey, Vec<Fr>) {
    use ark_groth16::Groth16;
    use ark_snark::CircuitSpecificSetupSNARK;
    use proofmark_prover::{CircomReduction, R1cs, Zkey};

    let (pk, _vk) = Groth16::<ark_bn254::Bn254, CircomReduction>::setup(Cubic::default(), &mut rng(7)).unwrap();
    let (r1cs, witness) = R1cs::from_circuit_with_witness(Cubic::with_x(x)).unwrap();
    (Zkey::from_proving_key(pk, &r1cs).unwrap(), witness)
}
