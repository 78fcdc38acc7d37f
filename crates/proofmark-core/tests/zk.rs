//! Groth16 verification: verdicts (`Ok(false)` for failing proofs), every proof class of
//! DESIGN §9 as a specific error, the formats, batches and `vkHash`.
mod common;

use ark_bn254::{Fq, Fq2, Fr, G2Affine};
use ark_ec::AffineRepr;
use ark_ff::{Field, PrimeField};
use proofmark_core::Error;
use proofmark_core::zk::arkworks::{
    proof_from_bytes, proof_to_bytes, verifying_key_from_bytes, verifying_key_to_bytes,
};
use proofmark_core::zk::snarkjs::{proof_json, public_json, verifying_key_json};
use proofmark_core::zk::{
    PreparedKey, ensure_trusted, parse_prepared_proof, parse_prepared_verifying_key, parse_proof, parse_public,
    parse_verifying_key, verify, verify_batch, verify_prepared, vk_hash,
};
use serde_json::{Value, json};

const R: &str = "21888242871839275222246405745257275088548364400416034343698204186575808495617";
const Q: &str = "21888242871839275222246405745257275088696311157297823662689037894645226208583";

/// Adds two decimal strings (for "value + modulus" cases).
fn add_decimal(a: &str, b: &str) -> String {
    let (a, b): (Vec<u8>, Vec<u8>) =
        (a.bytes().rev().map(|d| d - b'0').collect(), b.bytes().rev().map(|d| d - b'0').collect());
    let mut out = Vec::new();
    let mut carry = 0;
    for i in 0..a.len().max(b.len()) {
        let sum = a.get(i).copied().unwrap_or(0) + b.get(i).copied().unwrap_or(0) + carry;
        out.push(b'0' + sum % 10);
        carry = sum / 10;
    }
    if carry > 0 {
        out.push(b'0' + carry);
    }
    out.reverse();
    String::from_utf8(out).unwrap()
}

struct Fixture {
    vk: Value,
    proof: Value,
    public: Value,
}

fn fixture() -> Fixture {
    let (pk, vk) = common::setup(1);
    let (proof, inputs) = common::prove(&pk, [1, 2, 3, 4, 5], 2);
    Fixture { vk: verifying_key_json(&vk, false), proof: proof_json(&proof), public: public_json(&inputs) }
}

fn check(f: &Fixture) -> Result<bool, Error> {
    let answer = check_by_multiplication(f);
    // The prepared path reads G2 subgroups off the Miller-loop lines: the same answer,
    // and the same first error.
    let prepared = (|| {
        let (file, key) = parse_prepared_verifying_key(&f.vk.to_string())?;
        assert_eq!(file, parse_verifying_key(&f.vk.to_string())?);
        assert!(!key.is_complete());
        let proof = parse_prepared_proof(&f.proof.to_string())?;
        assert_eq!(proof.proof(), &parse_proof(&f.proof.to_string())?);
        let inputs = parse_public(&f.public.to_string())?;
        verify_prepared(&key, &proof, &inputs)
    })();
    assert_eq!(prepared, answer);
    answer
}

fn check_by_multiplication(f: &Fixture) -> Result<bool, Error> {
    let vk = parse_verifying_key(&f.vk.to_string())?;
    let proof = parse_proof(&f.proof.to_string())?;
    let inputs = parse_public(&f.public.to_string())?;
    let full = verify(&PreparedKey::new(&vk.vk), &proof, &inputs);
    // A key without e(α, β) takes another path through the Miller loop: same answers.
    let light = PreparedKey::new_light(&vk.vk);
    assert!(!light.is_complete());
    assert_eq!(verify(&light, &proof, &inputs), full);
    full
}

#[test]
fn a_valid_proof_verifies_and_mutations_fail_without_error() {
    let f = fixture();
    assert_eq!(check(&f), Ok(true));

    let mut changed = fixture();
    changed.public[0] = json!("9");
    assert_eq!(check(&changed), Ok(false), "changed input");

    let mut swapped = fixture();
    let a = swapped.proof["pi_a"].clone();
    swapped.proof["pi_a"] = swapped.proof["pi_c"].clone();
    swapped.proof["pi_c"] = a;
    assert_eq!(check(&swapped), Ok(false), "A and C swapped");

    let (_, other_vk) = common::setup(9);
    let other = Fixture { vk: verifying_key_json(&other_vk, false), ..fixture() };
    assert_eq!(check(&other), Ok(false), "another verification key");
}

#[test]
fn input_plus_r_is_rejected_not_reduced() {
    let mut f = fixture();
    f.public[1] = json!(add_decimal("2", R));
    assert_eq!(check(&f), Err(Error::InputOutOfRange { index: 1 }));
}

