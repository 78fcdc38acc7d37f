//! circom's QAP reduction and proving from a zkey: pure-Rust checks (the snarkjs
//! differential lives in tests/node/zk-circom.test.mjs).
mod circom_support;

use ark_bn254::{Bn254, Fr};
use ark_ff::{FftField, Field, One, PrimeField};
use ark_groth16::Groth16;
use ark_poly::{EvaluationDomain, Radix2EvaluationDomain};
use ark_snark::{CircuitSpecificSetupSNARK, SNARK};
use circom_support::{Cubic, cubic_zkey, rng};
use proofmark_prover::{CircomReduction, Error, R1cs, Zkey, prove_zkey, solidity::solidity_verifier};

/// ffjavascript's 2^28-th root of unity for BN254's Fr: `5^t` with `r − 1 = 2^28·t`
/// (5 is the smallest quadratic non-residue), printed by snarkjs 0.7.6.
const SNARKJS_W28: &str = "19103219067921713944291392827692070036145651957329286315305642004821462161904";

#[test]
fn domains_use_snarkjs_roots_of_unity() {
    let w28: Fr = SNARKJS_W28.parse().unwrap();
    assert_eq!(Fr::TWO_ADIC_ROOT_OF_UNITY, w28);
    assert_eq!(Fr::TWO_ADICITY, 28);
    // snarkjs's w[k] = w[28]^(2^(28-k)) is arkworks' radix-2 generator for size 2^k.
    let mut w = w28;
    for k in (1..=28u32).rev() {
        if k <= 12 {
            let domain = Radix2EvaluationDomain::<Fr>::new(1 << k).unwrap();
            assert_eq!(domain.group_gen(), w, "k = {k}");
        }
        if k == 1 {
            assert_eq!(w, -Fr::one());
        }
        w = w.square();
    }
    assert_eq!(w, Fr::one());
}

#[test]
fn setup_prove_verify_with_circom_reduction() {
    let (pk, vk) = Groth16::<Bn254, CircomReduction>::setup(Cubic::default(), &mut rng(1)).unwrap();
    // Through arkworks' own prover (CircomReduction::witness_map adds the public rows).
    let proof = Groth16::<Bn254, CircomReduction>::prove(&pk, Cubic::with_x(3), &mut rng(2)).unwrap();
    let public = [Fr::from(35u64), Fr::from(140u64)];
    assert!(Groth16::<Bn254, CircomReduction>::verify(&vk, &public, &proof).unwrap());
    assert!(!Groth16::<Bn254, CircomReduction>::verify(&vk, &[Fr::from(35u64), Fr::from(141u64)], &proof).unwrap());

    // The same key as a zkey, through bytes, proving from a witness.
    let (r1cs, witness) = R1cs::from_circuit_with_witness(Cubic::with_x(3)).unwrap();
    let zkey = Zkey::from_proving_key(pk, &r1cs).unwrap();
    let zkey = Zkey::from_bytes(&zkey.to_bytes().unwrap()).unwrap();
    assert_eq!(zkey.verifying_key(), &vk);
    let (proof, inputs) = prove_zkey(&zkey, &witness, &mut rng(3)).unwrap();
    assert_eq!(inputs, public);
    assert!(Groth16::<Bn254>::verify(&vk, &inputs, &proof).unwrap());

    // Another witness of the same circuit.
    let (_, witness) = R1cs::from_circuit_with_witness(Cubic::with_x(1 << 40)).unwrap();
    let (proof, inputs) = prove_zkey(&zkey, &witness, &mut rng(4)).unwrap();
    let x = Fr::from(1u64 << 40);
    assert_eq!(inputs, [Cubic::outputs(x).0, Cubic::outputs(x).1]);
    assert!(Groth16::<Bn254>::verify(&vk, &inputs, &proof).unwrap());
}

#[test]
fn a_default_reduction_key_is_not_a_zkey() {
    // arkworks' default reduction makes n − 1 H points (powers of τ), circom's n (one per
    // coset point): the shape check tells them apart.
    let (pk, _) = Groth16::<Bn254>::setup(Cubic::default(), &mut rng(5)).unwrap();
    assert_eq!(pk.h_query.len(), 7);
    let r1cs = R1cs::from_circuit(Cubic::default()).unwrap();
    assert_eq!(
        Zkey::from_proving_key(pk, &r1cs).unwrap_err().to_string(),
        ".zkey file invalid: the proving key's sizes do not match the constraint system"
    );
}

#[test]
fn bad_witnesses_are_rejected() {
    let (zkey, witness) = cubic_zkey(3);

    let mut wrong = witness.clone();
    wrong[1] += Fr::one(); // y no longer x³ + x + 5
    assert!(matches!(prove_zkey(&zkey, &wrong, &mut rng(8)), Err(Error::ZkeyWitnessRejected)));

    let (r1cs, unsatisfied) =
        R1cs::from_circuit_with_witness(Cubic { x: Some(Fr::from(3u64)), y_override: Some(Fr::from(36u64)) }).unwrap();
    assert!(!r1cs.is_satisfied_by(&unsatisfied));
    assert!(matches!(prove_zkey(&zkey, &unsatisfied, &mut rng(8)), Err(Error::ZkeyWitnessRejected)));

    let err = prove_zkey(&zkey, &witness[..6], &mut rng(8)).unwrap_err();
    assert_eq!(err.to_string(), ".wtns file invalid: 6 witness values for a zkey of 7 signals");

    let mut wrong = witness.clone();
    wrong[0] = Fr::from(2u64);
    let err = prove_zkey(&zkey, &wrong, &mut rng(8)).unwrap_err();
    assert_eq!(err.to_string(), ".wtns file invalid: witness value 0 (the constant one) is not 1");
}

#[test]
fn solidity_verifier_embeds_the_key() {
    let (zkey, _) = cubic_zkey(3);
    let vk = zkey.verifying_key();
    let source = solidity_verifier(vk, "CubicVerifier").unwrap();
    assert!(source.starts_with("// SPDX-License-Identifier: MIT OR Apache-2.0\n"));
    assert!(source.contains("pragma solidity ^0.8.20;"));
    assert!(source.contains("contract CubicVerifier {"));
    assert!(source.contains("uint256[2] calldata input"));
    assert!(source.contains(
        "uint256 internal constant R = 21888242871839275222246405745257275088548364400416034343698204186575808495617;"
    ));
    assert!(source.contains(
        "uint256 internal constant Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583;"
    ));
    let (ax, _) = ark_ec::AffineRepr::xy(&vk.alpha_g1).unwrap();
    assert!(source.contains(&format!("ALPHA_X = {};", ax.into_bigint())));
    let (bx, _) = ark_ec::AffineRepr::xy(&vk.beta_g2).unwrap();
    assert!(source.contains(&format!("BETA_X1 = {};", bx.c1.into_bigint())));
    assert!(source.contains(&format!("BETA_X0 = {};", bx.c0.into_bigint())));
    assert!(source.contains("IC2_Y = "));
    assert!(!source.contains("IC3_X"));
    assert!(source.contains("(x, y) = _mulAdd(x, y, IC2_X, IC2_Y, input[1]);"));

    assert!(matches!(solidity_verifier(vk, "1bad"), Err(Error::SolidityExport(_))));
    assert!(matches!(solidity_verifier(vk, "has space"), Err(Error::SolidityExport(_))));
    let mut empty = vk.clone();
    empty.gamma_abc_g1.clear();
    assert_eq!(
        solidity_verifier(&empty, "V").unwrap_err().to_string(),
        "Solidity export: the verification key has no IC points"
    );
}
