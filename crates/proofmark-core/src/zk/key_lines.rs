//! A key's constant G2 points (β, −γ, −δ) with their Miller-loop lines.
//!
//! arkworks prepares a line as `(c₀, c₁, c₂)`; at a G1 point it is `c₀·y + c₁·x·w +
//! c₂·v·w`, thirteen Fq2 multiplications into the accumulator. Divided by `c₀·y`, a
//! factor in Fq2 that the final exponentiation removes, it is `1 + (c₁/c₀)(x/y)·w +
//! (c₂/c₀)(1/y)·v·w`, which takes ten. Dividing every line of a point costs one batch
//! inversion, more than a single proof saves: a key normalizes its lines when it is
//! completed for many proofs, and a light key keeps arkworks' lines.
use alloc::vec::Vec;

use ark_ec::AffineRepr;
use ark_ec::bn::G2Prepared;
use ark_ff::{Zero, batch_inversion};

use super::curve::{Config, Fq2, G1Affine};
use super::miller::{LinePair, ScaledG1};

/// A constant G2 point's lines.
#[derive(Clone, Debug)]
pub(super) enum KeyLines {
    /// arkworks' prepared lines (also the identity's: none).
    Projective(G2Prepared<Config>),
    /// Every line divided by its `c₀`: `(c₁/c₀, c₂/c₀)`.
    Unit(Vec<(Fq2, Fq2)>),
}

impl KeyLines {
    /// Divides every line by its `c₀`. Lines stay projective for the identity and where
    /// a `c₀` is zero, which happens only when the loop's point meets `±Q` (never for a
    /// point of the prime-order subgroup).
    pub fn normalize(&mut self) {
        let KeyLines::Projective(prepared) = self else { return };
        if prepared.infinity {
            return;
        }
        let mut inverses: Vec<Fq2> = prepared.ell_coeffs.iter().map(|(c0, _, _)| *c0).collect();
        if inverses.iter().any(Zero::is_zero) {
            return;
        }
        batch_inversion(&mut inverses);
        let lines =
            prepared.ell_coeffs.iter().zip(inverses).map(|((_, c1, c2), inverse)| (*c1 * inverse, *c2 * inverse));
        *self = KeyLines::Unit(lines.collect());
    }
}

/// Each G1 point with its key's lines, ready for a Miller loop; identity points are
/// left out (their pairs contribute 1). The points that meet unit lines share one
/// inversion. None if such a point has `y = 0`, which no G1 point has.
pub(super) fn line_pairs<'a>(pairs: &[(G1Affine, &'a KeyLines)]) -> Option<Vec<LinePair<'a>>> {
    let live: Vec<&(G1Affine, &KeyLines)> = pairs.iter().filter(|(p, _)| !p.is_zero()).collect();
    let to_scale: Vec<G1Affine> =
        live.iter().filter(|(_, lines)| matches!(lines, KeyLines::Unit(_))).map(|(p, _)| *p).collect();
    let mut scaled = ScaledG1::batch(&to_scale)?.into_iter();
    live.into_iter()
        .map(|(p, lines)| match lines {
            KeyLines::Projective(prepared) => Some(LinePair::Projective(*p, prepared)),
            KeyLines::Unit(lines) => Some(LinePair::Unit(scaled.next()?, lines)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::curve::G2Affine;
    use super::*;
    use ark_ec::AffineRepr;

    #[test]
    fn a_subgroup_point_normalizes_and_the_identity_does_not() {
        let mut lines = KeyLines::Projective(G2Affine::generator().into());
        let KeyLines::Projective(prepared) = &lines else { panic!("new keeps arkworks' lines") };
        let count = prepared.ell_coeffs.len();
        let (c0, c1, c2) = prepared.ell_coeffs[5];
        lines.normalize();
        let KeyLines::Unit(unit) = &lines else { panic!("the generator's lines normalize") };
        assert_eq!(unit.len(), count);
        assert_eq!(unit[5], (c1 / c0, c2 / c0));
        let mut identity = KeyLines::Projective(G2Affine::zero().into());
        identity.normalize();
        assert!(matches!(identity, KeyLines::Projective(ref p) if p.infinity));
    }

    #[test]
    fn pairs_skip_identity_points_and_scale_the_rest() {
        let mut unit = KeyLines::Projective(G2Affine::generator().into());
        unit.normalize();
        let projective = KeyLines::Projective(G2Affine::generator().into());
        let p = G1Affine::generator();
        let pairs = line_pairs(&[(p, &unit), (G1Affine::zero(), &unit), (p, &projective)]).expect("valid points");
        assert_eq!(pairs.len(), 2);
        match pairs[0] {
            LinePair::Unit(scaled, _) => {
                assert_eq!(scaled.y_inverse * p.y, ark_ff::One::one());
                assert_eq!(scaled.x_over_y * p.y, p.x);
            }
            LinePair::Projective(..) => panic!("unit lines make a unit pair"),
        }
        assert!(matches!(pairs[1], LinePair::Projective(q, _) if q == p));
    }
}
