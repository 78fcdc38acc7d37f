//! Solidity calldata for a Groth16 verifier contract: `a`, `b` (limbs c1, c0), `c`,
//! inputs — the argument layout `verifyProof(uint[2], uint[2][2], uint[2], uint[N])`.
use alloc::{format, string::String, vec::Vec};

use ark_bn254::{Bn254, Fr};
use ark_ec::AffineRepr;
use ark_groth16::Proof;

use super::numbers::to_be_bytes;

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

/// The calldata as snarkjs's `zkey export soliditycalldata` prints it.
pub fn solidity_calldata(proof: &Proof<Bn254>, inputs: &[Fr]) -> String {
    let (a, b, c, i) = calldata_words(proof, inputs);
    let list = |v: &[String]| format!("[\"{}\"]", v.join("\", \""));
    format!("{},[{},{}],{},{}", list(&a), list(&b[0]), list(&b[1]), list(&c), list(&i))
}
