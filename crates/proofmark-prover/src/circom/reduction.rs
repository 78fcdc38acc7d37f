//! circom's R1CS-to-QAP reduction, as snarkjs's prover and `.zkey` files use it, and
//! proving from a `.zkey` and a `.wtns`.
//!
//! arkworks' default reduction hands the prover the quotient `h = (A·B − C)/Z` as
//! coefficients, paired with `[τ^i·Z(τ)/δ]₁`. snarkjs instead evaluates on the *odd
//! coset* `g·ω^i` of the domain (`g` a primitive `2n`-th root of unity, so `g^n = −1`):
//!
//! 1. `A_i`, `B_i` = each row of A and B against the witness (rows include the extra
//!    public-signal rows), `C_i = A_i·B_i`, for `i < n` (the domain size);
//! 2. inverse FFT of each over the domain, then evaluation at `g·ω^i` (coset FFT);
//! 3. `p_i = A(gω^i)·B(gω^i) − C(gω^i)`, *not* divided by `Z`: on the coset `Z = g^n − 1
//!    = −2` is constant, and the zkey's H points already fold in `Z(τ)` and that `−1/2`:
//!    `H_i = [(τ^{2n} − 1)·x_i / (2n·δ·(τ − x_i))]₁` with `x_i = g·ω^i`
//!    (see [`CircomReduction::h_query_scalars`] for the derivation).
//!
//! The domain generator `ω` must be snarkjs's: ffjavascript takes `5^t` as its 2^28-th
//! root of unity (`5` the smallest quadratic non-residue, `r − 1 = 2^28·t`) and squares
//! down, which is exactly arkworks' `TWO_ADIC_ROOT_OF_UNITY` for BN254 (generator 5);
//! `g` is the next root up, `ω_{2n}`, except at the largest domain (`n = 2^28`), where
//! snarkjs uses `5² = 25` (no `2^29`-th root exists). A test pins both.
use ark_bn254::{Bn254, Fr};
use ark_ff::{One, PrimeField, Zero, batch_inversion};
use ark_groth16::{
    Groth16, Proof,
    r1cs_to_qap::{LibsnarkReduction, R1CSToQAP},
};
use ark_poly::{EvaluationDomain, Radix2EvaluationDomain};
use ark_relations::{
    gr1cs::{ConstraintSystemRef, R1CS_PREDICATE_LABEL, Result as R1CSResult, SynthesisError},
    utils::matrix::Matrix,
};
use ark_std::rand::{CryptoRng, Rng};
use rayon::prelude::*;

use super::zkey::Zkey;
use crate::error::{Error, Result};

/// circom's (snarkjs's) R1CS-to-QAP reduction, for [`Groth16`]: proving keys made by
/// snarkjs (`.zkey`) need it, and a setup run with it makes keys snarkjs can prove with.
///
/// [`witness_map_from_matrices`](R1CSToQAP::witness_map_from_matrices) takes circom's
/// matrices: `matrices[0]` (A) and `matrices[1]` (B), every row explicit, including the
/// public-signal rows (as in a [`Zkey`]); C is not used. The domain is the radix-2 domain
/// for `num_constraints + num_inputs` elements, and no matrix may have more rows. When
/// proving from an arkworks constraint system
/// ([`witness_map`](R1CSToQAP::witness_map)), the public rows are appended first.
#[derive(Clone, Copy, Debug, Default)]
pub struct CircomReduction;

/// snarkjs's coset shift for a domain of `n` elements: `ω_{2n}`, or the square of the
/// smallest quadratic non-residue at the largest radix-2 domain.
fn coset_shift<F: PrimeField>(n: usize) -> Option<F> {
    if let Some(double) = Radix2EvaluationDomain::<F>::new(2 * n).filter(|d| d.size() == 2 * n) {
        return Some(double.group_gen());
    }
    let mut nqr = F::from(2u64);
    while nqr.legendre().is_qr() || nqr.is_zero() {
        nqr += F::one();
    }
    Some(nqr.square())
}

/// One row of a matrix against the assignment; `None` if a column is out of range.
fn evaluate_row<F: PrimeField>(row: &[(F, usize)], assignment: &[F]) -> Option<F> {
    row.iter().try_fold(F::zero(), |acc, (coefficient, column)| {
        assignment.get(*column).map(|value| if coefficient.is_one() { acc + value } else { acc + *coefficient * value })
    })
}

impl R1CSToQAP for CircomReduction {
    /// The same QAP instance as arkworks' [`LibsnarkReduction`]: Lagrange evaluations at
    /// `t` on the domain, with the public-input rows in A after the constraints (exactly
    /// where snarkjs puts them).
    #[allow(clippy::type_complexity)]
    fn instance_map_with_evaluation<F: PrimeField, D: EvaluationDomain<F>>(
        cs: ConstraintSystemRef<F>,
        t: &F,
    ) -> R1CSResult<(Vec<F>, Vec<F>, Vec<F>, F, usize, usize)> {
        LibsnarkReduction::instance_map_with_evaluation::<F, D>(cs, t)
    }

