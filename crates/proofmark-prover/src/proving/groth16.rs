//! Groth16's prover from a witness map and an assignment: arkworks'
//! `create_proof_with_assignment` (private there), with the five MSMs run concurrently
//! on the thread pool by the batch-affine [`msm`].
use ark_bn254::{Bn254, Fr};
use ark_ec::CurveGroup;
use ark_ff::PrimeField;
use ark_groth16::{Proof, ProvingKey};
use rayon::prelude::*;

use super::msm::msm;
use crate::error::{Error, Result};

/// A proof for the full assignment `z` (the constant one, the public inputs, then the
/// witness; `num_instance` counts the first two) with witness map `h`, blinded by `r`
/// and `s`: the proof arkworks' `Groth16::prove` makes from the same values.
/// [`Error::ProvingKeySize`] if the key's vectors do not fit `z` and `h`.
pub fn create_proof(
    pk: &ProvingKey<Bn254>,
    r: Fr,
    s: Fr,
    h: &[Fr],
    z: &[Fr],
    num_instance: usize,
) -> Result<Proof<Bn254>> {
    let sized = num_instance >= 1
        && pk.a_query.len() == z.len()
        && pk.b_g1_query.len() == z.len()
        && pk.b_g2_query.len() == z.len()
        && pk.l_query.len() + num_instance == z.len()
        && pk.h_query.len() < h.len() + 1;
    if !sized {
        return Err(Error::ProvingKeySize);
    }
    let scalars: Vec<_> = z.par_iter().map(|x| x.into_bigint()).collect();
    let h: Vec<_> = h.par_iter().map(|x| x.into_bigint()).collect();
    let aux = &scalars[num_instance..];
    let assignment = &scalars[1..];

    let ((h_acc, l_acc), ((a_acc, b1_acc), b2_acc)) = rayon::join(
        || rayon::join(|| msm(&pk.h_query, &h), || msm(&pk.l_query, aux)),
        || {
            rayon::join(
                || rayon::join(|| msm(&pk.a_query[1..], assignment), || msm(&pk.b_g1_query[1..], assignment)),
                || msm(&pk.b_g2_query[1..], assignment),
            )
        },
    );

    let r_g1 = pk.delta_g1 * r;
    let g_a = r_g1 + pk.a_query[0] + a_acc + pk.vk.alpha_g1;
    let s_g1 = pk.delta_g1 * s;
    let g1_b = s_g1 + pk.b_g1_query[0] + b1_acc + pk.beta_g1;
    let s_g2 = pk.vk.delta_g2 * s;
    let g2_b = s_g2 + pk.b_g2_query[0] + b2_acc + pk.vk.beta_g2;
    let g_c = g_a * s + g1_b * r - pk.delta_g1 * (r * s) + l_acc + h_acc;
    Ok(Proof { a: g_a.into_affine(), b: g2_b.into_affine(), c: g_c.into_affine() })
}
