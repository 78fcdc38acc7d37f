//! The verifier's multi-scalar multiplications, by Straus' method: each point keeps a
//! table of its odd multiples, and all scalars share one doubling chain (width-6 NAF
//! digits).
//!
//! A single proof's `IC[0] + Σ xᵢ·IC[i]` uses tables kept with the key; a batch's sums
//! (a few dozen points) build theirs on the spot. For so few points that is fewer group
//! operations than Pippenger's buckets, which pay off with thousands, and it keeps
//! arkworks' general MSM (some 30 KB of code) out of the SDK's wasm.
use alloc::vec::Vec;

use ark_bn254::Fr;
use ark_ec::{AdditiveGroup, CurveGroup};
use ark_ff::{BigInteger, PrimeField};

use super::curve::{G1Affine, G1Projective};

/// NAF width: digits are odd and below 2⁵ in absolute value.
const WINDOW: usize = 6;
/// Odd multiples kept per point: P, 3P, …, 31P.
const TABLE: usize = 1 << (WINDOW - 2);

/// Each point's odd multiples P, 3P, …, 31P.
fn odd_multiples(points: &[G1Affine]) -> Vec<[G1Affine; TABLE]> {
    let mut projective = Vec::with_capacity(points.len() * TABLE);
    for point in points {
        let double = G1Projective::from(*point).double();
        let mut multiple = G1Projective::from(*point);
        for _ in 0..TABLE {
            projective.push(multiple);
            multiple += double;
        }
    }
    let affine = G1Projective::normalize_batch(&projective);
    affine
        .chunks_exact(TABLE)
        .map(|chunk| {
            let mut table = [G1Affine::default(); TABLE];
            table.copy_from_slice(chunk);
            table
        })
        .collect()
}

/// `Σ scalarᵢ·Pᵢ` over the points whose odd multiples `tables` holds (as many scalars as
/// tables; extra ones on either side are ignored).
fn sum_of_multiples(tables: &[[G1Affine; TABLE]], scalars: &[Fr]) -> G1Projective {
    let digits: Vec<Vec<i64>> = scalars.iter().map(naf_digits).collect();
    let length = digits.iter().map(Vec::len).max().unwrap_or(0);
    let mut sum = G1Projective::default();
    for position in (0..length).rev() {
        double(&mut sum);
        for (table, digits) in tables.iter().zip(&digits) {
            let Some(&digit) = digits.get(position) else { continue };
            // A NAF digit is 0 or odd with |digit| < 2^(WINDOW-1): index (|digit| − 1)/2.
            let Some(multiple) = table.get((digit.unsigned_abs() as usize).saturating_sub(1) / 2) else {
                continue;
            };
            if digit > 0 {
                add(&mut sum, multiple);
            } else if digit < 0 {
                add(&mut sum, &-*multiple);
            }
        }
    }
    sum
}

/// A scalar's width-[`WINDOW`] NAF digits, least significant first.
#[inline(never)]
fn naf_digits(scalar: &Fr) -> Vec<i64> {
    scalar.into_bigint().find_wnaf(WINDOW).unwrap_or_default()
}

/// The group operations and digits stay out of line: the loop that calls them runs once per
/// verification, and in WebAssembly a function is optimised as a whole after enough
/// work in it, which for this loop (with the additions inlined, 3–7 ms of compiling on a
/// fresh page) would arrive after the call it was for.
#[inline(never)]
fn double(sum: &mut G1Projective) {
    sum.double_in_place();
}

#[inline(never)]
fn add(sum: &mut G1Projective, point: &G1Affine) {
    *sum += point;
}

/// `Σ scalarᵢ·pointᵢ` (a batch's sums: tables built for this call).
pub fn msm(points: &[G1Affine], scalars: &[Fr]) -> G1Projective {
    sum_of_multiples(&odd_multiples(points), scalars)
}

/// The key's `IC` points, ready for [`InputTables::input_point`].
#[derive(Clone, Debug)]
pub struct InputTables {
    base: G1Affine,
    odd_multiples: Vec<[G1Affine; TABLE]>,
}

