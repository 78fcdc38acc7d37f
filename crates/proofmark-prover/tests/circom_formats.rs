//! circom/snarkjs binary formats: known bytes, round trips and malformed files (each a
//! typed error, never a panic).
mod circom_support;

use ark_bn254::Fr;
use ark_ff::{BigInteger, Field, One, PrimeField};
use circom_support::{Cubic, cubic_zkey, section_start, sections};
use proofmark_prover::{
    Error, R1cs, Zkey,
    circom::{R1csConstraint, read_wtns, write_wtns},
};

/// BN254's r, little-endian.
const R_LE: &str = "010000f093f5e1439170b97948e833285d588181b64550b829a031e1724e6430";
/// BN254's q, little-endian.
const Q_LE: &str = "47fd7cd8168c203c8dca7168916a81975d588181b64550b829a031e1724e6430";

fn hex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

fn u32le(v: u32) -> Vec<u8> {
    v.to_le_bytes().to_vec()
}

fn u64le(v: u64) -> Vec<u8> {
    v.to_le_bytes().to_vec()
}

fn fr_le(v: u64) -> Vec<u8> {
    let mut out = v.to_le_bytes().to_vec();
    out.resize(32, 0);
    out
}

// ---- .r1cs ---------------------------------------------------------------------------

/// `w1 · w1 = 2·w2` over wires {one, w1 (public input), w2}.
fn square_r1cs() -> R1cs {
    R1cs {
        num_wires: 3,
        num_pub_out: 0,
        num_pub_in: 1,
        num_prv_in: 0,
        num_labels: 3,
        constraints: vec![R1csConstraint {
            a: vec![(1, Fr::one())],
            b: vec![(1, Fr::one())],
            c: vec![(2, Fr::from(2u64))],
        }],
        wire_to_label: vec![0, 1, 2],
    }
}

#[test]
fn r1cs_known_bytes() {
    let mut expected = b"r1cs".to_vec();
    expected.extend(u32le(1)); // version
    expected.extend(u32le(3)); // sections
    expected.extend(u32le(1));
    expected.extend(u64le(64));
    expected.extend(u32le(32));
    expected.extend(hex(R_LE));
    for v in [3, 0, 1, 0] {
        expected.extend(u32le(v)); // nWires, nPubOut, nPubIn, nPrvIn
    }
    expected.extend(u64le(3)); // nLabels
    expected.extend(u32le(1)); // mConstraints
    expected.extend(u32le(2));
    expected.extend(u64le(3 * (4 + 36)));
    for (wire, c) in [(1, 1), (1, 1), (2, 2)] {
        expected.extend(u32le(1));
        expected.extend(u32le(wire));
        expected.extend(fr_le(c));
    }
    expected.extend(u32le(3));
    expected.extend(u64le(24));
    for label in 0..3 {
        expected.extend(u64le(label));
    }

    let r1cs = square_r1cs();
    assert_eq!(r1cs.to_bytes(), expected);
    assert_eq!(R1cs::from_bytes(&expected).unwrap(), r1cs);
    assert!(r1cs.is_satisfied_by(&[Fr::one(), Fr::from(4u64), Fr::from(8u64)]));
    assert!(!r1cs.is_satisfied_by(&[Fr::one(), Fr::from(4u64), Fr::from(9u64)]));
    assert!(!r1cs.is_satisfied_by(&[Fr::from(2u64), Fr::from(4u64), Fr::from(8u64)]));
    assert!(!r1cs.is_satisfied_by(&[Fr::one(), Fr::from(4u64)]));
}

