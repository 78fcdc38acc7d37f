//! BN254 as the verifier computes on it: arkworks' curve and pairing over a base field
//! whose arithmetic is chosen per target ([`Fq`]).
//!
//! arkworks fixes `ark_bn254::Fq`'s multiplication, and every tower field, curve and the
//! pairing are generic over the base field. So this module restates BN254's parameters
//! (every constant taken from `ark_bn254`, converted bit for bit) over [`Fq`], and the
//! verifier's Miller loops, final exponentiation and multi-scalar sums run on arkworks'
//! tower fields and curve arithmetic over it. Decoding stays on `ark_bn254` types;
//! points cross with [`g1`] and [`g2`].
mod base_field;
#[cfg(any(target_arch = "wasm32", test))]
mod wasm_arithmetic;

use ark_ec::AffineRepr;
use ark_ec::bn::{Bn, BnConfig, TwistType};
use ark_ec::models::CurveConfig;
use ark_ec::short_weierstrass::{Affine, SWCurveConfig};
use ark_ff::fields::{Fp2, Fp2Config, Fp6, Fp6Config, Fp12, Fp12Config};
use ark_ff::{AdditiveGroup, Field};

pub use base_field::{Fq, from_ark, to_ark};

/// The quadratic extension: `Fq[u]/(u² + 1)`.
pub type Fq2 = Fp2<Fq2Config>;
/// The sextic extension: `Fq2[v]/(v³ − (9 + u))`.
pub type Fq6 = Fp6<Fq6Config>;
/// The target field: `Fq6[w]/(w² − v)`.
pub type Fq12 = Fp12<Fq12Config>;
/// The pairing engine.
pub type Bn254 = Bn<Config>;
/// A G1 point in affine coordinates.
pub type G1Affine = Affine<G1Config>;
/// A G1 point in projective coordinates.
pub type G1Projective = ark_ec::short_weierstrass::Projective<G1Config>;
/// A G2 point in affine coordinates.
pub type G2Affine = Affine<G2Config>;
/// A G2 point in projective coordinates.
pub type G2Projective = ark_ec::short_weierstrass::Projective<G2Config>;

const fn fq2(value: ark_bn254::Fq2) -> Fq2 {
    Fq2::new(from_ark(value.c0), from_ark(value.c1))
}

const fn fq6(value: ark_bn254::Fq6) -> Fq6 {
    Fq6::new(fq2(value.c0), fq2(value.c1), fq2(value.c2))
}

const fn fq_array<const L: usize>(values: &[ark_bn254::Fq]) -> [Fq; L] {
    let mut out = [Fq::ZERO; L];
    let mut i = 0;
    while i < L {
        out[i] = from_ark(values[i]);
        i += 1;
    }
    out
}

const fn fq2_array<const L: usize>(values: &[ark_bn254::Fq2]) -> [Fq2; L] {
    let mut out = [Fq2::ZERO; L];
    let mut i = 0;
    while i < L {
        out[i] = fq2(values[i]);
        i += 1;
    }
    out
}

/// [`Fq2`]'s parameters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fq2Config;

const FP2_C1: [Fq; 2] = fq_array(<ark_bn254::Fq2Config as Fp2Config>::FROBENIUS_COEFF_FP2_C1);

impl Fp2Config for Fq2Config {
    type Fp = Fq;
    const NONRESIDUE: Fq = from_ark(<ark_bn254::Fq2Config as Fp2Config>::NONRESIDUE);
    const FROBENIUS_COEFF_FP2_C1: &'static [Fq] = &FP2_C1;

    /// The non-residue is −1.
    #[inline(always)]
    fn mul_fp_by_nonresidue_in_place(fe: &mut Fq) -> &mut Fq {
        fe.neg_in_place()
    }
}

/// [`Fq6`]'s parameters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fq6Config;

const FP6_C1: [Fq2; 6] = fq2_array(<ark_bn254::Fq6Config as Fp6Config>::FROBENIUS_COEFF_FP6_C1);
const FP6_C2: [Fq2; 6] = fq2_array(<ark_bn254::Fq6Config as Fp6Config>::FROBENIUS_COEFF_FP6_C2);

impl Fp6Config for Fq6Config {
    type Fp2Config = Fq2Config;
    const NONRESIDUE: Fq2 = fq2(<ark_bn254::Fq6Config as Fp6Config>::NONRESIDUE);
    const FROBENIUS_COEFF_FP6_C1: &'static [Fq2] = &FP6_C1;
    const FROBENIUS_COEFF_FP6_C2: &'static [Fq2] = &FP6_C2;

