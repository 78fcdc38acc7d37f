//! Groth16 verification natively: one proof with a prepared key, and a batch of 64
//! (compare per-proof time: target ≤ 35% of a single verification); and the SDK
//! benchmark's own proof (tests/conformance/zk-fixture.mjs: the model-attest key, five
//! public inputs of up to 254 bits). The SDK bench's wasm/native ratio comes from the
//! `verify_rounds` example instead, run between its own rounds.
use ark_bn254::{Bn254, Fr};
use ark_groth16::Groth16;
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};
use ark_relations::lc;
use ark_snark::SNARK;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use proofmark_core::zk::{
    PreparedKey, ProofWithInputs, parse_prepared_proof, parse_proof, parse_public, parse_verifying_key, verify,
    verify_batch, verify_prepared,
};
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::SeedableRng;

/// Five public inputs, like the model-attest statement.
#[derive(Clone)]
struct FiveInputs([Fr; 5]);

impl ConstraintSynthesizer<Fr> for FiveInputs {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        for p in self.0 {
            let v = cs.new_input_variable(|| Ok(p))?;
            let sq = cs.new_witness_variable(|| Ok(p * p))?;
            cs.enforce_r1cs_constraint(|| lc!() + v, || lc!() + v, || lc!() + sq)?;
        }
        Ok(())
    }
}

fn proofs(n: usize) -> (PreparedKey, Vec<ProofWithInputs>) {
    let mut rng = ChaCha20Rng::from_seed([3; 32]);
    let (pk, vk) = Groth16::<Bn254>::circuit_specific_setup(FiveInputs([Fr::from(0u64); 5]), &mut rng).unwrap();
    let items = (0..n as u64)
        .map(|i| {
            let inputs = [i, i + 1, i + 2, i + 3, i + 4].map(Fr::from);
            (Groth16::<Bn254>::prove(&pk, FiveInputs(inputs), &mut rng).unwrap(), inputs.to_vec())
        })
        .collect();
    (PreparedKey::new(&vk), items)
}

fn groth16(c: &mut Criterion) {
    let (key, items) = proofs(64);
    let mut group = c.benchmark_group("groth16 verify");
    group.bench_function("single, prepared key", |b| b.iter(|| verify(&key, &items[0].0, &items[0].1).unwrap()));
    group.bench_function("batch of 64 (whole batch)", |b| {
        b.iter_batched(|| [7u8; 32], |seed| verify_batch(&key, &items, &seed).unwrap(), BatchSize::SmallInput)
    });
    let (key, proof, inputs) = sdk_fixture();
    group.bench_function("single, prepared key, model-attest fixture", |b| {
        b.iter(|| assert!(verify(&key, &proof, &inputs).unwrap()))
    });
    // What the SDK's `key.verify(proof, publicSignals)` does: decode the snarkjs JSON
    // (points checked on the curve, B's subgroup on its lines), then verify.
    let (proof_json, public_json) = sdk_fixture_json();
    group.bench_function("single, prepared key, model-attest fixture, from snarkjs JSON", |b| {
        b.iter(|| {
            let proof = parse_prepared_proof(&proof_json).unwrap();
            let inputs = parse_public(&public_json).unwrap();
            assert!(verify_prepared(&key, &proof, &inputs).unwrap())
        })
    });
    // The same with B's subgroup tested by a multiplication while parsing.
    group.bench_function(
        "single, prepared key, model-attest fixture, from snarkjs JSON, subgroup by multiplying",
        |b| {
            b.iter(|| {
                let proof = parse_proof(&proof_json).unwrap();
                let inputs = parse_public(&public_json).unwrap();
                assert!(verify(&key, &proof, &inputs).unwrap())
            })
        },
    );
    group.finish();
}

/// tests/conformance/zk-fixture.mjs, a JS module whose default export is JSON.
fn sdk_fixture_module() -> serde_json::Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/conformance/zk-fixture.mjs");
    let module = std::fs::read_to_string(path).unwrap();
    serde_json::from_str(&module[module.find('{').unwrap()..]).unwrap()
}

/// The fixture's first proof and its public signals, as snarkjs JSON text.
fn sdk_fixture_json() -> (String, String) {
    let first = &sdk_fixture_module()["proofs"][0];
    (first["proof"].to_string(), first["publicSignals"].to_string())
}

/// The fixture's key, prepared, and its first proof and inputs, decoded.
fn sdk_fixture() -> (PreparedKey, ark_groth16::Proof<Bn254>, Vec<Fr>) {
    let vk = parse_verifying_key(&sdk_fixture_module()["vk"].to_string()).unwrap();
    let (proof, inputs) = sdk_fixture_json();
    (PreparedKey::new(&vk.vk), parse_proof(&proof).unwrap(), parse_public(&inputs).unwrap())
}

criterion_group!(benches, groth16);
criterion_main!(benches);
