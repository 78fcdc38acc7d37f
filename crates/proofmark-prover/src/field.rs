//! BN254 scalar field elements at the edges: `0x` hex, 32-byte big-endian forms, the
//! 128-bit halves of a digest, addresses, and serde adapters for the JSON files.
//!
//! Every field element in a JSON file is `0x` followed by exactly 64 lowercase hex
//! digits, big-endian (DESIGN §4). Parsing accepts either case but never a shorter or
//! longer form, and rejects values ≥ r rather than reducing them.
use ark_bn254::Fr;
use ark_ff::{BigInt, BigInteger, PrimeField};

use crate::error::{Error, Result};

/// The 32-byte big-endian encoding of `x`.
pub fn fr_to_be_bytes(x: &Fr) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (chunk, limb) in out.chunks_exact_mut(8).zip(x.into_bigint().0.iter().rev()) {
        chunk.copy_from_slice(&limb.to_be_bytes());
    }
    out
}

/// The field element whose big-endian encoding is `bytes`; [`Error::NotInField`] when the
/// value is ≥ r.
pub fn fr_from_be_bytes(bytes: &[u8; 32]) -> Result<Fr> {
    let mut limbs = [0u64; 4];
    for (limb, chunk) in limbs.iter_mut().rev().zip(bytes.chunks_exact(8)) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        *limb = u64::from_be_bytes(word);
    }
    Fr::from_bigint(BigInt::new(limbs)).ok_or(Error::NotInField)
}

/// `x` as `0x` + 64 lowercase hex digits (big-endian).
pub fn fr_to_hex(x: &Fr) -> String {
    bytes32_to_hex(&fr_to_be_bytes(x))
}

/// Parses `0x` + 64 hex digits into a field element below r.
pub fn fr_from_hex(s: &str) -> Result<Fr> {
    fr_from_be_bytes(&bytes32_from_hex(s)?)
}

/// 32 bytes as `0x` + 64 lowercase hex digits.
pub fn bytes32_to_hex(bytes: &[u8; 32]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(66);
    s.push_str("0x");
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    s
}

/// Parses `0x` + exactly 64 hex digits (either case) into 32 bytes.
pub fn bytes32_from_hex(s: &str) -> Result<[u8; 32]> {
    let digits = s.strip_prefix("0x").ok_or(Error::InvalidHex("missing 0x prefix"))?.as_bytes();
    if digits.len() != 64 {
        return Err(Error::InvalidHex("expected exactly 64 hex digits"));
    }
    let mut out = [0u8; 32];
    for (byte, pair) in out.iter_mut().zip(digits.chunks_exact(2)) {
        *byte = (nibble(pair[0])? << 4) | nibble(pair[1])?;
    }
    Ok(out)
}

fn nibble(c: u8) -> Result<u8> {
    match c {
        b'0'..=b'9' => Ok(c - b'0'),
        b'a'..=b'f' => Ok(c - b'a' + 10),
        b'A'..=b'F' => Ok(c - b'A' + 10),
        _ => Err(Error::InvalidHex("not a hex digit")),
    }
}

/// The two 128-bit big-endian halves of a 32-byte digest as field elements, `(hi, lo)`:
/// `hi` is bytes 0..16, `lo` bytes 16..32. This is how both the weights digest and the
/// content key (SHA-256 of the asset's bytes) enter the circuit.
pub fn digest_halves(digest: &[u8; 32]) -> (Fr, Fr) {
    let mut hi = [0u8; 16];
    let mut lo = [0u8; 16];
    hi.copy_from_slice(&digest[..16]);
    lo.copy_from_slice(&digest[16..]);
    (Fr::from(u128::from_be_bytes(hi)), Fr::from(u128::from_be_bytes(lo)))
}

/// A 20-byte EVM address as a field element (`uint160(address)`, big-endian).
pub fn address_to_fr(address: &[u8; 20]) -> Fr {
    Fr::from_be_bytes_mod_order(address)
}

/// Whether `x`, read as an integer below r, is below `2^bits`.
pub fn fits_bits(x: &Fr, bits: u32) -> bool {
    x.into_bigint().num_bits() <= bits
}

/// Serde adapter: one field element as `0x` + 64 hex digits.
pub mod serde_fr {
    use ark_bn254::Fr;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Serializes `x` as `0x` + 64 lowercase hex digits.
    pub fn serialize<S: Serializer>(x: &Fr, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::fr_to_hex(x))
    }

    /// Parses `0x` + 64 hex digits, rejecting values ≥ r.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Fr, D::Error> {
        let s = String::deserialize(d)?;
        super::fr_from_hex(&s).map_err(serde::de::Error::custom)
    }
}

