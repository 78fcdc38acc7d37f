//! snarkjs Groth16 `.zkey` (version 1), read into an arkworks [`ProvingKey`] plus the
//! circuit's A and B matrices that circom's QAP reduction needs to prove.
//!
//! Sections (integers little-endian; number representations in the
//! [module docs](super)):
//!
//! | id | content |
//! | --- | --- |
//! | 1 | `u32` protocol: 1 = Groth16 |
//! | 2 | `u32 n8q`, `q`, `u32 n8r`, `r`, `u32 nVars`, `u32 nPublic`, `u32 domainSize`, α₁, β₁, β₂, γ₂, δ₁, δ₂ |
//! | 3 | IC: `nPublic + 1` G1 points (γ-scaled public-input terms, the constant one first) |
//! | 4 | `u32` count, then coefficients: `u32` matrix (0 = A, 1 = B), `u32` row, `u32` signal, value (`c·R² mod r`) |
//! | 5 | A: `nVars` G1 points |
//! | 6 | B1: `nVars` G1 points |
//! | 7 | B2: `nVars` G2 points |
//! | 8 | C: `nVars − nPublic − 1` G1 points (the private signals' δ-scaled terms) |
//! | 9 | H: `domainSize` G1 points (for the odd-coset evaluations of the quotient) |
//! | 10 | the ceremony's contributions (not needed to prove; not read) |
//!
//! The coefficients hold A and B only (circom's reduction does not need C: it is A·B on
//! the domain). Besides the circuit's constraints, snarkjs adds one A row per public
//! signal and the constant one: row `nConstraints + i` has signal `i` with coefficient 1
//! (the rows that make the public inputs' polynomials independent). They arrive here as
//! ordinary coefficients.
use std::path::Path;

use ark_bn254::{Bn254, Fq, Fq2, Fr, G1Affine, G2Affine};
use ark_ec::AffineRepr;
use ark_ff::{One, Zero};
use ark_groth16::{ProvingKey, VerifyingKey};
use ark_relations::utils::matrix::Matrix;
use rayon::prelude::*;

use super::{
    Montgomery, N8,
    binfile::{BinFile, Cursor, Writer},
    modulus_le,
    r1cs::R1cs,
};
use crate::{
    error::{Error, Result},
    fs,
};

const KIND: &str = "zkey";
const MAGIC: &[u8; 4] = b"zkey";
const VERSION: u32 = 1;
/// Section 1's protocol id for Groth16.
const GROTH16: u32 = 1;
/// Bytes of an affine G1 / G2 point.
const G1: usize = 2 * N8;
const G2: usize = 4 * N8;
/// Bytes of one coefficient entry.
const COEFFICIENT: usize = 12 + N8;
/// BN254's scalar field has 2-adicity 28: no radix-2 domain is larger.
const MAX_DOMAIN_LOG2: u32 = 28;

/// A snarkjs Groth16 proving key.
#[derive(Clone, Debug, PartialEq)]
pub struct Zkey {
    /// The key, with `a_query`, `b_g1_query`, `b_g2_query` over all `nVars` signals
    /// (the constant one first), `l_query` over the private signals and `h_query` over
    /// the domain. Its `vk` is the circuit's verification key.
    pub proving_key: ProvingKey<Bn254>,
    /// Public signals (`nPublic`: outputs then public inputs), not counting the constant
    /// one.
    pub num_public: usize,
    /// The QAP domain size (a power of two).
    pub domain_size: usize,
    /// circom's A and B matrices: `domain_size` rows each of `(coefficient, signal)`, A
    /// including the rows added for the public signals.
    pub matrices: [Matrix<Fr>; 2],
}

/// What is wrong with a point, before the context is known.
enum BadPoint {
    Coordinate,
    OffCurve,
    NotInSubgroup,
    Identity,
}

impl BadPoint {
    fn describe(&self) -> &'static str {
        match self {
            BadPoint::Coordinate => "has a coordinate not below q",
            BadPoint::OffCurve => "is not on the curve",
            BadPoint::NotInSubgroup => "is not in the prime-order subgroup",
            BadPoint::Identity => "is the point at infinity",
        }
    }
}

fn invalid(reason: String) -> Error {
    Error::CircomInvalid { kind: KIND, reason }
}

fn bad_point(what: &str, index: Option<usize>, bad: BadPoint) -> Error {
    match index {
        Some(i) => invalid(format!("{what} point {i} {}", bad.describe())),
        None => invalid(format!("{what} {}", bad.describe())),
    }
}

