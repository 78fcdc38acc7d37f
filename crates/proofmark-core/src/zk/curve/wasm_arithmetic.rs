//! BN254 base-field arithmetic written for WebAssembly.
//!
//! Products use 32-bit limbs. WebAssembly has no 64×64→128-bit multiply: arkworks' 64-bit limbs each cost four
//! multiplies plus the carries that stitch them together, and that was 80 % of a
//! verification's time in the SDK. With 32-bit limbs every partial product is one native
//! `i64.mul`. The Montgomery radix is still 2²⁵⁶ (eight 32-bit limbs), so elements keep
//! arkworks' representation bit for bit and nothing is converted.
//!
//! The loop is CIOS with the "no carry" shortcut, valid because the modulus' top limb is
//! below 2³¹ − 1: the running total then never needs a ninth limb.
//!
//! Everything here is straight-line code with constant indices: in the SDK's
//! size-optimised build, arkworks' limb loops (even for addition) stay loops over memory
//! and out-of-line calls, which cost as much as the products saved.
use ark_ff::{BigInt, MontConfig};

type FqConfig = ark_bn254::FqConfig;

const MODULUS: [u64; 4] = <FqConfig as MontConfig<4>>::MODULUS.0;

/// The modulus as eight little-endian 32-bit limbs.
const P: [u64; 8] = split(MODULUS);

/// −p⁻¹ mod 2³², by Newton's iteration (each step doubles the correct low bits).
const INV: u32 = {
    let p0 = MODULUS[0] as u32;
    let mut inverse: u32 = 1;
    let mut step = 0;
    while step < 5 {
        inverse = inverse.wrapping_mul(2u32.wrapping_sub(p0.wrapping_mul(inverse)));
        step += 1;
    }
    inverse.wrapping_neg()
};

const LOW: u64 = 0xffff_ffff;

/// The limbs as 32-bit halves, each held in a `u64` (ready to multiply). Constant
/// indices, no loop: at run time the halves stay in locals even in the size-optimised
/// build.
#[inline(always)]
const fn split(limbs: [u64; 4]) -> [u64; 8] {
    let [l0, l1, l2, l3] = limbs;
    [l0 & LOW, l0 >> 32, l1 & LOW, l1 >> 32, l2 & LOW, l2 >> 32, l3 & LOW, l3 >> 32]
}

/// Eight 32-bit limbs (held in `u64`s) back into four 64-bit ones.
#[inline(always)]
fn join(t: [u64; 8]) -> [u64; 4] {
    [t[0] | (t[1] << 32), t[2] | (t[3] << 32), t[4] | (t[5] << 32), t[6] | (t[7] << 32)]
}

/// `a·b·2⁻²⁵⁶ mod p` for `a, b < p` in Montgomery form. Not inlined: one copy serves
/// every caller (it is large, and a call costs little next to it).
#[inline(never)]
pub fn mul(a: &BigInt<4>, b: &BigInt<4>) -> BigInt<4> {
    // Constant indices throughout, so that the limbs live in locals even in the SDK's
    // size-optimised build (a loop there stays a loop over memory).
    let a = split(a.0);
    let b = split(b.0);
    let mut t = [0u64; 8];
    macro_rules! round {
        ($i:expr) => {{
            let bi = b[$i];
            let s = t[0] + a[0] * bi;
            let mut carry_a = s >> 32;
            let m = ((s as u32).wrapping_mul(INV)) as u64;
            let mut carry_m = ((s & LOW) + m * P[0]) >> 32;
            macro_rules! column {
                ($j:expr) => {{
                    let s = t[$j] + a[$j] * bi + carry_a;
                    carry_a = s >> 32;
                    let s = (s & LOW) + m * P[$j] + carry_m;
                    carry_m = s >> 32;
                    t[$j - 1] = s & LOW;
                }};
            }
            column!(1);
            column!(2);
            column!(3);
            column!(4);
            column!(5);
            column!(6);
            column!(7);
            t[7] = carry_a + carry_m;
        }};
    }
    round!(0);
    round!(1);
    round!(2);
    round!(3);
    round!(4);
    round!(5);
    round!(6);
    round!(7);
    reduce_once(join(t))
}