/// Serde adapter: a list of field elements, each as `0x` + 64 hex digits.
pub mod serde_fr_vec {
    use ark_bn254::Fr;
    use serde::{Deserialize, Deserializer, Serializer, ser::SerializeSeq};

    /// Serializes each element as `0x` + 64 lowercase hex digits.
    pub fn serialize<S: Serializer>(xs: &[Fr], s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(xs.len()))?;
        for x in xs {
            seq.serialize_element(&super::fr_to_hex(x))?;
        }
        seq.end()
    }

    /// Parses each element, rejecting values ≥ r.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Fr>, D::Error> {
        let strings = Vec::<String>::deserialize(d)?;
        strings.iter().map(|s| super::fr_from_hex(s).map_err(serde::de::Error::custom)).collect()
    }
}

/// Serde adapter: 32 raw bytes (a digest) as `0x` + 64 hex digits.
pub mod serde_bytes32 {
    use serde::{Deserialize, Deserializer, Serializer};

    /// Serializes as `0x` + 64 lowercase hex digits.
    pub fn serialize<S: Serializer>(bytes: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::bytes32_to_hex(bytes))
    }

    /// Parses `0x` + 64 hex digits.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 32], D::Error> {
        let s = String::deserialize(d)?;
        super::bytes32_from_hex(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_ff::{One, Zero};

    #[test]
    fn hex_round_trip_and_fixed_width() {
        assert_eq!(fr_to_hex(&Fr::zero()), format!("0x{}", "0".repeat(64)));
        assert_eq!(fr_to_hex(&Fr::one()), format!("0x{}1", "0".repeat(63)));
        let x = Fr::from(0x0123_4567_89ab_cdefu64) * Fr::from(u128::MAX);
        assert_eq!(fr_from_hex(&fr_to_hex(&x)).unwrap(), x);
        assert_eq!(fr_from_hex(&fr_to_hex(&x).to_uppercase().replacen("0X", "0x", 1)).unwrap(), x);
    }

    #[test]
    fn hex_rejects_malformed_and_out_of_field() {
        assert!(matches!(fr_from_hex("0x1"), Err(Error::InvalidHex(_))));
        assert!(matches!(fr_from_hex(&"0".repeat(64)), Err(Error::InvalidHex(_))));
        assert!(matches!(fr_from_hex(&format!("0x{}g", "0".repeat(63))), Err(Error::InvalidHex(_))));
        // r itself and 2^256 - 1 are rejected, never reduced.
        let r = "0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001";
        assert!(matches!(fr_from_hex(r), Err(Error::NotInField)));
        assert!(matches!(fr_from_hex(&format!("0x{}", "f".repeat(64))), Err(Error::NotInField)));
        let r_minus_1 = "0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000000";
        assert_eq!(fr_from_hex(r_minus_1).unwrap(), -Fr::one());
    }

    #[test]
    fn digest_halves_are_big_endian() {
        let mut d = [0u8; 32];
        d[15] = 1; // hi = 1
        d[31] = 2; // lo = 2
        d[0] = 0x80; // hi's top bit
        let (hi, lo) = digest_halves(&d);
        assert_eq!(hi, Fr::from((1u128 << 127) + 1));
        assert_eq!(lo, Fr::from(2u64));
        assert!(fits_bits(&hi, 128) && !fits_bits(&hi, 127));
    }

    proptest::proptest! {
        #[test]
        fn any_32_bytes_round_trip_or_are_rejected(bytes in proptest::array::uniform32(proptest::num::u8::ANY)) {
            let hex = bytes32_to_hex(&bytes);
            proptest::prop_assert_eq!(bytes32_from_hex(&hex).unwrap(), bytes);
            match fr_from_hex(&hex) {
                Ok(x) => proptest::prop_assert_eq!(fr_to_be_bytes(&x), bytes),
                Err(e) => {
                    proptest::prop_assert!(matches!(e, Error::NotInField));
                    proptest::prop_assert!(bytes[0] >= 0x30);
                }
            }
        }
    }

    #[test]
    fn address_is_uint160() {
        let mut a = [0u8; 20];
        a[19] = 0x10;
        a[0] = 1;
        assert_eq!(address_to_fr(&a), Fr::from(1u128 << 96) * Fr::from(1u128 << 56) + Fr::from(16u64));
        assert!(fits_bits(&address_to_fr(&[0xff; 20]), 160));
    }
}