/// An affine G1 point with Montgomery-form coordinates; all-zero bytes are the identity.
fn decode_g1(mont: &Montgomery<Fq>, bytes: &[u8]) -> Result<G1Affine, BadPoint> {
    if bytes.iter().all(|b| *b == 0) {
        return Ok(G1Affine::zero());
    }
    let x = mont.decode(&super::array(&bytes[..N8])).ok_or(BadPoint::Coordinate)?;
    let y = mont.decode(&super::array(&bytes[N8..G1])).ok_or(BadPoint::Coordinate)?;
    let point = G1Affine::new_unchecked(x, y);
    if !point.is_on_curve() {
        return Err(BadPoint::OffCurve);
    }
    // BN254's G1 has cofactor 1; the check is free and states the intent.
    if !point.is_in_correct_subgroup_assuming_on_curve() {
        return Err(BadPoint::NotInSubgroup);
    }
    Ok(point)
}

/// An affine G2 point: `x.c0, x.c1, y.c0, y.c1`, each Montgomery form.
fn decode_g2(mont: &Montgomery<Fq>, bytes: &[u8]) -> Result<G2Affine, BadPoint> {
    if bytes.iter().all(|b| *b == 0) {
        return Ok(G2Affine::zero());
    }
    let mut limbs = [Fq::zero(); 4];
    for (limb, chunk) in limbs.iter_mut().zip(bytes.chunks_exact(N8)) {
        *limb = mont.decode(&super::array(chunk)).ok_or(BadPoint::Coordinate)?;
    }
    let point = G2Affine::new_unchecked(Fq2::new(limbs[0], limbs[1]), Fq2::new(limbs[2], limbs[3]));
    if !point.is_on_curve() {
        return Err(BadPoint::OffCurve);
    }
    if !point.is_in_correct_subgroup_assuming_on_curve() {
        return Err(BadPoint::NotInSubgroup);
    }
    Ok(point)
}

fn key_g1(mont: &Montgomery<Fq>, cursor: &mut Cursor<'_>, what: &str) -> Result<G1Affine> {
    let point = decode_g1(mont, cursor.take(G1)?).map_err(|bad| bad_point(what, None, bad))?;
    if point.is_zero() {
        return Err(bad_point(what, None, BadPoint::Identity));
    }
    Ok(point)
}

fn key_g2(mont: &Montgomery<Fq>, cursor: &mut Cursor<'_>, what: &str) -> Result<G2Affine> {
    let point = decode_g2(mont, cursor.take(G2)?).map_err(|bad| bad_point(what, None, bad))?;
    if point.is_zero() {
        return Err(bad_point(what, None, BadPoint::Identity));
    }
    Ok(point)
}

/// Every point of a section whose length was already checked (a multiple of `G1`).
fn g1_points(mont: &Montgomery<Fq>, data: &[u8], what: &str) -> Result<Vec<G1Affine>> {
    data.par_chunks_exact(G1)
        .enumerate()
        .map(|(i, chunk)| decode_g1(mont, chunk).map_err(|bad| bad_point(what, Some(i), bad)))
        .collect()
}

fn g2_points(mont: &Montgomery<Fq>, data: &[u8], what: &str) -> Result<Vec<G2Affine>> {
    data.par_chunks_exact(G2)
        .enumerate()
        .map(|(i, chunk)| decode_g2(mont, chunk).map_err(|bad| bad_point(what, Some(i), bad)))
        .collect()
}

/// `R⁻²` in Fr: a section-4 value `s` stands for the coefficient `s·R⁻²`.
fn coefficient_scale() -> Fr {
    let mont = Montgomery::<Fr>::new();
    mont.r_inv * mont.r_inv
}

impl Zkey {
    /// Parses a `.zkey` file's bytes, validating every field: BN254's primes, the counts
    /// against each section's length, every coefficient's row and signal, every value
    /// below its modulus, every point on the curve and in the subgroup, and α, β, γ, δ
    /// not the identity.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let file = BinFile::parse(bytes, KIND, MAGIC, &[VERSION])?;
        let mont_q = Montgomery::<Fq>::new();

        let mut header = file.cursor(1, "header section")?;
        let protocol = header.u32()?;
        header.finish()?;
        if protocol != GROTH16 {
            return Err(invalid(format!("protocol {protocol} is not Groth16 ({GROTH16})")));
        }

        let mut groth = file.cursor(2, "Groth16 header section")?;
        for (which, modulus) in [("q", modulus_le::<Fq>()), ("r", modulus_le::<Fr>())] {
            // Another element size is another field, like another prime.
            if groth.u32()? as usize != N8 || groth.array::<N8>()? != modulus {
                return Err(Error::CircomPrime { kind: KIND, which });
            }
        }
        let num_vars = groth.u32()? as usize;
        let num_public = groth.u32()? as usize;
        let domain_size = groth.u32()? as usize;
        let alpha_g1 = key_g1(&mont_q, &mut groth, "alpha_1")?;
        let beta_g1 = key_g1(&mont_q, &mut groth, "beta_1")?;
        let beta_g2 = key_g2(&mont_q, &mut groth, "beta_2")?;
        let gamma_g2 = key_g2(&mont_q, &mut groth, "gamma_2")?;
        let delta_g1 = key_g1(&mont_q, &mut groth, "delta_1")?;
        let delta_g2 = key_g2(&mont_q, &mut groth, "delta_2")?;
        groth.finish()?;

