//! `.wtns`: a full witness (every wire, the constant one first) as circom's witness
//! calculators and snarkjs write it. Version 2: section 1 = `u32 n8`, the prime `r`
//! (`n8` bytes), `u32` count; section 2 = the values, each `n8` bytes little-endian in
//! normal form and below `r`.
use std::path::Path;

use ark_bn254::Fr;

use super::{
    N8,
    binfile::{BinFile, Writer},
    from_le, modulus_le, to_le,
};
use crate::{
    error::{Error, Result},
    fs,
};

const KIND: &str = "wtns";
const MAGIC: &[u8; 4] = b"wtns";
const VERSION: u32 = 2;

/// Parses a `.wtns` file's bytes into the witness values (wire 0 first).
pub fn read_wtns(bytes: &[u8]) -> Result<Vec<Fr>> {
    let file = BinFile::parse(bytes, KIND, MAGIC, &[VERSION])?;
    let mut header = file.cursor(1, "header section")?;
    // Another element size is another field, like another prime.
    if header.u32()? as usize != N8 || header.array::<N8>()? != modulus_le::<Fr>() {
        return Err(Error::CircomPrime { kind: KIND, which: "r" });
    }
    let count = header.u32()? as usize;
    header.finish()?;
    let values = file.sized_section(2, count.checked_mul(N8), "witness values")?;
    values
        .chunks_exact(N8)
        .enumerate()
        .map(|(i, chunk)| {
            from_le::<Fr>(&super::array(chunk))
                .ok_or_else(|| Error::CircomInvalid { kind: KIND, reason: format!("witness value {i} is not below r") })
        })
        .collect()
}

/// Reads and parses a `.wtns` file.
pub fn read_wtns_file(path: &Path) -> Result<Vec<Fr>> {
    read_wtns(&fs::read(path)?)
}

/// A `.wtns` file (version 2) holding `witness`.
pub fn write_wtns(witness: &[Fr]) -> Result<Vec<u8>> {
    let count = u32::try_from(witness.len())
        .map_err(|_| Error::CircomInvalid { kind: KIND, reason: String::from("more than 2^32 - 1 witness values") })?;
    let mut w = Writer::new(MAGIC, VERSION, 2);
    w.section(1);
    w.u32(N8 as u32);
    w.bytes(&modulus_le::<Fr>());
    w.u32(count);
    w.section(2);
    for value in witness {
        w.bytes(&to_le(value));
    }
    Ok(w.finish())
}
