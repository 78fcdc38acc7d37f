//! Proving from snarkjs files, for the Node differential tests (tests/node/zk-circom.test.mjs)
//! until the CLI grows `zk prove --zkey`.
//!
//! ```text
//! zkey_prove prove ZKEY WTNS PROOF_JSON PUBLIC_JSON   prove; write snarkjs proof.json / public.json
//! zkey_prove vkey ZKEY VK_JSON                        the zkey's verification_key.json
//! zkey_prove solidity ZKEY SOL [CONTRACT]             a Solidity verifier for the zkey's key
//! zkey_prove export-demo R1CS WTNS A B                an arkworks demo circuit as .r1cs, and a witness:
//!                                                     public Poseidon(A, B) and A·B, private A, B
//! zkey_prove setup-demo ZKEY SEED                     an insecure seeded setup of the demo circuit with
//!                                                     circom's reduction, written as a .zkey
//! ```
//! Exit status: 0 done, 1 error, 2 usage.
use std::{path::Path, process::ExitCode};

use ark_bn254::{Bn254, Fr};
use ark_groth16::Groth16;
use ark_r1cs_std::{alloc::AllocVar, eq::EqGadget, fields::fp::FpVar};
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};
use ark_snark::CircuitSpecificSetupSNARK;
use ark_std::rand::SeedableRng;
use proofmark_core::zk::snarkjs::{proof_json, public_json, verifying_key_json};
use proofmark_prover::{
    CircomReduction, R1cs, Zkey,
    circom::{prove_zkey, wtns},
    poseidon::{poseidon, poseidon_var},
    solidity::{DEFAULT_CONTRACT_NAME, solidity_verifier},
};
use rand_chacha::ChaCha20Rng;
use sha2::{Digest, Sha256};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// Public `Poseidon(a, b)` and `a·b` (in that order), private `a`, `b`.
struct PoseidonDemo {
    ab: Option<(Fr, Fr)>,
}

impl ConstraintSynthesizer<Fr> for PoseidonDemo {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> std::result::Result<(), SynthesisError> {
        let missing = || SynthesisError::AssignmentMissing;
        let hash = self.ab.map(|(a, b)| poseidon(&[a, b]).map_err(|_| SynthesisError::Unsatisfiable)).transpose()?;
        let h = FpVar::new_input(cs.clone(), || hash.ok_or_else(missing))?;
        let m = FpVar::new_input(cs.clone(), || self.ab.map(|(a, b)| a * b).ok_or_else(missing))?;
        let a = FpVar::new_witness(cs.clone(), || self.ab.map(|v| v.0).ok_or_else(missing))?;
        let b = FpVar::new_witness(cs.clone(), || self.ab.map(|v| v.1).ok_or_else(missing))?;
        poseidon_var(&[a.clone(), b.clone()])?.enforce_equal(&h)?;
        (&a * &b).enforce_equal(&m)?;
        Ok(())
    }
}

fn write_json(path: &str, value: &serde_json::Value) -> Result<()> {
    std::fs::write(path, serde_json::to_string_pretty(value)? + "\n").map_err(|e| format!("{path}: {e}").into())
}

fn run(args: &[String]) -> Result<Option<()>> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["prove", zkey, witness, proof_out, public_out] => {
            let zkey = Zkey::read(Path::new(zkey))?;
            let witness = wtns::read_wtns_file(Path::new(witness))?;
            let mut rng = proofmark_prover::rng::os_rng()?;
            let (proof, public) = prove_zkey(&zkey, &witness, &mut rng)?;
            write_json(proof_out, &proof_json(&proof))?;
            write_json(public_out, &public_json(&public))?;
        }
        ["vkey", zkey, out] => {
            let zkey = Zkey::read(Path::new(zkey))?;
            write_json(out, &verifying_key_json(zkey.verifying_key(), false))?;
        }
        ["solidity", zkey, out, name @ ..] if name.len() <= 1 => {
            let zkey = Zkey::read(Path::new(zkey))?;
            let source =
                solidity_verifier(zkey.verifying_key(), name.first().copied().unwrap_or(DEFAULT_CONTRACT_NAME))?;
            std::fs::write(out, source).map_err(|e| format!("{out}: {e}"))?;
        }
        ["export-demo", r1cs_out, wtns_out, a, b] => {
            let a: Fr = a.parse().map_err(|_| format!("not a field element: {a}"))?;
            let b: Fr = b.parse().map_err(|_| format!("not a field element: {b}"))?;
            let (r1cs, witness) = R1cs::from_circuit_with_witness(PoseidonDemo { ab: Some((a, b)) })?;
            if !r1cs.is_satisfied_by(&witness) {
                return Err("the demo witness does not satisfy its constraints".into());
            }
            r1cs.write(Path::new(r1cs_out))?;
            std::fs::write(wtns_out, wtns::write_wtns(&witness)?).map_err(|e| format!("{wtns_out}: {e}"))?;
        }
        ["setup-demo", zkey_out, seed] => {
            let mut rng = ChaCha20Rng::from_seed(Sha256::digest(seed.as_bytes()).into());
            let (pk, _) = Groth16::<Bn254, CircomReduction>::setup(PoseidonDemo { ab: None }, &mut rng)?;
            let r1cs = R1cs::from_circuit(PoseidonDemo { ab: None })?;
            let zkey = Zkey::from_proving_key(pk, &r1cs)?;
            std::fs::write(zkey_out, zkey.to_bytes()?).map_err(|e| format!("{zkey_out}: {e}"))?;
        }
        _ => return Ok(None),
    }
    Ok(Some(()))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(Some(())) => ExitCode::SUCCESS,
        Ok(None) => {
            eprintln!(
                "usage: zkey_prove prove ZKEY WTNS PROOF_JSON PUBLIC_JSON | vkey ZKEY VK_JSON | \
                 solidity ZKEY SOL [CONTRACT] | export-demo R1CS WTNS A B | setup-demo ZKEY SEED"
            );
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("zkey_prove: {e}");
            ExitCode::FAILURE
        }
    }
}