        if num_public >= num_vars {
            return Err(invalid(format!("nPublic {num_public} leaves no room in nVars {num_vars}")));
        }
        if !domain_size.is_power_of_two() || domain_size.trailing_zeros() > MAX_DOMAIN_LOG2 {
            return Err(invalid(format!("domainSize {domain_size} is not a power of two up to 2^{MAX_DOMAIN_LOG2}")));
        }
        if domain_size <= num_public {
            return Err(invalid(format!("domainSize {domain_size} cannot hold the {} public rows", num_public + 1)));
        }

        // Every section's length before anything is allocated from a count.
        let ic = file.sized_section(3, (num_public + 1).checked_mul(G1), "IC points")?;
        let a = file.sized_section(5, num_vars.checked_mul(G1), "A points")?;
        let b1 = file.sized_section(6, num_vars.checked_mul(G1), "B1 points")?;
        let b2 = file.sized_section(7, num_vars.checked_mul(G2), "B2 points")?;
        let c = file.sized_section(8, (num_vars - num_public - 1).checked_mul(G1), "C points")?;
        let h = file.sized_section(9, domain_size.checked_mul(G1), "H points")?;
        let coefficients = file.section(4)?;
        let count = Cursor::new(KIND, "coefficients section", coefficients).u32()? as usize;
        file.sized_section(4, count.checked_mul(COEFFICIENT).and_then(|n| n.checked_add(4)), "coefficients")?;

        let (a_matrix, b_matrix) = read_coefficients(&coefficients[4..], domain_size, num_vars)?;

