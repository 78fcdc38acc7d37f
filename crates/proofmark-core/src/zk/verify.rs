//! Groth16/BN254 verification with a caller-held prepared key: single proofs, and
//! batches folded with caller-supplied randomness into one multi-pairing.
use alloc::vec::Vec;

use ark_bn254::{Bn254, Fr, g1::Config as G1Config};
use ark_ec::pairing::{Pairing, PairingOutput};
use ark_ec::scalar_mul::glv::GLVConfig;
use ark_ec::{AdditiveGroup, CurveGroup};
use ark_ff::Zero;
use ark_groth16::{Proof, VerifyingKey};
use sha2::{Digest, Sha256};

use super::affine_miller::affine_multi_miller_loop;
use super::curve;
use super::final_exp::final_exponentiation;
use super::g2_lines;
use super::key_lines::{KeyLines, line_pairs};
use super::miller::{LinePair, multi_miller_loop};
use super::straus::{self, InputTables};

use crate::{Error, Result};

/// Pairings run on [`curve`]: arkworks' BN254 with products fast on every target.
type G2Prepared = <curve::Bn254 as Pairing>::G2Prepared;

/// A proof with its public inputs, as a batch takes them.
pub type ProofWithInputs = (Proof<Bn254>, Vec<Fr>);

/// A verification key prepared once and reused for every proof.
///
/// Preparing computes the G2 line coefficients of β, −γ and −δ and, unless made with
/// [`PreparedKey::new_light`], the pairing `e(α, β)` and lines divided into a cheaper
/// form. Without them (a whole pairing and a batch inversion, most of the cost of
/// preparing) a verification folds `e(−α, β)` into its multi-Miller loop instead, a
/// little slower per proof: the better trade for a key that verifies one proof (a
/// fresh page, a worker).
#[derive(Clone, Debug)]
pub struct PreparedKey {
    vk: VerifyingKey<Bn254>,
    /// `IC` with tables of odd multiples, for a proof's input point and a batch's sum.
    input_tables: InputTables,
    alpha_neg: curve::G1Affine,
    beta: KeyLines,
    gamma_neg: KeyLines,
    delta_neg: KeyLines,
    alpha_beta: Option<PairingOutput<curve::Bn254>>,
}

impl PreparedKey {
    /// Prepares `vk` fully, `e(α, β)` included.
    pub fn new(vk: &VerifyingKey<Bn254>) -> Self {
        let mut key = Self::new_light(vk);
        key.complete();
        key
    }

    /// Prepares `vk` without the pairing `e(α, β)`; [`PreparedKey::complete`] adds it.
    pub fn new_light(vk: &VerifyingKey<Bn254>) -> Self {
        let lines = |point: ark_bn254::G2Affine| g2_lines::lines(&curve::g2(&point));
        Self::light_with_lines(vk, lines(vk.beta_g2), lines(-vk.gamma_g2), lines(-vk.delta_g2))
    }

    /// [`PreparedKey::new_light`] with the lines of β, −γ and −δ computed by the caller.
    pub(super) fn light_with_lines(
        vk: &VerifyingKey<Bn254>,
        beta: G2Prepared,
        gamma_neg: G2Prepared,
        delta_neg: G2Prepared,
    ) -> Self {
        let ic: Vec<curve::G1Affine> = vk.gamma_abc_g1.iter().map(curve::g1).collect();
        PreparedKey {
            vk: vk.clone(),
            input_tables: InputTables::new(&ic),
            alpha_neg: curve::g1(&-vk.alpha_g1),
            beta: KeyLines::Projective(beta),
            gamma_neg: KeyLines::Projective(gamma_neg),
            delta_neg: KeyLines::Projective(delta_neg),
            alpha_beta: None,
        }
    }

    /// Computes `e(α, β)` and divides the lines if not yet done, so that each later
    /// verification is cheaper.
    pub fn complete(&mut self) {
        if self.alpha_beta.is_none() {
            let alpha = curve::g1(&self.vk.alpha_g1);
            self.alpha_beta =
                line_pairs(&[(alpha, &self.beta)]).and_then(|pairs| final_exponentiation(multi_miller_loop(&pairs)));
            for lines in [&mut self.beta, &mut self.gamma_neg, &mut self.delta_neg] {
                lines.normalize();
            }
        }
    }

