//! The auditor's model registry, `registry.json` (DESIGN §4):
//! `{depth, leaves: [..] in insertion order from index 0, root}`.
//!
//! The tree has `2^depth` leaf slots; slots past the last leaf hold 0 and empty subtrees
//! hash upward (see [`crate::merkle::zero_hashes`]). Only the non-empty prefix of each
//! level is stored, so a registry of n leaves costs O(n) memory at any depth. Paths are
//! computed on demand, never stored. Loading recomputes the root from the leaves and
//! rejects a file whose stored root disagrees.
use std::path::Path;

use ark_bn254::Fr;
use serde::{Deserialize, Serialize};

use crate::{
    error::{Error, Result},
    field::{fr_to_hex, serde_fr, serde_fr_vec},
    fs::{self, Access},
    keys::ModelPub,
    merkle::{MerklePath, check_depth, hash_pair, zero_hashes},
};

/// The conventional file name of a registry.
pub const REGISTRY_FILE: &str = "registry.json";

/// A Merkle registry of model leaves `Poseidon(pk, model)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registry {
    depth: usize,
    /// `levels[0]` are the leaves; `levels[i]` the non-empty prefix of level i;
    /// `levels[depth]` holds the root once any leaf exists.
    levels: Vec<Vec<Fr>>,
}

/// The JSON form of a registry.
#[derive(Serialize, Deserialize)]
struct RegistryFile {
    depth: usize,
    #[serde(with = "serde_fr_vec")]
    leaves: Vec<Fr>,
    #[serde(with = "serde_fr")]
    root: Fr,
}

impl Registry {
    /// An empty registry of the given depth (`1..=MAX_DEPTH`).
    pub fn new(depth: usize) -> Result<Self> {
        check_depth(depth)?;
        Ok(Registry { depth, levels: vec![Vec::new(); depth + 1] })
    }

    /// A registry holding `leaves` (index 0 first), hashed level by level.
    pub fn from_leaves(depth: usize, leaves: Vec<Fr>) -> Result<Self> {
        check_depth(depth)?;
        if depth < 64 && (leaves.len() as u128) > (1u128 << depth) {
            return Err(Error::RegistryFull { depth });
        }
        let zeros = zero_hashes(depth)?;
        let mut levels = Vec::with_capacity(depth + 1);
        levels.push(leaves);
        for zero in zeros.iter().take(depth) {
            let below = levels.last().map(Vec::as_slice).unwrap_or_default();
            let above = below
                .chunks(2)
                .map(|pair| match pair {
                    [left, right] => hash_pair(*left, *right),
                    [left] => hash_pair(*left, *zero),
                    _ => Err(Error::RegistryFull { depth }),
                })
                .collect::<Result<Vec<_>>>()?;
            levels.push(above);
        }
        Ok(Registry { depth, levels })
    }