        let vk = VerifyingKey { alpha_g1, beta_g2, gamma_g2, delta_g2, gamma_abc_g1: g1_points(&mont_q, ic, "IC")? };
        let proving_key = ProvingKey {
            vk,
            beta_g1,
            delta_g1,
            a_query: g1_points(&mont_q, a, "A")?,
            b_g1_query: g1_points(&mont_q, b1, "B1")?,
            b_g2_query: g2_points(&mont_q, b2, "B2")?,
            h_query: g1_points(&mont_q, h, "H")?,
            l_query: g1_points(&mont_q, c, "C")?,
        };
        Ok(Zkey { proving_key, num_public, domain_size, matrices: [a_matrix, b_matrix] })
    }

    /// Reads and parses a `.zkey` file.
    pub fn read(path: &Path) -> Result<Self> {
        Self::from_bytes(&fs::read(path)?)
    }

    /// Signals (`nVars`), the constant one included.
    pub fn num_vars(&self) -> usize {
        self.proving_key.a_query.len()
    }

    /// The circuit's verification key.
    pub fn verifying_key(&self) -> &VerifyingKey<Bn254> {
        &self.proving_key.vk
    }

    /// A zkey from an arkworks Groth16 proving key made with
    /// [`CircomReduction`](super::CircomReduction) for the circuit `r1cs` describes
    /// (e.g. `Groth16::<Bn254, CircomReduction>::setup` on the circuit
    /// [`R1cs::from_circuit`] exported). The A matrix gets snarkjs's public rows.
    pub fn from_proving_key(proving_key: ProvingKey<Bn254>, r1cs: &R1cs) -> Result<Self> {
        let num_public = r1cs.num_public();
        let num_vars = r1cs.num_wires as usize;
        let rows = r1cs.constraints.len() + num_public + 1;
        let domain_size = rows.next_power_of_two();
        let pk = &proving_key;
        let shape_ok = pk.a_query.len() == num_vars
            && pk.b_g1_query.len() == num_vars
            && pk.b_g2_query.len() == num_vars
            && pk.vk.gamma_abc_g1.len() == num_public + 1
            && pk.l_query.len() == num_vars - num_public - 1
            && pk.h_query.len() == domain_size;
        if !shape_ok {
            return Err(invalid(String::from("the proving key's sizes do not match the constraint system")));
        }
        let mut a: Matrix<Fr> = vec![Vec::new(); domain_size];
        let mut b: Matrix<Fr> = vec![Vec::new(); domain_size];
        for (row, constraint) in r1cs.constraints.iter().enumerate() {
            a[row] = constraint.a.iter().map(|(wire, c)| (*c, *wire as usize)).collect();
            b[row] = constraint.b.iter().map(|(wire, c)| (*c, *wire as usize)).collect();
        }
        for signal in 0..=num_public {
            a[r1cs.constraints.len() + signal].push((Fr::one(), signal));
        }
        Ok(Zkey { proving_key, num_public, domain_size, matrices: [a, b] })
    }

    /// The `.zkey` file (sections 1–9; no contributions section, so snarkjs can prove
    /// with it but `zkey verify` cannot check its history).
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let pk = &self.proving_key;
        let num_vars = u32::try_from(self.num_vars()).map_err(|_| invalid(String::from("nVars exceeds u32")))?;
        let mont_q = Montgomery::<Fq>::new();
        let mont_r = Montgomery::<Fr>::new();
        let g1 = |w: &mut Writer, p: &G1Affine| match p.xy() {
            Some((x, y)) => {
                w.bytes(&mont_q.encode(&x));
                w.bytes(&mont_q.encode(&y));
            }
            None => w.bytes(&[0u8; G1]),
        };
        let g2 = |w: &mut Writer, p: &G2Affine| match p.xy() {
            Some((x, y)) => {
                for limb in [x.c0, x.c1, y.c0, y.c1] {
                    w.bytes(&mont_q.encode(&limb));
                }
            }
            None => w.bytes(&[0u8; G2]),
        };

        let mut w = Writer::new(MAGIC, VERSION, 9);
        w.section(1);
        w.u32(GROTH16);
        w.section(2);
        w.u32(N8 as u32);
        w.bytes(&modulus_le::<Fq>());
        w.u32(N8 as u32);
        w.bytes(&modulus_le::<Fr>());
        w.u32(num_vars);
        w.u32(self.num_public as u32);
        w.u32(self.domain_size as u32);
        g1(&mut w, &pk.vk.alpha_g1);
        g1(&mut w, &pk.beta_g1);
        g2(&mut w, &pk.vk.beta_g2);
        g2(&mut w, &pk.vk.gamma_g2);
        g1(&mut w, &pk.delta_g1);
        g2(&mut w, &pk.vk.delta_g2);
        w.section(3);
        pk.vk.gamma_abc_g1.iter().for_each(|p| g1(&mut w, p));
        w.section(4);
        let [a, b] = &self.matrices;
        let count: usize = a.iter().chain(b).map(Vec::len).sum();
        w.u32(u32::try_from(count).map_err(|_| invalid(String::from("more than 2^32 - 1 coefficients")))?);
        // c·R² written in normal form: see the module docs.
        let r_squared = mont_r.r * mont_r.r;
        for (matrix, rows) in [(0u32, a), (1, b)] {
            for (row, terms) in rows.iter().enumerate() {
                for (coefficient, signal) in terms {
                    w.u32(matrix);
                    w.u32(row as u32);
                    w.u32(*signal as u32);
                    w.bytes(&super::to_le(&(*coefficient * r_squared)));
                }
            }
        }
        w.section(5);
        pk.a_query.iter().for_each(|p| g1(&mut w, p));
        w.section(6);
        pk.b_g1_query.iter().for_each(|p| g1(&mut w, p));
        w.section(7);
        pk.b_g2_query.iter().for_each(|p| g2(&mut w, p));
        w.section(8);
        pk.l_query.iter().for_each(|p| g1(&mut w, p));
        w.section(9);
        pk.h_query.iter().for_each(|p| g1(&mut w, p));
        Ok(w.finish())
    }
}

/// Section 4 after its count: A and B rows of `(coefficient, signal)`.
fn read_coefficients(data: &[u8], domain_size: usize, num_vars: usize) -> Result<(Matrix<Fr>, Matrix<Fr>)> {
    let scale = coefficient_scale();
    let mut a: Matrix<Fr> = vec![Vec::new(); domain_size];
    let mut b: Matrix<Fr> = vec![Vec::new(); domain_size];
    for (i, entry) in data.chunks_exact(COEFFICIENT).enumerate() {
        let word = |at: usize| u32::from_le_bytes(super::array(&entry[at..at + 4])) as usize;
        let (matrix, row, signal) = (word(0), word(4), word(8));
        let rows = match matrix {
            0 => &mut a,
            1 => &mut b,
            _ => return Err(invalid(format!("coefficient {i} names matrix {matrix} (only 0 = A, 1 = B)"))),
        };
        let Some(row_terms) = rows.get_mut(row) else {
            return Err(invalid(format!("coefficient {i} is in row {row}, past domainSize {domain_size}")));
        };
        if signal >= num_vars {
            return Err(invalid(format!("coefficient {i} names signal {signal}, past nVars {num_vars}")));
        }
        let stored = super::from_le::<Fr>(&super::array(&entry[12..]))
            .ok_or_else(|| invalid(format!("coefficient {i} is not below r")))?;
        row_terms.push((stored * scale, signal));
    }
    Ok((a, b))
}
