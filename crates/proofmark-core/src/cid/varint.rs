//! Unsigned LEB128 varints: the multiformats flavour (≤ 9 bytes, minimal) and the
//! protobuf flavour (≤ 10 bytes) used inside dag-pb and UnixFS.
use alloc::vec::Vec;

use crate::{Error, Result};

/// Decodes a multiformats unsigned varint: at most 9 bytes (63 bits), minimally encoded.
/// Returns the value and the number of bytes read.
pub fn decode_uvarint(bytes: &[u8]) -> Result<(u64, usize)> {
    let mut value: u64 = 0;
    for (i, &byte) in bytes.iter().enumerate() {
        if i == 9 {
            return Err(Error::VarintOverflow);
        }
        value |= u64::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            if byte == 0 && i > 0 {
                return Err(Error::InvalidCid("varint is not minimally encoded"));
            }
            return Ok((value, i + 1));
        }
    }
    if bytes.len() >= 9 { Err(Error::VarintOverflow) } else { Err(Error::Truncated("varint")) }
}

/// Decodes a protobuf varint (up to 10 bytes; the value must fit in 64 bits).
pub fn decode_pb_varint(bytes: &[u8]) -> Result<(u64, usize)> {
    let mut value: u64 = 0;
    for (i, &byte) in bytes.iter().enumerate() {
        if i == 10 || (i == 9 && byte > 1) {
            return Err(Error::VarintOverflow);
        }
        value |= u64::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return Ok((value, i + 1));
        }
    }
    Err(Error::Truncated("varint"))
}

/// Appends `value` as an unsigned LEB128 varint (valid in both flavours for values < 2^63).
pub fn encode_varint(mut value: u64, out: &mut Vec<u8>) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Number of bytes [`encode_varint`] writes for `value`.
pub fn varint_len(value: u64) -> usize {
    let bits = 64 - (value | 1).leading_zeros() as usize;
    bits.div_ceil(7)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_boundaries() {
        for v in [0u64, 1, 127, 128, 300, 16383, 16384, u32::MAX as u64, (1 << 63) - 1] {
            let mut buf = Vec::new();
            encode_varint(v, &mut buf);
            assert_eq!(buf.len(), varint_len(v));
            assert_eq!(decode_uvarint(&buf).unwrap(), (v, buf.len()));
            assert_eq!(decode_pb_varint(&buf).unwrap(), (v, buf.len()));
        }
    }

    #[test]
    fn rejects_ten_byte_multiformats_varint() {
        let bytes = [0xff; 10];
        assert_eq!(decode_uvarint(&bytes), Err(Error::VarintOverflow));
    }

    #[test]
    fn rejects_protobuf_varint_past_64_bits() {
        let mut bytes = [0xff; 10];
        bytes[9] = 0x02;
        assert_eq!(decode_pb_varint(&bytes), Err(Error::VarintOverflow));
        bytes[9] = 0x01;
        assert_eq!(decode_pb_varint(&bytes), Ok((u64::MAX, 10)));
    }

    #[test]
    fn rejects_non_minimal_and_truncated() {
        assert!(matches!(decode_uvarint(&[0x81, 0x00]), Err(Error::InvalidCid(_))));
        assert_eq!(decode_uvarint(&[0x81]), Err(Error::Truncated("varint")));
    }
}
