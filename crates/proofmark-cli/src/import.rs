//! The native importer: windows of the input are split into chunks whose leaves are
//! hashed on every core, then fed in order to the core's tree builder.
use anyhow::Result;
use proofmark_core::cid::{FileDag, HashFunction, ImportParams, TreeBuilder, leaf_digest};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::input::Input;

/// Bytes mapped at a time: enough chunks to keep every core busy and to amortise
/// mapping, small enough to bound memory.
const WINDOW_BYTES: usize = 32 * 1024 * 1024;

/// The window for `chunk_size`: a whole number of chunks, at least 32.
pub fn window_for(chunk_size: usize) -> usize {
    chunk_size * (WINDOW_BYTES / chunk_size).max(32)
}

/// Builds the DAG of `input` under `params`; `keep_inner` keeps inner nodes for a CAR.
pub fn import(input: &Input, params: ImportParams, keep_inner: bool) -> Result<FileDag> {
    let mut tree = TreeBuilder::new(params, keep_inner)?;
    let window = window_for(params.chunk_size);
    let total = input.for_each_window(window, "hashing", |bytes| {
        let leaves: Vec<_> = bytes
            .par_chunks(params.chunk_size)
            .map(|chunk| leaf_digest(&params, chunk).map(|(digest, len)| (digest, chunk.len() as u64, len)))
            .collect();
        for leaf in leaves {
            let (digest, chunk_len, block_len) = leaf?;
            tree.push_leaf(&digest, chunk_len, block_len)?;
        }
        Ok(())
    })?;
    if total == 0 {
        let (digest, block_len) = leaf_digest(&params, &[])?;
        tree.push_leaf(&digest, 0, block_len)?;
    }
    Ok(tree.finish()?)
}

/// The digest of the whole input under `function` (the `raw` profile, anchor keys).
pub fn whole_digest(input: &Input, function: HashFunction) -> Result<(Vec<u8>, u64)> {
    const WINDOW: usize = 16 * 1024 * 1024;
    match function {
        HashFunction::Sha2_256 => {
            let mut hasher = Sha256::new();
            let size = input.for_each_window(WINDOW, "hashing", |b| {
                hasher.update(b);
                Ok(())
            })?;
            Ok((hasher.finalize().to_vec(), size))
        }
        HashFunction::Blake3 => {
            let mut hasher = blake3::Hasher::new();
            let size = input.for_each_window(WINDOW, "hashing", |b| {
                hasher.update(b);
                Ok(())
            })?;
            Ok((hasher.finalize().as_bytes().to_vec(), size))
        }
        HashFunction::Identity => {
            let mut all = Vec::new();
            let size = input.for_each_window(WINDOW, "reading", |b| {
                if all.len() <= 129 {
                    all.extend_from_slice(&b[..b.len().min(130)]);
                }
                Ok(())
            })?;
            Ok((all, size))
        }
    }
}
