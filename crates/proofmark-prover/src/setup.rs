//! Groth16 setups for the model-attest circuit and the setup directory's
//! `proving_key.bin` (arkworks compressed serialization).
//!
//! A **dev setup** is deterministic from a seed and therefore insecure: anyone who knows
//! the seed knows the toxic waste and can forge proofs. It exists for tests, demos and
//! local chains (DESIGN §4: its verification key is marked `"devSetup": true`).
use std::{
    path::{Path, PathBuf},
    sync::Arc,
};

use ark_bn254::{Bn254, Fr};
use ark_groth16::{Groth16, ProvingKey, VerifyingKey};
use ark_poly::{EvaluationDomain, GeneralEvaluationDomain};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use ark_snark::SNARK;
use ark_std::rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use sha2::{Digest, Sha256};

use crate::{
    circuit::{CircuitShape, ModelAttestCircuit, NUM_PUBLIC_INPUTS, circuit_shape},
    error::{Error, Result},
    fs::{self, Access},
    merkle::check_depth,
    proving::CircuitMatrices,
};

/// The proving key's file name inside a setup directory.
pub const PROVING_KEY_FILE: &str = "proving_key.bin";

/// A deterministic, insecure Groth16 setup of the model-attest circuit at `depth`:
/// the randomness is ChaCha20 seeded with SHA-256(`seed`); the QAP reduction is arkworks'
/// default (`LibsnarkReduction`). The same `(depth, seed)` always yields the same keys.
pub fn dev_setup(depth: usize, seed: &[u8]) -> Result<(ProvingKey<Bn254>, VerifyingKey<Bn254>)> {
    let circuit = ModelAttestCircuit::empty(depth)?;
    let mut rng = ChaCha20Rng::from_seed(Sha256::digest(seed).into());
    Ok(Groth16::<Bn254>::circuit_specific_setup(circuit, &mut rng)?)
}

/// Writes `dir/proving_key.bin` (uncompressed points: loading needs no square roots),
/// creating `dir` if needed, and the circuit's matrices beside it
/// (`r1cs_matrices.bin`, so proving builds no constraints); returns the key's path.
pub fn save_proving_key(dir: &Path, pk: &ProvingKey<Bn254>) -> Result<PathBuf> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    CircuitMatrices::for_depth(setup_depth(pk)?)?.save(dir)?;
    let mut bytes = Vec::with_capacity(pk.uncompressed_size());
    pk.serialize_uncompressed(&mut bytes)?;
    let path = dir.join(PROVING_KEY_FILE);
    fs::write_atomic(&path, &bytes, Access::Public)?;
    Ok(path)
}

/// Reads `dir/proving_key.bin` and checks it is a model-attest key (its sizes); returns
/// it with its depth.
///
/// The points are not re-validated: the proving key is the prover's own local file
/// (made by `zk setup`), a bad point in it can only yield a proof that fails
/// verification, and checking ~30k points costs a second per proof. Verification keys
/// and proofs, which come from others, are always validated.
pub fn load_proving_key(dir: &Path) -> Result<(ProvingKey<Bn254>, usize)> {
    let bytes = fs::read(&dir.join(PROVING_KEY_FILE))?;
    let pk = ProvingKey::<Bn254>::deserialize_uncompressed_unchecked(bytes.as_slice())?;
    let depth = setup_depth(&pk)?;
    Ok((pk, depth))
}

/// [`Error::ProvingKeyMismatch`] unless `pk`'s sizes are exactly the model-attest
/// circuit's at `depth` (so proving cannot index past the key's vectors).
pub fn check_proving_key(pk: &ProvingKey<Bn254>, depth: usize) -> Result<()> {
    check_depth(depth)?;
    if matches_shape(pk, &circuit_shape(depth)?) { Ok(()) } else { Err(Error::ProvingKeyMismatch { depth }) }
}

/// The Merkle depth a model-attest proving key was set up for, read off its size (the
/// witness count grows by a fixed amount per level); [`Error::NotModelAttestKey`] if no
/// supported depth matches it exactly.
pub fn setup_depth(pk: &ProvingKey<Bn254>) -> Result<usize> {
    let one = circuit_shape(1)?;
    let two = circuit_shape(2)?;
    let per_level = two.num_witness_variables.saturating_sub(one.num_witness_variables);
    let extra = pk.l_query.len().checked_sub(one.num_witness_variables).ok_or(Error::NotModelAttestKey)?;
    if per_level == 0 || extra % per_level != 0 {
        return Err(Error::NotModelAttestKey);
    }
    let depth = extra / per_level + 1;
    check_depth(depth).map_err(|_| Error::NotModelAttestKey)?;
    if matches_shape(pk, &circuit_shape(depth)?) { Ok(depth) } else { Err(Error::NotModelAttestKey) }
}