    /// Appends circom's public rows (row `num_constraints + i` = signal `i`, for the
    /// constant one and each public input) to A, then maps as from a zkey.
    fn witness_map<F: PrimeField, D: EvaluationDomain<F>>(prover: ConstraintSystemRef<F>) -> R1CSResult<Vec<F>> {
        let mut all = prover.to_matrices()?;
        let mut matrices = all.remove(R1CS_PREDICATE_LABEL).ok_or(SynthesisError::PredicateNotFound)?;
        if matrices.len() < 2 {
            return Err(SynthesisError::ArityMismatch);
        }
        let num_inputs = prover.num_instance_variables();
        let num_constraints = prover.num_constraints();
        matrices[0].extend((0..num_inputs).map(|i| vec![(F::one(), i)]));
        let mut full_assignment = prover.instance_assignment()?;
        full_assignment.extend(prover.witness_assignment()?);
        Self::witness_map_from_matrices::<F, D>(&matrices, num_inputs, num_constraints, &full_assignment)
    }

    /// The odd-coset evaluations of `A·B − C` (see the module docs), one per H point.
    fn witness_map_from_matrices<F: PrimeField, D: EvaluationDomain<F>>(
        matrices: &[Matrix<F>],
        num_inputs: usize,
        num_constraints: usize,
        full_assignment: &[F],
    ) -> R1CSResult<Vec<F>> {
        let [a_rows, b_rows, ..] = matrices else { return Err(SynthesisError::ArityMismatch) };
        let size = num_constraints.checked_add(num_inputs).ok_or(SynthesisError::PolynomialDegreeTooLarge)?;
        let domain = Radix2EvaluationDomain::<F>::new(size).ok_or(SynthesisError::PolynomialDegreeTooLarge)?;
        let n = domain.size();
        if a_rows.len() > n || b_rows.len() > n {
            return Err(SynthesisError::PolynomialDegreeTooLarge);
        }
        let shift = coset_shift::<F>(n).ok_or(SynthesisError::PolynomialDegreeTooLarge)?;
        let coset = domain.get_coset(shift).ok_or(SynthesisError::PolynomialDegreeTooLarge)?;

        let evaluate = |rows: &Matrix<F>| -> R1CSResult<Vec<F>> {
            let mut out = rows
                .par_iter()
                .map(|row| evaluate_row(row, full_assignment).ok_or(SynthesisError::AssignmentMissing))
                .collect::<R1CSResult<Vec<F>>>()?;
            out.resize(n, F::zero());
            Ok(out)
        };
        let mut a = evaluate(a_rows)?;
        let mut b = evaluate(b_rows)?;
        let mut c: Vec<F> = a.par_iter().zip(&b).map(|(a, b)| *a * b).collect();

        let to_coset = |values: &mut Vec<F>| {
            domain.ifft_in_place(values);
            coset.fft_in_place(values);
        };
        rayon::join(|| to_coset(&mut a), || rayon::join(|| to_coset(&mut b), || to_coset(&mut c)));
        a.par_iter_mut().zip(&b).zip(&c).for_each(|((a, b), c)| *a = *a * b - c);
        Ok(a)
    }

    /// The H points' scalars for a domain of `n = max_power + 1` elements:
    /// `(t^{2n} − 1)·x_i / (2n·δ·(t − x_i))` for the odd-coset points `x_i = g·ω^i`.
    ///
    /// Derivation: the prover supplies `p_i = P(x_i)` with `P = A·B − C = h·Z`, and on the
    /// coset `Z(x_i) = g^n − 1 = −2`, so `h(x_i) = −p_i/2`. With `h` of degree `< n`,
    /// `h(t) = Σ h(x_i)·L_i(t)` where the coset's Lagrange basis is
    /// `L_i(t) = (t^n − g^n)·x_i / (n·g^n·(t − x_i)) = −(t^n + 1)·x_i / (n·(t − x_i))`.
    /// Hence `h(t)·Z(t)/δ = Σ p_i · (t^n + 1)(t^n − 1)·x_i / (2n·δ·(t − x_i))`.
    fn h_query_scalars<F: PrimeField, D: EvaluationDomain<F>>(
        max_power: usize,
        t: F,
        zt: F,
        delta_inverse: F,
    ) -> R1CSResult<Vec<F>> {
        let n = max_power + 1;
        let domain = Radix2EvaluationDomain::<F>::new(n)
            .filter(|d| d.size() == n)
            .ok_or(SynthesisError::PolynomialDegreeTooLarge)?;
        let shift = coset_shift::<F>(n).ok_or(SynthesisError::PolynomialDegreeTooLarge)?;
        let points: Vec<F> = domain.elements().map(|w| shift * w).collect();
        let mut denominators: Vec<F> = points.iter().map(|x| t - x).collect();
        if denominators.iter().any(Zero::is_zero) {
            return Err(SynthesisError::DivisionByZero);
        }
        batch_inversion(&mut denominators);
        // t^{2n} − 1 = (t^n − 1)(t^n + 1) = zt·(zt + 2)
        let two = F::from(2u64);
        let numerator = zt * (zt + two);
        let inv_2n = (two * F::from(n as u64)).inverse().ok_or(SynthesisError::DivisionByZero)?;
        let factor = numerator * delta_inverse * inv_2n;
        Ok(points.iter().zip(&denominators).map(|(x, inv)| factor * x * inv).collect())
    }
}

