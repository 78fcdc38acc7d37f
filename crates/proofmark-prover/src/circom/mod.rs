//! circom and snarkjs binary formats, and Groth16 proving from a snarkjs `.zkey`
//! (DESIGN §4).
//!
//! - [`r1cs`]: circom's `.r1cs` (read, and write from an arkworks constraint system so a
//!   phase-2 ceremony can run on it with snarkjs);
//! - [`wtns`]: a witness file as circom's witness calculators and snarkjs write it;
//! - [`zkey`]: a snarkjs Groth16 proving key, as an arkworks [`ProvingKey`](ark_groth16::ProvingKey) plus the
//!   circuit's A and B matrices;
//! - [`reduction`]: circom's R1CS-to-QAP reduction ([`CircomReduction`]) and
//!   [`prove_zkey`], which proves any circom circuit from its `.zkey` and `.wtns`.
//!
//! All three files share iden3's binary container: a four-byte magic, a `u32` version, a
//! `u32` section count, then sections (`u32` id, `u64` length, bytes), every integer
//! little-endian. Every length read from a file is checked against the bytes actually
//! present before anything is allocated from it, and every value against its modulus:
//! malformed files are typed [`Error`](crate::Error)s, never panics.
//!
//! # Number representations (checked against snarkjs 0.7.6 and ffjavascript 0.3.1)
//!
//! | where | representation |
//! | --- | --- |
//! | `.r1cs` coefficients | normal form, 32 bytes little-endian, `< r` |
//! | `.wtns` values | normal form, 32 bytes little-endian, `< r` |
//! | `.zkey` points (header, IC, A, B1, B2, C, H) | affine, each coordinate in Montgomery form (`x·2^256 mod q`), 32 bytes little-endian; G2 coordinates as `c0` then `c1`; the identity as all-zero bytes |
//! | `.zkey` section 4 coefficients | `c·R² mod r` with `R = 2^256 mod r`, written out in normal form (little-endian): snarkjs multiplies each coefficient by `R²` and writes it with `toRprLE`, so its prover's Montgomery product with a raw (normal-form) witness value yields `c·w` directly. Decoding: `c = stored · R⁻²`. |
//! | `.zkey` primes `q`, `r` | normal form, little-endian |
pub(crate) mod binfile;
pub mod r1cs;
pub mod reduction;
pub mod wtns;
pub mod zkey;

pub use r1cs::{R1cs, R1csConstraint};
pub use reduction::{CircomReduction, prove_zkey};
pub use wtns::{read_wtns, write_wtns};
pub use zkey::Zkey;

use ark_ff::{BigInt, PrimeField};

/// Field elements stored in 32 little-endian bytes.
const N8: usize = 32;

/// The modulus of `F` as 32 little-endian bytes.
fn modulus_le<F: PrimeField<BigInt = BigInt<4>>>() -> [u8; N8] {
    bigint_to_le(&F::MODULUS)
}

fn bigint_to_le(value: &BigInt<4>) -> [u8; N8] {
    let mut out = [0u8; N8];
    for (chunk, limb) in out.chunks_exact_mut(8).zip(value.0.iter()) {
        chunk.copy_from_slice(&limb.to_le_bytes());
    }
    out
}

fn bigint_from_le(bytes: &[u8; N8]) -> BigInt<4> {
    let mut limbs = [0u64; 4];
    for (limb, chunk) in limbs.iter_mut().zip(bytes.chunks_exact(8)) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        *limb = u64::from_le_bytes(word);
    }
    BigInt(limbs)
}

/// A normal-form element from 32 little-endian bytes; `None` unless it is below the
/// modulus (values are rejected, never reduced).
fn from_le<F: PrimeField<BigInt = BigInt<4>>>(bytes: &[u8; N8]) -> Option<F> {
    F::from_bigint(bigint_from_le(bytes))
}

/// A normal-form element as 32 little-endian bytes.
fn to_le<F: PrimeField<BigInt = BigInt<4>>>(value: &F) -> [u8; N8] {
    bigint_to_le(&value.into_bigint())
}

/// `R = 2^256 mod p` and its inverse, for (de)coding Montgomery-form bytes without
/// relying on arkworks' internal representation.
struct Montgomery<F> {
    r: F,
    r_inv: F,
}

impl<F: PrimeField<BigInt = BigInt<4>>> Montgomery<F> {
    fn new() -> Self {
        let r = F::from(2u64).pow([256]);
        // 2 is invertible in any odd prime field, so R is too.
        let r_inv = r.inverse().unwrap_or_default();
        Self { r, r_inv }
    }

    /// The element whose Montgomery form is `bytes`; `None` unless `bytes < p`.
    fn decode(&self, bytes: &[u8; N8]) -> Option<F> {
        from_le::<F>(bytes).map(|stored| stored * self.r_inv)
    }

    /// The Montgomery form of `value`.
    fn encode(&self, value: &F) -> [u8; N8] {
        to_le(&(*value * self.r))
    }
}

/// The first `N` bytes of `bytes` as an array (callers pass slices of exactly `N` bytes;
/// a shorter one is zero-padded rather than a panic).
fn array<const N: usize>(bytes: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    let n = bytes.len().min(N);
    out[..n].copy_from_slice(&bytes[..n]);
    out
}
