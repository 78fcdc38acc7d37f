//! A G2 point's Miller-loop lines, computed with the point the loop ends on, which
//! answers whether the point is in the prime-order subgroup at no further cost.
//!
//! The loop walks `Q` through `[6x₀ + 2]Q` and then adds `ψ(Q)` and `−ψ²(Q)`. BN254's
//! optimal-ate relation `6x₀ + 2 + p − p² + p³ ≡ 0 (mod r)` makes the end point
//! `−ψ³(Q)` for every `Q` of order r. Conversely, `[6x₀ + 2] + ψ − ψ² + ψ³` is invertible
//! on the rest of E'(Fq2): with `ψ² − tψ + p = 0` (t = 6x₀² + 1), its resultant with
//! `X³ − X² + X + 6x₀ + 2` is nonzero modulo each prime factor of the cofactor
//! 2p − r = 10069 · 5864401 · 1875725156269 · 197620364512881247228717050342013327560683201906968909
//! (computed once, outside this crate). So the end point is `−ψ³(Q)` exactly when `Q` is
//! in the subgroup: the test that [`super::numbers::g2_in_subgroup`] makes with its own
//! 63-bit multiplication, here a by-product of lines a verification computes anyway.
//!
//! The formulas are the homogeneous-projective doubling and addition steps with their
//! lines for a D-type twist (Costello–Lange–Naehrig; Aranha et al.), producing the same
//! `(c₀, c₁, c₂)` as arkworks' `G2Prepared`, which the rest of the verifier evaluates.
//! They are incomplete: a step that meets `±Q` or the identity leaves `Z = 0` for the
//! rest of the loop, which the test refuses. A point of the subgroup never meets them:
//! the loop's multiples of it are below r and above 1, and the last two additions add
//! `[p]Q` to `[6x₀ + 2]Q` and `−[p²]Q` to `[6x₀ + 2 + p]Q`, neither of them ± the other
//! modulo r (checked with the constants, like the resultants).
use alloc::vec::Vec;

use ark_ec::AffineRepr;
use ark_ec::bn::{BnConfig, G2Prepared};
use ark_ec::short_weierstrass::SWCurveConfig;
use ark_ff::{AdditiveGroup, Field, One, Zero};

use super::curve::{Config, Fq, Fq2, G2Affine, G2Config, psi_coordinates};

/// A point `(X : Y : Z)` with `x = X/Z`, `y = Y/Z` on the twist.
#[derive(Clone, Copy, Debug)]
struct Homogeneous {
    x: Fq2,
    y: Fq2,
    z: Fq2,
}

type Line = (Fq2, Fq2, Fq2);

/// ½ in Fq: (p + 1)/2.
const HALF: Fq = super::curve::from_ark(ark_ff::MontFp!(
    "10944121435919637611123202872628637544348155578648911831344518947322613104292"
));

impl Homogeneous {
    /// `T ← 2T`, and the tangent line at T.
    fn double(&mut self) -> Line {
        let Homogeneous { x, y, z } = *self;
        let mut a = x * y;
        a.mul_assign_by_fp(&HALF);
        let b = y.square();
        let c = z.square();
        let e = G2Config::COEFF_B * (c.double() + c);
        let f = e.double() + e;
        let mut g = b + f;
        g.mul_assign_by_fp(&HALF);
        let h = (y + z).square() - (b + c);
        let i = e - b;
        let j = x.square();
        let e_square = e.square();
        self.x = a * (b - f);
        self.y = g.square() - (e_square.double() + e_square);
        self.z = b * h;
        (-h, j.double() + j, i)
    }

    /// `T ← T + Q` for an affine `Q`, and the line through T and Q.
    fn add(&mut self, q: &G2Affine) -> Line {
        let Homogeneous { x, y, z } = *self;
        let theta = y - q.y * z;
        let lambda = x - q.x * z;
        let c = theta.square();
        let d = lambda.square();
        let e = lambda * d;
        let f = z * c;
        let g = x * d;
        let h = e + f - g.double();
        self.x = lambda * h;
        self.y = theta * (g - h) - e * y;
        self.z = z * e;
        let j = theta * q.x - lambda * q.y;
        (lambda, -theta, j)
    }
}

/// ψ on an affine point.
fn psi(q: &G2Affine) -> G2Affine {
    let (x, y) = psi_coordinates(&q.x, &q.y);
    G2Affine::new_unchecked(x, y)
}

/// `q`'s lines as arkworks prepares them (every G2 point's lines in the verifier come
/// from here, so arkworks' own preparation stays out of the WebAssembly).
pub(super) fn lines(q: &G2Affine) -> G2Prepared<Config> {
    lines_and_membership(q).0
}