#[test]
fn r1cs_from_arkworks_round_trips() {
    let (r1cs, witness) = R1cs::from_circuit_with_witness(Cubic::with_x(3)).unwrap();
    // one, y, z | x, x², x³, x·y
    assert_eq!((r1cs.num_wires, r1cs.num_pub_out, r1cs.num_pub_in, r1cs.num_prv_in), (7, 0, 2, 0));
    assert_eq!(r1cs.num_labels, 7);
    assert_eq!(r1cs.num_public(), 2);
    assert_eq!(r1cs.constraints.len(), 5);
    assert_eq!(r1cs.wire_to_label, (0..7).collect::<Vec<u64>>());
    let expected: Vec<Fr> = [1u64, 35, 140, 3, 9, 27, 105].into_iter().map(Fr::from).collect();
    assert_eq!(witness, expected);
    assert!(r1cs.is_satisfied_by(&witness));
    for constraint in &r1cs.constraints {
        for lc in [&constraint.a, &constraint.b, &constraint.c] {
            assert!(lc.windows(2).all(|w| w[0].0 < w[1].0), "terms sorted by wire, one per wire: {lc:?}");
        }
    }

    let bytes = r1cs.to_bytes();
    assert_eq!(&bytes[..12], b"r1cs\x01\0\0\0\x03\0\0\0");
    assert_eq!(R1cs::from_bytes(&bytes).unwrap(), r1cs);
    // Setup mode gives the same system without a witness.
    assert_eq!(R1cs::from_circuit(Cubic::default()).unwrap(), r1cs);

    let mut wrong = witness.clone();
    wrong[2] += Fr::one();
    assert!(!r1cs.is_satisfied_by(&wrong));
}

#[test]
fn r1cs_ignores_unknown_sections_and_accepts_a_missing_label_map() {
    let r1cs = square_r1cs();
    let bytes = r1cs.to_bytes();
    let s = sections(&bytes);
    // Drop section 3 and add a custom-gates section 4.
    let mut edited = bytes[..s[2].1].to_vec();
    edited.extend(u32le(4));
    edited.extend(u64le(4));
    edited.extend(u32le(0));
    let parsed = R1cs::from_bytes(&edited).unwrap();
    assert_eq!(parsed.constraints, r1cs.constraints);
    assert!(parsed.wire_to_label.is_empty());
}

#[test]
fn malformed_r1cs_is_a_typed_error() {
    let bytes = square_r1cs().to_bytes();

    for len in 0..bytes.len() {
        let err = R1cs::from_bytes(&bytes[..len]).unwrap_err();
        assert!(
            matches!(
                err,
                Error::CircomMagic { .. } | Error::CircomTruncated { .. } | Error::CircomSectionBounds { .. }
            ),
            "prefix of {len} bytes: {err}"
        );
    }

    let mut bad = bytes.clone();
    bad[0] = b'x';
    assert!(matches!(
        R1cs::from_bytes(&bad),
        Err(Error::CircomMagic { kind: "r1cs", found: [b'x', b'1', b'c', b's'] })
    ));

    let mut bad = bytes.clone();
    bad[4] = 2;
    assert!(matches!(R1cs::from_bytes(&bad), Err(Error::CircomVersion { kind: "r1cs", version: 2 })));

    let prime = section_start(&bytes, 1) + 4;
    let mut bad = bytes.clone();
    bad[prime] ^= 1;
    assert!(matches!(R1cs::from_bytes(&bad), Err(Error::CircomPrime { kind: "r1cs", which: "r" })));
    // A Goldilocks-sized field (n8 = 8) is another prime too.
    let mut bad = bytes.clone();
    bad[prime - 4] = 8;
    assert!(matches!(R1cs::from_bytes(&bad), Err(Error::CircomPrime { kind: "r1cs", which: "r" })));

    // Section 2's length past the end of the file.
    let header = sections(&bytes)[1].1;
    let mut bad = bytes.clone();
    bad[header + 4..header + 12].copy_from_slice(&u64le(1 << 40));
    let err = R1cs::from_bytes(&bad).unwrap_err();
    assert!(
        matches!(err, Error::CircomSectionBounds { kind: "r1cs", section: 2, len: 1_099_511_627_776, .. }),
        "{err}"
    );

    // A wire id past nWires.
    let constraints = section_start(&bytes, 2);
    let mut bad = bytes.clone();
    bad[constraints + 4..constraints + 8].copy_from_slice(&u32le(3));
    assert_eq!(R1cs::from_bytes(&bad).unwrap_err().to_string(), ".r1cs file invalid: wire 3 is past nWires 3");

    // A coefficient equal to r.
    let mut bad = bytes.clone();
    bad[constraints + 8..constraints + 40].copy_from_slice(&hex(R_LE));
    assert_eq!(
        R1cs::from_bytes(&bad).unwrap_err().to_string(),
        ".r1cs file invalid: a coefficient of wire 1 is not below r"
    );

    // A constraint count the section cannot hold.
    let m = section_start(&bytes, 1) + 4 + 32 + 16 + 8;
    let mut bad = bytes.clone();
    bad[m..m + 4].copy_from_slice(&u32le(u32::MAX));
    assert!(matches!(
        R1cs::from_bytes(&bad),
        Err(Error::CircomTruncated { kind: "r1cs", what: "constraints section" })
    ));

    // A term count the section cannot hold.
    let mut bad = bytes.clone();
    bad[constraints..constraints + 4].copy_from_slice(&u32le(1 << 30));
    assert!(matches!(R1cs::from_bytes(&bad), Err(Error::CircomTruncated { kind: "r1cs", .. })));

    // More inputs than wires.
    let pub_in = section_start(&bytes, 1) + 4 + 32 + 8;
    let mut bad = bytes.clone();
    bad[pub_in..pub_in + 4].copy_from_slice(&u32le(3));
    assert!(matches!(R1cs::from_bytes(&bad), Err(Error::CircomInvalid { kind: "r1cs", .. })));

    // A wire-to-label map of the wrong size.
    let mut bad = bytes.clone();
    bad.truncate(bytes.len() - 8);
    let header = sections(&bytes)[2].1;
    bad[header + 4..header + 12].copy_from_slice(&u64le(16));
    assert!(matches!(R1cs::from_bytes(&bad), Err(Error::CircomSection { kind: "r1cs", section: 3, .. })));

    // Two header sections.
    let s = sections(&bytes);
    let mut bad = bytes[..12].to_vec();
    bad[8..12].copy_from_slice(&u32le(4));
    bad.extend(&bytes[s[0].1..s[0].2 + s[0].3]);
    bad.extend(&bytes[s[0].1..]);
    assert_eq!(R1cs::from_bytes(&bad).unwrap_err().to_string(), ".r1cs section 1: duplicated");
}

