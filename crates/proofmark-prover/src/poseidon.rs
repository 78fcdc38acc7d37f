//! circomlib's Poseidon over the BN254 scalar field: x^5 S-boxes, 8 full rounds, the
//! partial round counts, round constants and MDS matrices of circomlib's `poseidon.circom`
//! (as shipped by light-poseidon's `bn254_x5` parameters), state width `t = n + 1` with a
//! zero capacity element in front of the `n` inputs, output = `state[0]`.
//!
//! [`poseidon`] computes the hash natively (through light-poseidon's sponge);
//! [`poseidon_var`] is the R1CS gadget, an independent round-by-round transcription over
//! the same parameters. Tests check that the two agree and pin circomlib's known answer.
//!
//! Gadget cost: each S-box is three multiplication constraints (x², x⁴, x⁴·x); round-
//! constant additions and MDS mixing are linear and cost nothing in R1CS. The capacity
//! element is the constant 0, so the first round's S-box on it is folded away. For `n`
//! inputs that is `3·(8·t + P − 1)` constraints: 213 (n = 1), 240 (n = 2), 261 (n = 3).
use std::sync::OnceLock;

use ark_bn254::Fr;
use ark_r1cs_std::fields::{FieldVar, fp::FpVar};
use ark_relations::gr1cs::SynthesisError;
use light_poseidon::{Poseidon, PoseidonHasher, PoseidonParameters, parameters::bn254_x5};

use crate::error::{Error, Result};

/// The largest number of inputs circomlib's parameter set covers (width 13).
pub const MAX_ARITY: usize = 12;

/// circomlib's Poseidon hash of `inputs` (1..=[`MAX_ARITY`] field elements).
///
/// ```
/// use ark_bn254::Fr;
/// use proofmark_prover::{field::fr_to_hex, poseidon::poseidon};
/// let h = poseidon(&[Fr::from(1u64), Fr::from(2u64)])?;
/// assert_eq!(fr_to_hex(&h), "0x115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189a");
/// # Ok::<(), proofmark_prover::Error>(())
/// ```
pub fn poseidon(inputs: &[Fr]) -> Result<Fr> {
    check_arity(inputs.len())?;
    let mut hasher = Poseidon::<Fr>::new_circom(inputs.len())?;
    Ok(hasher.hash(inputs)?)
}

/// The R1CS gadget for [`poseidon`]: constrains and returns `Poseidon(inputs)`.
///
/// Inputs may be constants, witnesses or public inputs (mixed freely); an all-constant
/// call adds no constraints. An unsupported number of inputs is
/// [`SynthesisError::ArityMismatch`].
pub fn poseidon_var(inputs: &[FpVar<Fr>]) -> Result<FpVar<Fr>, SynthesisError> {
    let params = parameters(inputs.len()).map_err(|_| SynthesisError::ArityMismatch)?;
    let width = params.width;
    let half_full = params.full_rounds / 2;
    let rounds = params.full_rounds + params.partial_rounds;

    let mut state: Vec<FpVar<Fr>> = Vec::with_capacity(width);
    state.push(FpVar::zero());
    state.extend(inputs.iter().cloned());

    for (round, constants) in params.ark.chunks_exact(width).enumerate().take(rounds) {
        for (x, c) in state.iter_mut().zip(constants) {
            *x += *c;
        }
        let full = round < half_full || round >= half_full + params.partial_rounds;
        let sboxed = if full { width } else { 1 };
        for x in state.iter_mut().take(sboxed) {
            *x = sbox(x)?;
        }
        state = params
            .mds
            .iter()
            .map(|row| state.iter().zip(row).fold(FpVar::zero(), |acc, (x, m)| acc + x * *m))
            .collect();
    }
    state.into_iter().next().ok_or(SynthesisError::Unsatisfiable)
}

/// x^5 in three constraints.
fn sbox(x: &FpVar<Fr>) -> Result<FpVar<Fr>, SynthesisError> {
    let x2 = x.square()?;
    let x4 = x2.square()?;
    Ok(x4 * x)
}

/// Number of R1CS constraints [`poseidon_var`] adds for `arity` non-constant inputs.
pub fn gadget_constraints(arity: usize) -> Result<usize> {
    let p = parameters(arity)?;
    // 3 per S-box; the first round's S-box on the constant capacity element is free.
    Ok(3 * (p.full_rounds * p.width + p.partial_rounds - 1))
}

fn check_arity(arity: usize) -> Result<()> {
    if (1..=MAX_ARITY).contains(&arity) { Ok(()) } else { Err(Error::PoseidonArity { arity }) }
}

