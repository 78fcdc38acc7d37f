//! Model key files (DESIGN §4): the secret `model.key.json` {sk, weightsDigest, version}
//! and the public `model.pub.json` {pk, model, version}.
//!
//! - `sk`, `pk`, `model`: field elements as `0x` + 64 lowercase hex digits (big-endian).
//! - `weightsDigest`: the 32-byte sha2-256 digest of the weights file's `unixfs-v1-2025`
//!   CID, as `0x` + 64 hex digits. It enters the circuit as two 128-bit big-endian halves
//!   (`weights_hi` = bytes 0..16, `weights_lo` = bytes 16..32), which always fit the field.
//! - `version`: the model's release number, a JSON integer (it enters the circuit as the
//!   field element of that integer).
//!
//! `pk = Poseidon(sk)`, `model = Poseidon(weights_hi, weights_lo, version)`, and the
//! registry leaf is `Poseidon(pk, model)`.
use std::{fmt, path::Path};

use ark_bn254::Fr;
use ark_std::{
    UniformRand,
    rand::{CryptoRng, RngCore},
};
use serde::{Deserialize, Serialize};

use crate::{
    error::Result,
    field::{digest_halves, serde_bytes32, serde_fr},
    fs::{self, Access},
    poseidon::poseidon,
};

/// The conventional file name of a model's secret key.
pub const MODEL_KEY_FILE: &str = "model.key.json";
/// The conventional file name of a model's public key.
pub const MODEL_PUB_FILE: &str = "model.pub.json";

/// A model's secret key file. `Debug` never prints `sk`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelKey {
    /// The secret scalar.
    #[serde(with = "serde_fr")]
    pub sk: Fr,
    /// sha2-256 digest of the weights file's `unixfs-v1-2025` CID (the multihash digest).
    #[serde(with = "serde_bytes32")]
    pub weights_digest: [u8; 32],
    /// The model's release number.
    pub version: u64,
}

impl fmt::Debug for ModelKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ModelKey")
            .field("sk", &"<redacted>")
            .field("weights_digest", &crate::field::bytes32_to_hex(&self.weights_digest))
            .field("version", &self.version)
            .finish()
    }
}

impl ModelKey {
    /// A fresh key for the weights whose CID digest is `weights_digest`: `sk` uniform in
    /// the field, drawn from `rng`.
    pub fn generate<R: RngCore + CryptoRng>(rng: &mut R, weights_digest: [u8; 32], version: u64) -> Self {
        ModelKey { sk: Fr::rand(rng), weights_digest, version }
    }

    /// `(weights_hi, weights_lo)`: the digest's two 128-bit big-endian halves.
    pub fn weights_halves(&self) -> (Fr, Fr) {
        digest_halves(&self.weights_digest)
    }

    /// The version as the circuit's field element.
    pub fn version_fr(&self) -> Fr {
        Fr::from(self.version)
    }

    /// `pk = Poseidon(sk)`.
    pub fn pk(&self) -> Result<Fr> {
        poseidon(&[self.sk])
    }

    /// `model = Poseidon(weights_hi, weights_lo, version)`.
    pub fn model(&self) -> Result<Fr> {
        let (hi, lo) = self.weights_halves();
        poseidon(&[hi, lo, self.version_fr()])
    }

    /// The public half, as written to `model.pub.json`.
    pub fn public(&self) -> Result<ModelPub> {
        Ok(ModelPub { pk: self.pk()?, model: self.model()?, version: self.version })
    }

    /// The registry leaf `Poseidon(pk, model)`.
    pub fn leaf(&self) -> Result<Fr> {
        self.public()?.leaf()
    }

    /// Pretty JSON (camelCase keys).
    pub fn to_json(&self) -> Result<String> {
        Ok(serde_json::to_string_pretty(self)?)
    }

    /// Parses `model.key.json`; field elements must be canonical (< r).
    pub fn from_json(json: &str) -> Result<Self> {
        Ok(serde_json::from_str(json)?)
    }

    /// Writes the key atomically with mode 0600.
    pub fn save(&self, path: &Path) -> Result<()> {
        fs::write_atomic(path, self.to_json()?.as_bytes(), Access::Secret)
    }

    /// Reads a key written by [`ModelKey::save`].
    pub fn load(path: &Path) -> Result<Self> {
        Self::from_json(&fs::read_to_string(path)?)
    }
}

/// A model's public key file: what an auditor puts in the registry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelPub {
    /// `Poseidon(sk)`.
    #[serde(with = "serde_fr")]
    pub pk: Fr,
    /// `Poseidon(weights_hi, weights_lo, version)`.
    #[serde(with = "serde_fr")]
    pub model: Fr,
    /// The model's release number (informational; it is already inside `model`).
    pub version: u64,
}