// ---- .wtns ---------------------------------------------------------------------------

#[test]
fn wtns_known_bytes_and_round_trip() {
    let witness = [Fr::one(), Fr::from(7u64), -Fr::one()];
    let bytes = write_wtns(&witness).unwrap();
    let mut expected = b"wtns".to_vec();
    expected.extend(u32le(2));
    expected.extend(u32le(2));
    expected.extend(u32le(1));
    expected.extend(u64le(40));
    expected.extend(u32le(32));
    expected.extend(hex(R_LE));
    expected.extend(u32le(3));
    expected.extend(u32le(2));
    expected.extend(u64le(96));
    expected.extend(fr_le(1));
    expected.extend(fr_le(7));
    let mut minus_one = hex(R_LE);
    minus_one[0] -= 1;
    expected.extend(minus_one);
    assert_eq!(bytes, expected);
    assert_eq!(read_wtns(&bytes).unwrap(), witness);
}

#[test]
fn malformed_wtns_is_a_typed_error() {
    let bytes = write_wtns(&[Fr::one(), Fr::from(7u64)]).unwrap();
    for len in 0..bytes.len() {
        let err = read_wtns(&bytes[..len]).unwrap_err();
        assert!(
            matches!(
                err,
                Error::CircomMagic { .. } | Error::CircomTruncated { .. } | Error::CircomSectionBounds { .. }
            ),
            "prefix of {len} bytes: {err}"
        );
    }
    let mut bad = bytes.clone();
    bad[..4].copy_from_slice(b"zkey");
    assert!(matches!(read_wtns(&bad), Err(Error::CircomMagic { kind: "wtns", found: [b'z', b'k', b'e', b'y'] })));

    let mut bad = bytes.clone();
    bad[4] = 1;
    assert!(matches!(read_wtns(&bad), Err(Error::CircomVersion { kind: "wtns", version: 1 })));

    let values = section_start(&bytes, 2);
    let prime = section_start(&bytes, 1) + 4;
    let mut bad = bytes.clone();
    bad[prime + 31] = 0x31;
    assert!(matches!(read_wtns(&bad), Err(Error::CircomPrime { kind: "wtns", which: "r" })));
    let mut bad = bytes.clone();
    bad[prime - 4] = 48; // BLS12-381's base field size
    assert!(matches!(read_wtns(&bad), Err(Error::CircomPrime { kind: "wtns", which: "r" })));

    let mut bad = bytes.clone();
    bad[values + 32..values + 64].copy_from_slice(&[0xff; 32]);
    assert_eq!(read_wtns(&bad).unwrap_err().to_string(), ".wtns file invalid: witness value 1 is not below r");

    let count = section_start(&bytes, 1) + 36;
    let mut bad = bytes.clone();
    bad[count..count + 4].copy_from_slice(&u32le(3));
    assert_eq!(read_wtns(&bad).unwrap_err().to_string(), ".wtns section 2: witness values: 64 bytes, expected 96");

    let header = sections(&bytes)[1].1;
    let mut bad = bytes.clone();
    bad[header + 4..header + 12].copy_from_slice(&u64le(u64::MAX));
    assert!(matches!(read_wtns(&bad), Err(Error::CircomSectionBounds { kind: "wtns", section: 2, .. })));

    let mut bad = bytes.clone();
    bad[12..16].copy_from_slice(&u32le(3));
    assert!(matches!(read_wtns(&bad), Err(Error::CircomSection { kind: "wtns", section: 1, .. })));
}