fn matches_shape(pk: &ProvingKey<Bn254>, shape: &CircuitShape) -> bool {
    let variables = shape.num_instance_variables + shape.num_witness_variables;
    let domain =
        GeneralEvaluationDomain::<Fr>::new(shape.num_constraints + shape.num_instance_variables).map(|d| d.size());
    shape.num_instance_variables == NUM_PUBLIC_INPUTS + 1
        && pk.vk.gamma_abc_g1.len() == shape.num_instance_variables
        && pk.l_query.len() == shape.num_witness_variables
        && pk.a_query.len() == variables
        && pk.b_g1_query.len() == variables
        && pk.b_g2_query.len() == variables
        && domain.is_some_and(|size| pk.h_query.len() + 1 == size)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dev_setup_is_deterministic_and_sized() {
        let (pk, vk) = dev_setup(2, b"proofmark test seed").unwrap();
        let (_, vk_again) = dev_setup(2, b"proofmark test seed").unwrap();
        let (_, vk_other) = dev_setup(2, b"another seed").unwrap();
        assert_eq!(vk, vk_again);
        assert_ne!(vk, vk_other);
        assert_eq!(vk.gamma_abc_g1.len(), NUM_PUBLIC_INPUTS + 1);
        check_proving_key(&pk, 2).unwrap();
        assert!(matches!(check_proving_key(&pk, 3), Err(Error::ProvingKeyMismatch { depth: 3 })));
        assert_eq!(setup_depth(&pk).unwrap(), 2);
    }

    #[test]
    fn proving_key_file_round_trips_and_rejects_damage() {
        let (pk, _) = dev_setup(1, b"seed").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let setup_dir = dir.path().join("setup");
        let path = save_proving_key(&setup_dir, &pk).unwrap();
        assert_eq!(path, setup_dir.join("proving_key.bin"));
        let (loaded, depth) = load_proving_key(&setup_dir).unwrap();
        assert_eq!((loaded == pk, depth), (true, 1));

        let mut bytes = std::fs::read(&path).unwrap();
        bytes.truncate(bytes.len() - 1);
        std::fs::write(&path, &bytes).unwrap();
        assert!(matches!(load_proving_key(&setup_dir), Err(Error::Serialization(_))));
        assert!(matches!(load_proving_key(&dir.path().join("missing")), Err(Error::Io { .. })));
    }
}

/// The ceremony key's file name inside a setup directory (a snarkjs phase-2 `.zkey` of
/// the model-attest `.r1cs`).
pub const ZKEY_FILE: &str = "circuit.zkey";

/// A setup directory's proving key: our own (arkworks reduction) or a ceremony's `.zkey`
/// (circom's reduction).
#[derive(Clone, Debug)]
pub enum ProvingSetup {
    /// `proving_key.bin` from [`dev_setup`], with the circuit's matrices
    /// (`r1cs_matrices.bin`, or derived when the directory predates that file).
    Arkworks(Box<ProvingKey<Bn254>>, Arc<CircuitMatrices>),
    /// `circuit.zkey` from a snarkjs phase-2 ceremony on `zk export-r1cs`'s output.
    Zkey(Box<crate::circom::Zkey>),
}

impl ProvingSetup {
    /// Loads `dir/circuit.zkey` if present, else `dir/proving_key.bin`; returns it with
    /// the registry depth it proves for.
    pub fn load(dir: &Path) -> Result<(Self, usize)> {
        let zkey = dir.join(ZKEY_FILE);
        if zkey.is_file() {
            let zkey = crate::circom::Zkey::read(&zkey)?;
            let depth = zkey_depth(&zkey)?;
            return Ok((ProvingSetup::Zkey(Box::new(zkey)), depth));
        }
        let (pk, depth) = load_proving_key(dir)?;
        let matrices = CircuitMatrices::load_or_derive(dir, depth)?;
        Ok((ProvingSetup::Arkworks(Box::new(pk), matrices), depth))
    }
}

/// The registry depth a model-attest `.zkey` was made for: its signal count must be the
/// circuit's at exactly one supported depth, with the five public inputs.
pub fn zkey_depth(zkey: &crate::circom::Zkey) -> Result<usize> {
    if zkey.num_public != NUM_PUBLIC_INPUTS {
        return Err(Error::NotModelAttestKey);
    }
    for depth in 1..=crate::merkle::MAX_DEPTH {
        let shape = circuit_shape(depth)?;
        if shape.num_instance_variables + shape.num_witness_variables == zkey.num_vars() {
            return Ok(depth);
        }
    }
    Err(Error::NotModelAttestKey)
}
