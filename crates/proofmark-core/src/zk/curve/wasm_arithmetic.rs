//! BN254 base-field arithmetic written for WebAssembly.
//!
//! WebAssembly has no 64×64→128-bit multiply: arkworks' 64-bit limbs each cost four
//! multiplies plus the carries that stitch them together, and that was 80 % of a
//! verification's time in the SDK. Here products use nine unsaturated 29-bit limbs: a
//! partial product is below 2⁵⁸, so a limb of the running total takes all 27 partial
//! products a column can receive (two products and the reduction, nine rounds) without
//! ever carrying. Each partial product is one `i64.mul` and one `i64.add`; only the
//! lowest limb is carried, once per round, to find the reduction multiplier.
//!
//! Nine 29-bit rounds divide by 2²⁶¹, not by the 2²⁵⁶ of arkworks' Montgomery radix, so
//! the second factor enters shifted left by five bits (`b·2⁵ < 2²⁵⁹` still fits nine
//! limbs). `a·(b·2⁵)·2⁻²⁶¹ = a·b·2⁻²⁵⁶`: elements keep arkworks' representation bit for
//! bit, and because the shifted factor stays below 2²⁶¹/4, the result is below 1.25p
//! (1.5p for a sum of two products) and one conditional subtraction finishes.
//!
//! Everything here is straight-line code with constant indices: in the SDK's
//! size-optimised build, loops (even arkworks' limb loops for addition) stay loops over
//! memory and out-of-line calls, which cost as much as the products saved.
use ark_ff::{BigInt, MontConfig};

type FqConfig = ark_bn254::FqConfig;

const MODULUS: [u64; 4] = <FqConfig as MontConfig<4>>::MODULUS.0;

/// Bits per limb of a product's operands and running total.
const LIMB_BITS: u32 = 29;

const MASK: u64 = (1 << LIMB_BITS) - 1;

/// The modulus as nine little-endian 29-bit limbs.
const P: [u64; 9] = limbs(&MODULUS, 0);

/// −p⁻¹ mod 2²⁹, by Newton's iteration (each step doubles the correct low bits).
const INV: u64 = {
    let p0 = MODULUS[0];
    let mut inverse: u64 = 1;
    let mut step = 0;
    while step < 5 {
        inverse = inverse.wrapping_mul(2u64.wrapping_sub(p0.wrapping_mul(inverse)));
        step += 1;
    }
    inverse.wrapping_neg() & MASK
};

/// The 29 bits of `x` from bit `start` on (bits below 0 read as zero, so a negative start
/// shifts `x` left).
#[inline(always)]
const fn window(x: &[u64; 4], start: i32) -> u64 {
    if start < 0 {
        return (x[0] << (-start) as u32) & MASK;
    }
    let word = (start / 64) as usize;
    let offset = (start % 64) as u32;
    let low = x[word] >> offset;
    let high = if offset + LIMB_BITS > 64 && word + 1 < 4 { x[word + 1] << (64 - offset) } else { 0 };
    (low | high) & MASK
}

/// `x·2^shift` as nine 29-bit limbs (the caller keeps it below 2²⁶¹). Constant indices,
/// no loop: at run time the limbs stay in locals even in the size-optimised build.
#[inline(always)]
const fn limbs(x: &[u64; 4], shift: i32) -> [u64; 9] {
    const W: i32 = LIMB_BITS as i32;
    [
        window(x, -shift),
        window(x, W - shift),
        window(x, 2 * W - shift),
        window(x, 3 * W - shift),
        window(x, 4 * W - shift),
        window(x, 5 * W - shift),
        window(x, 6 * W - shift),
        window(x, 7 * W - shift),
        window(x, 8 * W - shift),
    ]
}