// ---- .zkey ---------------------------------------------------------------------------

#[test]
fn zkey_layout_and_coefficient_encoding() {
    let (zkey, _) = cubic_zkey(3);
    let bytes = zkey.to_bytes().unwrap();
    assert_eq!(&bytes[..12], b"zkey\x01\0\0\0\x09\0\0\0");
    let ids: Vec<u32> = sections(&bytes).iter().map(|s| s.0).collect();
    assert_eq!(ids, (1..=9).collect::<Vec<_>>());
    assert_eq!((zkey.num_vars(), zkey.num_public, zkey.domain_size), (7, 2, 8));

    let groth = section_start(&bytes, 2);
    assert_eq!(&bytes[groth..groth + 4], &u32le(32)[..]);
    assert_eq!(bytes[groth + 4..groth + 36], hex(Q_LE)[..]);
    assert_eq!(bytes[groth + 40..groth + 72], hex(R_LE)[..]);
    assert_eq!(&bytes[groth + 72..groth + 84], &[7, 0, 0, 0, 2, 0, 0, 0, 8, 0, 0, 0]);

    // snarkjs's public rows: A row 5 + i has signal i with coefficient 1, written as
    // R² mod r (little-endian) = 0x0216d0b1…a76d.
    let r_squared = "a76d21ae45e6b81be3595ce3b13afe538580bb533d83498ca5444e7fb1d01602";
    let coefficients = section_start(&bytes, 4);
    let count = u32::from_le_bytes(bytes[coefficients..coefficients + 4].try_into().unwrap()) as usize;
    let entries: Vec<&[u8]> = bytes[coefficients + 4..coefficients + 4 + count * 44].chunks(44).collect();
    for signal in 0..3u32 {
        let row = 5 + signal;
        let entry = entries
            .iter()
            .find(|e| e[..12] == [u32le(0), u32le(row), u32le(signal)].concat()[..])
            .unwrap_or_else(|| panic!("no public row for signal {signal}"));
        assert_eq!(entry[12..], hex(r_squared)[..]);
    }
    assert_eq!(zkey.matrices[0][5..8], [vec![(Fr::one(), 0)], vec![(Fr::one(), 1)], vec![(Fr::one(), 2)]]);

    // Montgomery form of alpha_1's x: x·2^256 mod q.
    let alpha = zkey.proving_key.vk.alpha_g1;
    let x = ark_ec::AffineRepr::xy(&alpha).unwrap().0;
    let montgomery = x * ark_bn254::Fq::from(2u64).pow([256]);
    let mut expected = montgomery.into_bigint().to_bytes_le();
    expected.resize(32, 0);
    assert_eq!(bytes[groth + 84..groth + 116], expected[..]);

    assert_eq!(Zkey::from_bytes(&bytes).unwrap(), zkey);
}

fn zkey_err(bytes: &[u8]) -> Error {
    Zkey::from_bytes(bytes).unwrap_err()
}

