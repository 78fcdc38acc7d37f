//! Proving model attestations, and the salt policy.
//!
//! **Salt.** `model_tag = Poseidon(model, salt)`. Model values are public (they are in
//! every `model.pub.json`), so the salt is what keeps a tag from revealing the model.
//! - [`SaltPolicy::Fresh`] (default): a uniformly random field element per asset. Tags
//!   are unlinkable, even across assets from the same key; the creator keeps the salt
//!   (`proof.secret.json`, [`ProofSecret`]) to reveal the model later.
//! - [`SaltPolicy::Linkable`]: `salt = Poseidon(sk, model)`, the same for every asset the
//!   key attests, so the tag is a stable pseudonym for the (key, model) pair. It needs no
//!   storage, and only the key holder can compute it, so the tag still does not reveal
//!   which registered model it is. (The salt is derived from `sk`, not from `model` alone:
//!   a public salt would let anyone test each registered model against a tag.)
use std::path::Path;

use ark_bn254::{Bn254, Fr};
use ark_groth16::{Groth16, Proof, ProvingKey};
use ark_std::{
    UniformRand,
    rand::{CryptoRng, RngCore},
};
use serde::{Deserialize, Serialize};

use crate::{
    circuit::{ModelAttestWitness, PublicInputs, public_inputs},
    error::{Error, Result},
    field::{address_to_fr, digest_halves, serde_fr},
    fs::{self, Access},
    keys::ModelKey,
    proving::{CircuitMatrices, assignment::full_assignment, groth16::create_proof, qap::witness_map},
    registry::Registry,
    setup::check_proving_key,
};

/// The conventional name of the secret written next to `proof.json`.
pub const PROOF_SECRET_FILE: &str = "proof.secret.json";

/// How the model tag's salt is chosen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SaltPolicy {
    /// A fresh random salt per asset (unlinkable tags).
    #[default]
    Fresh,
    /// `Poseidon(sk, model)`: one salt per model key (a stable pseudonym).
    Linkable,
}

/// The salt for one asset under `policy`. `rng` is only drawn from for
/// [`SaltPolicy::Fresh`].
pub fn choose_salt<R: RngCore + CryptoRng>(policy: SaltPolicy, key: &ModelKey, rng: &mut R) -> Result<Fr> {
    match policy {
        SaltPolicy::Fresh => Ok(Fr::rand(rng)),
        SaltPolicy::Linkable => linkable_salt(key),
    }
}

/// The per-model salt `Poseidon(sk, model)`.
pub fn linkable_salt(key: &ModelKey) -> Result<Fr> {
    crate::poseidon::poseidon(&[key.sk, key.model()?])
}

/// The witness for attesting `content_key` (SHA-256 of the asset's bytes) as `creator`
/// with `key`, whose leaf must be in `registry` ([`Error::LeafNotFound`] otherwise).
pub fn witness_for(
    key: &ModelKey,
    registry: &Registry,
    salt: Fr,
    content_key: &[u8; 32],
    creator: &[u8; 20],
) -> Result<ModelAttestWitness> {
    let index = registry.position(&key.leaf()?).ok_or(Error::LeafNotFound)?;
    let (weights_hi, weights_lo) = key.weights_halves();
    let (content_hi, content_lo) = digest_halves(content_key);
    Ok(ModelAttestWitness {
        sk: key.sk,
        weights_hi,
        weights_lo,
        version: key.version_fr(),
        salt,
        path: registry.path(index)?,
        content_hi,
        content_lo,
        creator: address_to_fr(creator),
    })
}

/// A Groth16 proof of the model-attest statement for `witness`, with its public inputs.
///
/// The witness is checked first (path shape, value widths) and `pk` must be the
/// model-attest key for the witness's depth ([`Error::ProvingKeyMismatch`]); the public
/// inputs are computed from the witness, so the circuit is satisfied by construction.
/// The circuit's matrices are derived once per depth per process
/// ([`CircuitMatrices::for_depth`]); [`prove_model_attest_with`] takes them from the
/// caller (e.g. a setup directory's `r1cs_matrices.bin`).
pub fn prove_model_attest<R: RngCore + CryptoRng>(
    pk: &ProvingKey<Bn254>,
    witness: &ModelAttestWitness,
    rng: &mut R,
) -> Result<(Proof<Bn254>, PublicInputs)> {
    check_proving_key(pk, witness.depth())?;
    prove_model_attest_with(pk, &*CircuitMatrices::for_depth(witness.depth())?, witness, rng)
}

