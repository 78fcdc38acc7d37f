//! Solidity calldata for a Groth16 verifier contract: `a`, `b` (limbs c1, c0), `c`,
//! inputs — the argument layout `verifyProof(uint[2], uint[2][2], uint[2], uint[N])`.
use alloc::{format, string::String, vec::Vec};

use ark_bn254::{Bn254, Fq, Fq2, Fr};
use ark_ec::AffineRepr;
use ark_ff::PrimeField;
use ark_groth16::Proof;

use super::numbers::{Role, bigint_from_be, g1, g2, to_be_bytes};
use crate::{Error, Result};

fn hex<F: ark_ff::PrimeField>(value: &F) -> String {
    let bytes = to_be_bytes(value);
    let mut out = String::from("0x");
    for b in bytes {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// The four calldata arguments as `0x` hex words, in EVM limb order.
pub fn calldata_words(
    proof: &Proof<Bn254>,
    inputs: &[Fr],
) -> (Vec<String>, Vec<Vec<String>>, Vec<String>, Vec<String>) {
    let (ax, ay) = proof.a.xy().unwrap_or_default();
    let (bx, by) = proof.b.xy().unwrap_or_default();
    let (cx, cy) = proof.c.xy().unwrap_or_default();
    (
        alloc::vec![hex(&ax), hex(&ay)],
        alloc::vec![alloc::vec![hex(&bx.c1), hex(&bx.c0)], alloc::vec![hex(&by.c1), hex(&by.c0)]],
        alloc::vec![hex(&cx), hex(&cy)],
        inputs.iter().map(hex).collect(),
    )
}

/// The proof as the registry's `uint256[8]`: a.x, a.y, b.x.c1, b.x.c0, b.y.c1, b.y.c0, c.x, c.y
/// (32-byte big-endian words).
pub fn proof_words(proof: &Proof<Bn254>) -> [[u8; 32]; 8] {
    let (ax, ay) = proof.a.xy().unwrap_or_default();
    let (bx, by) = proof.b.xy().unwrap_or_default();
    let (cx, cy) = proof.c.xy().unwrap_or_default();
    [
        to_be_bytes(&ax),
        to_be_bytes(&ay),
        to_be_bytes(&bx.c1),
        to_be_bytes(&bx.c0),
        to_be_bytes(&by.c1),
        to_be_bytes(&by.c0),
        to_be_bytes(&cx),
        to_be_bytes(&cy),
    ]
}

/// A proof from the registry's `uint256[8]` (as carried by the `Anchored` event), with the
/// same strict checks as the JSON forms: coordinates below q, points on the curve and in
/// the subgroup, no identity.
pub fn proof_from_words(words: &[[u8; 32]; 8]) -> Result<Proof<Bn254>> {
    let fq = |i: usize, what: &'static str| {
        Fq::from_bigint(bigint_from_be(&words[i])).ok_or(Error::CoordinateOutOfRange(what))
    };
    // The EVM writes the identity as all-zero coordinates; a proof never contains it.
    let strict = |name, range: core::ops::Range<usize>| {
        if words[range].iter().all(|word| word.iter().all(|&b| b == 0)) {
            Err(Error::IdentityInProof(name))
        } else {
            Ok(Role { name, identity_allowed: false })
        }
    };
    let a = g1(fq(0, "proof.a")?, fq(1, "proof.a")?, false, strict("proof.a", 0..2)?)?;
    let bx = Fq2::new(fq(3, "proof.b")?, fq(2, "proof.b")?);
    let by = Fq2::new(fq(5, "proof.b")?, fq(4, "proof.b")?);
    let b = g2(bx, by, false, strict("proof.b", 2..6)?)?;
    let c = g1(fq(6, "proof.c")?, fq(7, "proof.c")?, false, strict("proof.c", 6..8)?)?;
    Ok(Proof { a, b, c })
}

/// The calldata as snarkjs's `zkey export soliditycalldata` prints it.
pub fn solidity_calldata(proof: &Proof<Bn254>, inputs: &[Fr]) -> String {
    let (a, b, c, i) = calldata_words(proof, inputs);
    let list = |v: &[String]| format!("[\"{}\"]", v.join("\", \""));
    format!("{},[{},{}],{},{}", list(&a), list(&b[0]), list(&b[1]), list(&c), list(&i))
}
