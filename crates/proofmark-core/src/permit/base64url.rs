//! base64url (RFC 4648 §5) without padding, as JWS uses it (RFC 7515 §2): the alphabet
//! `A–Z a–z 0–9 - _`, no `=`, no whitespace, and canonical only: a length of 1 mod 4
//! and unused trailing bits that are not zero are rejected, so that a permit has exactly
//! one header form.

use alloc::string::String;
use alloc::vec::Vec;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Why a base64url text is rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base64Error {
    /// A character outside the base64url alphabet (padding `=` included).
    InvalidCharacter,
    /// A length of 1 mod 4, which no byte string encodes to.
    InvalidLength,
    /// Unused bits of the last character that are not zero (a non-canonical encoding).
    NonCanonical,
    /// The decoded length could not be allocated.
    TooLong,
}

impl Base64Error {
    /// A short description.
    pub fn reason(self) -> &'static str {
        match self {
            Base64Error::InvalidCharacter => "not base64url (A-Z a-z 0-9 - _, no padding)",
            Base64Error::InvalidLength => "base64url of an impossible length",
            Base64Error::NonCanonical => "non-canonical base64url (unused bits set)",
            Base64Error::TooLong => "too long",
        }
    }
}

fn sextet(c: u8) -> Option<u32> {
    let value = match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'-' => 62,
        b'_' => 63,
        _ => return None,
    };
    Some(u32::from(value))
}

/// Decodes unpadded, canonical base64url.
pub fn decode(text: &str) -> Result<Vec<u8>, Base64Error> {
    let input = text.as_bytes();
    if input.len() % 4 == 1 {
        return Err(Base64Error::InvalidLength);
    }
    let mut out = Vec::new();
    out.try_reserve_exact(input.len() / 4 * 3 + 2).map_err(|_| Base64Error::TooLong)?;
    for group in input.chunks(4) {
        let mut bits = 0u32;
        for &c in group {
            bits = bits << 6 | sextet(c).ok_or(Base64Error::InvalidCharacter)?;
        }
        // A group of n characters carries 6n bits: n - 1 whole bytes, the rest unused.
        let unused = (6 * group.len()) % 8;
        if bits & ((1 << unused) - 1) != 0 {
            return Err(Base64Error::NonCanonical);
        }
        bits >>= unused;
        let whole = group.len() - 1;
        for i in (0..whole).rev() {
            out.push((bits >> (8 * i)) as u8);
        }
    }
    Ok(out)
}

/// Encodes as unpadded base64url.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for group in bytes.chunks(3) {
        let mut bits = 0u32;
        for &b in group {
            bits = bits << 8 | u32::from(b);
        }
        let chars = group.len() + 1;
        bits <<= 6 * chars - 8 * group.len();
        for i in (0..chars).rev() {
            out.push(char::from(ALPHABET[(bits >> (6 * i)) as usize & 63]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4648_vectors_without_padding() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(encode(plain.as_bytes()), encoded);
            assert_eq!(decode(encoded).unwrap(), plain.as_bytes());
        }
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
        assert_eq!(decode("-_8").unwrap(), [0xfb, 0xff]);
    }

    #[test]
    fn rejects_padding_other_alphabets_and_non_canonical_forms() {
        assert_eq!(decode("Zg=="), Err(Base64Error::InvalidCharacter));
        assert_eq!(decode("+/8"), Err(Base64Error::InvalidCharacter));
        assert_eq!(decode("Zm9v Yg"), Err(Base64Error::InvalidCharacter));
        assert_eq!(decode("Zm9vY"), Err(Base64Error::InvalidLength));
        assert_eq!(decode("Zh"), Err(Base64Error::NonCanonical));
        assert_eq!(decode("Zm9"), Err(Base64Error::NonCanonical));
    }
}
