//! The Miller loop of a batch, where every proof brings a G2 point (`B`) used once.
//!
//! The G2 points walk the loop in affine coordinates, all together: each doubling or
//! addition step needs one slope per point, and all of a step's slopes share a single
//! field inversion (Montgomery's trick). An affine line, divided by a factor in Fq2,
//! has 1 as its constant coefficient, so multiplying it into the accumulator takes ten
//! Fq2 multiplications instead of thirteen. Factors in Fq2 vanish in the final
//! exponentiation (`q² − 1` divides `(q¹² − 1)/r`), so after it the result is the
//! pairing product's. Constant G2 points (the key's) bring their lines computed ahead.
use alloc::vec::Vec;

use super::curve::{Bn254, Config, Fq2, Fq12, G1Affine, G2Affine};
use ark_ec::AffineRepr;
use ark_ec::bn::BnConfig;
use ark_ec::pairing::MillerLoopOutput;
use ark_ff::{AdditiveGroup, CyclotomicMultSubgroup, Field, One, Zero, batch_inversion};

use super::miller::{LinePair, PreparedLines, ScaledG1, mul_by_unit_line};

/// A pair whose G2 point walks the loop in affine coordinates.
struct Walker {
    /// The G1 point: the line divided by its `y` needs only `x/y` and `1/y`.
    p: ScaledG1,
    q: G2Affine,
    t: G2Affine,
}

/// The line of slope `s` through `(x, y)` on the twist, evaluated at the walker's G1
/// point and divided by that point's `y`.
fn mul_by_line(f: &mut Fq12, walker: &Walker, s: &Fq2, x: &Fq2, y: &Fq2) {
    let mut c1 = -*s;
    c1.mul_assign_by_fp(&walker.p.x_over_y);
    let mut c2 = *s * x - y;
    c2.mul_assign_by_fp(&walker.p.y_inverse);
    mul_by_unit_line(f, &c1, &c2);
}

/// One step for every walker: `T ← 2T` (`addend` None) or `T ← T + addend(walker)`,
/// multiplying each step's line into `f`. None when a slope's denominator is zero, which
/// points of the prime-order subgroup never meet in this loop.
fn step(
    f: &mut Fq12,
    walkers: &mut [Walker],
    addend: Option<&dyn Fn(&Walker) -> G2Affine>,
    scratch: &mut Vec<Fq2>,
) -> Option<()> {
    scratch.clear();
    for w in walkers.iter() {
        scratch.push(match addend {
            None => w.t.y.double(),
            Some(addend) => w.t.x - addend(w).x,
        });
    }
    if scratch.iter().any(Zero::is_zero) {
        return None;
    }
    batch_inversion(scratch);
    for (w, inverse) in walkers.iter_mut().zip(scratch.iter()) {
        let (x, y) = (w.t.x, w.t.y);
        let (s, x3) = match addend {
            None => {
                let x_squared = x.square();
                let s = (x_squared.double() + x_squared) * inverse;
                (s, s.square() - x.double())
            }
            Some(addend) => {
                let q = addend(w);
                let s = (y - q.y) * inverse;
                (s, s.square() - x - q.x)
            }
        };
        mul_by_line(f, w, &s, &x, &y);
        w.t = G2Affine::new_unchecked(x3, s * (x - x3) - y);
    }
    Some(())
}

/// `π(Q)`: the Frobenius endomorphism of the twist (multiplication by `q`).
fn frobenius(q: &G2Affine) -> G2Affine {
    let mut x = q.x;
    x.frobenius_map_in_place(1);
    let mut y = q.y;
    y.frobenius_map_in_place(1);
    G2Affine::new_unchecked(x * <Config as BnConfig>::TWIST_MUL_BY_Q_X, y * <Config as BnConfig>::TWIST_MUL_BY_Q_Y)
}

