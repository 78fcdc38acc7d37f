//! Native timing for the SDK benchmark (tests/bench/sdk.mjs), which runs this between
//! its own rounds so that the wasm/native ratio compares like with like at the same
//! moment on a noisy machine: the fixture's key prepared once, then `CALLS` times what
//! the SDK's `key.verify(proof, publicSignals)` does (decode the snarkjs JSON, check the
//! points, B's subgroup on its lines, verify). Prints the mean milliseconds per call.
//!
//! `cargo run --release -p proofmark-core --example verify_rounds -- [CALLS]`
use std::time::Instant;

use proofmark_core::zk::{PreparedKey, parse_prepared_proof, parse_public, parse_verifying_key, verify_prepared};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let calls: u32 = std::env::args().nth(1).map(|n| n.parse()).transpose()?.unwrap_or(50);
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/conformance/zk-fixture.mjs");
    let module = std::fs::read_to_string(path)?;
    let start = module.find('{').ok_or("the fixture exports no object")?;
    let fixture: serde_json::Value = serde_json::from_str(&module[start..])?;
    let key = PreparedKey::new(&parse_verifying_key(&fixture["vk"].to_string())?.vk);
    let proof_json = fixture["proofs"][0]["proof"].to_string();
    let public_json = fixture["proofs"][0]["publicSignals"].to_string();
    let once = || -> Result<(), Box<dyn std::error::Error>> {
        let proof = parse_prepared_proof(&proof_json)?;
        let inputs = parse_public(&public_json)?;
        if !verify_prepared(&key, &proof, &inputs)? {
            return Err("the fixture's proof does not verify".into());
        }
        Ok(())
    };
    for _ in 0..5 {
        once()?;
    }
    let t0 = Instant::now();
    for _ in 0..calls {
        once()?;
    }
    println!("{:.4}", t0.elapsed().as_secs_f64() * 1e3 / f64::from(calls.max(1)));
    Ok(())
}
