//! The full assignment of the model-attest circuit, computed without building
//! constraints: arkworks' synthesis in prove mode with `construct_matrices: false` runs
//! the gadgets for their values only (milliseconds, against tens for a synthesis that
//! records and inlines every constraint).
use ark_bn254::Fr;
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystem, OptimizationGoal, SynthesisMode};

use crate::{
    circuit::{ModelAttestCircuit, ModelAttestWitness, PublicInputs},
    error::Result,
};

/// Every variable's value in arkworks' order (the constant one, the public inputs, then
/// the witness variables), exactly as Groth16's prover would assign them, with the
/// number of instance variables. The values are not checked against the constraints.
pub fn full_assignment(witness: &ModelAttestWitness, public: &PublicInputs) -> Result<(Vec<Fr>, usize)> {
    let circuit = ModelAttestCircuit::with_public_inputs(witness.clone(), *public)?;
    let cs = ConstraintSystem::<Fr>::new_ref();
    cs.set_optimization_goal(OptimizationGoal::Constraints);
    cs.set_mode(SynthesisMode::Prove { construct_matrices: false, generate_lc_assignments: false });
    circuit.generate_constraints(cs.clone())?;
    cs.finalize();
    let mut z = cs.instance_assignment()?;
    let num_instance = z.len();
    z.extend(cs.witness_assignment()?);
    Ok((z, num_instance))
}
