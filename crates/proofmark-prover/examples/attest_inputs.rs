//! Test oracle bridge: builds a seeded model key, a registry of `models` keys (the
//! prover's key at `index`), a salt and a witness at `depth`, and prints the circom input
//! JSON for circuits/model_attest.circom together with the public inputs the arkworks
//! circuit computes. Usage: `attest_inputs DEPTH MODELS INDEX SEED`.
use ark_bn254::Fr;
use proofmark_core::zk::numbers::to_decimal;
use proofmark_prover::{ModelKey, Registry, public_inputs, witness_for};
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};
use serde_json::json;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<u64> = std::env::args().skip(1).map(|a| a.parse()).collect::<Result<_, _>>()?;
    let [depth, models, index, seed] = args[..] else {
        return Err("usage: attest_inputs DEPTH MODELS INDEX SEED".into());
    };
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let keys: Vec<ModelKey> = (0..models)
        .map(|v| {
            let mut digest = [0u8; 32];
            rng.fill_bytes(&mut digest);
            ModelKey::generate(&mut rng, digest, v + 1)
        })
        .collect();
    let publics = keys.iter().map(ModelKey::public).collect::<Result<Vec<_>, _>>()?;
    let registry = Registry::from_models(depth as usize, publics.iter())?;
    let key = &keys[index as usize];
    let salt = Fr::from(rng.next_u64());
    let mut content = [0u8; 32];
    rng.fill_bytes(&mut content);
    let mut creator = [0u8; 20];
    rng.fill_bytes(&mut creator);
    let witness = witness_for(key, &registry, salt, &content, &creator)?;
    let public = public_inputs(&witness)?.to_array();
    let d = |x: &Fr| to_decimal(x);
    let input = json!({
        "registry_root": d(&public[0]),
        "content_hi": d(&public[1]),
        "content_lo": d(&public[2]),
        "model_tag": d(&public[3]),
        "creator": d(&public[4]),
        "sk": d(&witness.sk),
        "weights_hi": d(&witness.weights_hi),
        "weights_lo": d(&witness.weights_lo),
        "version": d(&witness.version),
        "salt": d(&witness.salt),
        "siblings": witness.path.siblings.iter().map(d).collect::<Vec<_>>(),
        "index_bits": (0..depth).map(|i| ((witness.path.index >> i) & 1).to_string()).collect::<Vec<_>>(),
    });
    println!("{}", json!({ "input": input, "public": public.iter().map(d).collect::<Vec<_>>() }));
    Ok(())
}