/// [`prove_model_attest`] with the circuit's matrices at the witness's depth
/// ([`Error::DepthMismatch`] otherwise). No constraints are built: the assignment comes
/// from a values-only synthesis and `h` from the matrices. The proof is the one
/// arkworks' `Groth16::prove` makes with the same `rng`, and it is verified against
/// `pk`'s verification key before it is returned ([`Error::ProofSelfCheck`]).
pub fn prove_model_attest_with<R: RngCore + CryptoRng>(
    pk: &ProvingKey<Bn254>,
    matrices: &CircuitMatrices,
    witness: &ModelAttestWitness,
    rng: &mut R,
) -> Result<(Proof<Bn254>, PublicInputs)> {
    let public = public_inputs(witness)?;
    check_proving_key(pk, witness.depth())?;
    if matrices.depth() != witness.depth() {
        return Err(Error::DepthMismatch { expected: matrices.depth(), found: witness.depth() });
    }
    let (z, num_instance) = full_assignment(witness, &public)?;
    let (a, b) = matrices.evaluate(&z)?;
    let h = witness_map(a, b, &z[..num_instance])?;
    // Drawn in arkworks' order (r, then s).
    let r = Fr::rand(rng);
    let s = Fr::rand(rng);
    let proof = create_proof(pk, r, s, &h, &z, num_instance)?;
    let pvk = ark_groth16::prepare_verifying_key(&pk.vk);
    if !Groth16::<Bn254>::verify_proof(&pvk, &proof, &public.to_array())? {
        return Err(Error::ProofSelfCheck);
    }
    Ok((proof, public))
}

/// What a creator keeps after proving (`proof.secret.json`, mode 0600): the salt and the
/// model, enough to open the tag (`model_tag = Poseidon(model, salt)`) later.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProofSecret {
    /// The tag's salt.
    #[serde(with = "serde_fr")]
    pub salt: Fr,
    /// The model value `Poseidon(weights_hi, weights_lo, version)`.
    #[serde(with = "serde_fr")]
    pub model: Fr,
}

impl ProofSecret {
    /// The secret of `witness`'s tag.
    pub fn of(witness: &ModelAttestWitness) -> Result<Self> {
        Ok(ProofSecret { salt: witness.salt, model: witness.model()? })
    }

    /// `Poseidon(model, salt)`.
    pub fn model_tag(&self) -> Result<Fr> {
        crate::poseidon::poseidon(&[self.model, self.salt])
    }

    /// Writes the secret atomically with mode 0600.
    pub fn save(&self, path: &Path) -> Result<()> {
        fs::write_atomic(path, serde_json::to_string_pretty(self)?.as_bytes(), Access::Secret)
    }

