//! A multi-Miller loop for BN254 with one accumulator for every pair, over lines
//! computed ahead ([`LinePair`]).
//!
//! arkworks' `multi_miller_loop` splits pairs into groups of four, each with its own
//! accumulator, so a batch of n proofs pays for n/4 sets of Fq12 squarings. Sharing one
//! accumulator pays for one set, which is what makes a batch cheaper per proof.
use alloc::vec::Vec;

use super::curve::{Bn254, Config, Fq, Fq2, Fq6, Fq12, Fq12Config, G1Affine};
use ark_ec::AffineRepr;
use ark_ec::bn::{BnConfig, G2Prepared};
use ark_ec::pairing::MillerLoopOutput;
use ark_ff::fields::models::fp12_2over3over2::Fp12Config;
use ark_ff::{CyclotomicMultSubgroup, Field, One, Zero, batch_inversion};

/// A G1 point as a line divided by the point's `y` needs it: `x/y` and `1/y`.
#[derive(Clone, Copy, Debug)]
pub(super) struct ScaledG1 {
    pub x_over_y: Fq,
    pub y_inverse: Fq,
}

impl ScaledG1 {
    /// Every point scaled, with one field inversion for all. None if a point is the
    /// identity or has `y = 0` (no point of BN254's G1 has: it has no 2-torsion).
    pub fn batch(points: &[G1Affine]) -> Option<Vec<ScaledG1>> {
        let mut y_inverses: Vec<Fq> = points.iter().map(|p| p.y).collect();
        if points.iter().any(AffineRepr::is_zero) || y_inverses.iter().any(Zero::is_zero) {
            return None;
        }
        batch_inversion(&mut y_inverses);
        Some(
            points
                .iter()
                .zip(y_inverses)
                .map(|(p, y_inverse)| ScaledG1 { x_over_y: p.x * y_inverse, y_inverse })
                .collect(),
        )
    }
}

/// `f · (1 + (c₁ + c₂·v)·w)`: a line scaled to a constant coefficient of 1, which
/// multiplies in with ten Fq2 multiplications where a general sparse line takes thirteen.
pub(super) fn mul_by_unit_line(f: &mut Fq12, c1: &Fq2, c2: &Fq2) {
    let mut a_m: Fq6 = f.c0;
    a_m.mul_by_01(c1, c2);
    let mut b_m: Fq6 = f.c1;
    b_m.mul_by_01(c1, c2);
    // (A + B·w)(1 + M·w) = (A + B·M·v) + (A·M + B)·w, with w² = v.
    <Fq12Config as Fp12Config>::mul_fp6_by_nonresidue_in_place(&mut b_m);
    f.c1 += a_m;
    f.c0 += b_m;
}

/// Multiplies arkworks' prepared line `coeffs`, evaluated at `p`, into `f` (BN254's
/// twist is a D-type twist).
fn line(f: &mut Fq12, coeffs: &(Fq2, Fq2, Fq2), p: &G1Affine) {
    let (mut c0, mut c1, c2) = *coeffs;
    c0.mul_assign_by_fp(&p.y);
    c1.mul_assign_by_fp(&p.x);
    f.mul_by_034(&c0, &c1, &c2);
}

/// A pair whose G2 lines are computed ahead, one per step of the loop.
#[derive(Clone, Copy, Debug)]
pub(super) enum LinePair<'a> {
    /// arkworks' projective lines `(c₀, c₁, c₂)`, evaluated at the G1 point.
    Projective(G1Affine, &'a G2Prepared<Config>),
    /// Lines divided by `c₀` (`(c₁/c₀, c₂/c₀)`), evaluated at the scaled G1 point: the
    /// line divided by the Fq2 factor `c₀·y`, which the final exponentiation removes.
    Unit(ScaledG1, &'a [(Fq2, Fq2)]),
}

impl LinePair<'_> {
    /// Whether the pair contributes 1 (a projective pair with an identity point).
    fn is_trivial(&self) -> bool {
        match self {
            LinePair::Projective(p, q) => p.is_zero() || q.infinity,
            LinePair::Unit(_, lines) => lines.is_empty(),
        }
    }

    /// Multiplies the pair's `step`-th line into `f`.
    pub fn multiply_line(&self, f: &mut Fq12, step: usize) {
        match self {
            LinePair::Projective(p, q) => {
                if let Some(coeffs) = q.ell_coeffs.get(step) {
                    line(f, coeffs, p);
                }
            }
            LinePair::Unit(p, lines) => {
                if let Some((c1, c2)) = lines.get(step) {
                    let mut c1 = *c1;
                    c1.mul_assign_by_fp(&p.x_over_y);
                    let mut c2 = *c2;
                    c2.mul_assign_by_fp(&p.y_inverse);
                    mul_by_unit_line(f, &c1, &c2);
                }
            }
        }
    }
}

/// Lines for every step of the loop over pairs computed ahead: the caller's Miller loop
/// calls [`PreparedLines::next`] once per step.
pub(super) struct PreparedLines<'a> {
    pairs: Vec<LinePair<'a>>,
    step: usize,
}