/// A running total (lazy limbs, value below 2²⁵⁶) as four 64-bit limbs, below p.
#[inline(always)]
fn finish(mut t: [u64; 9]) -> BigInt<4> {
    macro_rules! carry {
        ($j:expr) => {
            t[$j + 1] += t[$j] >> LIMB_BITS;
            t[$j] &= MASK;
        };
    }
    carry!(0);
    carry!(1);
    carry!(2);
    carry!(3);
    carry!(4);
    carry!(5);
    carry!(6);
    carry!(7);
    reduce_once([
        t[0] | (t[1] << 29) | (t[2] << 58),
        (t[2] >> 6) | (t[3] << 23) | (t[4] << 52),
        (t[4] >> 12) | (t[5] << 17) | (t[6] << 46),
        (t[6] >> 18) | (t[7] << 11) | (t[8] << 40),
    ])
}

/// One Montgomery round's reduction: adds `m·p` for the `m` that clears limb 0, carries
/// limb 0 into limb 1 and shifts the total down one limb.
macro_rules! reduce_round {
    ($t:ident) => {{
        let m = (($t[0] & MASK) * INV) & MASK;
        let carry = ($t[0] + m * P[0]) >> LIMB_BITS;
        $t = [
            $t[1] + m * P[1] + carry,
            $t[2] + m * P[2],
            $t[3] + m * P[3],
            $t[4] + m * P[4],
            $t[5] + m * P[5],
            $t[6] + m * P[6],
            $t[7] + m * P[7],
            $t[8] + m * P[8],
            0,
        ];
    }};
}

/// `t += x·y` limb by limb, for one limb `x`.
macro_rules! add_product {
    ($t:ident, $x:expr, $y:ident) => {{
        let x = $x;
        $t = [
            $t[0] + x * $y[0],
            $t[1] + x * $y[1],
            $t[2] + x * $y[2],
            $t[3] + x * $y[3],
            $t[4] + x * $y[4],
            $t[5] + x * $y[5],
            $t[6] + x * $y[6],
            $t[7] + x * $y[7],
            $t[8] + x * $y[8],
        ];
    }};
}

/// `$round!(i)` for the nine limbs `i`, written out: constant indices keep the limbs in
/// locals (see the module notes).
macro_rules! nine_rounds {
    ($round:ident) => {
        $round!(0);
        $round!(1);
        $round!(2);
        $round!(3);
        $round!(4);
        $round!(5);
        $round!(6);
        $round!(7);
        $round!(8);
    };
}

/// `a·b·2⁻²⁵⁶ mod p` for `a, b < p` in Montgomery form. Not inlined: one copy serves
/// every caller (it is large, and a call costs little next to it).
#[inline(never)]
pub fn mul(a: &BigInt<4>, b: &BigInt<4>) -> BigInt<4> {
    let a = limbs(&a.0, 0);
    let b = limbs(&b.0, 5);
    let mut t = [0u64; 9];
    macro_rules! round {
        ($i:expr) => {
            add_product!(t, a[$i], b);
            reduce_round!(t);
        };
    }
    nine_rounds!(round);
    finish(t)
}

/// `(a·b + c·d)·2⁻²⁵⁶ mod p`: both products accumulate in one pass with a single
/// reduction per round (an Fq2 product is two of these).
#[inline(never)]
pub fn sum_of_two_products(a: &BigInt<4>, b: &BigInt<4>, c: &BigInt<4>, d: &BigInt<4>) -> BigInt<4> {
    let a = limbs(&a.0, 0);
    let b = limbs(&b.0, 5);
    let c = limbs(&c.0, 0);
    let d = limbs(&d.0, 5);
    let mut t = [0u64; 9];
    macro_rules! round {
        ($i:expr) => {
            add_product!(t, a[$i], b);
            add_product!(t, c[$i], d);
            reduce_round!(t);
        };
    }
    nine_rounds!(round);
    finish(t)
}

