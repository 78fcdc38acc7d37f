//! The permit as it travels: `Authorization: Proofmark-Permit <base64url(JSON)>` with the
//! JSON object `{key, buyer, audience, expires, nonce, signature}`, read strictly.
//!
//! - the scheme is matched without regard to case (RFC 9110 §11.1), followed by exactly
//!   one space and the token; the token is canonical unpadded base64url ([`super::base64url`]);
//! - the JSON has exactly the six fields, each once, each a string;
//! - `key` and `nonce` are `0x` + 64 hex digits, `signature` `0x` + 130, `buyer` `0x` + 40
//!   in one letter case or with a valid EIP-55 checksum;
//! - `expires` is a canonical decimal `uint64` (no sign, no leading zeros, no exponent).
//!
//! Any breach is [`Error::MalformedPermit`] (HTTP 400).

use alloc::format;
use alloc::string::{String, ToString};

use alloy_primitives::{Address, B256, Bytes, hex};
use alloy_sol_types::SolStruct;
use serde::Serialize;

use super::base64url;
use super::json_fields::PermitFields;
use super::signature::{SIGNATURE_LEN, sign_prehash};
use super::types::{GateDomain, generated};
use crate::{Error, Result};

/// The `Authorization` scheme of a permit.
pub const SCHEME: &str = "Proofmark-Permit";

/// A buyer's signed permit (DESIGN §7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permit {
    /// The content key (SHA-256 of the content bytes) the permit pays for.
    pub key: B256,
    /// The buyer: the license holder, whose wallet signed.
    pub buyer: Address,
    /// The worker's origin the permit is for.
    pub audience: String,
    /// Unix seconds after which the permit is void.
    pub expires: u64,
    /// 32 random bytes, spent once.
    pub nonce: B256,
    /// The signature over the EIP-712 digest: 65 bytes `r ‖ s ‖ v` when read from JSON.
    pub signature: Bytes,
}

/// The JSON form as written, fields in canonical order ([`PermitFields`] reads it).
#[derive(Serialize)]
struct PermitJson<'a> {
    key: &'a str,
    buyer: &'a str,
    audience: &'a str,
    expires: &'a str,
    nonce: &'a str,
    signature: &'a str,
}

fn malformed(field: &str, reason: &str) -> Error {
    Error::MalformedPermit(format!("{field}: {reason}"))
}

impl Permit {
    /// Reads the value of an `Authorization` header: `Proofmark-Permit <base64url(JSON)>`.
    pub fn from_header(value: &str) -> Result<Permit> {
        let Some((scheme, token)) = value.split_once(' ') else {
            return Err(malformed("header", "expected \"Proofmark-Permit <base64url(JSON)>\""));
        };
        if !scheme.eq_ignore_ascii_case(SCHEME) {
            return Err(malformed("header", "the scheme is not Proofmark-Permit"));
        }
        let json = base64url::decode(token).map_err(|e| malformed("header", e.reason()))?;
        let json = core::str::from_utf8(&json).map_err(|_| malformed("header", "the JSON is not UTF-8"))?;
        Permit::from_json(json)
    }

    /// Reads the permit JSON `{key, buyer, audience, expires, nonce, signature}`.
    pub fn from_json(json: &str) -> Result<Permit> {
        // serde reads a struct from a JSON array of its fields too: only an object is a permit.
        if !json.trim_start_matches([' ', '\t', '\n', '\r']).starts_with('{') {
            return Err(malformed("JSON", "not an object"));
        }
        let PermitFields([key, buyer, audience, expires, nonce, signature]) =
            PermitFields::read(json).map_err(|e| Error::MalformedPermit(format!("JSON: {e}")))?;
        Ok(Permit {
            key: hex_fixed::<32>(&key, "key").map(B256::from)?,
            buyer: address(&buyer)?,
            audience: audience.into_owned(),
            expires: decimal_u64(&expires, "expires")?,
            nonce: hex_fixed::<32>(&nonce, "nonce").map(B256::from)?,
            signature: Bytes::from(hex_fixed::<SIGNATURE_LEN>(&signature, "signature")?.to_vec()),
        })
    }