/// `q`'s lines as arkworks prepares them, and whether `q` is in the order-r subgroup.
/// `q` must be on the curve (every decoder checks that first).
pub(super) fn lines_and_membership(q: &G2Affine) -> (G2Prepared<Config>, bool) {
    if q.is_zero() {
        return (G2Prepared { ell_coeffs: Vec::new(), infinity: true }, true);
    }
    let count = <Config as BnConfig>::ATE_LOOP_COUNT;
    let mut lines = Vec::with_capacity(count.len() + count.iter().filter(|&&d| d != 0).count() + 2);
    let mut t = Homogeneous { x: q.x, y: q.y, z: Fq2::one() };
    let minus_q = -*q;
    for digit in count.iter().rev().skip(1) {
        lines.push(t.double());
        match digit {
            1 => lines.push(t.add(q)),
            -1 => lines.push(t.add(&minus_q)),
            _ => {}
        }
    }
    let q1 = psi(q);
    let mut q2 = psi(&q1);
    q2.y = -q2.y;
    const _: () = assert!(!<Config as BnConfig>::X_IS_NEGATIVE);
    lines.push(t.add(&q1));
    lines.push(t.add(&q2));
    // −ψ³(Q) = ψ(−ψ²(Q)) = ψ(q2).
    let end = psi(&q2);
    let member = !t.z.is_zero() && t.x == end.x * t.z && t.y == end.y * t.z;
    (G2Prepared { ell_coeffs: lines, infinity: false }, member)
}

#[cfg(test)]
mod tests {
    use super::super::curve;
    use super::super::numbers::g2_in_subgroup;
    use super::*;
    use ark_ec::{CurveGroup, PrimeGroup};
    use ark_ff::UniformRand;

    /// A point on the twist, in the subgroup or (almost surely) not.
    fn on_curve(rng: &mut impl ark_std::rand::Rng) -> G2Affine {
        loop {
            let x = Fq2::rand(rng);
            if let Some(point) = G2Affine::get_point_from_x_unchecked(x, rng.r#gen()) {
                return point;
            }
        }
    }

    #[test]
    fn half_is_the_inverse_of_two() {
        assert_eq!(HALF.double(), Fq::ONE);
    }

    #[test]
    fn lines_equal_arkworks_and_membership_equals_the_subgroup_test() {
        let mut rng = ark_std::test_rng();
        let (mut inside, mut outside) = (0, 0);
        for i in 0..24 {
            let point = if i % 3 == 0 {
                curve::g2(&(ark_bn254::G2Affine::generator() * ark_bn254::Fr::rand(&mut rng)).into_affine())
            } else {
                on_curve(&mut rng)
            };
            let (lines, member) = lines_and_membership(&point);
            let expected: G2Prepared<Config> = point.into();
            assert_eq!(lines.ell_coeffs, expected.ell_coeffs);
            assert!(!lines.infinity);
            assert_eq!(member, g2_in_subgroup(&point), "point {i}");
            assert_eq!(member, point.mul_bigint(<ark_bn254::Fr as ark_ff::PrimeField>::MODULUS).is_zero());
            if member { inside += 1 } else { outside += 1 }
        }
        assert_eq!((inside, outside), (8, 16));
        let (lines, member) = lines_and_membership(&G2Affine::zero());
        assert!(lines.infinity && lines.ell_coeffs.is_empty() && member);
    }

    #[test]
    fn a_subgroup_point_plus_a_point_of_order_10069_is_outside() {
        // The smallest cofactor prime: multiply a random point by r and the other three
        // cofactor primes, leaving its component of order 10069.
        let mut rng = ark_std::test_rng();
        let others: [&[u64]; 3] =
            [&[5_864_401], &[1_875_725_156_269], &[0x9b6e0b358e0d894d, 0xe9dab9240f0c6ab8, 0x210315729f570]];
        let mut s = on_curve(&mut rng).into_group().mul_bigint(<ark_bn254::Fr as ark_ff::PrimeField>::MODULUS);
        for k in others {
            s = s.mul_bigint(k);
        }
        assert!(!s.is_zero() && s.mul_bigint([10_069]).is_zero(), "a point of order 10069");
        let g = curve::g2(&ark_bn254::G2Affine::generator()).into_group();
        let q = (g + s).into_affine();
        assert!(!g2_in_subgroup(&q));
        assert!(!lines_and_membership(&q).1);
        assert!(!lines_and_membership(&s.into_affine()).1);
    }
}