/// `r` in Montgomery form (`r·2²⁵⁶ mod p`, one product by `R²`), or `None` if `r ≥ p`:
/// arkworks' conversion multiplies with its own 64-bit product, a second large function
/// that every decoded coordinate would run and, on a fresh page, compile.
pub fn to_montgomery(r: &BigInt<4>) -> Option<BigInt<4>> {
    if *r >= BigInt(MODULUS) {
        return None;
    }
    Some(mul(r, &<FqConfig as MontConfig<4>>::R2))
}

/// Inversions by [`inverse`] before arkworks' takes over.
const EARLY_INVERSIONS: u32 = 16;

static INVERSIONS: core::sync::atomic::AtomicU32 = core::sync::atomic::AtomicU32::new(0);

/// Whether this inversion is among the module's first [`EARLY_INVERSIONS`]: those use
/// [`inverse`], later ones arkworks' binary extended Euclid. A verification on a fresh
/// page makes three; there arkworks' loop would run in the engine's baseline compiler,
/// then occupy an optimising compile for milliseconds, while [`inverse`] runs on the
/// product kernel, optimised early because everything uses it. Warm, arkworks' is three
/// times faster.
pub fn early_inversion() -> bool {
    use core::sync::atomic::Ordering::Relaxed;
    INVERSIONS.load(Relaxed) < EARLY_INVERSIONS && INVERSIONS.fetch_add(1, Relaxed) < EARLY_INVERSIONS
}

