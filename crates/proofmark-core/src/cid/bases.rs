//! The multibase encodings CID strings use: base32 (RFC 4648, no padding, `b`/`B`),
//! base36 (`k`/`K`) and base58btc (`z`, and bare for CIDv0). As in the multibase table,
//! base32 and base36 digits are read in either case; base58btc is case-sensitive.
//!
//! Written here rather than taken from the `multibase` crate, which carries every base
//! (base256emoji, base64, …) into the `.wasm` whenever a CID is printed or parsed.
use alloc::{string::String, vec::Vec};

const BASE32_LOWER: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
const BASE36_LOWER: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
const BASE58_BTC: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/// Why a multibase string did not decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MultibaseError {
    /// Not a multibase string, or its digits are not valid in its base.
    Invalid,
    /// A valid multibase prefix, but not one of the bases CIDs are read in.
    UnsupportedBase,
}

/// Lowercase base32 without padding.
pub fn base32_lower(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut acc, mut bits) = (0u16, 0u32);
    for &byte in bytes {
        acc = (acc << 8) | u16::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(BASE32_LOWER[usize::from((acc >> bits) & 31)]));
        }
        acc &= (1 << bits) - 1;
    }
    if bits > 0 {
        out.push(char::from(BASE32_LOWER[usize::from((acc << (5 - bits)) & 31)]));
    }
    out
}

/// Base58btc (the Bitcoin alphabet; leading zero bytes become `1`s).
pub fn base58btc(bytes: &[u8]) -> String {
    let zeros = bytes.iter().take_while(|&&b| b == 0).count();
    // Little-endian base-58 digits of the big-endian number `bytes`.
    let mut digits: Vec<u8> = Vec::with_capacity(bytes.len() * 138 / 100 + 1);
    for &byte in &bytes[zeros..] {
        let mut carry = u32::from(byte);
        for digit in digits.iter_mut() {
            carry += u32::from(*digit) << 8;
            *digit = (carry % 58) as u8;
            carry /= 58;
        }
        while carry > 0 {
            digits.push((carry % 58) as u8);
            carry /= 58;
        }
    }
    let mut out = String::with_capacity(zeros + digits.len());
    out.extend(core::iter::repeat_n('1', zeros));
    out.extend(digits.iter().rev().map(|&d| char::from(BASE58_BTC[usize::from(d)])));
    out
}

/// Decodes base58btc without a multibase prefix (the CIDv0 form).
pub fn decode_base58btc(text: &str) -> Option<Vec<u8>> {
    decode_positional(text.as_bytes(), BASE58_BTC)
}

/// Decodes a multibase string in base32, base36 or base58btc.
pub fn decode_multibase(text: &str) -> Result<Vec<u8>, MultibaseError> {
    let mut chars = text.chars();
    let prefix = chars.next().ok_or(MultibaseError::Invalid)?;
    let digits = chars.as_str().as_bytes();
    let decoded = match prefix {
        'b' | 'B' => decode_base32(digits),
        'k' | 'K' => decode_positional(&digits.to_ascii_lowercase(), BASE36_LOWER),
        'z' => decode_positional(digits, BASE58_BTC),
        // The other prefixes of the multibase table (identity, base2 … base64url, emoji).
        '\0' | '0' | '7' | '9' | 'f' | 'F' | 'c' | 'C' | 'v' | 'V' | 't' | 'T' | 'h' | 'R' | 'Z' | 'm' | 'M' | 'u'
        | 'U' | '\u{1F680}' => return Err(MultibaseError::UnsupportedBase),
        _ => None,
    };
    decoded.ok_or(MultibaseError::Invalid)
}

/// RFC 4648 base32 without padding, either case; the unused low bits of the last digit
/// must be zero (one encoding per byte string).
fn decode_base32(digits: &[u8]) -> Option<Vec<u8>> {
    if matches!(digits.len() % 8, 1 | 3 | 6) {
        return None;
    }
    let mut out = Vec::with_capacity(digits.len() * 5 / 8);
    let (mut acc, mut bits) = (0u16, 0u32);
    for &c in digits {
        let value = BASE32_LOWER.iter().position(|&a| a == c.to_ascii_lowercase())?;
        acc = (acc << 5) | value as u16;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    (acc == 0).then_some(out)
}

/// A big-endian number in `alphabet`'s base; each leading zero digit is a zero byte.
fn decode_positional(digits: &[u8], alphabet: &[u8]) -> Option<Vec<u8>> {
    let base = alphabet.len() as u32;
    let zeros = digits.iter().take_while(|&&c| c == alphabet[0]).count();
    // Little-endian bytes of the number.
    let mut bytes: Vec<u8> = Vec::with_capacity(digits.len());
    for &c in &digits[zeros..] {
        let mut carry = alphabet.iter().position(|&a| a == c)? as u32;
        for byte in bytes.iter_mut() {
            carry += u32::from(*byte) * base;
            *byte = carry as u8;
            carry >>= 8;
        }
        while carry > 0 {
            bytes.push(carry as u8);
            carry >>= 8;
        }
    }
    let mut out = alloc::vec![0u8; zeros];
    out.extend(bytes.iter().rev());
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ::cid::multibase::{Base, decode, encode};

    fn samples() -> Vec<Vec<u8>> {
        let mut out: Vec<Vec<u8>> = alloc::vec![Vec::new(), alloc::vec![0], alloc::vec![0, 0, 1], alloc::vec![255; 7]];
        let mut x = 0x9e37_79b9_u32;
        for len in 1..80 {
            out.push(
                (0..len)
                    .map(|i| {
                        x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                        if i < len % 3 { 0 } else { (x >> 24) as u8 }
                    })
                    .collect(),
            );
        }
        out
    }

    #[test]
    fn encodings_equal_the_multibase_crate() {
        for bytes in samples() {
            assert_eq!(alloc::format!("b{}", base32_lower(&bytes)), encode(Base::Base32Lower, &bytes));
            assert_eq!(alloc::format!("z{}", base58btc(&bytes)), encode(Base::Base58Btc, &bytes));
            for base in [Base::Base32Lower, Base::Base32Upper, Base::Base36Lower, Base::Base36Upper, Base::Base58Btc] {
                let text = encode(base, &bytes);
                assert_eq!(decode_multibase(&text), Ok(bytes.clone()), "{text}");
            }
            assert_eq!(decode_base58btc(&base58btc(&bytes)), Some(bytes.clone()));
        }
    }

    #[test]
    fn invalid_strings_fail_as_the_multibase_crate_does() {
        for text in ["", "b1", "ba", "babc", "babcdef", "baf", "bAF", "b=", "k_", "z0", "zl", "zO", "x123", "bé"] {
            assert_eq!(decode_multibase(text), Err(MultibaseError::Invalid), "{text:?}");
            assert!(decode(text).is_err(), "{text:?}");
        }
        for text in ["bAA", "Baa", "BaBcDeFa", "kZz9", "KzZ9"] {
            assert_eq!(decode_multibase(text).ok(), decode(text).ok().map(|(_, bytes)| bytes), "{text:?}");
            assert!(decode_multibase(text).is_ok(), "{text:?}");
        }
        for text in ["f01", "mAQ", "Zabc", "R", "\u{1F680}"] {
            assert_eq!(decode_multibase(text), Err(MultibaseError::UnsupportedBase), "{text:?}");
        }
    }
}