/// `(a·b + c·d)·2⁻²⁵⁶ mod p`: both products accumulate in one CIOS pass with a single
/// reduction per round (an Fq2 product is two of these). The running total stays below
/// 3p < 2²⁵⁶, so eight limbs still hold it; two conditional subtractions finish.
#[inline(never)]
pub fn sum_of_two_products(a: &BigInt<4>, b: &BigInt<4>, c: &BigInt<4>, d: &BigInt<4>) -> BigInt<4> {
    let a = split(a.0);
    let b = split(b.0);
    let c = split(c.0);
    let d = split(d.0);
    let mut t = [0u64; 8];
    macro_rules! round {
        ($i:expr) => {{
            let (bi, di) = (b[$i], d[$i]);
            let s = t[0] + a[0] * bi;
            let mut carry_ab = s >> 32;
            let s = (s & LOW) + c[0] * di;
            let mut carry_cd = s >> 32;
            let m = ((s as u32).wrapping_mul(INV)) as u64;
            let mut carry_m = ((s & LOW) + m * P[0]) >> 32;
            macro_rules! column {
                ($j:expr) => {{
                    let s = t[$j] + a[$j] * bi + carry_ab;
                    carry_ab = s >> 32;
                    let s = (s & LOW) + c[$j] * di + carry_cd;
                    carry_cd = s >> 32;
                    let s = (s & LOW) + m * P[$j] + carry_m;
                    carry_m = s >> 32;
                    t[$j - 1] = s & LOW;
                }};
            }
            column!(1);
            column!(2);
            column!(3);
            column!(4);
            column!(5);
            column!(6);
            column!(7);
            t[7] = carry_ab + carry_cd + carry_m;
        }};
    }
    round!(0);
    round!(1);
    round!(2);
    round!(3);
    round!(4);
    round!(5);
    round!(6);
    round!(7);
    let once = reduce_once(join(t));
    reduce_once(once.0)
}

/// `a + b mod p`.
#[inline(always)]
pub fn add(a: &BigInt<4>, b: &BigInt<4>) -> BigInt<4> {
    // p < 2²⁵⁴, so the sum of two elements fits in 256 bits.
    let (s0, carry) = a.0[0].overflowing_add(b.0[0]);
    let (s1, carry) = add_with_carry(a.0[1], b.0[1], carry);
    let (s2, carry) = add_with_carry(a.0[2], b.0[2], carry);
    let (s3, _) = add_with_carry(a.0[3], b.0[3], carry);
    reduce_once([s0, s1, s2, s3])
}

/// `a − b mod p`.
#[inline(always)]
pub fn sub(a: &BigInt<4>, b: &BigInt<4>) -> BigInt<4> {
    let (d0, borrow) = a.0[0].overflowing_sub(b.0[0]);
    let (d1, borrow) = sub_with_borrow(a.0[1], b.0[1], borrow);
    let (d2, borrow) = sub_with_borrow(a.0[2], b.0[2], borrow);
    let (d3, borrow) = sub_with_borrow(a.0[3], b.0[3], borrow);
    if !borrow {
        return BigInt([d0, d1, d2, d3]);
    }
    let (e0, carry) = d0.overflowing_add(MODULUS[0]);
    let (e1, carry) = add_with_carry(d1, MODULUS[1], carry);
    let (e2, carry) = add_with_carry(d2, MODULUS[2], carry);
    let (e3, _) = add_with_carry(d3, MODULUS[3], carry);
    BigInt([e0, e1, e2, e3])
}

/// `−a mod p`.
#[inline(always)]
pub fn neg(a: &BigInt<4>) -> BigInt<4> {
    sub(&BigInt([0; 4]), a)
}

/// `x − p` if `x ≥ p`, else `x`: a round leaves its result below 2p.
#[inline(always)]
fn reduce_once(x: [u64; 4]) -> BigInt<4> {
    let (d0, borrow) = x[0].overflowing_sub(MODULUS[0]);
    let (d1, borrow) = sub_with_borrow(x[1], MODULUS[1], borrow);
    let (d2, borrow) = sub_with_borrow(x[2], MODULUS[2], borrow);
    let (d3, borrow) = sub_with_borrow(x[3], MODULUS[3], borrow);
    BigInt(if borrow { x } else { [d0, d1, d2, d3] })
}