#[test]
fn coordinate_plus_q_is_rejected() {
    let mut f = fixture();
    let x = f.proof["pi_a"][0].as_str().unwrap().to_string();
    f.proof["pi_a"][0] = json!(add_decimal(&x, Q));
    assert_eq!(check(&f), Err(Error::CoordinateOutOfRange("proof.a")));
}

#[test]
fn point_off_the_curve() {
    let mut f = fixture();
    let y = f.proof["pi_c"][1].as_str().unwrap().to_string();
    f.proof["pi_c"][1] = json!(add_decimal(&y, "1"));
    assert_eq!(check(&f), Err(Error::NotOnCurve("proof.c")));
}

#[test]
fn g2_point_outside_the_subgroup() {
    // A point on the twist found from an x coordinate is, but for a negligible chance,
    // outside the prime-order subgroup (the twist's cofactor is huge).
    let point = (1u64..)
        .find_map(|i| G2Affine::get_point_from_x_unchecked(Fq2::new(Fq::from(i), Fq::from(1u64)), false))
        .unwrap();
    assert!(point.is_on_curve() && !point.is_in_correct_subgroup_assuming_on_curve());
    let (x, y) = point.xy().unwrap();
    let d = |v: Fq| v.into_bigint().to_string();
    let outside = json!([[d(x.c0), d(x.c1)], [d(y.c0), d(y.c1)], ["1", "0"]]);
    let mut f = fixture();
    f.proof["pi_b"] = outside.clone();
    assert_eq!(check(&f), Err(Error::NotInSubgroup("proof.b")));
    for (field, role) in [("vk_beta_2", "vk.beta"), ("vk_gamma_2", "vk.gamma"), ("vk_delta_2", "vk.delta")] {
        let mut f = fixture();
        f.vk[field] = outside.clone();
        assert_eq!(check(&f), Err(Error::NotInSubgroup(role)), "{field}");
    }
    // The first fault in document order is the one reported, on both paths.
    let mut two = fixture();
    two.proof["pi_b"] = outside;
    let y = two.proof["pi_c"][1].as_str().unwrap().to_string();
    two.proof["pi_c"][1] = json!(add_decimal(&y, "1"));
    assert_eq!(check(&two), Err(Error::NotInSubgroup("proof.b")));
}

#[test]
fn identity_in_a_proof() {
    let mut f = fixture();
    f.proof["pi_a"] = json!(["0", "1", "0"]);
    assert_eq!(check(&f), Err(Error::IdentityInProof("proof.a")));
    let mut g = fixture();
    g.proof["pi_b"] = json!([["0", "0"], ["1", "0"], ["0", "0"]]);
    assert_eq!(check(&g), Err(Error::IdentityInProof("proof.b")));
}

#[test]
fn wrong_input_count() {
    let mut f = fixture();
    f.public.as_array_mut().unwrap().pop();
    assert_eq!(check(&f), Err(Error::InputCountMismatch { expected: 5, actual: 4 }));
    let mut g = fixture();
    g.public.as_array_mut().unwrap().push(json!("1"));
    assert_eq!(check(&g), Err(Error::InputCountMismatch { expected: 5, actual: 6 }));
}

#[test]
fn wrong_protocol_or_curve() {
    let mut f = fixture();
    f.proof["protocol"] = json!("plonk");
    assert_eq!(check(&f), Err(Error::WrongProtocol("plonk".into())));
    let mut g = fixture();
    g.vk["curve"] = json!("bls12381");
    assert_eq!(check(&g), Err(Error::WrongCurve("bls12381".into())));
}

#[test]
fn g2_limbs_in_evm_order_are_named() {
    let mut f = fixture();
    for coordinate in 0..2 {
        let pair = f.proof["pi_b"][coordinate].as_array_mut().unwrap();
        pair.swap(0, 1);
    }
    assert_eq!(check(&f), Err(Error::G2LimbOrderSwapped("proof.b")));
}

#[test]
fn a_key_other_than_the_trusted_one() {
    let (_, vk) = common::setup(1);
    let (_, other) = common::setup(2);
    assert_eq!(ensure_trusted(&vk, &vk_hash(&vk)), Ok(()));
    assert_eq!(ensure_trusted(&other, &vk_hash(&vk)), Err(Error::UntrustedKey));
}

#[test]
fn malformed_json_and_numbers() {
    assert!(matches!(parse_proof("{"), Err(Error::InvalidJson(_))));
    assert!(matches!(parse_proof("{}"), Err(Error::InvalidJson(_))));
    assert_eq!(parse_public("[\"01\"]"), Err(Error::InvalidNumber("not a canonical decimal")));
    assert_eq!(parse_public("[\"-1\"]"), Err(Error::InvalidNumber("not a canonical decimal")));
    assert!(matches!(parse_public("[1]"), Err(Error::InvalidJson(_))));
    let mut f = fixture();
    f.vk["nPublic"] = json!(4);
    assert_eq!(check(&f), Err(Error::InputCountMismatch { expected: 5, actual: 4 }));
}

