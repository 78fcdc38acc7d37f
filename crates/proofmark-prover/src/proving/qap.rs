//! arkworks' default (libsnark) QAP witness map, for an assignment known to satisfy
//! the circuit: `C·z` is then `A·z ∘ B·z` row by row, so only A and B are evaluated.
//!
//! The result is exactly [`LibsnarkReduction`](ark_groth16::r1cs_to_qap::LibsnarkReduction)'s
//! `witness_map_from_matrices` (a test compares them): the coefficients of
//! `h = (A·B − C)/Z`, computed on the coset by arkworks' field generator. The three
//! polynomials are transformed concurrently.
use ark_bn254::Fr;
use ark_ff::{AdditiveGroup, FftField, Field};
use ark_poly::{EvaluationDomain, GeneralEvaluationDomain};
use ark_relations::gr1cs::SynthesisError;
use rayon::prelude::*;

use crate::error::Result;

/// `h`'s coefficients (one per domain element) from the rows' values `a = A·z`,
/// `b = B·z` (one per constraint) and the instance assignment `inputs` (the constant one
/// first), on the domain for `constraints + inputs` elements.
pub fn witness_map(mut a: Vec<Fr>, mut b: Vec<Fr>, inputs: &[Fr]) -> Result<Vec<Fr>> {
    let constraints = a.len();
    let domain = GeneralEvaluationDomain::<Fr>::new(constraints + inputs.len())
        .ok_or(SynthesisError::PolynomialDegreeTooLarge)?;
    let coset = domain.get_coset(Fr::GENERATOR).ok_or(SynthesisError::PolynomialDegreeTooLarge)?;
    let n = domain.size();
    if b.len() != constraints {
        return Err(SynthesisError::Unsatisfiable.into());
    }
    let mut c: Vec<Fr> = a.par_iter().zip(&b).map(|(a, b)| *a * b).collect();
    a.extend_from_slice(inputs);
    for values in [&mut a, &mut b, &mut c] {
        values.resize(n, Fr::ZERO);
    }
    let to_coset = |values: &mut Vec<Fr>| {
        domain.ifft_in_place(values);
        coset.fft_in_place(values);
    };
    rayon::join(|| to_coset(&mut a), || rayon::join(|| to_coset(&mut b), || to_coset(&mut c)));
    let z_inverse =
        domain.evaluate_vanishing_polynomial(Fr::GENERATOR).inverse().ok_or(SynthesisError::DivisionByZero)?;
    a.par_iter_mut().zip(&b).zip(&c).for_each(|((a, b), c)| *a = (*a * b - c) * z_inverse);
    coset.ifft_in_place(&mut a);
    Ok(a)
}