impl<'a> PreparedLines<'a> {
    /// The pairs, those that contribute 1 left out.
    pub fn new(pairs: &[LinePair<'a>]) -> Self {
        PreparedLines { pairs: pairs.iter().filter(|pair| !pair.is_trivial()).copied().collect(), step: 0 }
    }

    /// Multiplies every pair's next line into `f`.
    pub fn next(&mut self, f: &mut Fq12) {
        for pair in &self.pairs {
            pair.multiply_line(f, self.step);
        }
        self.step += 1;
    }
}

/// `∏ f_{Q}(P)` over the pairs, before the final exponentiation (up to factors in Fq2,
/// which it removes). Pairs with the identity contribute 1 and are skipped.
pub(super) fn multi_miller_loop(pairs: &[LinePair<'_>]) -> MillerLoopOutput<Bn254> {
    let mut lines = PreparedLines::new(pairs);
    let mut f = Fq12::one();
    let count = <Config as BnConfig>::ATE_LOOP_COUNT;
    for i in (1..count.len()).rev() {
        if i != count.len() - 1 {
            f.square_in_place();
        }
        lines.next(&mut f);
        if count[i - 1] != 0 {
            lines.next(&mut f);
        }
    }
    if <Config as BnConfig>::X_IS_NEGATIVE {
        f.cyclotomic_inverse_in_place();
    }
    lines.next(&mut f);
    lines.next(&mut f);
    MillerLoopOutput(f)
}

#[cfg(test)]
mod tests {
    use super::super::curve::G2Affine;
    use super::super::key_lines::KeyLines;
    use super::*;
    use ark_bn254::Fr;
    use ark_ec::CurveGroup;
    use ark_ec::pairing::Pairing;

    fn pairs() -> Vec<(G1Affine, G2Affine)> {
        (1..=9u64)
            .map(|i| {
                let p = (G1Affine::generator() * Fr::from(i * 7 + 1)).into_affine();
                let q = (G2Affine::generator() * Fr::from(i * 13 + 5)).into_affine();
                (p, q)
            })
            .collect()
    }

    #[test]
    fn equals_arkworks_on_many_pairs() {
        let pairs = pairs();
        let prepared: Vec<G2Prepared<Config>> = pairs.iter().map(|(_, q)| (*q).into()).collect();
        let ours: Vec<LinePair> = pairs.iter().zip(&prepared).map(|((p, _), q)| LinePair::Projective(*p, q)).collect();
        let theirs = Bn254::multi_miller_loop(pairs.iter().map(|(p, _)| *p), prepared.iter().cloned());
        assert_eq!(Bn254::final_exponentiation(multi_miller_loop(&ours)), Bn254::final_exponentiation(theirs));
    }

    #[test]
    fn unit_lines_give_the_same_pairing() {
        let pairs = pairs();
        let mut lines: Vec<KeyLines> = pairs.iter().map(|(_, q)| KeyLines::Projective((*q).into())).collect();
        lines.iter_mut().for_each(KeyLines::normalize);
        let points: Vec<G1Affine> = pairs.iter().map(|(p, _)| *p).collect();
        let scaled = ScaledG1::batch(&points).expect("no identity");
        let ours: Vec<LinePair> = scaled
            .iter()
            .zip(&lines)
            .map(|(p, q)| match q {
                KeyLines::Unit(lines) => LinePair::Unit(*p, lines),
                KeyLines::Projective(_) => panic!("every line of a subgroup point normalizes"),
            })
            .collect();
        let theirs = Bn254::multi_miller_loop(pairs.iter().map(|(p, _)| *p), pairs.iter().map(|(_, q)| *q));
        let expected = Bn254::final_exponentiation(theirs);
        assert_eq!(Bn254::final_exponentiation(multi_miller_loop(&ours)), expected);
        // The Miller loop's value differs (by factors in Fq2); the pairing does not.
        assert_ne!(
            multi_miller_loop(&ours).0,
            Bn254::multi_miller_loop(points.iter().copied(), pairs.iter().map(|(_, q)| *q)).0
        );
    }

    #[test]
    fn identity_pairs_contribute_one() {
        let pairs = pairs();
        let prepared: G2Prepared<Config> = pairs[0].1.into();
        let identity: G2Prepared<Config> = G2Affine::zero().into();
        let ours = [
            LinePair::Projective(pairs[0].0, &prepared),
            LinePair::Projective(G1Affine::zero(), &prepared),
            LinePair::Projective(pairs[1].0, &identity),
            LinePair::Unit(ScaledG1 { x_over_y: Fq::one(), y_inverse: Fq::one() }, &[]),
        ];
        let theirs = Bn254::multi_miller_loop([pairs[0].0], [pairs[0].1]);
        assert_eq!(Bn254::final_exponentiation(multi_miller_loop(&ours)), Bn254::final_exponentiation(theirs));
        assert!(ScaledG1::batch(&[pairs[0].0, G1Affine::zero()]).is_none());
    }
}