/// `a⁻¹` in Montgomery form (`a^(p−2)`, Fermat), or `None` for zero: 252 squarings and
/// at most 78 products (four exponent bits per window), all in [`mul`]. arkworks' binary
/// extended Euclid is a large loop of its own, which a fresh page would run in the
/// baseline compiler and then spend milliseconds optimising, for the few inversions a
/// verification makes.
pub fn inverse(a: &BigInt<4>) -> Option<BigInt<4>> {
    if a.0 == [0; 4] {
        return None;
    }
    let one = <FqConfig as MontConfig<4>>::R;
    let mut powers = [one; 16];
    for i in 1..16 {
        powers[i] = mul(&powers[i - 1], a);
    }
    let exponent = [MODULUS[0] - 2, MODULUS[1], MODULUS[2], MODULUS[3]];
    let mut result = one;
    for word in exponent.iter().rev() {
        for nibble in (0..16).rev() {
            for _ in 0..4 {
                result = mul(&result, &result);
            }
            let digit = ((word >> (4 * nibble)) & 15) as usize;
            if digit != 0 {
                result = mul(&result, &powers[digit]);
            }
        }
    }
    Some(result)
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

/// `2a mod p`: a shift, then [`reduce_once`].
#[inline(always)]
pub fn double(a: &BigInt<4>) -> BigInt<4> {
    let [a0, a1, a2, a3] = a.0;
    reduce_once([a0 << 1, (a1 << 1) | (a0 >> 63), (a2 << 1) | (a1 >> 63), (a3 << 1) | (a2 >> 63)])
}

/// `a − b mod p`, without a branch (whether a − b borrows is a coin flip, which a
/// branch predictor cannot learn).
#[inline(always)]
pub fn sub(a: &BigInt<4>, b: &BigInt<4>) -> BigInt<4> {
    let (d0, borrow) = a.0[0].overflowing_sub(b.0[0]);
    let (d1, borrow) = sub_with_borrow(a.0[1], b.0[1], borrow);
    let (d2, borrow) = sub_with_borrow(a.0[2], b.0[2], borrow);
    let (d3, borrow) = sub_with_borrow(a.0[3], b.0[3], borrow);
    // p where the difference borrowed, 0 where it did not.
    let mask = u64::from(borrow).wrapping_neg();
    let (e0, carry) = d0.overflowing_add(MODULUS[0] & mask);
    let (e1, carry) = add_with_carry(d1, MODULUS[1] & mask, carry);
    let (e2, carry) = add_with_carry(d2, MODULUS[2] & mask, carry);
    let (e3, _) = add_with_carry(d3, MODULUS[3] & mask, carry);
    BigInt([e0, e1, e2, e3])
}

/// `−a mod p`.
#[inline(always)]
pub fn neg(a: &BigInt<4>) -> BigInt<4> {
    sub(&BigInt([0; 4]), a)
}

/// `x − p` if `x ≥ p`, else `x` (a round leaves its result below 2p), without a branch.
#[inline(always)]
fn reduce_once(x: [u64; 4]) -> BigInt<4> {
    let (d0, borrow) = x[0].overflowing_sub(MODULUS[0]);
    let (d1, borrow) = sub_with_borrow(x[1], MODULUS[1], borrow);
    let (d2, borrow) = sub_with_borrow(x[2], MODULUS[2], borrow);
    let (d3, borrow) = sub_with_borrow(x[3], MODULUS[3], borrow);
    // All ones where x < p (keep x), zero where x ≥ p (keep x − p).
    let keep = u64::from(borrow).wrapping_neg();
    BigInt([d0 ^ ((d0 ^ x[0]) & keep), d1 ^ ((d1 ^ x[1]) & keep), d2 ^ ((d2 ^ x[2]) & keep), d3 ^ ((d3 ^ x[3]) & keep)])
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
            assert_eq!(Fq::new_unchecked(double(&a.0)), a.double());
            for b in &values {
                assert_eq!(Fq::new_unchecked(add(&a.0, &b.0)), *a + b);
                assert_eq!(Fq::new_unchecked(sub(&a.0, &b.0)), *a - b);
            }
        }
    }

    #[test]
    fn inverses_equal_arkworks() {
        let mut rng = ark_std::test_rng();
        let mut values = alloc::vec![Fq::ONE, -Fq::ONE, Fq::from(2u64)];
        values.extend((0..300).map(|_| Fq::rand(&mut rng)));
        for value in values {
            assert_eq!(inverse(&value.0).map(Fq::new_unchecked), value.inverse(), "{value}");
        }
        assert_eq!(inverse(&Fq::ZERO.0), None);
    }

    #[test]
    fn the_first_sixteen_inversions_are_early() {
        // Only this test asks natively (the base field asks on WebAssembly alone).
        let early = (0..40).filter(|_| early_inversion()).count();
        assert_eq!(early, 16);
        assert!(!early_inversion());
    }

    #[test]
    fn montgomery_conversion_equals_arkworks() {
        let mut rng = ark_std::test_rng();
        let mut largest = BigInt(MODULUS);
        ark_ff::BigInteger::sub_with_borrow(&mut largest, &BigInt::from(1u64));
        let mut values = alloc::vec![BigInt::from(0u64), BigInt::from(1u64), BigInt::from(2u64), largest];
        values.extend((0..2_000).map(|_| Fq::rand(&mut rng).into_bigint()));
        for value in values {
            assert_eq!(to_montgomery(&value), Fq::from_bigint(value).map(|x| x.0), "{value}");
        }
        for beyond in
            [BigInt(MODULUS), BigInt([u64::MAX; 4]), BigInt([MODULUS[0] + 1, MODULUS[1], MODULUS[2], MODULUS[3]])]
        {
            assert_eq!(to_montgomery(&beyond), None, "{beyond}");
        }
    }

    #[test]
    fn the_constants_are_those_of_the_modulus() {
        assert_eq!(MODULUS[0].wrapping_mul(INV) & MASK, MASK, "p·(−p⁻¹) ≡ −1 mod 2²⁹");
        assert_eq!(finish(P).0, [0; 4], "nine limbs hold p exactly (and p reduces to zero)");
        assert!(P[8] < 1 << 22, "p < 2²⁵⁴");
        // The shifted factor stays below 2²⁶¹: the top limb of (p − 1)·2⁵ has room.
        assert!(limbs(&MODULUS, 5)[8] < 1 << 27);
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
