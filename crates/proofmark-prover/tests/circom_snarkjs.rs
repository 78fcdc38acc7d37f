//! The readers and the prover against files circom2 and snarkjs 0.7.6 wrote
//! (tests/circom_fixtures/README.md says how they were made).
use std::path::PathBuf;

use ark_bn254::{Bn254, Fr};
use ark_ff::One;
use ark_groth16::Groth16;
use ark_snark::SNARK;
use proofmark_prover::{
    R1cs, Zkey,
    circom::{read_wtns, write_wtns, wtns::read_wtns_file},
    prove_zkey,
};

mod circom_support;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/circom_fixtures").join(name)
}

#[test]
fn circom_r1cs_and_witness() {
    let r1cs = R1cs::read(&fixture("tiny.r1cs")).unwrap();
    assert_eq!((r1cs.num_wires, r1cs.num_pub_out, r1cs.num_pub_in, r1cs.num_prv_in), (16, 1, 2, 2));
    assert_eq!((r1cs.num_labels, r1cs.constraints.len(), r1cs.wire_to_label.len()), (17, 12, 16));
    // circom writes the sections we write for the same system, in another order
    // (constraints, header, labels: it writes the header once the constraints are counted).
    let theirs = std::fs::read(fixture("tiny.r1cs")).unwrap();
    let ours = r1cs.to_bytes();
    let by_id = |bytes: &[u8]| {
        let mut list: Vec<(u32, Vec<u8>)> = circom_support::sections(bytes)
            .into_iter()
            .map(|(id, _, start, len)| (id, bytes[start..start + len].to_vec()))
            .collect();
        list.sort();
        list
    };
    assert_eq!(circom_support::sections(&theirs).iter().map(|s| s.0).collect::<Vec<_>>(), [2, 1, 3]);
    assert_eq!(by_id(&ours), by_id(&theirs));
    assert_eq!(ours.len(), theirs.len());

    let witness = read_wtns_file(&fixture("tiny.wtns")).unwrap();
    assert_eq!(witness.len(), 16);
    assert_eq!(witness[..4], [Fr::one(), Fr::from(4205u64), Fr::from(5u64), Fr::from(3u64)]);
    assert!(r1cs.is_satisfied_by(&witness));
    let mut wrong = witness.clone();
    wrong[1] += Fr::one();
    assert!(!r1cs.is_satisfied_by(&wrong));
    // Our writer reproduces the witness calculator's file byte for byte.
    let bytes = std::fs::read(fixture("tiny.wtns")).unwrap();
    assert_eq!(write_wtns(&witness).unwrap(), bytes);
    assert_eq!(read_wtns(&bytes).unwrap(), witness);
}

#[test]
fn snarkjs_zkey_reads_and_proves() {
    let zkey = Zkey::read(&fixture("tiny.zkey")).unwrap();
    assert_eq!((zkey.num_vars(), zkey.num_public, zkey.domain_size), (16, 3, 16));
    let pk = &zkey.proving_key;
    assert_eq!((pk.l_query.len(), pk.h_query.len(), pk.vk.gamma_abc_g1.len()), (12, 16, 4));

    // Points decoded from Montgomery form equal snarkjs's own decimal export.
    let json = std::fs::read_to_string(fixture("tiny.vkey.json")).unwrap();
    let exported = proofmark_core::zk::parse_verifying_key(&json).unwrap();
    assert_eq!(zkey.verifying_key(), &exported.vk);

    // Coefficients decoded from c·R²: the A rows hold the public rows 12..=15 with
    // coefficient 1, and every circuit row of A and B matches the circom .r1cs.
    let r1cs = R1cs::read(&fixture("tiny.r1cs")).unwrap();
    let [a, b] = &zkey.matrices;
    for signal in 0..=3 {
        assert_eq!(a[12 + signal], [(Fr::one(), signal)]);
    }
    let sorted = |row: &[(Fr, usize)]| {
        let mut row: Vec<(usize, Fr)> = row.iter().map(|(c, s)| (*s, *c)).collect();
        row.sort_by_key(|t| t.0);
        row
    };
    let as_lc = |lc: &[(u32, Fr)]| lc.iter().map(|(w, c)| (*w as usize, *c)).collect::<Vec<_>>();
    for (i, constraint) in r1cs.constraints.iter().enumerate() {
        assert_eq!(sorted(&a[i]), as_lc(&constraint.a), "A row {i}");
        assert_eq!(sorted(&b[i]), as_lc(&constraint.b), "B row {i}");
    }
    assert!(a[16..].iter().chain(&b[12..]).all(Vec::is_empty));

    let witness = read_wtns_file(&fixture("tiny.wtns")).unwrap();
    let (proof, public) = prove_zkey(&zkey, &witness, &mut circom_support::rng(9)).unwrap();
    assert_eq!(public, [Fr::from(4205u64), Fr::from(5u64), Fr::from(3u64)]);
    assert!(Groth16::<Bn254>::verify(&exported.vk, &public, &proof).unwrap());
    assert!(
        !Groth16::<Bn254>::verify(&exported.vk, &[Fr::from(4206u64), Fr::from(5u64), Fr::from(3u64)], &proof).unwrap()
    );
}