/// circomlib's parameters for `arity` inputs, built once per arity and shared.
///
/// The shape is checked once (ark of `(full + partial) · t` constants, a `t × t` MDS), so
/// the gadget's loops cannot run short.
fn parameters(arity: usize) -> Result<&'static PoseidonParameters<Fr>> {
    static CACHE: [OnceLock<PoseidonParameters<Fr>>; MAX_ARITY] = [const { OnceLock::new() }; MAX_ARITY];
    check_arity(arity)?;
    let cell = CACHE.get(arity - 1).ok_or(Error::PoseidonArity { arity })?;
    if let Some(p) = cell.get() {
        return Ok(p);
    }
    let width = u8::try_from(arity + 1).map_err(|_| Error::PoseidonArity { arity })?;
    let p = bn254_x5::get_poseidon_parameters::<Fr>(width)?;
    let well_formed = p.width == arity + 1
        && p.ark.len() == (p.full_rounds + p.partial_rounds) * p.width
        && p.mds.len() == p.width
        && p.mds.iter().all(|row| row.len() == p.width)
        && p.alpha == 5
        && p.full_rounds % 2 == 0;
    if !well_formed {
        return Err(Error::PoseidonArity { arity });
    }
    Ok(cell.get_or_init(|| p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::{fr_from_hex, fr_to_hex};
    use ark_r1cs_std::{GR1CSVar, alloc::AllocVar, eq::EqGadget};
    use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef, OptimizationGoal};
    use ark_std::{UniformRand, rand::SeedableRng};
    use rand_chacha::ChaCha20Rng;

    fn cs() -> ConstraintSystemRef<Fr> {
        let cs = ConstraintSystem::<Fr>::new_ref();
        cs.set_optimization_goal(OptimizationGoal::Constraints);
        cs
    }

    #[test]
    fn circomlib_known_answers() {
        // circomlibjs' poseidon test vectors; light-poseidon's own tests pin [1, 2] too.
        let cases: [(&[u64], &str); 5] = [
            (&[1], "0x29176100eaa962bdc1fe6c654d6a3c130e96a4d1168b33848b897dc502820133"),
            (&[1, 2], "0x115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189a"),
            (&[0, 0], "0x2098f5fb9e239eab3ceac3f27b81e481dc3124d55ffed523a839ee8446b64864"),
            (&[1, 2, 3], "0x0e7732d89e6939c0ff03d5e58dab6302f3230e269dc5b968f725df34ab36d732"),
            (&[1, 2, 3, 4], "0x299c867db6c1fdd79dcefa40e4510b9837e60ebb1ce0663dbaa525df65250465"),
        ];
        for (inputs, expected) in cases {
            let inputs: Vec<Fr> = inputs.iter().map(|x| Fr::from(*x)).collect();
            assert_eq!(fr_to_hex(&poseidon(&inputs).unwrap()), expected);
            let vars: Vec<FpVar<Fr>> = inputs.iter().map(|x| FpVar::Constant(*x)).collect();
            assert_eq!(fr_to_hex(&poseidon_var(&vars).unwrap().value().unwrap()), expected);
        }
    }

    #[test]
    fn unsupported_arities_are_typed_errors() {
        assert!(matches!(poseidon(&[]), Err(Error::PoseidonArity { arity: 0 })));
        assert!(matches!(poseidon(&[Fr::from(1u64); 13]), Err(Error::PoseidonArity { arity: 13 })));
        assert!(matches!(poseidon_var(&[]), Err(SynthesisError::ArityMismatch)));
        assert_eq!(poseidon(&[Fr::from(7u64); 12]).map(|_| ()).ok(), Some(()));
    }

    #[test]
    fn gadget_matches_native_and_counts_constraints() {
        let mut rng = ChaCha20Rng::seed_from_u64(7);
        let expected_constraints = [213, 240, 261];
        for arity in 1..=3 {
            for _ in 0..3 {
                let inputs: Vec<Fr> = (0..arity).map(|_| Fr::rand(&mut rng)).collect();
                let cs = cs();
                let vars: Vec<FpVar<Fr>> =
                    inputs.iter().map(|x| FpVar::new_witness(cs.clone(), || Ok(*x)).unwrap()).collect();
                let out = poseidon_var(&vars).unwrap();
                let expected = poseidon(&inputs).unwrap();
                assert_eq!(out.value().unwrap(), expected);
                // The gadget's output is constrained, not just assigned.
                let claimed = FpVar::new_input(cs.clone(), || Ok(expected)).unwrap();
                out.enforce_equal(&claimed).unwrap();
                cs.finalize();
                assert!(cs.is_satisfied().unwrap());
                assert_eq!(cs.num_constraints(), expected_constraints[arity - 1] + 1);
                assert_eq!(gadget_constraints(arity).unwrap(), expected_constraints[arity - 1]);
            }
        }
    }

    #[test]
    fn gadget_rejects_a_wrong_output() {
        let cs = cs();
        let a = FpVar::new_witness(cs.clone(), || Ok(Fr::from(1u64))).unwrap();
        let b = FpVar::new_witness(cs.clone(), || Ok(Fr::from(2u64))).unwrap();
        let out = poseidon_var(&[a, b]).unwrap();
        let wrong = fr_from_hex("0x115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189b").unwrap();
        let claimed = FpVar::new_input(cs.clone(), || Ok(wrong)).unwrap();
        out.enforce_equal(&claimed).unwrap();
        cs.finalize();
        assert!(!cs.is_satisfied().unwrap());
    }

    #[test]
    fn gadget_on_constants_is_free_and_correct() {
        let cs = cs();
        let inputs = [Fr::from(5u64), Fr::from(6u64), Fr::from(7u64)];
        let vars: Vec<FpVar<Fr>> = inputs.iter().map(|x| FpVar::Constant(*x)).collect();
        let out = poseidon_var(&vars).unwrap();
        assert!(out.is_constant());
        assert_eq!(out.value().ok(), Some(poseidon(&inputs).unwrap()));
        assert_eq!(cs.num_constraints(), 0);
    }

    #[test]
    fn gadget_agrees_for_every_supported_arity() {
        let mut rng = ChaCha20Rng::seed_from_u64(8);
        for arity in 4..=MAX_ARITY {
            let inputs: Vec<Fr> = (0..arity).map(|_| Fr::rand(&mut rng)).collect();
            let cs = cs();
            let vars: Vec<FpVar<Fr>> =
                inputs.iter().map(|x| FpVar::new_witness(cs.clone(), || Ok(*x)).unwrap()).collect();
            let out = poseidon_var(&vars).unwrap();
            assert_eq!(out.value().unwrap(), poseidon(&inputs).unwrap());
            cs.finalize();
            assert!(cs.is_satisfied().unwrap());
            assert_eq!(cs.num_constraints(), gadget_constraints(arity).unwrap());
        }
    }
}