/// `∏ f_{Qᵢ}(Pᵢ)` over `fresh` (G2 points used once, walked in affine) and `prepared`
/// pairs, equal to arkworks' multi-Miller loop up to a factor the final exponentiation
/// removes. Pairs with the identity contribute 1 and are skipped. None in the
/// degenerate cases of affine arithmetic, which valid (subgroup-checked) points never
/// reach; callers then use [`super::miller::multi_miller_loop`].
pub fn affine_multi_miller_loop(
    fresh: &[(G1Affine, G2Affine)],
    prepared: &[LinePair<'_>],
) -> Option<MillerLoopOutput<Bn254>> {
    let live: Vec<&(G1Affine, G2Affine)> = fresh.iter().filter(|(p, q)| !p.is_zero() && !q.is_zero()).collect();
    let points: Vec<G1Affine> = live.iter().map(|(p, _)| *p).collect();
    let mut walkers: Vec<Walker> =
        ScaledG1::batch(&points)?.into_iter().zip(&live).map(|(p, (_, q))| Walker { p, q: *q, t: *q }).collect();
    let mut lines = PreparedLines::new(prepared);

    let mut scratch = Vec::with_capacity(walkers.len());
    let mut f = Fq12::one();
    let count = <Config as BnConfig>::ATE_LOOP_COUNT;
    let plus_q = |w: &Walker| w.q;
    let minus_q = |w: &Walker| -w.q;
    for i in (1..count.len()).rev() {
        if i != count.len() - 1 {
            f.square_in_place();
        }
        step(&mut f, &mut walkers, None, &mut scratch)?;
        lines.next(&mut f);
        let addend: Option<&dyn Fn(&Walker) -> G2Affine> = match count[i - 1] {
            1 => Some(&plus_q),
            -1 => Some(&minus_q),
            _ => None,
        };
        if let Some(addend) = addend {
            step(&mut f, &mut walkers, Some(addend), &mut scratch)?;
            lines.next(&mut f);
        }
    }
    if <Config as BnConfig>::X_IS_NEGATIVE {
        f.cyclotomic_inverse_in_place();
        for w in walkers.iter_mut() {
            w.t.y = -w.t.y;
        }
    }
    // The last two lines: through T and π(Q), then through T + π(Q) and −π²(Q).
    let q1 = |w: &Walker| frobenius(&w.q);
    step(&mut f, &mut walkers, Some(&q1), &mut scratch)?;
    lines.next(&mut f);
    let q2 = |w: &Walker| -frobenius(&frobenius(&w.q));
    step(&mut f, &mut walkers, Some(&q2), &mut scratch)?;
    lines.next(&mut f);
    Some(MillerLoopOutput(f))
}

#[cfg(test)]
mod tests {
    use super::super::key_lines::{KeyLines, line_pairs};
    use super::*;
    use ark_bn254::Fr;
    use ark_ec::CurveGroup;
    use ark_ec::bn::G2Prepared;
    use ark_ec::pairing::Pairing;

    #[test]
    fn equals_arkworks_after_the_final_exponentiation() {
        let point = |i: u64| {
            let p = (G1Affine::generator() * Fr::from(i * 7 + 1)).into_affine();
            let q = (G2Affine::generator() * Fr::from(i * 13 + 5)).into_affine();
            (p, q)
        };
        let fresh: Vec<(G1Affine, G2Affine)> = (1..=9u64).map(point).collect();
        let constant: Vec<(G1Affine, G2Affine)> = (20..=22u64).map(point).collect();
        // The key's lines both ways: arkworks' projective ones and unit ones.
        let mut lines: Vec<KeyLines> = constant.iter().map(|(_, q)| KeyLines::Projective((*q).into())).collect();
        lines[1].normalize();
        let with_lines: Vec<(G1Affine, &KeyLines)> = constant.iter().map(|(p, _)| *p).zip(&lines).collect();
        let prepared = line_pairs(&with_lines).expect("valid points");
        assert!(matches!(prepared[1], LinePair::Unit(..)) && matches!(prepared[2], LinePair::Projective(..)));
        let ours = affine_multi_miller_loop(&fresh, &prepared).expect("no degenerate step");
        let theirs = Bn254::multi_miller_loop(
            fresh.iter().chain(&constant).map(|(p, _)| *p),
            fresh.iter().chain(&constant).map(|(_, q)| G2Prepared::<Config>::from(*q)),
        );
        assert_eq!(Bn254::final_exponentiation(ours), Bn254::final_exponentiation(theirs));
        // Identity points contribute 1.
        let with_identity = [fresh[0], (G1Affine::zero(), fresh[1].1), (fresh[2].0, G2Affine::zero())];
        let ours = affine_multi_miller_loop(&with_identity, &[]).expect("no degenerate step");
        let theirs = Bn254::multi_miller_loop([fresh[0].0], [fresh[0].1]);
        assert_eq!(Bn254::final_exponentiation(ours), Bn254::final_exponentiation(theirs));
    }

    #[test]
    fn a_repeated_point_still_matches() {
        // The same B in several proofs: each walker is independent.
        let q = (G2Affine::generator() * Fr::from(77u64)).into_affine();
        let fresh: Vec<(G1Affine, G2Affine)> =
            (1..=4u64).map(|i| ((G1Affine::generator() * Fr::from(i)).into_affine(), q)).collect();
        let ours = affine_multi_miller_loop(&fresh, &[]).expect("no degenerate step");
        let theirs = Bn254::multi_miller_loop(fresh.iter().map(|(p, _)| *p), fresh.iter().map(|(_, q)| *q));
        assert_eq!(Bn254::final_exponentiation(ours), Bn254::final_exponentiation(theirs));
    }
}