#[test]
fn malformed_zkey_is_a_typed_error() {
    let (zkey, _) = cubic_zkey(3);
    let bytes = zkey.to_bytes().unwrap();

    // Every prefix: the section table catches all but the complete file.
    for len in (0..bytes.len()).step_by(7).chain([bytes.len() - 1]) {
        let err = zkey_err(&bytes[..len]);
        assert!(
            matches!(
                err,
                Error::CircomMagic { .. } | Error::CircomTruncated { .. } | Error::CircomSectionBounds { .. }
            ),
            "prefix of {len} bytes: {err}"
        );
    }

    let mut bad = bytes.clone();
    bad[..4].copy_from_slice(b"ptau");
    assert!(matches!(zkey_err(&bad), Error::CircomMagic { kind: "zkey", .. }));

    let header = section_start(&bytes, 1);
    let mut bad = bytes.clone();
    bad[header..header + 4].copy_from_slice(&u32le(2));
    assert_eq!(zkey_err(&bad).to_string(), ".zkey file invalid: protocol 2 is not Groth16 (1)");

    let groth = section_start(&bytes, 2);
    let mut bad = bytes.clone();
    bad[groth + 4] ^= 2;
    assert!(matches!(zkey_err(&bad), Error::CircomPrime { kind: "zkey", which: "q" }));
    let mut bad = bytes.clone();
    bad[groth + 40] ^= 2;
    assert!(matches!(zkey_err(&bad), Error::CircomPrime { kind: "zkey", which: "r" }));
    let mut bad = bytes.clone();
    bad[groth] = 48;
    assert!(matches!(zkey_err(&bad), Error::CircomPrime { kind: "zkey", which: "q" }));

    // nVars larger than the sections.
    let mut bad = bytes.clone();
    bad[groth + 72..groth + 76].copy_from_slice(&u32le(u32::MAX));
    assert_eq!(zkey_err(&bad).to_string(), ".zkey section 5: A points: 448 bytes, expected 274877906880");

    // nPublic >= nVars; domainSize not a power of two; too small for the public rows.
    let mut bad = bytes.clone();
    bad[groth + 76..groth + 80].copy_from_slice(&u32le(7));
    assert_eq!(zkey_err(&bad).to_string(), ".zkey file invalid: nPublic 7 leaves no room in nVars 7");
    let mut bad = bytes.clone();
    bad[groth + 80..groth + 84].copy_from_slice(&u32le(6));
    assert_eq!(zkey_err(&bad).to_string(), ".zkey file invalid: domainSize 6 is not a power of two up to 2^28");
    let mut bad = bytes.clone();
    bad[groth + 80..groth + 84].copy_from_slice(&u32le(2));
    assert_eq!(zkey_err(&bad).to_string(), ".zkey file invalid: domainSize 2 cannot hold the 3 public rows");

    // alpha_1 off the curve, then with a coordinate >= q, then the identity.
    let alpha = groth + 84;
    let mut bad = bytes.clone();
    bad[alpha + 32] ^= 1;
    assert_eq!(zkey_err(&bad).to_string(), ".zkey file invalid: alpha_1 is not on the curve");
    let mut bad = bytes.clone();
    bad[alpha..alpha + 32].copy_from_slice(&[0xff; 32]);
    assert_eq!(zkey_err(&bad).to_string(), ".zkey file invalid: alpha_1 has a coordinate not below q");
    let mut bad = bytes.clone();
    bad[alpha..alpha + 64].copy_from_slice(&[0; 64]);
    assert_eq!(zkey_err(&bad).to_string(), ".zkey file invalid: alpha_1 is the point at infinity");

    // A point of section 7 (B2) on the twist's curve but outside the subgroup is not
    // reachable by flipping bits; swapping its limbs puts it off the curve.
    let b2 = section_start(&bytes, 7);
    let first_nonzero = (0..7).find(|i| bytes[b2 + i * 128..b2 + (i + 1) * 128].iter().any(|b| *b != 0)).unwrap();
    let at = b2 + first_nonzero * 128;
    let mut bad = bytes.clone();
    bad[at..at + 32].copy_from_slice(&bytes[at + 32..at + 64]);
    bad[at + 32..at + 64].copy_from_slice(&bytes[at..at + 32]);
    assert_eq!(zkey_err(&bad).to_string(), format!(".zkey file invalid: B2 point {first_nonzero} is not on the curve"));

    // Coefficients: a signal past nVars, a row past the domain, a third matrix, a value >= r.
    let coefficients = section_start(&bytes, 4) + 4;
    let mut bad = bytes.clone();
    bad[coefficients + 8..coefficients + 12].copy_from_slice(&u32le(7));
    assert_eq!(zkey_err(&bad).to_string(), ".zkey file invalid: coefficient 0 names signal 7, past nVars 7");
    let mut bad = bytes.clone();
    bad[coefficients + 4..coefficients + 8].copy_from_slice(&u32le(8));
    assert_eq!(zkey_err(&bad).to_string(), ".zkey file invalid: coefficient 0 is in row 8, past domainSize 8");
    let mut bad = bytes.clone();
    bad[coefficients..coefficients + 4].copy_from_slice(&u32le(2));
    assert_eq!(zkey_err(&bad).to_string(), ".zkey file invalid: coefficient 0 names matrix 2 (only 0 = A, 1 = B)");
    let mut bad = bytes.clone();
    bad[coefficients + 12..coefficients + 44].copy_from_slice(&hex(R_LE));
    assert_eq!(zkey_err(&bad).to_string(), ".zkey file invalid: coefficient 0 is not below r");
    let mut bad = bytes.clone();
    bad[coefficients - 4..coefficients].copy_from_slice(&u32le(u32::MAX));
    assert!(matches!(zkey_err(&bad), Error::CircomSection { kind: "zkey", section: 4, .. }));

    // A section length past the end of the file.
    let h_header = sections(&bytes)[8].1;
    let mut bad = bytes.clone();
    bad[h_header + 4..h_header + 12].copy_from_slice(&u64le(1 << 33));
    assert!(matches!(
        zkey_err(&bad),
        Error::CircomSectionBounds { kind: "zkey", section: 9, len: 8_589_934_592, available: 512 }
    ));

    // A missing section (9 renamed 11).
    let mut bad = bytes.clone();
    bad[h_header..h_header + 4].copy_from_slice(&u32le(11));
    assert_eq!(zkey_err(&bad).to_string(), ".zkey section 9: missing");
}