    /// Whether `e(α, β)` is computed.
    pub fn is_complete(&self) -> bool {
        self.alpha_beta.is_some()
    }

    /// The key this was prepared from.
    pub fn vk(&self) -> &VerifyingKey<Bn254> {
        &self.vk
    }

    /// Public inputs the key takes.
    pub fn input_count(&self) -> usize {
        // Decoders refuse a key without IC points; a hand-built one must not underflow.
        self.vk.gamma_abc_g1.len().saturating_sub(1)
    }

    fn check_inputs(&self, inputs: &[Fr]) -> Result<()> {
        if inputs.len() != self.input_count() {
            return Err(Error::InputCountMismatch { expected: self.input_count(), actual: inputs.len() });
        }
        Ok(())
    }

    /// `IC[0] + Σ xᵢ·IC[i]`.
    fn input_point(&self, inputs: &[Fr]) -> curve::G1Projective {
        self.input_tables.input_point(inputs)
    }
}

/// A decoded proof with B's Miller-loop lines (from
/// [`super::snarkjs::parse_prepared_proof`], which checks B's subgroup on them).
#[derive(Clone, Debug)]
pub struct PreparedProof {
    proof: Proof<Bn254>,
    b_lines: G2Prepared,
}

impl PreparedProof {
    pub(super) fn new(proof: Proof<Bn254>, b_lines: G2Prepared) -> Self {
        PreparedProof { proof, b_lines }
    }

    /// The proof.
    pub fn proof(&self) -> &Proof<Bn254> {
        &self.proof
    }
}

/// Verifies one proof: `Ok(false)` if it does not verify, `Err` if the inputs do not fit
/// the key. Points are assumed validated (every decoder in this module does); a point
/// off the curve (a hand-built proof) may give `Ok(false)` for that reason alone.
pub fn verify(key: &PreparedKey, proof: &Proof<Bn254>, inputs: &[Fr]) -> Result<bool> {
    verify_with_lines(key, proof, &g2_lines::lines(&curve::g2(&proof.b)), inputs)
}

/// [`verify`] for a proof whose B's lines are computed.
pub fn verify_prepared(key: &PreparedKey, proof: &PreparedProof, inputs: &[Fr]) -> Result<bool> {
    verify_with_lines(key, &proof.proof, &proof.b_lines, inputs)
}

fn verify_with_lines(key: &PreparedKey, proof: &Proof<Bn254>, b: &G2Prepared, inputs: &[Fr]) -> Result<bool> {
    key.check_inputs(inputs)?;
    let l = key.input_point(inputs).into_affine();
    let (a, c) = (curve::g1(&proof.a), curve::g1(&proof.c));
    // e(A, B) · e(L, −γ) · e(C, −δ) = e(α, β), or with e(−α, β) on the left: 1.
    let mut with_key = alloc::vec![(l, &key.gamma_neg), (c, &key.delta_neg)];
    if key.alpha_beta.is_none() {
        with_key.push((key.alpha_neg, &key.beta));
    }
    let Some(constant) = line_pairs(&with_key) else { return Ok(false) };
    let mut pairs = alloc::vec![LinePair::Projective(a, b)];
    pairs.extend(constant);
    let expected = key.alpha_beta.unwrap_or_else(PairingOutput::<curve::Bn254>::zero);
    Ok(final_exponentiation(multi_miller_loop(&pairs)).is_some_and(|out| out == expected))
}

/// The batch randomness for proof `index`: `r = k₁ + k₂·λ` with 64-bit `k₁, k₂` from
/// SHA-256(seed ‖ index), where λ is the G1 endomorphism's eigenvalue. The set of such
/// `r` has 2¹²⁸ elements (soundness error 2⁻¹²⁸ per batch), and `r·A = k₁·A + k₂·φ(A)`
/// costs one 64-bit double-and-add instead of a 128-bit one. Callers supply a fresh
/// random `seed` (32 bytes from the OS or `crypto.getRandomValues`).
fn batch_scalar(seed: &[u8; 32], index: u64) -> (u64, u64) {
    let digest = Sha256::new().chain_update(seed).chain_update(index.to_le_bytes()).finalize();
    let mut k1 = [0u8; 8];
    let mut k2 = [0u8; 8];
    k1.copy_from_slice(&digest[..8]);
    k2.copy_from_slice(&digest[8..16]);
    match (u64::from_le_bytes(k1), u64::from_le_bytes(k2)) {
        (0, 0) => (1, 0),
        pair => pair,
    }
}