impl ModelPub {
    /// The registry leaf `Poseidon(pk, model)`.
    pub fn leaf(&self) -> Result<Fr> {
        poseidon(&[self.pk, self.model])
    }

    /// Pretty JSON (camelCase keys).
    pub fn to_json(&self) -> Result<String> {
        Ok(serde_json::to_string_pretty(self)?)
    }

    /// Parses `model.pub.json`; field elements must be canonical (< r).
    pub fn from_json(json: &str) -> Result<Self> {
        Ok(serde_json::from_str(json)?)
    }

    /// Writes the file atomically.
    pub fn save(&self, path: &Path) -> Result<()> {
        fs::write_atomic(path, self.to_json()?.as_bytes(), Access::Public)
    }

    /// Reads a file written by [`ModelPub::save`].
    pub fn load(path: &Path) -> Result<Self> {
        Self::from_json(&fs::read_to_string(path)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{error::Error, field::fr_to_hex};
    use ark_std::rand::SeedableRng;
    use rand_chacha::ChaCha20Rng;

    fn key() -> ModelKey {
        let mut digest = [0u8; 32];
        for (i, b) in digest.iter_mut().enumerate() {
            *b = i as u8;
        }
        ModelKey { sk: Fr::from(1u64), weights_digest: digest, version: 3 }
    }

    #[test]
    fn key_json_shape_and_round_trip() {
        let k = key();
        let json = k.to_json().unwrap();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["sk"], format!("0x{}1", "0".repeat(63)));
        assert_eq!(v["weightsDigest"], "0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        assert_eq!(v["version"], 3);
        assert_eq!(ModelKey::from_json(&json).unwrap(), k);

        let p = k.public().unwrap();
        // pk = Poseidon(1), circomlibjs' known answer.
        assert_eq!(fr_to_hex(&p.pk), "0x29176100eaa962bdc1fe6c654d6a3c130e96a4d1168b33848b897dc502820133");
        let (hi, lo) = k.weights_halves();
        assert_eq!(hi, Fr::from(0x0001_0203_0405_0607_0809_0a0b_0c0d_0e0fu128));
        assert_eq!(lo, Fr::from(0x1011_1213_1415_1617_1819_1a1b_1c1d_1e1fu128));
        assert_eq!(p.model, poseidon(&[hi, lo, Fr::from(3u64)]).unwrap());
        let json = p.to_json().unwrap();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["pk"], fr_to_hex(&p.pk));
        assert_eq!(v["model"], fr_to_hex(&p.model));
        assert_eq!(ModelPub::from_json(&json).unwrap(), p);
        assert_eq!(p.leaf().unwrap(), poseidon(&[p.pk, p.model]).unwrap());
    }

    #[test]
    fn generated_keys_round_trip_and_differ() {
        let mut rng = ChaCha20Rng::seed_from_u64(1);
        let a = ModelKey::generate(&mut rng, [7; 32], 1);
        let b = ModelKey::generate(&mut rng, [7; 32], 1);
        assert_ne!(a.sk, b.sk);
        assert_eq!(a.model().unwrap(), b.model().unwrap());
        assert_ne!(a.pk().unwrap(), b.pk().unwrap());
        assert_eq!(ModelKey::from_json(&a.to_json().unwrap()).unwrap(), a);
        assert!(!format!("{a:?}").contains(&fr_to_hex(&a.sk)[2..]));
    }

    #[test]
    fn non_canonical_or_malformed_keys_are_rejected() {
        let r = "0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001";
        let json = format!(r#"{{"sk":"{r}","weightsDigest":"0x{}","version":1}}"#, "00".repeat(32));
        assert!(matches!(ModelKey::from_json(&json), Err(Error::Json(_))));
        let json = format!(r#"{{"sk":"0x01","weightsDigest":"0x{}","version":1}}"#, "00".repeat(32));
        assert!(matches!(ModelKey::from_json(&json), Err(Error::Json(_))));
        let json = r#"{"pk":"0x00","model":"0x00"}"#;
        assert!(matches!(ModelPub::from_json(json), Err(Error::Json(_))));
    }

    #[test]
    fn saved_key_is_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(MODEL_KEY_FILE);
        let k = key();
        k.save(&path).unwrap();
        assert_eq!(ModelKey::load(&path).unwrap(), k);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        let pub_path = dir.path().join(MODEL_PUB_FILE);
        k.public().unwrap().save(&pub_path).unwrap();
        assert_eq!(ModelPub::load(&pub_path).unwrap(), k.public().unwrap());
    }
}