/// Proves with a snarkjs `.zkey` and a full witness (every signal, the constant one
/// first, as in a `.wtns`): returns the proof and its public inputs (signals
/// `1..=nPublic`). The proof is checked against the zkey's verification key before it
/// is returned, so a witness that does not satisfy the circuit is
/// [`Error::ZkeyWitnessRejected`] rather than a useless proof.
pub fn prove_zkey<R: Rng + CryptoRng>(zkey: &Zkey, witness: &[Fr], rng: &mut R) -> Result<(Proof<Bn254>, Vec<Fr>)> {
    if witness.len() != zkey.num_vars() {
        return Err(Error::CircomInvalid {
            kind: "wtns",
            reason: format!("{} witness values for a zkey of {} signals", witness.len(), zkey.num_vars()),
        });
    }
    if witness.first() != Some(&Fr::one()) {
        return Err(Error::CircomInvalid {
            kind: "wtns",
            reason: String::from("witness value 0 (the constant one) is not 1"),
        });
    }
    let num_inputs = zkey.num_public + 1;
    let public = witness
        .get(1..num_inputs)
        .filter(|_| zkey.domain_size >= num_inputs)
        .ok_or_else(|| Error::CircomInvalid { kind: "zkey", reason: String::from("nPublic does not fit the key") })?
        .to_vec();
    let r = Fr::rand_nonzero(rng);
    let s = Fr::rand_nonzero(rng);
    let h = CircomReduction::witness_map_from_matrices::<Fr, Radix2EvaluationDomain<Fr>>(
        &zkey.matrices,
        num_inputs,
        zkey.domain_size - num_inputs,
        witness,
    )?;
    let proof = crate::proving::groth16::create_proof(&zkey.proving_key, r, s, &h, witness, num_inputs)?;
    let pvk = ark_groth16::prepare_verifying_key(zkey.verifying_key());
    if !Groth16::<Bn254>::verify_proof(&pvk, &proof, &public)? {
        return Err(Error::ZkeyWitnessRejected);
    }
    Ok((proof, public))
}

/// Uniform nonzero field elements for the proof's blinding factors.
trait RandNonzero: Sized {
    fn rand_nonzero<R: Rng>(rng: &mut R) -> Self;
}

impl RandNonzero for Fr {
    fn rand_nonzero<R: Rng>(rng: &mut R) -> Self {
        loop {
            let x: Fr = ark_std::UniformRand::rand(rng);
            if !x.is_zero() {
                return x;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use ark_ff::Field;

    use super::*;

    #[test]
    fn coset_shift_is_snarkjs_inc() {
        for log in [1u32, 3, 8, 20, 27] {
            let n = 1usize << log;
            let shift = coset_shift::<Fr>(n).unwrap();
            let domain = Radix2EvaluationDomain::<Fr>::new(n).unwrap();
            // A primitive 2n-th root whose square generates the domain: g^n = −1.
            assert_eq!(shift.square(), domain.group_gen(), "n = 2^{log}");
            assert_eq!(shift.pow([n as u64]), -Fr::one(), "n = 2^{log}");
        }
        // At 2^28 there is no 2^29-th root: snarkjs shifts by nqr² = 25.
        assert_eq!(coset_shift::<Fr>(1 << 28), Some(Fr::from(25u64)));
    }

    #[test]
    fn rows_past_the_domain_or_the_assignment_are_errors() {
        let one = |i| vec![(Fr::one(), i)];
        let assignment = [Fr::one(), Fr::from(3u64)];
        let ok = CircomReduction::witness_map_from_matrices::<Fr, Radix2EvaluationDomain<Fr>>(
            &[vec![one(1), one(0)], vec![one(1)]],
            2,
            2,
            &assignment,
        );
        assert_eq!(ok.map(|h| h.len()), Ok(4));
        let too_many_rows = vec![one(0); 5];
        let err = CircomReduction::witness_map_from_matrices::<Fr, Radix2EvaluationDomain<Fr>>(
            &[too_many_rows, vec![]],
            2,
            2,
            &assignment,
        );
        assert_eq!(err, Err(SynthesisError::PolynomialDegreeTooLarge));
        let err = CircomReduction::witness_map_from_matrices::<Fr, Radix2EvaluationDomain<Fr>>(
            &[vec![one(2)], vec![]],
            2,
            2,
            &assignment,
        );
        assert_eq!(err, Err(SynthesisError::AssignmentMissing));
        let err =
            CircomReduction::witness_map_from_matrices::<Fr, Radix2EvaluationDomain<Fr>>(&[vec![]], 2, 2, &assignment);
        assert_eq!(err, Err(SynthesisError::ArityMismatch));
    }
}
