//! `vkHash` (DESIGN §5): keccak256 over the key's coordinates as 32-byte big-endian
//! words in EVM limb order — G1 as (x, y); G2 as (x.c1, x.c0, y.c1, y.c0) — in the order
//! α, β, γ, δ, `IC[0]`, `IC[1]`, …. The contract, the CLI and the SDK all compute it so.
use alloc::vec::Vec;

use ark_bn254::{Bn254, G1Affine, G2Affine};
use ark_ec::AffineRepr;
use ark_groth16::VerifyingKey;
use sha3::{Digest, Keccak256};

use super::numbers::to_be_bytes;
use crate::{Error, Result};

fn g1(words: &mut Vec<[u8; 32]>, p: &G1Affine) {
    let (x, y) = p.xy().unwrap_or_default();
    words.extend([to_be_bytes(&x), to_be_bytes(&y)]);
}

fn g2(words: &mut Vec<[u8; 32]>, p: &G2Affine) {
    let (x, y) = p.xy().unwrap_or_default();
    words.extend([x.c1, x.c0, y.c1, y.c0].map(|limb| to_be_bytes(&limb)));
}

/// The key as 32-byte big-endian words in `vkHash` order: what the registry's constructor
/// takes (26 words for the model-attest key's five public inputs).
pub fn vk_words(vk: &VerifyingKey<Bn254>) -> Vec<[u8; 32]> {
    let mut words = Vec::with_capacity(14 + 2 * vk.gamma_abc_g1.len());
    g1(&mut words, &vk.alpha_g1);
    g2(&mut words, &vk.beta_g2);
    g2(&mut words, &vk.gamma_g2);
    g2(&mut words, &vk.delta_g2);
    for ic in &vk.gamma_abc_g1 {
        g1(&mut words, ic);
    }
    words
}

/// The key's `vkHash`.
pub fn vk_hash(vk: &VerifyingKey<Bn254>) -> [u8; 32] {
    let mut hasher = Keccak256::new();
    for word in vk_words(vk) {
        hasher.update(word);
    }
    hasher.finalize().into()
}

/// Fails with [`Error::UntrustedKey`] unless `vk` hashes to `trusted`.
pub fn ensure_trusted(vk: &VerifyingKey<Bn254>, trusted: &[u8; 32]) -> Result<()> {
    ensure_trusted_hash(&vk_hash(vk), trusted)
}

/// [`ensure_trusted`] for a key whose `vkHash` the caller already holds.
pub fn ensure_trusted_hash(hash: &[u8; 32], trusted: &[u8; 32]) -> Result<()> {
    if hash == trusted { Ok(()) } else { Err(Error::UntrustedKey) }
}