// ---- round trips -----------------------------------------------------------------------

mod round_trips {
    use super::*;
    use proptest::prelude::*;

    fn field() -> impl Strategy<Value = Fr> {
        prop_oneof![
            any::<u64>().prop_map(Fr::from),
            any::<[u8; 32]>().prop_map(|b| Fr::from_le_bytes_mod_order(&b)),
            Just(-Fr::one()),
        ]
    }

    fn lc(wires: u32) -> impl Strategy<Value = Vec<(u32, Fr)>> {
        prop::collection::vec((0..wires, field()), 0..6)
    }

    fn r1cs() -> impl Strategy<Value = R1cs> {
        (1u32..40).prop_flat_map(|wires| {
            let constraints = prop::collection::vec(
                (lc(wires), lc(wires), lc(wires)).prop_map(|(a, b, c)| R1csConstraint { a, b, c }),
                0..8,
            );
            (Just(wires), 0..wires, constraints, any::<bool>()).prop_map(|(wires, public, constraints, labels)| R1cs {
                num_wires: wires,
                num_pub_out: public / 2,
                num_pub_in: public - public / 2,
                num_prv_in: 0,
                num_labels: u64::from(wires) + 3,
                constraints,
                wire_to_label: if labels { (0..u64::from(wires)).map(|w| w + 3).collect() } else { Vec::new() },
            })
        })
    }

    proptest! {
        #[test]
        fn r1cs_write_read(system in r1cs()) {
            let parsed = R1cs::from_bytes(&system.to_bytes()).unwrap();
            let mut expected = system.clone();
            if expected.wire_to_label.is_empty() {
                // The writer fills in the identity map.
                expected.wire_to_label = (0..u64::from(system.num_wires)).collect();
            }
            prop_assert_eq!(parsed, expected);
        }

        #[test]
        fn wtns_write_read(witness in prop::collection::vec(field(), 0..50)) {
            prop_assert_eq!(read_wtns(&write_wtns(&witness).unwrap()).unwrap(), witness);
        }
    }
}
