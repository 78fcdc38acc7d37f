//! The registry's Merkle tree rules (DESIGN §4): binary, Poseidon(left, right) parents,
//! empty leaves 0 and empty subtrees hashed upward, index bit i = (index >> i) & 1 with 1
//! meaning the current node is the right child.
use std::sync::OnceLock;

use ark_bn254::Fr;
use ark_ff::Zero;

use crate::{
    error::{Error, Result},
    poseidon::poseidon,
};

/// The deepest tree supported (2^32 leaves; the default is 20).
pub const MAX_DEPTH: usize = 32;

/// The default registry and setup depth.
pub const DEFAULT_DEPTH: usize = 20;

/// [`Error::DepthOutOfRange`] unless `1 <= depth <= MAX_DEPTH`.
pub fn check_depth(depth: usize) -> Result<()> {
    if (1..=MAX_DEPTH).contains(&depth) { Ok(()) } else { Err(Error::DepthOutOfRange { depth, max: MAX_DEPTH }) }
}

/// The parent of two nodes: `Poseidon(left, right)`.
pub fn hash_pair(left: Fr, right: Fr) -> Result<Fr> {
    poseidon(&[left, right])
}

/// The roots of empty subtrees: `z[0] = 0`, `z[i + 1] = Poseidon(z[i], z[i])`, for
/// `i` in `0..=depth`.
pub fn zero_hashes(depth: usize) -> Result<&'static [Fr]> {
    static ZEROS: OnceLock<Vec<Fr>> = OnceLock::new();
    check_depth(depth)?;
    let zeros = match ZEROS.get() {
        Some(z) => z,
        None => {
            let mut z = Vec::with_capacity(MAX_DEPTH + 1);
            let mut cur = Fr::zero();
            z.push(cur);
            for _ in 0..MAX_DEPTH {
                cur = hash_pair(cur, cur)?;
                z.push(cur);
            }
            ZEROS.get_or_init(|| z)
        }
    };
    zeros.get(..=depth).ok_or(Error::DepthOutOfRange { depth, max: MAX_DEPTH })
}

/// An authentication path: the sibling at each level from the leaf up, and the leaf's
/// index (its bits choose left or right at each level). The depth is `siblings.len()`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MerklePath {
    /// Sibling nodes, leaf level first.
    pub siblings: Vec<Fr>,
    /// The leaf's index; bit i = 1 means the level-i node is a right child.
    pub index: u64,
}

impl MerklePath {
    /// The tree depth this path is for.
    pub fn depth(&self) -> usize {
        self.siblings.len()
    }

    /// Checks the depth is supported and the index fits it.
    pub fn check(&self) -> Result<()> {
        let depth = self.depth();
        check_depth(depth)?;
        if depth < 64 && self.index >> depth != 0 {
            return Err(Error::IndexOutOfRange { index: self.index, depth });
        }
        Ok(())
    }

    /// The index bits, leaf level first: bit i = `(index >> i) & 1`.
    pub fn index_bits(&self) -> Vec<bool> {
        (0..self.depth()).map(|i| i < 64 && (self.index >> i) & 1 == 1).collect()
    }

    /// The root reached by hashing `leaf` up this path.
    pub fn root(&self, leaf: Fr) -> Result<Fr> {
        self.check()?;
        let mut cur = leaf;
        for (sibling, right) in self.siblings.iter().zip(self.index_bits()) {
            cur = if right { hash_pair(*sibling, cur)? } else { hash_pair(cur, *sibling)? };
        }
        Ok(cur)
    }

    /// Whether `leaf` at this path's index is under `root`.
    pub fn verify(&self, leaf: Fr, root: Fr) -> Result<bool> {
        Ok(self.root(leaf)? == root)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::fr_to_hex;

    #[test]
    fn zero_hashes_start_at_zero_and_chain() {
        let z = zero_hashes(3).unwrap();
        assert_eq!(z.len(), 4);
        assert_eq!(z[0], Fr::zero());
        // Poseidon(0, 0), circomlibjs' known answer.
        assert_eq!(fr_to_hex(&z[1]), "0x2098f5fb9e239eab3ceac3f27b81e481dc3124d55ffed523a839ee8446b64864");
        assert_eq!(z[2], hash_pair(z[1], z[1]).unwrap());
        assert_eq!(zero_hashes(20).unwrap()[..4], z[..]);
    }

    #[test]
    fn depth_limits_are_typed() {
        assert!(matches!(check_depth(0), Err(Error::DepthOutOfRange { depth: 0, .. })));
        assert!(matches!(check_depth(33), Err(Error::DepthOutOfRange { depth: 33, .. })));
        let path = MerklePath { siblings: vec![Fr::zero(); 4], index: 16 };
        assert!(matches!(path.root(Fr::zero()), Err(Error::IndexOutOfRange { index: 16, depth: 4 })));
    }

    #[test]
    fn index_bit_one_means_right_child() {
        let leaf = Fr::from(11u64);
        let sib = Fr::from(22u64);
        let left = MerklePath { siblings: vec![sib], index: 0 };
        let right = MerklePath { siblings: vec![sib], index: 1 };
        assert_eq!(left.root(leaf).unwrap(), hash_pair(leaf, sib).unwrap());
        assert_eq!(right.root(leaf).unwrap(), hash_pair(sib, leaf).unwrap());
        assert_eq!(MerklePath { siblings: vec![sib; 3], index: 0b101 }.index_bits(), vec![true, false, true]);
    }
}