/// `(k₁ + k₂·λ)·P` by a joint double-and-add over `P` and `φ(P)`.
fn endo_mul(p: &curve::G1Affine, (k1, k2): (u64, u64)) -> curve::G1Projective {
    let phi = curve::endomorphism(p);
    let both = (*p + phi).into_affine();
    let mut acc = curve::G1Projective::zero();
    for bit in (0..64).rev() {
        acc.double_in_place();
        match ((k1 >> bit) & 1, (k2 >> bit) & 1) {
            (1, 0) => acc += p,
            (0, 1) => acc += &phi,
            (1, 1) => acc += &both,
            _ => {}
        }
    }
    acc
}

fn endo_scalar((k1, k2): (u64, u64)) -> Fr {
    Fr::from(k1) + Fr::from(k2) * <G1Config as GLVConfig>::LAMBDA
}

/// Verifies many proofs under one key with one multi-pairing:
/// `∏ e(rᵢAᵢ, Bᵢ) · e(−Σrᵢ·α, β) · e(−Σrᵢ·Lᵢ, γ) · e(−Σrᵢ·Cᵢ, δ) = 1`.
/// `Ok(true)` only if every proof verifies (except with probability 2⁻¹²⁸ over the
/// seed); `Ok(false)` says at least one fails (find it with [`verify`]). An empty batch
/// is `Ok(true)`.
pub fn verify_batch(key: &PreparedKey, items: &[ProofWithInputs], seed: &[u8; 32]) -> Result<bool> {
    for (_, inputs) in items {
        key.check_inputs(inputs)?;
    }
    if items.is_empty() {
        return Ok(true);
    }
    let n = key.input_count();
    let halves: Vec<(u64, u64)> = (0..items.len() as u64).map(|i| batch_scalar(seed, i)).collect();
    let scalars: Vec<Fr> = halves.iter().copied().map(endo_scalar).collect();
    let r_sum: Fr = scalars.iter().sum();
    // Σrᵢ·Lᵢ = (Σrᵢ)·IC[0] + Σⱼ (Σᵢ rᵢ·xᵢⱼ)·IC[j]
    let mut folded = alloc::vec![Fr::zero(); n];
    for ((_, inputs), r) in items.iter().zip(&scalars) {
        for (acc, x) in folded.iter_mut().zip(inputs) {
            *acc += *r * x;
        }
    }
    // Straus MSMs rather than `point * scalar`: arkworks' GLV multiplication links
    // num-bigint into the wasm.
    let l = key.input_tables.weighted_sum(r_sum, &folded);
    let cs: Vec<curve::G1Affine> = items.iter().map(|(p, _)| curve::g1(&p.c)).collect();
    let c = straus::msm(&cs, &scalars);
    let alpha = straus::msm(&[-key.alpha_neg], &[r_sum]);

    let mut scaled: Vec<curve::G1Projective> = per_proof(items, |i, (p, _)| endo_mul(&curve::g1(&p.a), halves[i]));
    // The α term is negated: e(−Σr·α, β); γ and δ are already negated in the key.
    scaled.extend([-alpha, l, c]);
    let mut g1 = curve::G1Projective::normalize_batch(&scaled);
    let shared = g1.split_off(items.len());
    let fresh: Vec<(curve::G1Affine, curve::G2Affine)> =
        g1.into_iter().zip(items.iter().map(|(p, _)| curve::g2(&p.b))).collect();
    let with_key: Vec<(curve::G1Affine, &KeyLines)> =
        shared.into_iter().zip([&key.beta, &key.gamma_neg, &key.delta_neg]).collect();
    let Some(constant) = line_pairs(&with_key) else { return Ok(false) };
    let miller = match batch_miller_loop(&fresh, &constant) {
        Some(miller) => miller,
        None => {
            // Affine arithmetic met a zero denominator (valid points never do): prepared lines.
            let bs: Vec<G2Prepared> = fresh.iter().map(|(_, b)| g2_lines::lines(b)).collect();
            let mut pairs: Vec<LinePair> =
                fresh.iter().zip(&bs).map(|((a, _), b)| LinePair::Projective(*a, b)).collect();
            pairs.extend(constant);
            multi_miller_loop(&pairs)
        }
    };
    Ok(final_exponentiation(miller).is_some_and(|out| out == PairingOutput::<curve::Bn254>::zero()))
}