    /// Reads a secret written by [`ProofSecret::save`].
    pub fn load(path: &Path) -> Result<Self> {
        Ok(serde_json::from_str(&fs::read_to_string(path)?)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{keys::ModelPub, setup::dev_setup};
    use ark_groth16::VerifyingKey;
    use ark_snark::SNARK;
    use ark_std::rand::SeedableRng;
    use rand_chacha::ChaCha20Rng;
    use std::sync::OnceLock;

    const CONTENT_X: [u8; 32] = [0x11; 32];
    const CONTENT_Y: [u8; 32] = [0x22; 32];
    const CREATOR_A: [u8; 20] = [0xaa; 20];
    const CREATOR_B: [u8; 20] = [0xbb; 20];

    struct Fixture {
        pk: ProvingKey<Bn254>,
        vk: VerifyingKey<Bn254>,
        key: ModelKey,
        registry: Registry,
    }

    /// One depth-4 dev setup and a registry of three models, shared by the tests.
    fn fixture() -> &'static Fixture {
        static FIXTURE: OnceLock<Fixture> = OnceLock::new();
        FIXTURE.get_or_init(|| {
            let (pk, vk) = dev_setup(4, b"prove tests").unwrap();
            let mut rng = ChaCha20Rng::seed_from_u64(42);
            let keys: Vec<ModelKey> = (0..3).map(|v| ModelKey::generate(&mut rng, [v as u8 + 1; 32], v)).collect();
            let pubs: Vec<ModelPub> = keys.iter().map(|k| k.public().unwrap()).collect();
            let registry = Registry::from_models(4, &pubs).unwrap();
            Fixture { pk, vk, key: keys[1].clone(), registry }
        })
    }

    fn verify(vk: &VerifyingKey<Bn254>, public: &PublicInputs, proof: &Proof<Bn254>) -> bool {
        Groth16::<Bn254>::verify(vk, &public.to_array(), proof).unwrap()
    }

    fn prove(content: &[u8; 32], creator: &[u8; 20], policy: SaltPolicy) -> (Proof<Bn254>, PublicInputs) {
        let f = fixture();
        let mut rng = ChaCha20Rng::seed_from_u64(9);
        let salt = choose_salt(policy, &f.key, &mut rng).unwrap();
        let witness = witness_for(&f.key, &f.registry, salt, content, creator).unwrap();
        prove_model_attest(&f.pk, &witness, &mut rng).unwrap()
    }

    #[test]
    fn depth_4_proof_verifies_with_its_public_inputs() {
        let f = fixture();
        let (proof, public) = prove(&CONTENT_X, &CREATOR_A, SaltPolicy::Fresh);
        assert!(verify(&f.vk, &public, &proof));
        assert_eq!(public.registry_root, f.registry.root().unwrap());
        assert_eq!(public.creator, address_to_fr(&CREATOR_A));
        assert_eq!((public.content_hi, public.content_lo), digest_halves(&CONTENT_X));
    }

    #[test]
    fn proof_is_bound_to_creator_and_content() {
        let f = fixture();
        let (proof, public) = prove(&CONTENT_X, &CREATOR_A, SaltPolicy::Fresh);
        let as_b = PublicInputs { creator: address_to_fr(&CREATOR_B), ..public };
        assert!(!verify(&f.vk, &as_b, &proof), "creator A's proof verified for creator B");
        let (hi, lo) = digest_halves(&CONTENT_Y);
        let as_y = PublicInputs { content_hi: hi, content_lo: lo, ..public };
        assert!(!verify(&f.vk, &as_y, &proof), "content X's proof verified for content Y");
        let only_lo = PublicInputs { content_lo: lo, ..public };
        assert!(!verify(&f.vk, &only_lo, &proof));
        let other_root = PublicInputs { registry_root: public.registry_root + Fr::from(1u64), ..public };
        assert!(!verify(&f.vk, &other_root, &proof));
        let other_tag = PublicInputs { model_tag: public.model_tag + Fr::from(1u64), ..public };
        assert!(!verify(&f.vk, &other_tag, &proof));
    }

    #[test]
    fn salt_policies() {
        let f = fixture();
        let (_, a) = prove(&CONTENT_X, &CREATOR_A, SaltPolicy::Linkable);
        let (_, b) = prove(&CONTENT_Y, &CREATOR_B, SaltPolicy::Linkable);
        assert_eq!(a.model_tag, b.model_tag, "linkable tags are stable per model key");
        let expected = crate::poseidon::poseidon(&[f.key.model().unwrap(), linkable_salt(&f.key).unwrap()]).unwrap();
        assert_eq!(a.model_tag, expected);

        let mut rng = ChaCha20Rng::seed_from_u64(3);
        let s1 = choose_salt(SaltPolicy::default(), &f.key, &mut rng).unwrap();
        let s2 = choose_salt(SaltPolicy::Fresh, &f.key, &mut rng).unwrap();
        assert_ne!(s1, s2);
        assert_ne!(s1, linkable_salt(&f.key).unwrap());

        let w = witness_for(&f.key, &f.registry, s1, &CONTENT_X, &CREATOR_A).unwrap();
        let secret = ProofSecret::of(&w).unwrap();
        assert_eq!(secret.model_tag().unwrap(), public_inputs(&w).unwrap().model_tag);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(PROOF_SECRET_FILE);
        secret.save(&path).unwrap();
        assert_eq!(ProofSecret::load(&path).unwrap(), secret);
    }

    #[test]
    fn proofs_equal_arkworks_groth16_prove_with_the_same_rng() {
        let f = fixture();
        let mut rng = ChaCha20Rng::seed_from_u64(11);
        let salt = choose_salt(SaltPolicy::Fresh, &f.key, &mut rng).unwrap();
        let witness = witness_for(&f.key, &f.registry, salt, &CONTENT_X, &CREATOR_A).unwrap();
        let circuit = crate::circuit::ModelAttestCircuit::new(witness.clone()).unwrap();
        let theirs = Groth16::<Bn254>::prove(&f.pk, circuit, &mut ChaCha20Rng::seed_from_u64(7)).unwrap();
        let (ours, _) = prove_model_attest(&f.pk, &witness, &mut ChaCha20Rng::seed_from_u64(7)).unwrap();
        assert_eq!(ours, theirs);
    }

    #[test]
    fn damaged_matrices_never_yield_a_proof() {
        let f = fixture();
        let mut rng = ChaCha20Rng::seed_from_u64(12);
        let witness = witness_for(&f.key, &f.registry, Fr::from(5u64), &CONTENT_X, &CREATOR_A).unwrap();
        let damaged = CircuitMatrices::for_depth(4).unwrap().damaged();
        assert!(matches!(prove_model_attest_with(&f.pk, &damaged, &witness, &mut rng), Err(Error::ProofSelfCheck)));
        let other_depth = CircuitMatrices::for_depth(3).unwrap();
        assert!(matches!(
            prove_model_attest_with(&f.pk, &other_depth, &witness, &mut rng),
            Err(Error::DepthMismatch { expected: 3, found: 4 })
        ));
    }

    #[test]
    fn unknown_key_and_wrong_depth_are_typed() {
        let f = fixture();
        let mut rng = ChaCha20Rng::seed_from_u64(5);
        let stranger = ModelKey::generate(&mut rng, [9; 32], 1);
        assert!(matches!(
            witness_for(&stranger, &f.registry, Fr::from(1u64), &CONTENT_X, &CREATOR_A),
            Err(Error::LeafNotFound)
        ));
        // A depth-5 registry's witness against the depth-4 key.
        let registry = Registry::from_models(5, [&f.key.public().unwrap()]).unwrap();
        let w = witness_for(&f.key, &registry, Fr::from(1u64), &CONTENT_X, &CREATOR_A).unwrap();
        assert!(matches!(prove_model_attest(&f.pk, &w, &mut rng), Err(Error::ProvingKeyMismatch { depth: 5 })));
    }
}

#[cfg(test)]
mod depth_20 {
    use super::*;
    use crate::{keys::ModelPub, merkle::DEFAULT_DEPTH, setup::dev_setup};
    use ark_snark::SNARK;
    use ark_std::rand::SeedableRng;
    use rand_chacha::ChaCha20Rng;
    use std::time::Instant;