    /// `(c0 + c1·u)(9 + u) = (9c0 − c1) + (9c1 + c0)·u`, with doublings instead of a
    /// multiplication.
    #[inline(always)]
    fn mul_fp2_by_nonresidue_in_place(fe: &mut Fq2) -> &mut Fq2 {
        let mut eight = *fe;
        eight.double_in_place().double_in_place().double_in_place();
        let c0 = eight.c0 + fe.c0 - fe.c1;
        let c1 = eight.c1 + fe.c1 + fe.c0;
        *fe = Fq2::new(c0, c1);
        fe
    }
}

/// [`Fq12`]'s parameters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fq12Config;

const FP12_C1: [Fq2; 12] = fq2_array(<ark_bn254::Fq12Config as Fp12Config>::FROBENIUS_COEFF_FP12_C1);

impl Fp12Config for Fq12Config {
    type Fp6Config = Fq6Config;
    const NONRESIDUE: Fq6 = fq6(<ark_bn254::Fq12Config as Fp12Config>::NONRESIDUE);
    const FROBENIUS_COEFF_FP12_C1: &'static [Fq2] = &FP12_C1;
}

/// G1: `y² = x³ + 3` over [`Fq`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct G1Config;

impl CurveConfig for G1Config {
    type BaseField = Fq;
    type ScalarField = ark_bn254::Fr;
    const COFACTOR: &'static [u64] = <ark_bn254::g1::Config as CurveConfig>::COFACTOR;
    const COFACTOR_INV: ark_bn254::Fr = <ark_bn254::g1::Config as CurveConfig>::COFACTOR_INV;
}

impl SWCurveConfig for G1Config {
    const COEFF_A: Fq = from_ark(<ark_bn254::g1::Config as SWCurveConfig>::COEFF_A);
    const COEFF_B: Fq = from_ark(<ark_bn254::g1::Config as SWCurveConfig>::COEFF_B);
    const GENERATOR: G1Affine = G1Affine::new_unchecked(
        from_ark(<ark_bn254::g1::Config as SWCurveConfig>::GENERATOR.x),
        from_ark(<ark_bn254::g1::Config as SWCurveConfig>::GENERATOR.y),
    );
    type ZeroFlag = ();

    #[inline(always)]
    fn mul_by_a(_: Fq) -> Fq {
        Fq::ZERO
    }
}

/// G2: the D-type sextic twist over [`Fq2`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct G2Config;

impl CurveConfig for G2Config {
    type BaseField = Fq2;
    type ScalarField = ark_bn254::Fr;
    const COFACTOR: &'static [u64] = <ark_bn254::g2::Config as CurveConfig>::COFACTOR;
    const COFACTOR_INV: ark_bn254::Fr = <ark_bn254::g2::Config as CurveConfig>::COFACTOR_INV;
}

impl SWCurveConfig for G2Config {
    const COEFF_A: Fq2 = fq2(<ark_bn254::g2::Config as SWCurveConfig>::COEFF_A);
    const COEFF_B: Fq2 = fq2(<ark_bn254::g2::Config as SWCurveConfig>::COEFF_B);
    const GENERATOR: G2Affine = G2Affine::new_unchecked(
        fq2(<ark_bn254::g2::Config as SWCurveConfig>::GENERATOR.x),
        fq2(<ark_bn254::g2::Config as SWCurveConfig>::GENERATOR.y),
    );
    type ZeroFlag = ();

    #[inline(always)]
    fn mul_by_a(_: Fq2) -> Fq2 {
        Fq2::ZERO
    }
}

/// BN254's pairing parameters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Config;

impl BnConfig for Config {
    const X: &'static [u64] = <ark_bn254::Config as BnConfig>::X;
    const X_IS_NEGATIVE: bool = <ark_bn254::Config as BnConfig>::X_IS_NEGATIVE;
    const ATE_LOOP_COUNT: &'static [i8] = <ark_bn254::Config as BnConfig>::ATE_LOOP_COUNT;
    const TWIST_TYPE: TwistType = <ark_bn254::Config as BnConfig>::TWIST_TYPE;
    const TWIST_MUL_BY_Q_X: Fq2 = fq2(<ark_bn254::Config as BnConfig>::TWIST_MUL_BY_Q_X);
    const TWIST_MUL_BY_Q_Y: Fq2 = fq2(<ark_bn254::Config as BnConfig>::TWIST_MUL_BY_Q_Y);
    type Fp = Fq;
    type Fp2Config = Fq2Config;
    type Fp6Config = Fq6Config;
    type Fp12Config = Fq12Config;
    type G1Config = G1Config;
    type G2Config = G2Config;
}

/// A G1 point of arkworks' curve on this one.
pub fn g1(point: &ark_bn254::G1Affine) -> G1Affine {
    G1Affine::new_unchecked(from_ark(point.x), from_ark(point.y))
}

