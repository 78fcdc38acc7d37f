//! Randomness for keys, salts and proofs.
//!
//! The crate's functions take any `RngCore + CryptoRng` (rand_core 0.6, as arkworks
//! does); [`os_rng`] is the one to use outside tests.
use ark_std::rand::SeedableRng;
use rand_chacha::ChaCha20Rng;

use crate::error::{Error, Result};

/// A ChaCha20 generator seeded with 32 bytes from the operating system.
pub fn os_rng() -> Result<ChaCha20Rng> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| Error::Entropy(e.to_string()))?;
    Ok(ChaCha20Rng::from_seed(seed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_std::rand::RngCore;

    #[test]
    fn os_rngs_are_independently_seeded() {
        let (mut a, mut b) = (os_rng().unwrap(), os_rng().unwrap());
        assert_ne!(a.next_u64(), b.next_u64());
    }
}