/// Maps every proof of a batch: on all cores with the `parallel` feature (native
/// builds), in order otherwise (wasm, no_std).
fn per_proof<T: Send>(items: &[ProofWithInputs], f: impl Fn(usize, &ProofWithInputs) -> T + Sync + Send) -> Vec<T> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        items.par_iter().enumerate().map(|(i, item)| f(i, item)).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        items.iter().enumerate().map(|(i, item)| f(i, item)).collect()
    }
}

/// The batch's Miller loop ([`affine_multi_miller_loop`]): with the `parallel` feature
/// one accumulator per core, each over its share of the proofs (the first also over the
/// key's constant pairs), multiplied together.
fn batch_miller_loop(
    fresh: &[(curve::G1Affine, curve::G2Affine)],
    constant: &[LinePair<'_>],
) -> Option<ark_ec::pairing::MillerLoopOutput<curve::Bn254>> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        let threads = rayon::current_num_threads().max(1);
        let chunk = fresh.len().div_ceil(threads).max(1);
        let parts: Vec<Option<<curve::Bn254 as Pairing>::TargetField>> = fresh
            .par_chunks(chunk)
            .enumerate()
            .map(|(i, part)| affine_multi_miller_loop(part, if i == 0 { constant } else { &[] }).map(|m| m.0))
            .collect();
        let mut product = <curve::Bn254 as Pairing>::TargetField::from(1u64);
        for part in parts {
            product *= part?;
        }
        Some(ark_ec::pairing::MillerLoopOutput(product))
    }
    #[cfg(not(feature = "parallel"))]
    {
        affine_multi_miller_loop(fresh, constant)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_ec::AffineRepr;

    #[test]
    fn a_hand_built_key_without_ic_points_does_not_panic() {
        let (g1, g2) = (ark_bn254::G1Affine::generator(), ark_bn254::G2Affine::generator());
        let vk =
            VerifyingKey::<Bn254> { alpha_g1: g1, beta_g2: g2, gamma_g2: g2, delta_g2: g2, gamma_abc_g1: Vec::new() };
        let key = PreparedKey::new(&vk);
        assert_eq!(key.input_count(), 0);
        assert_eq!(verify(&key, &Proof { a: g1, b: g2, c: g1 }, &[]), Ok(false));
    }

    #[test]
    fn a_hand_built_point_with_y_zero_gives_false_not_a_panic() {
        // Off the curve (no G1 point has y = 0), so no decoder lets it through; the unit
        // lines of a completed key cannot divide by its y.
        let (g1, g2) = (ark_bn254::G1Affine::generator(), ark_bn254::G2Affine::generator());
        let vk = VerifyingKey::<Bn254> {
            alpha_g1: g1,
            beta_g2: g2,
            gamma_g2: g2,
            delta_g2: g2,
            gamma_abc_g1: alloc::vec![g1],
        };
        let flat = ark_bn254::G1Affine::new_unchecked(ark_bn254::Fq::from(1u64), ark_bn254::Fq::from(0u64));
        let proof = Proof { a: g1, b: g2, c: flat };
        assert_eq!(verify(&PreparedKey::new(&vk), &proof, &[]), Ok(false));
        assert_eq!(verify(&PreparedKey::new_light(&vk), &proof, &[]), Ok(false));
        assert_eq!(verify_batch(&PreparedKey::new(&vk), &[(proof, Vec::new())], &[7; 32]), Ok(false));
    }

    #[test]
    fn the_endomorphism_multiplies_by_lambda() {
        let p = (curve::G1Affine::generator() * Fr::from(123_456u64)).into_affine();
        for k in [(1, 0), (0, 1), (5, 7), (u64::MAX, u64::MAX - 3)] {
            assert_eq!(endo_mul(&p, k), p * endo_scalar(k));
        }
    }
}