impl InputTables {
    /// Tables for `ic` (`IC[0]` and one point per public input).
    pub fn new(ic: &[G1Affine]) -> Self {
        let (base, points) = match ic.split_first() {
            Some((base, points)) => (*base, points),
            None => (G1Affine::default(), &[][..]),
        };
        InputTables { base, odd_multiples: odd_multiples(points) }
    }

    /// `IC[0] + Σ xᵢ·IC[i]` for as many inputs as there are points (the caller checks).
    pub fn input_point(&self, inputs: &[Fr]) -> G1Projective {
        sum_of_multiples(&self.odd_multiples, inputs) + self.base
    }

    /// `w·IC[0] + Σ xᵢ·IC[i]` (a batch's folded inputs) over the same tables; `IC[0]`,
    /// which a single proof never multiplies, gets its table here.
    pub fn weighted_sum(&self, base_weight: Fr, inputs: &[Fr]) -> G1Projective {
        sum_of_multiples(&self.odd_multiples, inputs) + msm(&[self.base], &[base_weight])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_ec::{AffineRepr, VariableBaseMSM};
    use ark_ff::UniformRand;

    #[test]
    fn equals_a_general_msm() {
        let mut rng = ark_std::test_rng();
        let ic: Vec<G1Affine> = (0..6).map(|_| G1Projective::rand(&mut rng).into_affine()).collect();
        let tables = InputTables::new(&ic);
        let expected = |inputs: &[Fr]| ic[0] + G1Projective::msm_unchecked(&ic[1..], inputs);
        for _ in 0..20 {
            let inputs: Vec<Fr> = (0..5).map(|_| Fr::rand(&mut rng)).collect();
            assert_eq!(tables.input_point(&inputs), expected(&inputs));
        }
        let edges = [Fr::from(0u64), Fr::from(1u64), -Fr::from(1u64), Fr::from(31u64), Fr::from(33u64)];
        assert_eq!(tables.input_point(&edges), expected(&edges));
        assert_eq!(tables.input_point(&[Fr::from(0u64); 5]), ic[0].into_group());
        // An identity among the points (a degenerate key) adds nothing.
        let mut with_identity = ic.clone();
        with_identity[2] = G1Affine::zero();
        let inputs: Vec<Fr> = (0..5).map(|_| Fr::rand(&mut rng)).collect();
        assert_eq!(
            InputTables::new(&with_identity).input_point(&inputs),
            with_identity[0] + G1Projective::msm_unchecked(&with_identity[1..], &inputs)
        );
        // A key without public inputs: IC[0] alone.
        assert_eq!(InputTables::new(&ic[..1]).input_point(&[]), ic[0].into_group());
        // A batch's folded inputs, IC[0] weighted too.
        let weight = Fr::rand(&mut rng);
        let inputs: Vec<Fr> = (0..5).map(|_| Fr::rand(&mut rng)).collect();
        let mut scalars = alloc::vec![weight];
        scalars.extend(&inputs);
        assert_eq!(tables.weighted_sum(weight, &inputs), G1Projective::msm_unchecked(&ic, &scalars));
    }

    #[test]
    fn a_batch_msm_equals_arkworks() {
        let mut rng = ark_std::test_rng();
        for count in [0, 1, 2, 7, 64] {
            let points: Vec<G1Affine> = (0..count).map(|_| G1Projective::rand(&mut rng).into_affine()).collect();
            let scalars: Vec<Fr> = (0..count).map(|_| Fr::rand(&mut rng)).collect();
            assert_eq!(msm(&points, &scalars), G1Projective::msm_unchecked(&points, &scalars), "{count} points");
        }
        let point = G1Projective::rand(&mut rng).into_affine();
        for scalar in [Fr::from(0u64), Fr::from(1u64), -Fr::from(1u64), Fr::from(32u64)] {
            assert_eq!(msm(&[point], &[scalar]), point * scalar);
        }
    }
}