/// A G2 point of arkworks' curve on this one.
pub fn g2(point: &ark_bn254::G2Affine) -> G2Affine {
    G2Affine::new_unchecked(fq2(point.x), fq2(point.y))
}

/// G1's endomorphism φ(x, y) = (β·x, y), which multiplies by λ (arkworks' GLV
/// parameters for BN254).
pub fn endomorphism(point: &G1Affine) -> G1Affine {
    const BETA: Fq = from_ark(<ark_bn254::g1::Config as ark_ec::scalar_mul::glv::GLVConfig>::ENDO_COEFFS[0]);
    if point.is_zero() { *point } else { G1Affine::new_unchecked(point.x * BETA, point.y) }
}

/// ψ, G2's untwist-Frobenius-twist endomorphism, on a point's x and y (affine, or the X
/// and Y of Jacobian or homogeneous coordinates, whose Z is then conjugated):
/// `(x̄·c_x, ȳ·c_y)`.
pub fn psi_coordinates(x: &Fq2, y: &Fq2) -> (Fq2, Fq2) {
    let (mut x, mut y) = (*x, *y);
    x.frobenius_map_in_place(1);
    y.frobenius_map_in_place(1);
    (x * Config::TWIST_MUL_BY_Q_X, y * Config::TWIST_MUL_BY_Q_Y)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_ec::CurveGroup;
    use ark_ec::pairing::Pairing;
    use ark_ff::{Field, UniformRand};

    fn fq12_to_ark(value: Fq12) -> ark_bn254::Fq12 {
        let fq2 = |x: Fq2| ark_bn254::Fq2::new(to_ark(x.c0), to_ark(x.c1));
        let fq6 = |x: Fq6| ark_bn254::Fq6::new(fq2(x.c0), fq2(x.c1), fq2(x.c2));
        ark_bn254::Fq12::new(fq6(value.c0), fq6(value.c1))
    }

    #[test]
    fn the_pairing_equals_arkworks() {
        let mut rng = ark_std::test_rng();
        for _ in 0..4 {
            let p = ark_bn254::G1Projective::rand(&mut rng).into_affine();
            let q = ark_bn254::G2Projective::rand(&mut rng).into_affine();
            let ours = Bn254::pairing(g1(&p), g2(&q)).0;
            assert_eq!(fq12_to_ark(ours), ark_bn254::Bn254::pairing(p, q).0);
        }
        let identity = Bn254::pairing(g1(&ark_bn254::G1Affine::zero()), G2Config::GENERATOR).0;
        assert_eq!(identity, Fq12::ONE);
    }

    #[test]
    fn the_curves_agree() {
        assert_eq!(g1(&ark_bn254::G1Affine::generator()), G1Config::GENERATOR);
        assert_eq!(g2(&ark_bn254::G2Affine::generator()), G2Config::GENERATOR);
        assert!(G1Config::GENERATOR.is_on_curve() && G2Config::GENERATOR.is_on_curve());
        // Square roots use arkworks' precomputation, carried over.
        let root = Fq::from(4u64).sqrt().map(to_ark);
        assert!(root == Some(ark_bn254::Fq::from(2u64)) || root == Some(-ark_bn254::Fq::from(2u64)));
        assert_eq!(Fq::from(7u64).inverse().map(to_ark), ark_bn254::Fq::from(7u64).inverse());
        let mut rng = ark_std::test_rng();
        let p = ark_bn254::G1Projective::rand(&mut rng).into_affine();
        let k = ark_bn254::Fr::rand(&mut rng);
        assert_eq!(g1(&(p * k).into_affine()), (g1(&p) * k).into_affine());
        let lambda = <ark_bn254::g1::Config as ark_ec::scalar_mul::glv::GLVConfig>::LAMBDA;
        assert_eq!(endomorphism(&g1(&p)), (g1(&p) * lambda).into_affine());
        let mut fq6 = Fq6::new(Fq2::ONE, Fq2::ZERO, Fq2::ONE);
        let arks = ark_bn254::Fq6::new(ark_bn254::Fq2::ONE, ark_bn254::Fq2::ZERO, ark_bn254::Fq2::ONE);
        fq6 *= fq6;
        let expected = arks * arks;
        assert_eq!(fq6.c2.c0, from_ark(expected.c2.c0));
        // The non-residue multiplication matches arkworks' on a random element.
        let x = ark_bn254::Fq2::new(ark_bn254::Fq::rand(&mut rng), ark_bn254::Fq::rand(&mut rng));
        let mut ours = fq2(x);
        Fq6Config::mul_fp2_by_nonresidue_in_place(&mut ours);
        let mut theirs = x;
        <ark_bn254::Fq6Config as Fp6Config>::mul_fp2_by_nonresidue_in_place(&mut theirs);
        assert_eq!(ours, fq2(theirs));
    }
}