    /// A registry of the models' leaves `Poseidon(pk, model)`, in the given order.
    pub fn from_models<'a>(depth: usize, models: impl IntoIterator<Item = &'a ModelPub>) -> Result<Self> {
        let leaves = models.into_iter().map(ModelPub::leaf).collect::<Result<Vec<_>>>()?;
        Self::from_leaves(depth, leaves)
    }

    /// Appends a leaf, updating only its path (`depth` hashes); returns its index.
    pub fn insert(&mut self, leaf: Fr) -> Result<u64> {
        let index = self.leaves().len();
        if self.depth < 64 && (index as u128) >= (1u128 << self.depth) {
            return Err(Error::RegistryFull { depth: self.depth });
        }
        let zeros = zero_hashes(self.depth)?;
        let mut node = leaf;
        let mut position = index;
        for level in 0..=self.depth {
            let nodes = self.levels.get_mut(level).ok_or(Error::RegistryFull { depth: self.depth })?;
            match nodes.get_mut(position) {
                Some(slot) => *slot = node,
                None => nodes.push(node),
            }
            if level == self.depth {
                break;
            }
            let zero = zeros.get(level).copied().ok_or(Error::RegistryFull { depth: self.depth })?;
            let sibling = nodes.get(position ^ 1).copied().unwrap_or(zero);
            node = if position & 1 == 1 { hash_pair(sibling, node)? } else { hash_pair(node, sibling)? };
            position >>= 1;
        }
        Ok(index as u64)
    }

    /// Appends a model's leaf `Poseidon(pk, model)`; returns its index.
    pub fn add_model(&mut self, model: &ModelPub) -> Result<u64> {
        self.insert(model.leaf()?)
    }

    /// The tree depth.
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// The leaves, index 0 first.
    pub fn leaves(&self) -> &[Fr] {
        self.levels.first().map(Vec::as_slice).unwrap_or_default()
    }

    /// Number of leaves.
    pub fn len(&self) -> usize {
        self.leaves().len()
    }

    /// Whether no leaf has been added.
    pub fn is_empty(&self) -> bool {
        self.leaves().is_empty()
    }

    /// The Merkle root (of an all-zero tree when empty).
    pub fn root(&self) -> Result<Fr> {
        let level = self.levels.get(self.depth).and_then(|top| top.first().copied());
        match level {
            Some(root) => Ok(root),
            None => zero_hashes(self.depth)?.get(self.depth).copied().ok_or(Error::RegistryFull { depth: self.depth }),
        }
    }

    /// The index of the first occurrence of `leaf`.
    pub fn position(&self, leaf: &Fr) -> Option<u64> {
        self.leaves().iter().position(|l| l == leaf).map(|i| i as u64)
    }

    /// The authentication path of the leaf at `index`.
    pub fn path(&self, index: u64) -> Result<MerklePath> {
        let len = self.len();
        if usize::try_from(index).map_or(true, |i| i >= len) {
            return Err(Error::NoSuchLeaf { index, len });
        }
        let zeros = zero_hashes(self.depth)?;
        let mut siblings = Vec::with_capacity(self.depth);
        for (level, zero) in zeros.iter().take(self.depth).enumerate() {
            let position = (index >> level) ^ 1;
            let sibling = usize::try_from(position)
                .ok()
                .and_then(|p| self.levels.get(level).and_then(|nodes| nodes.get(p)))
                .copied()
                .unwrap_or(*zero);
            siblings.push(sibling);
        }
        Ok(MerklePath { siblings, index })
    }

    /// [`Error::DepthMismatch`] unless this registry has the setup's depth.
    pub fn ensure_depth(&self, setup_depth: usize) -> Result<()> {
        if self.depth == setup_depth {
            Ok(())
        } else {
            Err(Error::DepthMismatch { expected: setup_depth, found: self.depth })
        }
    }

    /// Pretty JSON `{depth, leaves, root}`.
    pub fn to_json(&self) -> Result<String> {
        let file = RegistryFile { depth: self.depth, leaves: self.leaves().to_vec(), root: self.root()? };
        Ok(serde_json::to_string_pretty(&file)?)
    }

    /// Parses `registry.json`, rebuilds the tree from its leaves and rejects it
    /// ([`Error::RegistryRootMismatch`]) when the stored root is not theirs.
    pub fn from_json(json: &str) -> Result<Self> {
        let file: RegistryFile = serde_json::from_str(json)?;
        let registry = Self::from_leaves(file.depth, file.leaves)?;
        let computed = registry.root()?;
        if computed != file.root {
            return Err(Error::RegistryRootMismatch { stored: fr_to_hex(&file.root), computed: fr_to_hex(&computed) });
        }
        Ok(registry)
    }

    /// [`Registry::from_json`], then [`Registry::ensure_depth`] against the setup's depth.
    pub fn from_json_for_depth(json: &str, setup_depth: usize) -> Result<Self> {
        let registry = Self::from_json(json)?;
        registry.ensure_depth(setup_depth)?;
        Ok(registry)
    }

    /// Writes `registry.json` atomically.
    pub fn save(&self, path: &Path) -> Result<()> {
        fs::write_atomic(path, self.to_json()?.as_bytes(), Access::Public)
    }

    /// Reads and checks a registry file (see [`Registry::from_json`]).
    pub fn load(path: &Path) -> Result<Self> {
        Self::from_json(&fs::read_to_string(path)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{field::fr_from_hex, keys::ModelKey};
    use ark_ff::Zero;

    fn leaves(n: u64) -> Vec<Fr> {
        (1..=n).map(|i| Fr::from(i * 1000 + 7)).collect()
    }

    #[test]
    fn incremental_and_full_rebuild_agree() {
        for depth in [1usize, 2, 3, 4, 20] {
            let max = if depth < 4 { 1u64 << depth } else { 9 };
            let mut incremental = Registry::new(depth).unwrap();
            for n in 0..=max {
                let full = Registry::from_leaves(depth, leaves(n)).unwrap();
                assert_eq!(incremental.root().unwrap(), full.root().unwrap(), "depth {depth}, {n} leaves");
                assert_eq!(incremental, full);
                if n < max {
                    assert_eq!(incremental.insert(Fr::from((n + 1) * 1000 + 7)).unwrap(), n);
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        #[test]
        fn json_and_incremental_agree_for_any_leaves(depth in 1usize..=6, seeds in proptest::collection::vec(proptest::num::u64::ANY, 0..40)) {
            let leaves: Vec<Fr> = seeds.iter().map(|s| Fr::from(*s)).take(1 << depth).collect();
            let full = Registry::from_leaves(depth, leaves.clone()).unwrap();
            let mut incremental = Registry::new(depth).unwrap();
            for leaf in &leaves {
                incremental.insert(*leaf).unwrap();
            }
            proptest::prop_assert_eq!(&incremental, &full);
            proptest::prop_assert_eq!(Registry::from_json(&full.to_json().unwrap()).unwrap(), full);
        }
    }

    #[test]
    fn known_small_registry_root_is_stable() {
        // Depth 2, three leaves 1, 2, 3: root = H(H(1, 2), H(3, 0)) — written out by hand.
        let h = |a: Fr, b: Fr| hash_pair(a, b).unwrap();
        let (one, two, three) = (Fr::from(1u64), Fr::from(2u64), Fr::from(3u64));
        let expected = h(h(one, two), h(three, Fr::zero()));
        let registry = Registry::from_leaves(2, vec![one, two, three]).unwrap();
        assert_eq!(registry.root().unwrap(), expected);
        // H(1, 2) is circomlibjs' known answer for Poseidon([1, 2]).
        let h12 = fr_from_hex("0x115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189a").unwrap();
        assert_eq!(registry.root().unwrap(), h(h12, h(three, Fr::zero())));
        // An empty registry's root is the zero hash at its depth.
        assert_eq!(Registry::new(2).unwrap().root().unwrap(), h(h(Fr::zero(), Fr::zero()), h(Fr::zero(), Fr::zero())));
        assert_eq!(REGISTRY_ROOT_D4_5, fr_to_hex(&Registry::from_leaves(4, leaves(5)).unwrap().root().unwrap()));
    }

    /// Root of the depth-4 registry with leaves 1007, 2007, …, 5007 (pins the layout).
    const REGISTRY_ROOT_D4_5: &str = "0x26e1b7d35c7d660fb9ec8c46850cf13d80c8d38aaedb896a086935defc37ec82";

    #[test]
    fn every_path_verifies_and_wrong_leaves_do_not() {
        let registry = Registry::from_leaves(4, leaves(11)).unwrap();
        let root = registry.root().unwrap();
        for (i, leaf) in registry.leaves().iter().enumerate() {
            let path = registry.path(i as u64).unwrap();
            assert_eq!(path.depth(), 4);
            assert!(path.verify(*leaf, root).unwrap());
            assert!(!path.verify(*leaf + Fr::from(1u64), root).unwrap());
        }
        assert!(matches!(registry.path(11), Err(Error::NoSuchLeaf { index: 11, len: 11 })));
    }

    #[test]
    fn json_round_trip_and_models() {
        let keys: Vec<ModelKey> =
            (0..3u64).map(|i| ModelKey { sk: Fr::from(i + 10), weights_digest: [i as u8; 32], version: i }).collect();
        let pubs: Vec<ModelPub> = keys.iter().map(|k| k.public().unwrap()).collect();
        let registry = Registry::from_models(4, &pubs).unwrap();
        assert_eq!(registry.position(&keys[2].leaf().unwrap()), Some(2));
        let json = registry.to_json().unwrap();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["depth"], 4);
        assert_eq!(v["leaves"][1], fr_to_hex(&pubs[1].leaf().unwrap()));
        assert_eq!(v["root"], fr_to_hex(&registry.root().unwrap()));
        assert_eq!(Registry::from_json(&json).unwrap(), registry);
        assert!(matches!(
            Registry::from_json_for_depth(&json, 20),
            Err(Error::DepthMismatch { expected: 20, found: 4 })
        ));
    }

    #[test]
    fn tampered_root_is_rejected() {
        let registry = Registry::from_leaves(4, leaves(3)).unwrap();
        let mut v: serde_json::Value = serde_json::from_str(&registry.to_json().unwrap()).unwrap();
        v["root"] = serde_json::Value::String(fr_to_hex(&(registry.root().unwrap() + Fr::from(1u64))));
        let err = Registry::from_json(&v.to_string()).unwrap_err();
        assert!(matches!(err, Error::RegistryRootMismatch { .. }), "{err}");
        assert_eq!(err.code(), "registry-root-mismatch");
        // A tampered leaf is caught the same way.
        let mut v: serde_json::Value = serde_json::from_str(&registry.to_json().unwrap()).unwrap();
        v["leaves"][0] = serde_json::Value::String(fr_to_hex(&Fr::from(1u64)));
        assert!(matches!(Registry::from_json(&v.to_string()), Err(Error::RegistryRootMismatch { .. })));
    }

    #[test]
    fn capacity_and_depth_limits_are_typed() {
        let mut registry = Registry::from_leaves(1, leaves(2)).unwrap();
        assert!(matches!(registry.insert(Fr::from(9u64)), Err(Error::RegistryFull { depth: 1 })));
        assert!(matches!(Registry::from_leaves(1, leaves(3)), Err(Error::RegistryFull { depth: 1 })));
        assert!(matches!(Registry::new(0), Err(Error::DepthOutOfRange { .. })));
        let json =
            r#"{"depth":40,"leaves":[],"root":"0x0000000000000000000000000000000000000000000000000000000000000000"}"#;
        assert!(matches!(Registry::from_json(json), Err(Error::DepthOutOfRange { depth: 40, .. })));
    }
}
