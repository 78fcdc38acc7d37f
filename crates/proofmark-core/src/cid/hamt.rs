//! HAMT-sharded UnixFS directories: bucket labels from murmur3-x64-64 name hashes.
use alloc::{format, string::String};

use super::limits::MAX_LINKS;
use super::unixfs::UnixFsData;
use crate::{Error, Result};

/// The multicodec of the only HAMT hash UnixFS uses: murmur3-x64-64.
const MURMUR3_X64_64: u64 = 0x22;

fn bits_per_level(shard: &UnixFsData) -> Result<u32> {
    let fanout = shard.fanout.ok_or(Error::InvalidUnixFs("HAMT without fanout"))?;
    if fanout > MAX_LINKS as u64 {
        return Err(Error::FanoutExceeded { links: fanout as usize, limit: MAX_LINKS });
    }
    if fanout < 2 || !fanout.is_power_of_two() {
        return Err(Error::InvalidUnixFs("HAMT fanout is not a power of two"));
    }
    if shard.hash_type != Some(MURMUR3_X64_64) {
        return Err(Error::InvalidUnixFs("HAMT hash is not murmur3-x64-64"));
    }
    Ok(fanout.trailing_zeros())
}

/// Characters in a bucket label (hex digits of `fanout - 1`).
pub fn label_width(shard: &UnixFsData) -> Result<usize> {
    let bits = bits_per_level(shard)?;
    Ok(bits.div_ceil(4) as usize)
}

/// The 64-bit name hash: the first half of murmur3-x64-128 with seed 0, big-endian.
pub fn name_hash(name: &[u8]) -> u64 {
    mur3::murmurhash3_x64_128(name, 0).0
}

/// The bucket label for `name` at `level` of a shard.
pub fn label_for(shard: &UnixFsData, name: &[u8], level: usize) -> Result<String> {
    let bits = bits_per_level(shard)?;
    let first = level as u64 * u64::from(bits);
    if first + u64::from(bits) > 64 {
        return Err(Error::InvalidUnixFs("HAMT deeper than its hash"));
    }
    let bucket = (name_hash(name) << first) >> (64 - bits);
    Ok(format!("{:0width$X}", bucket, width = label_width(shard)?))
}
