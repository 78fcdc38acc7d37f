//! Strict number and point decoding: decimal strings and big-endian bytes must be
//! canonical and below their modulus (never reduced); points are built unchecked and
//! then checked explicitly (on curve, in subgroup), so no constructor can panic.
use alloc::vec::Vec;

use ark_bn254::{Fq, Fq2, Fr, G1Affine, G2Affine};

use super::curve;
use ark_ec::{AdditiveGroup, AffineRepr};
use ark_ff::{BigInt, BigInteger, Field, PrimeField, Zero};

use crate::{Error, Result};

/// Parses a canonical unsigned decimal (no sign, no leading zeros) of at most 256 bits.
pub fn parse_decimal(text: &str) -> Result<BigInt<4>> {
    if text.is_empty() || text.len() > 78 || (text.len() > 1 && text.starts_with('0')) {
        return Err(Error::InvalidNumber("not a canonical decimal"));
    }
    if !text.bytes().all(|digit| digit.is_ascii_digit()) {
        return Err(Error::InvalidNumber("not a canonical decimal"));
    }
    // Nineteen digits at a time (10¹⁹ < 2⁶⁴), then one wide product per limb: in
    // WebAssembly a 128-bit product is a call, and digit by digit a coordinate took 300.
    let mut limbs = [0u64; 4];
    for chunk in text.as_bytes().chunks(19) {
        let value = chunk.iter().fold(0u64, |value, digit| value * 10 + u64::from(digit - b'0'));
        let scale = POWERS_OF_TEN[chunk.len()];
        let mut carry = u128::from(value);
        for limb in &mut limbs {
            let wide = u128::from(*limb) * u128::from(scale) + carry;
            *limb = wide as u64;
            carry = wide >> 64;
        }
        if carry != 0 {
            return Err(Error::InvalidNumber("more than 256 bits"));
        }
    }
    Ok(BigInt(limbs))
}

/// 10⁰ … 10¹⁹.
const POWERS_OF_TEN: [u64; 20] = {
    let mut powers = [1u64; 20];
    let mut i = 1;
    while i < 20 {
        powers[i] = powers[i - 1] * 10;
        i += 1;
    }
    powers
};

/// A 32-byte big-endian integer.
pub fn bigint_from_be(bytes: &[u8; 32]) -> BigInt<4> {
    let mut limbs = [0u64; 4];
    for (i, limb) in limbs.iter_mut().enumerate() {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[32 - 8 * (i + 1)..32 - 8 * i]);
        *limb = u64::from_be_bytes(word);
    }
    BigInt(limbs)
}

/// A public input from its decimal form; ≥ r is an error, never reduced.
pub fn input_from_decimal(text: &str, index: usize) -> Result<Fr> {
    Fr::from_bigint(parse_decimal(text)?).ok_or(Error::InputOutOfRange { index })
}

/// A public input from 32 big-endian bytes; ≥ r is an error.
pub fn input_from_be(bytes: &[u8; 32], index: usize) -> Result<Fr> {
    Fr::from_bigint(bigint_from_be(bytes)).ok_or(Error::InputOutOfRange { index })
}

/// A base-field coordinate from its decimal form; ≥ q is an error. Converted on
/// [`curve`], whose conversion is the fast one on every target.
pub fn coordinate(text: &str, what: &'static str) -> Result<Fq> {
    curve::Fq::from_bigint(parse_decimal(text)?).map(curve::to_ark).ok_or(Error::CoordinateOutOfRange(what))
}

/// Big-endian 32 bytes of a field element.
pub fn to_be_bytes<F: PrimeField>(value: &F) -> [u8; 32] {
    let bytes = value.into_bigint().to_bytes_be();
    let mut out = [0u8; 32];
    out[32 - bytes.len()..].copy_from_slice(&bytes);
    out
}

/// Decimal string of a field element.
///
/// Written out here rather than through `BigInt`'s `Display`, which goes through
/// num-bigint: that alone was about 48 KB of the SDK's wasm.
pub fn to_decimal<F: PrimeField>(value: &F) -> alloc::string::String {
    const TEN_POW_19: u64 = 10_000_000_000_000_000_000;
    let mut limbs: Vec<u64> = value.into_bigint().as_ref().to_vec();
    // Base-10¹⁹ digits, least significant first: a 256-bit number has at most 5.
    let mut chunks: Vec<u64> = Vec::with_capacity(5);
    loop {
        let mut remainder = 0u128;
        for limb in limbs.iter_mut().rev() {
            let wide = (remainder << 64) | u128::from(*limb);
            *limb = (wide / u128::from(TEN_POW_19)) as u64;
            remainder = wide % u128::from(TEN_POW_19);
        }
        chunks.push(remainder as u64);
        if limbs.iter().all(|&limb| limb == 0) {
            break;
        }
    }
    let mut text = alloc::string::String::with_capacity(chunks.len() * 19);
    for (i, chunk) in chunks.iter().rev().enumerate() {
        let digits = chunk_digits(*chunk);
        let skip = if i == 0 { digits.iter().take_while(|&&d| d == b'0').count().min(18) } else { 0 };
        text.extend(digits[skip..].iter().map(|&d| char::from(d)));
    }
    text
}