    /// The JSON form: lowercase hex, `expires` as a decimal string.
    pub fn to_json(&self) -> String {
        let (key, buyer, nonce, signature) = (
            hex::encode_prefixed(self.key),
            hex::encode_prefixed(self.buyer),
            hex::encode_prefixed(self.nonce),
            hex::encode_prefixed(&self.signature),
        );
        let expires = self.expires.to_string();
        let fields = PermitJson {
            key: &key,
            buyer: &buyer,
            audience: &self.audience,
            expires: &expires,
            nonce: &nonce,
            signature: &signature,
        };
        // Serializing string fields to a String cannot fail.
        serde_json::to_string(&fields).unwrap_or_default()
    }

    /// The `Authorization` header value: `Proofmark-Permit <base64url(JSON)>`.
    pub fn to_header(&self) -> String {
        format!("{SCHEME} {}", base64url::encode(self.to_json().as_bytes()))
    }

    /// The EIP-712 signing hash (`permitDigest`) under `domain`.
    pub fn digest(&self, domain: &GateDomain) -> B256 {
        self.typed().eip712_signing_hash(&domain.eip712())
    }

    /// Signs the permit as the EOA wallet with `secret_key` would (RFC 6979, low s,
    /// `v` 27/28), replacing [`Permit::signature`]. For tests and tools: a buyer's wallet
    /// signs the typed data itself.
    pub fn sign(&mut self, domain: &GateDomain, secret_key: &[u8; 32]) -> Result<()> {
        let signature = sign_prehash(&self.digest(domain), secret_key)?;
        self.signature = Bytes::from(signature.to_vec());
        Ok(())
    }

    pub(crate) fn typed(&self) -> generated::Permit {
        generated::Permit {
            key: self.key,
            buyer: self.buyer,
            audience: self.audience.clone(),
            expires: self.expires,
            nonce: self.nonce,
        }
    }
}

/// `0x` + exactly `2N` hex digits, either case.
fn hex_fixed<const N: usize>(text: &str, field: &str) -> Result<[u8; N]> {
    let digits = text.strip_prefix("0x").ok_or_else(|| malformed(field, "no 0x prefix"))?;
    if digits.len() != 2 * N {
        return Err(Error::MalformedPermit(format!(
            "{field}: expected 0x + {} hex digits, found {}",
            2 * N,
            digits.len()
        )));
    }
    let mut out = [0u8; N];
    hex::decode_to_slice(digits, &mut out).map_err(|_| malformed(field, "not hex"))?;
    Ok(out)
}

/// An address: all lowercase, all uppercase, or mixed case with a valid EIP-55 checksum.
fn address(text: &str) -> Result<Address> {
    let address = Address::from(hex_fixed::<20>(text, "buyer")?);
    let digits = &text[2..];
    let mixed = digits.bytes().any(|c| c.is_ascii_lowercase()) && digits.bytes().any(|c| c.is_ascii_uppercase());
    if mixed && address.to_checksum_buffer(None).as_str() != text {
        return Err(malformed("buyer", "mixed-case address with a wrong EIP-55 checksum"));
    }
    Ok(address)
}

/// A canonical decimal `uint64`: digits only, no leading zero unless the number is 0.
fn decimal_u64(text: &str, field: &str) -> Result<u64> {
    if text.is_empty() || !text.bytes().all(|c| c.is_ascii_digit()) {
        return Err(malformed(field, "not a decimal string"));
    }
    if text.len() > 1 && text.starts_with('0') {
        return Err(malformed(field, "decimal with leading zeros"));
    }
    text.parse::<u64>().map_err(|_| malformed(field, "above the uint64 range"))
}