    /// The one full-depth proof: a dev setup at the default depth 20 proves and verifies.
    /// Prints setup and proving times (informational; never asserted).
    #[test]
    fn depth_20_proof_verifies() {
        let t = Instant::now();
        let (pk, vk) = dev_setup(DEFAULT_DEPTH, b"depth 20").unwrap();
        let setup = t.elapsed();
        let mut rng = ChaCha20Rng::seed_from_u64(20);
        let key = ModelKey::generate(&mut rng, [0x20; 32], 20);
        let others: Vec<ModelPub> =
            (0..4u64).map(|i| ModelKey::generate(&mut rng, [i as u8; 32], i).public().unwrap()).collect();
        let mut registry = Registry::from_models(DEFAULT_DEPTH, &others).unwrap();
        registry.add_model(&key.public().unwrap()).unwrap();
        let salt = choose_salt(SaltPolicy::Fresh, &key, &mut rng).unwrap();
        let witness = witness_for(&key, &registry, salt, &[0x33; 32], &[0x44; 20]).unwrap();
        let t = Instant::now();
        let (proof, public) = prove_model_attest(&pk, &witness, &mut rng.clone()).unwrap();
        let proving = t.elapsed();
        eprintln!("depth 20: dev setup {setup:?}, proof {proving:?}");
        let circuit = crate::circuit::ModelAttestCircuit::new(witness.clone()).unwrap();
        let theirs = Groth16::<Bn254>::prove(&pk, circuit, &mut rng).unwrap();
        assert_eq!(proof, theirs, "the fast path's proof is arkworks' own");
        assert_eq!(public.registry_root, registry.root().unwrap());
        assert!(Groth16::<Bn254>::verify(&vk, &public.to_array(), &proof).unwrap());
    }
}

/// Like [`prove_model_attest`], with whichever key a setup directory holds: a `.zkey`
/// proves with circom's reduction over the exported constraint system's wire order.
pub fn prove_with_setup<R: RngCore + CryptoRng>(
    setup: &crate::setup::ProvingSetup,
    witness: &ModelAttestWitness,
    rng: &mut R,
) -> Result<(Proof<Bn254>, PublicInputs)> {
    match setup {
        crate::setup::ProvingSetup::Arkworks(pk, matrices) => prove_model_attest_with(pk, matrices, witness, rng),
        crate::setup::ProvingSetup::Zkey(zkey) => {
            let public = public_inputs(witness)?;
            // arkworks' variable order is the exported .r1cs's wire order.
            let (assignment, _) = full_assignment(witness, &public)?;
            let (proof, _) = crate::circom::prove_zkey(zkey, &assignment, rng)?;
            Ok((proof, public))
        }
    }
}