/// The 19 decimal digits of `chunk` (< 10¹⁹), zero-padded.
fn chunk_digits(mut chunk: u64) -> [u8; 19] {
    let mut digits = [b'0'; 19];
    for digit in digits.iter_mut().rev() {
        *digit = b'0' + (chunk % 10) as u8;
        chunk /= 10;
    }
    digits
}

/// Which element a point is, for error messages; proofs reject the identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Role {
    /// Element name (`proof.a`, `vk.gamma`, …).
    pub name: &'static str,
    /// Whether the point at infinity is acceptable.
    pub identity_allowed: bool,
}

/// A G1 point from affine coordinates (`infinity` when the projective z was 0).
pub fn g1(x: Fq, y: Fq, infinity: bool, role: Role) -> Result<G1Affine> {
    if infinity {
        return identity_or_error(role, G1Affine::zero());
    }
    let point = G1Affine::new_unchecked(x, y);
    // Checked on `curve`, whose arithmetic is the fast one on every target.
    if !curve::g1(&point).is_on_curve() {
        return Err(Error::NotOnCurve(role.name));
    }
    // BN254's G1 has cofactor 1: every point on the curve is in the subgroup.
    Ok(point)
}

/// A G2 point from affine coordinates, detecting swapped limbs.
pub fn g2(x: Fq2, y: Fq2, infinity: bool, role: Role) -> Result<G2Affine> {
    let point = g2_on_curve(x, y, infinity, role)?;
    if !point.is_zero() && !g2_in_subgroup(&curve::g2(&point)) {
        return Err(Error::NotInSubgroup(role.name));
    }
    Ok(point)
}

/// [`g2`] but for the subgroup, which the caller tests: a verifier that computes the
/// point's Miller-loop lines reads membership off them (see `g2_lines`).
pub fn g2_on_curve(x: Fq2, y: Fq2, infinity: bool, role: Role) -> Result<G2Affine> {
    if infinity {
        return identity_or_error(role, G2Affine::zero());
    }
    let point = G2Affine::new_unchecked(x, y);
    // Checked on `curve`, whose arithmetic is the fast one on every target.
    if !curve::g2(&point).is_on_curve() {
        let swapped = G2Affine::new_unchecked(Fq2::new(x.c1, x.c0), Fq2::new(y.c1, y.c0));
        if curve::g2(&swapped).is_on_curve() {
            return Err(Error::G2LimbOrderSwapped(role.name));
        }
        return Err(Error::NotOnCurve(role.name));
    }
    Ok(point)
}

/// BN254's curve parameter x₀ (the ate loop count is 6x₀ + 2).
const X0: u64 = 4_965_661_367_192_848_881;

/// ψ on Jacobian coordinates ([`curve::psi_coordinates`]; conjugation is a field
/// automorphism, so Z is conjugated too).
fn psi(p: &curve::G2Projective) -> curve::G2Projective {
    let (x, y) = curve::psi_coordinates(&p.x, &p.y);
    let mut z = p.z;
    z.frobenius_map_in_place(1);
    curve::G2Projective::new_unchecked(x, y, z)
}

/// Whether a point on the G2 curve is in the order-r subgroup, by the test
/// `[x₀+1]Q + ψ([x₀]Q) + ψ²([x₀]Q) = ψ³([2x₀]Q)` (Scott, eprint 2022/348): one 63-bit
/// scalar multiplication where arkworks' `ψ(Q) = [6x₀²]Q` takes a 127-bit one. This
/// runs for every key and proof, so it is a large part of a cold verification. The
/// generator is answered at once: snarkjs keys have γ = the generator.
pub fn g2_in_subgroup(point: &curve::G2Affine) -> bool {
    if *point == curve::G2Affine::generator() {
        return true;
    }
    let xq = point.mul_bigint([X0]);
    let psi_xq = psi(&xq);
    let lhs = xq + point + psi_xq + psi(&psi_xq);
    let rhs = psi(&psi(&psi(&xq.double())));
    lhs == rhs
}

fn identity_or_error<P: AffineRepr>(role: Role, point: P) -> Result<P> {
    if role.identity_allowed { Ok(point) } else { Err(Error::IdentityInProof(role.name)) }
}

/// Checks that a point decoded elsewhere (arkworks bytes) is not the identity when the
/// role forbids it.
pub fn check_not_identity<P: AffineRepr>(point: &P, role: Role) -> Result<()> {
    if point.is_zero() && !role.identity_allowed { Err(Error::IdentityInProof(role.name)) } else { Ok(()) }
}

/// Decimal strings of a list of scalars.
pub fn inputs_to_decimal(inputs: &[Fr]) -> Vec<alloc::string::String> {
    inputs.iter().map(to_decimal).collect()
}

