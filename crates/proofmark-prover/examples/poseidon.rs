//! Test oracle bridge: reads `[[x, …], …]` (decimal strings) on stdin and prints
//! `[Poseidon(xs), …]` as decimal strings, so Node tests can compare with circomlibjs in
//! one process call.
use std::io::Read;

use ark_bn254::Fr;
use proofmark_core::zk::numbers::{input_from_decimal, to_decimal};
use proofmark_prover::poseidon;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    let cases: Vec<Vec<String>> = serde_json::from_str(&text)?;
    let mut out = Vec::with_capacity(cases.len());
    for case in cases {
        let inputs = case.iter().enumerate().map(|(i, x)| input_from_decimal(x, i)).collect::<Result<Vec<Fr>, _>>()?;
        out.push(to_decimal(&poseidon(&inputs)?));
    }
    println!("{}", serde_json::to_string(&out)?);
    Ok(())
}