#[test]
fn snarkjs_json_round_trips_and_keeps_the_dev_flag() {
    let (pk, vk) = common::setup(3);
    let parsed = parse_verifying_key(&verifying_key_json(&vk, true).to_string()).unwrap();
    assert_eq!(parsed.vk, vk);
    assert!(parsed.dev_setup);
    assert!(!parse_verifying_key(&verifying_key_json(&vk, false).to_string()).unwrap().dev_setup);
    let (proof, inputs) = common::prove(&pk, [5, 4, 3, 2, 1], 4);
    assert_eq!(parse_proof(&proof_json(&proof).to_string()).unwrap(), proof);
    assert_eq!(parse_public(&public_json(&inputs).to_string()).unwrap(), inputs);
}

#[test]
fn arkworks_bytes_round_trip_and_reject_bad_encodings() {
    let (pk, vk) = common::setup(5);
    let (proof, _) = common::prove(&pk, [1, 1, 1, 1, 1], 6);
    assert_eq!(proof_from_bytes(&proof_to_bytes(&proof)).unwrap(), proof);
    assert_eq!(verifying_key_from_bytes(&verifying_key_to_bytes(&vk)).unwrap(), vk);
    let bytes = proof_to_bytes(&proof);
    assert_eq!(proof_from_bytes(&bytes[..bytes.len() - 1]), Err(Error::InvalidEncoding("truncated")));
    assert_eq!(proof_from_bytes(&[bytes.clone(), vec![0]].concat()), Err(Error::InvalidEncoding("trailing bytes")));
    let mut identity = proof.clone();
    identity.c = ark_bn254::G1Affine::zero();
    assert_eq!(proof_from_bytes(&proof_to_bytes(&identity)), Err(Error::IdentityInProof("proof.c")));
    let mut garbage = bytes;
    garbage[0..32].copy_from_slice(&[0xff; 32]);
    assert!(matches!(proof_from_bytes(&garbage), Err(Error::InvalidEncoding(_))));
}

#[test]
fn batches_accept_all_valid_and_reject_one_bad() {
    let (pk, vk) = common::setup(7);
    let key = PreparedKey::new(&vk);
    let items: Vec<_> = (0..8u64).map(|i| common::prove(&pk, [i, i + 1, i + 2, 3, 4], i as u8 + 10)).collect();
    for (proof, inputs) in &items {
        assert_eq!(verify(&key, proof, inputs), Ok(true));
    }
    assert_eq!(verify_batch(&key, &items, &[1; 32]), Ok(true));
    assert_eq!(verify_batch(&key, &[], &[1; 32]), Ok(true));
    let mut bad = items.clone();
    bad[5].1[2] += Fr::ONE;
    assert_eq!(verify_batch(&key, &bad, &[1; 32]), Ok(false));
    let mut swapped = items.clone();
    let b3 = swapped[3].0.b;
    swapped[3].0.b = swapped[4].0.b;
    swapped[4].0.b = b3;
    assert_eq!(verify_batch(&key, &swapped, &[2; 32]), Ok(false));
    let mut short = items;
    short[0].1.pop();
    assert_eq!(verify_batch(&key, &short, &[1; 32]), Err(Error::InputCountMismatch { expected: 5, actual: 4 }));
}

#[test]
fn vk_hash_is_keccak_of_evm_words() {
    let (_, vk) = common::setup(8);
    let mut words = Vec::new();
    let be = |v: &Fq| {
        let mut out = [0u8; 32];
        let bytes = ark_ff::BigInteger::to_bytes_be(&v.into_bigint());
        out[32 - bytes.len()..].copy_from_slice(&bytes);
        out
    };
    let (ax, ay) = vk.alpha_g1.xy().unwrap();
    words.extend([be(&ax), be(&ay)]);
    for g2 in [vk.beta_g2, vk.gamma_g2, vk.delta_g2] {
        let (x, y) = g2.xy().unwrap();
        words.extend([be(&x.c1), be(&x.c0), be(&y.c1), be(&y.c0)]);
    }
    for ic in &vk.gamma_abc_g1 {
        let (x, y) = ic.xy().unwrap();
        words.extend([be(&x), be(&y)]);
    }
    use sha3::Digest;
    let expected: [u8; 32] = sha3::Keccak256::digest(words.concat()).into();
    assert_eq!(vk_hash(&vk), expected);
    assert_eq!(words.len(), 2 + 12 + 2 * 6);
}
