//! A multi-Miller loop for BN254 with one accumulator for every pair.
//!
//! arkworks' `multi_miller_loop` splits pairs into groups of four, each with its own
//! accumulator, so a batch of n proofs pays for n/4 sets of Fq12 squarings. Sharing one
//! accumulator pays for one set, which is what makes a batch cheaper per proof.
use super::curve::{Bn254, Config, Fq2, Fq12, G1Affine};
use ark_ec::AffineRepr;
use ark_ec::bn::{BnConfig, G2Prepared};
use ark_ec::pairing::MillerLoopOutput;
use ark_ff::{CyclotomicMultSubgroup, Field, One};

/// Multiplies the line through the prepared coefficients, evaluated at `p`, into `f`
/// (BN254's twist is a D-type twist).
pub(super) fn line(f: &mut Fq12, coeffs: &(Fq2, Fq2, Fq2), p: &G1Affine) {
    let (mut c0, mut c1, c2) = *coeffs;
    c0.mul_assign_by_fp(&p.y);
    c1.mul_assign_by_fp(&p.x);
    f.mul_by_034(&c0, &c1, &c2);
}

/// `∏ f_{Q}(P)` over the pairs, before the final exponentiation. Pairs with the identity
/// contribute 1 and are skipped.
pub fn multi_miller_loop(pairs: &[(G1Affine, &G2Prepared<Config>)]) -> MillerLoopOutput<Bn254> {
    let live: alloc::vec::Vec<_> =
        pairs.iter().filter(|(p, q)| !p.is_zero() && !q.infinity).map(|(p, q)| (p, q.ell_coeffs.iter())).collect();
    let mut live = live;
    let mut f = Fq12::one();
    let count = <Config as BnConfig>::ATE_LOOP_COUNT;
    for i in (1..count.len()).rev() {
        if i != count.len() - 1 {
            f.square_in_place();
        }
        for (p, coeffs) in live.iter_mut() {
            if let Some(c) = coeffs.next() {
                line(&mut f, c, p);
            }
        }
        if count[i - 1] != 0 {
            for (p, coeffs) in live.iter_mut() {
                if let Some(c) = coeffs.next() {
                    line(&mut f, c, p);
                }
            }
        }
    }
    if <Config as BnConfig>::X_IS_NEGATIVE {
        f.cyclotomic_inverse_in_place();
    }
    for _ in 0..2 {
        for (p, coeffs) in live.iter_mut() {
            if let Some(c) = coeffs.next() {
                line(&mut f, c, p);
            }
        }
    }
    MillerLoopOutput(f)
}

#[cfg(test)]
mod tests {
    use super::super::curve::G2Affine;
    use super::*;
    use ark_bn254::Fr;
    use ark_ec::CurveGroup;
    use ark_ec::pairing::Pairing;

    #[test]
    fn equals_arkworks_on_many_pairs() {
        let pairs: alloc::vec::Vec<(G1Affine, G2Prepared<Config>)> = (1..=9u64)
            .map(|i| {
                let p = (G1Affine::generator() * Fr::from(i * 7 + 1)).into_affine();
                let q = (G2Affine::generator() * Fr::from(i * 13 + 5)).into_affine();
                (p, q.into())
            })
            .collect();
        let ours = multi_miller_loop(&pairs.iter().map(|(p, q)| (*p, q)).collect::<alloc::vec::Vec<_>>());
        let theirs = Bn254::multi_miller_loop(pairs.iter().map(|(p, _)| *p), pairs.iter().map(|(_, q)| q.clone()));
        assert_eq!(Bn254::final_exponentiation(ours), Bn254::final_exponentiation(theirs));
    }
}
