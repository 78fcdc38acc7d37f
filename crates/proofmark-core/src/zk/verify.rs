//! Groth16/BN254 verification with a caller-held prepared key: single proofs, and
//! batches folded with caller-supplied randomness into one multi-pairing.
use alloc::vec::Vec;

use ark_bn254::{Bn254, Fr, G1Affine, G1Projective};
use ark_ec::pairing::{Pairing, PairingOutput};
use ark_ec::{AffineRepr, CurveGroup, VariableBaseMSM};
use ark_ff::{One, PrimeField, Zero};
use ark_groth16::{PreparedVerifyingKey, Proof, VerifyingKey, prepare_verifying_key};
use sha2::{Digest, Sha256};

use crate::{Error, Result};

type G2Prepared = <Bn254 as Pairing>::G2Prepared;

/// A verification key prepared once and reused for every proof.
#[derive(Clone, Debug)]
pub struct PreparedKey {
    inner: PreparedVerifyingKey<Bn254>,
    /// `β` prepared, for batches (they fold `e(α, β)` into the multi-pairing).
    beta: G2Prepared,
}

impl PreparedKey {
    /// Prepares `vk`.
    pub fn new(vk: &VerifyingKey<Bn254>) -> Self {
        PreparedKey { inner: prepare_verifying_key(vk), beta: vk.beta_g2.into() }
    }

    /// The key this was prepared from.
    pub fn vk(&self) -> &VerifyingKey<Bn254> {
        &self.inner.vk
    }

    /// Public inputs the key takes.
    pub fn input_count(&self) -> usize {
        self.inner.vk.gamma_abc_g1.len() - 1
    }

    fn check_inputs(&self, inputs: &[Fr]) -> Result<()> {
        if inputs.len() != self.input_count() {
            return Err(Error::InputCountMismatch { expected: self.input_count(), actual: inputs.len() });
        }
        Ok(())
    }

    /// `IC[0] + Σ xᵢ·IC[i]`.
    fn input_point(&self, inputs: &[Fr]) -> G1Projective {
        let ic = &self.inner.vk.gamma_abc_g1;
        ic[0].into_group() + G1Projective::msm_unchecked(&ic[1..], inputs)
    }
}

/// Verifies one proof: `Ok(false)` if it does not verify, `Err` if the inputs do not fit
/// the key. Points are assumed validated (every decoder in this module does).
pub fn verify(key: &PreparedKey, proof: &Proof<Bn254>, inputs: &[Fr]) -> Result<bool> {
    key.check_inputs(inputs)?;
    let l = key.input_point(inputs).into_affine();
    let miller = Bn254::multi_miller_loop(
        [proof.a, l, proof.c],
        [proof.b.into(), key.inner.gamma_g2_neg_pc.clone(), key.inner.delta_g2_neg_pc.clone()],
    );
    Ok(Bn254::final_exponentiation(miller).is_some_and(|out| out.0 == key.inner.alpha_g1_beta_g2))
}

/// The batch randomness for proof `index`: 128 bits from SHA-256(seed ‖ index). Callers
/// supply a fresh random `seed` (32 bytes from the OS or `crypto.getRandomValues`).
fn batch_scalar(seed: &[u8; 32], index: u64) -> Fr {
    let digest = Sha256::new().chain_update(seed).chain_update(index.to_le_bytes()).finalize();
    let scalar = Fr::from_le_bytes_mod_order(&digest[..16]);
    if scalar.is_zero() { Fr::one() } else { scalar }
}

/// Verifies many proofs under one key with one multi-pairing:
/// `∏ e(rᵢAᵢ, Bᵢ) · e(−Σrᵢ·α, β) · e(−Σrᵢ·Lᵢ, γ) · e(−Σrᵢ·Cᵢ, δ) = 1`.
/// `Ok(true)` only if every proof verifies (except with probability 2⁻¹²⁸ over the
/// seed); `Ok(false)` says at least one fails (find it with [`verify`]). An empty batch
/// is `Ok(true)`.
pub fn verify_batch(key: &PreparedKey, items: &[(Proof<Bn254>, Vec<Fr>)], seed: &[u8; 32]) -> Result<bool> {
    for (_, inputs) in items {
        key.check_inputs(inputs)?;
    }
    if items.is_empty() {
        return Ok(true);
    }
    let n = key.input_count();
    let scalars: Vec<Fr> = (0..items.len() as u64).map(|i| batch_scalar(seed, i)).collect();
    let r_sum: Fr = scalars.iter().sum();
    // Σrᵢ·Lᵢ = (Σrᵢ)·IC[0] + Σⱼ (Σᵢ rᵢ·xᵢⱼ)·IC[j]
    let mut folded = alloc::vec![Fr::zero(); n];
    for ((_, inputs), r) in items.iter().zip(&scalars) {
        for (acc, x) in folded.iter_mut().zip(inputs) {
            *acc += *r * x;
        }
    }
    let ic = &key.inner.vk.gamma_abc_g1;
    let l = ic[0].into_group() * r_sum + G1Projective::msm_unchecked(&ic[1..], &folded);
    let cs: Vec<G1Affine> = items.iter().map(|(p, _)| p.c).collect();
    let c = G1Projective::msm_unchecked(&cs, &scalars);
    let alpha = key.inner.vk.alpha_g1.into_group() * r_sum;

    let scaled_a: Vec<G1Projective> = items.iter().zip(&scalars).map(|((p, _), r)| p.a * r).collect();
    let mut g1 = normalize(scaled_a);
    let mut g2: Vec<G2Prepared> = items.iter().map(|(p, _)| G2Prepared::from(p.b)).collect();
    let tail = normalize(alloc::vec![-alpha, l, c]);
    g1.extend(tail);
    g2.push(key.beta.clone());
    g2.push(key.inner.gamma_g2_neg_pc.clone());
    g2.push(key.inner.delta_g2_neg_pc.clone());
    // The α term is negated: e(−Σr·α, β)·… ; γ and δ are already negated in the key.
    let miller = Bn254::multi_miller_loop(g1, g2);
    Ok(Bn254::final_exponentiation(miller).is_some_and(|out| out == PairingOutput::<Bn254>::zero()))
}

fn normalize(points: Vec<G1Projective>) -> Vec<G1Affine> {
    G1Projective::normalize_batch(&points)
}