#[inline(always)]
fn add_with_carry(a: u64, b: u64, carry: bool) -> (u64, bool) {
    let (s, c1) = a.overflowing_add(b);
    let (s, c2) = s.overflowing_add(u64::from(carry));
    (s, c1 | c2)
}

#[inline(always)]
fn sub_with_borrow(a: u64, b: u64, borrow: bool) -> (u64, bool) {
    let (d, b1) = a.overflowing_sub(b);
    let (d, b2) = d.overflowing_sub(u64::from(borrow));
    (d, b1 | b2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_bn254::Fq;
    use ark_ff::{AdditiveGroup, Field, PrimeField, UniformRand};

    fn ours(a: Fq, b: Fq) -> Fq {
        Fq::new_unchecked(mul(&a.0, &b.0))
    }

    #[test]
    fn sums_of_two_products_equal_arkworks() {
        let mut rng = ark_std::test_rng();
        let mut largest = BigInt(MODULUS);
        ark_ff::BigInteger::sub_with_borrow(&mut largest, &BigInt::from(1u64));
        let top = Fq::new_unchecked(largest);
        let mut values = alloc::vec![Fq::ZERO, Fq::ONE, -Fq::ONE, top];
        values.extend((0..12).map(|_| Fq::rand(&mut rng)));
        for a in &values {
            for b in &values {
                for (c, d) in [(top, top), (*b, *a), (Fq::ZERO, *a)] {
                    let ours = Fq::new_unchecked(sum_of_two_products(&a.0, &b.0, &c.0, &d.0));
                    assert_eq!(ours, *a * b + c * d);
                    assert!(ours.0 < BigInt(MODULUS));
                }
            }
        }
        for _ in 0..5_000 {
            let [a, b, c, d] = [0; 4].map(|_| Fq::rand(&mut rng));
            assert_eq!(Fq::new_unchecked(sum_of_two_products(&a.0, &b.0, &c.0, &d.0)), a * b + c * d);
        }
    }

    #[test]
    fn sums_and_differences_equal_arkworks() {
        let mut rng = ark_std::test_rng();
        let minus_one = -Fq::ONE;
        let mut values = alloc::vec![Fq::ZERO, Fq::ONE, minus_one, minus_one.double(), Fq::from(2u64)];
        values.extend((0..200).map(|_| Fq::rand(&mut rng)));
        for a in &values {
            assert_eq!(Fq::new_unchecked(neg(&a.0)), -*a);
            for b in &values {
                assert_eq!(Fq::new_unchecked(add(&a.0, &b.0)), *a + b);
                assert_eq!(Fq::new_unchecked(sub(&a.0, &b.0)), *a - b);
            }
        }
    }

    #[test]
    fn the_constants_are_those_of_the_modulus() {
        assert_eq!((MODULUS[0] as u32).wrapping_mul(INV), u32::MAX, "p·(−p⁻¹) ≡ −1 mod 2³²");
        assert!(P[7] < (1 << 31) - 1, "the no-carry shortcut needs a spare top bit");
    }

    #[test]
    fn equals_arkworks_multiplication() {
        let mut rng = ark_std::test_rng();
        let minus_one = -Fq::ONE;
        let edges = [Fq::ZERO, Fq::ONE, minus_one, Fq::from(2u64), minus_one.inverse().unwrap_or(Fq::ONE)];
        for a in edges {
            for b in edges {
                assert_eq!(ours(a, b), a * b);
            }
        }
        for _ in 0..10_000 {
            let (a, b) = (Fq::rand(&mut rng), Fq::rand(&mut rng));
            assert_eq!(ours(a, b), a * b);
            assert_eq!(ours(a, a), a.square());
        }
        // The largest representation times itself; results are canonical (below p).
        let mut largest = BigInt(MODULUS);
        ark_ff::BigInteger::sub_with_borrow(&mut largest, &BigInt::from(1u64));
        let top = Fq::new_unchecked(largest);
        assert_eq!(ours(top, top), top * top);
        assert!(ours(top, top).0 < BigInt(MODULUS));
        assert!(Fq::from_bigint(largest).is_some());
    }
}