/// Whether a field element is zero (re-exported for callers without ark-ff).
pub fn is_zero(value: &Fr) -> bool {
    value.is_zero()
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    const R: &str = "21888242871839275222246405745257275088548364400416034343698204186575808495617";
    const Q: &str = "21888242871839275222246405745257275088696311157297823662689037894645226208583";

    #[test]
    fn decimals_are_strict() {
        assert_eq!(parse_decimal("0").unwrap(), BigInt([0; 4]));
        assert_eq!(parse_decimal("18446744073709551616").unwrap(), BigInt([0, 1, 0, 0]));
        for bad in ["", "01", "+1", "-1", "1 ", "0x10", "1e3"] {
            assert_eq!(parse_decimal(bad), Err(Error::InvalidNumber("not a canonical decimal")), "{bad:?}");
        }
        assert_eq!(
            parse_decimal("115792089237316195423570985008687907853269984665640564039457584007913129639936"),
            Err(Error::InvalidNumber("more than 256 bits"))
        );
        assert_eq!(
            parse_decimal("115792089237316195423570985008687907853269984665640564039457584007913129639935"),
            Ok(BigInt([u64::MAX; 4]))
        );
        assert_eq!(parse_decimal("9999999999999999999"), Ok(BigInt([9_999_999_999_999_999_999, 0, 0, 0])));
        assert_eq!(parse_decimal("10000000000000000000"), Ok(BigInt([10_000_000_000_000_000_000, 0, 0, 0])));
        let mut rng = ark_std::test_rng();
        for _ in 0..500 {
            let value = <Fq as ark_ff::UniformRand>::rand(&mut rng).into_bigint();
            assert_eq!(parse_decimal(&value.to_string()), Ok(value));
        }
        for shift in 0..256u32 {
            let value = BigInt::<4>::from(1u64) << shift;
            assert_eq!(parse_decimal(&value.to_string()), Ok(value), "2^{shift}");
        }
    }

    #[test]
    fn inputs_at_or_above_r_are_rejected_not_reduced() {
        assert_eq!(input_from_decimal(R, 3), Err(Error::InputOutOfRange { index: 3 }));
        let below = "21888242871839275222246405745257275088548364400416034343698204186575808495616";
        assert_eq!(input_from_decimal(below, 0).unwrap(), -Fr::from(1u64));
        assert_eq!(coordinate(Q, "a.x"), Err(Error::CoordinateOutOfRange("a.x")));
    }

    #[test]
    fn g2_subgroup_test_equals_multiplying_by_r() {
        use ark_ec::CurveGroup;
        use ark_ff::UniformRand;
        let mut rng = ark_std::test_rng();
        let (mut inside, mut outside) = (0, 0);
        while inside + outside < 64 {
            let x = Fq2::new(Fq::rand(&mut rng), Fq::rand(&mut rng));
            let Some(p) = G2Affine::get_point_from_x_unchecked(x, inside % 2 == 0) else { continue };
            let naive = p.mul_bigint(Fr::MODULUS).is_zero();
            let in_subgroup = |q: &G2Affine| g2_in_subgroup(&curve::g2(q));
            assert_eq!(in_subgroup(&p), naive);
            assert_eq!(in_subgroup(&p), p.is_in_correct_subgroup_assuming_on_curve());
            let cleared = p.clear_cofactor();
            assert!(in_subgroup(&cleared));
            assert!(in_subgroup(&(cleared * Fr::rand(&mut rng)).into_affine()));
            // Only a cofactor-torsion component (what a forger would add): rejected.
            let torsion = p.mul_bigint(Fr::MODULUS);
            if !torsion.is_zero() {
                assert!(!in_subgroup(&torsion.into_affine()));
                assert!(!in_subgroup(&(torsion + cleared).into_affine()));
            }
            if naive { inside += 1 } else { outside += 1 }
        }
        assert!(outside > 0);
        assert!(g2_in_subgroup(&curve::g2(&G2Affine::generator())));
        assert!(g2_in_subgroup(&curve::g2(&-G2Affine::generator())));
    }

    #[test]
    fn big_endian_round_trip() {
        let value = Fr::from(0x0102_0304_0506_0708u64);
        let bytes = to_be_bytes(&value);
        assert_eq!(input_from_be(&bytes, 0).unwrap(), value);
        assert_eq!(to_decimal(&value), "72623859790382856");
    }

    #[test]
    fn decimals_round_trip_at_the_edges() {
        let below_r = "21888242871839275222246405745257275088548364400416034343698204186575808495616";
        for text in
            ["0", "1", "9", "10", "9999999999999999999", "10000000000000000000", "18446744073709551616", below_r]
        {
            assert_eq!(to_decimal(&input_from_decimal(text, 0).unwrap()), text);
        }
        let q_minus_one = "21888242871839275222246405745257275088696311157297823662689037894645226208582";
        assert_eq!(to_decimal(&coordinate(q_minus_one, "x").unwrap()), q_minus_one);
        let mut rng = ark_std::test_rng();
        for _ in 0..200 {
            let value = <Fr as ark_ff::UniformRand>::rand(&mut rng);
            assert_eq!(to_decimal(&value), alloc::format!("{}", value.into_bigint()));
        }
    }
}
