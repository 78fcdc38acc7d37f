//! BN254's base field as the verifier computes in it: `ark_bn254::Fq` natively; on
//! WebAssembly, sums, differences and products from [`super::wasm_arithmetic`].
//!
//! Elements share arkworks' representation (Montgomery form, radix 2²⁵⁶, four 64-bit
//! limbs), so [`from_ark`] and [`to_ark`] only retag a value. Inversion, square roots and
//! conversions delegate to `ark_bn254::Fq`, except that on WebAssembly inversion and the
//! conversion into Montgomery form are products from [`super::wasm_arithmetic`] too.
use core::marker::PhantomData;

use ark_ff::fields::models::fp::{Fp, FpConfig, MontBackend};
use ark_ff::{BigInt, SqrtPrecomputation};

type Ark = MontBackend<ark_bn254::FqConfig, 4>;

/// The [`FpConfig`] of [`Fq`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Backend;

/// BN254's base field, multiplied the fast way for the target.
pub type Fq = Fp<Backend, 4>;

/// An arkworks element as an [`Fq`] (the same bits).
pub const fn from_ark(value: ark_bn254::Fq) -> Fq {
    Fp(value.0, PhantomData)
}

/// An [`Fq`] as an arkworks element (the same bits).
pub const fn to_ark(value: Fq) -> ark_bn254::Fq {
    Fp(value.0, PhantomData)
}

/// Applies an arkworks in-place operation to `a` (native builds).
#[cfg(not(target_arch = "wasm32"))]
#[inline(always)]
fn with_ark(a: &mut Fq, f: impl FnOnce(&mut ark_bn254::Fq)) {
    let mut value = to_ark(*a);
    f(&mut value);
    *a = from_ark(value);
}

impl FpConfig<4> for Backend {
    const MODULUS: BigInt<4> = Ark::MODULUS;
    const GENERATOR: Fq = from_ark(Ark::GENERATOR);
    const ZERO: Fq = from_ark(Ark::ZERO);
    const ONE: Fq = from_ark(Ark::ONE);
    const NEG_ONE: Fq = from_ark(Ark::NEG_ONE);
    const TWO_ADICITY: u32 = Ark::TWO_ADICITY;
    const TWO_ADIC_ROOT_OF_UNITY: Fq = from_ark(Ark::TWO_ADIC_ROOT_OF_UNITY);
    const SMALL_SUBGROUP_BASE: Option<u32> = Ark::SMALL_SUBGROUP_BASE;
    const SMALL_SUBGROUP_BASE_ADICITY: Option<u32> = Ark::SMALL_SUBGROUP_BASE_ADICITY;
    const LARGE_SUBGROUP_ROOT_OF_UNITY: Option<Fq> = match Ark::LARGE_SUBGROUP_ROOT_OF_UNITY {
        Some(root) => Some(from_ark(root)),
        None => None,
    };
    const SQRT_PRECOMP: Option<SqrtPrecomputation<Fq>> = match Ark::SQRT_PRECOMP {
        Some(SqrtPrecomputation::Case3Mod4 { modulus_plus_one_div_four }) => {
            Some(SqrtPrecomputation::Case3Mod4 { modulus_plus_one_div_four })
        }
        Some(SqrtPrecomputation::TonelliShanks {
            two_adicity,
            quadratic_nonresidue_to_trace,
            trace_of_modulus_minus_one_div_two,
        }) => Some(SqrtPrecomputation::TonelliShanks {
            two_adicity,
            quadratic_nonresidue_to_trace: from_ark(quadratic_nonresidue_to_trace),
            trace_of_modulus_minus_one_div_two,
        }),
        _ => None,
    };

    #[inline(always)]
    fn add_assign(a: &mut Fq, b: &Fq) {
        #[cfg(target_arch = "wasm32")]
        {
            a.0 = super::wasm_arithmetic::add(&a.0, &b.0);
        }
        #[cfg(not(target_arch = "wasm32"))]
        with_ark(a, |a| Ark::add_assign(a, &to_ark(*b)));
    }

    #[inline(always)]
    fn sub_assign(a: &mut Fq, b: &Fq) {
        #[cfg(target_arch = "wasm32")]
        {
            a.0 = super::wasm_arithmetic::sub(&a.0, &b.0);
        }
        #[cfg(not(target_arch = "wasm32"))]
        with_ark(a, |a| Ark::sub_assign(a, &to_ark(*b)));
    }

    #[inline(always)]
    fn double_in_place(a: &mut Fq) {
        #[cfg(target_arch = "wasm32")]
        {
            a.0 = super::wasm_arithmetic::double(&a.0);
        }
        #[cfg(not(target_arch = "wasm32"))]
        with_ark(a, Ark::double_in_place);
    }

    #[inline(always)]
    fn neg_in_place(a: &mut Fq) {
        #[cfg(target_arch = "wasm32")]
        {
            a.0 = super::wasm_arithmetic::neg(&a.0);
        }
        #[cfg(not(target_arch = "wasm32"))]
        with_ark(a, Ark::neg_in_place);
    }

    #[inline(always)]
    fn mul_assign(a: &mut Fq, b: &Fq) {
        #[cfg(target_arch = "wasm32")]
        {
            a.0 = super::wasm_arithmetic::mul(&a.0, &b.0);
        }
        #[cfg(not(target_arch = "wasm32"))]
        with_ark(a, |a| Ark::mul_assign(a, &to_ark(*b)));
    }

    #[inline(always)]
    fn sum_of_products<const T: usize>(a: &[Fq; T], b: &[Fq; T]) -> Fq {
        #[cfg(target_arch = "wasm32")]
        {
            if let ([x0, x1], [y0, y1]) = (a.as_slice(), b.as_slice()) {
                // An Fq2 product: both products in one reduction.
                return Fp(super::wasm_arithmetic::sum_of_two_products(&x0.0, &y0.0, &x1.0, &y1.0), PhantomData);
            }
            let mut sum = Self::ZERO;
            for (x, y) in a.iter().zip(b) {
                let mut product = *x;
                Self::mul_assign(&mut product, y);
                Self::add_assign(&mut sum, &product);
            }
            sum
        }
        #[cfg(not(target_arch = "wasm32"))]
        from_ark(Ark::sum_of_products(&a.map(to_ark), &b.map(to_ark)))
    }

    #[inline(always)]
    fn square_in_place(a: &mut Fq) {
        #[cfg(target_arch = "wasm32")]
        {
            a.0 = super::wasm_arithmetic::mul(&a.0, &a.0);
        }
        #[cfg(not(target_arch = "wasm32"))]
        with_ark(a, Ark::square_in_place);
    }

    fn inverse(a: &Fq) -> Option<Fq> {
        #[cfg(target_arch = "wasm32")]
        if super::wasm_arithmetic::early_inversion() {
            return super::wasm_arithmetic::inverse(&a.0).map(|value| Fp(value, PhantomData));
        }
        Ark::inverse(&to_ark(*a)).map(from_ark)
    }

    fn from_bigint(other: BigInt<4>) -> Option<Fq> {
        #[cfg(target_arch = "wasm32")]
        {
            super::wasm_arithmetic::to_montgomery(&other).map(|value| Fp(value, PhantomData))
        }
        #[cfg(not(target_arch = "wasm32"))]
        Ark::from_bigint(other).map(from_ark)
    }

    fn into_bigint(other: Fq) -> BigInt<4> {
        Ark::into_bigint(to_ark(other))
    }
}
