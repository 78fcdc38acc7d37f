//! Strict reading of Ethereum JSON-RPC values: `QUANTITY` (`0x` + hex digits, no leading
//! zeros, `0x0` for zero) and `DATA` (`0x` + an even number of hex digits, of a fixed
//! length where the field has one).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use serde_json::{Map, Value};

use crate::{Error, Result};

/// A JSON object, as the JSON-RPC result of `eth_getBlockBy*` or `eth_getProof`.
pub(crate) type Object = Map<String, Value>;

/// Parses `json` as a JSON object.
pub(crate) fn parse_object(json: &str, what: &str) -> Result<Object> {
    match serde_json::from_str::<Value>(json) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(invalid(what, "not a JSON object")),
        Err(err) => Err(Error::InvalidRpcValue(format!("{what}: {err}"))),
    }
}

/// The error for field `what`.
pub(crate) fn invalid(what: &str, reason: &str) -> Error {
    Error::InvalidRpcValue(format!("{what}: {reason}"))
}

/// The string field `name`; `None` when it is absent or `null`.
pub(crate) fn optional_str<'a>(object: &'a Object, name: &str) -> Result<Option<&'a str>> {
    match object.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(_) => Err(invalid(name, "not a string")),
    }
}

/// The string field `name`, which must be present.
pub(crate) fn required_str<'a>(object: &'a Object, name: &str) -> Result<&'a str> {
    optional_str(object, name)?.ok_or_else(|| invalid(name, "missing"))
}

/// The array field `name`, which must be present.
pub(crate) fn required_array<'a>(object: &'a Object, name: &str) -> Result<&'a [Value]> {
    match object.get(name) {
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(invalid(name, "not an array")),
        None => Err(invalid(name, "missing")),
    }
}

/// The hex digits after the `0x` prefix.
fn digits<'a>(text: &'a str, what: &str) -> Result<&'a str> {
    text.strip_prefix("0x").ok_or_else(|| invalid(what, "no 0x prefix"))
}

/// A `QUANTITY` of at most 256 bits.
pub(crate) fn quantity_u256(text: &str, what: &str) -> Result<U256> {
    let hex = digits(text, what)?;
    if hex.is_empty() {
        return Err(invalid(what, "empty quantity"));
    }
    if hex.len() > 1 && hex.starts_with('0') {
        return Err(invalid(what, "quantity with leading zeros"));
    }
    if hex.len() > 64 {
        return Err(invalid(what, "quantity above 256 bits"));
    }
    let mut value = U256::ZERO;
    for c in hex.chars() {
        let digit = c.to_digit(16).ok_or_else(|| invalid(what, "not a hex digit"))?;
        value = (value << 4) | U256::from(digit);
    }
    Ok(value)
}

/// A `QUANTITY` of at most 64 bits.
pub(crate) fn quantity_u64(text: &str, what: &str) -> Result<u64> {
    u64::try_from(quantity_u256(text, what)?).map_err(|_| invalid(what, "quantity above 64 bits"))
}

/// `DATA` of any length.
pub(crate) fn data(text: &str, what: &str) -> Result<Vec<u8>> {
    let hex = digits(text, what)?;
    if hex.len() % 2 != 0 {
        return Err(invalid(what, "odd number of hex digits"));
    }
    let mut bytes = Vec::new();
    bytes.try_reserve_exact(hex.len() / 2).map_err(|_| invalid(what, "too long"))?;
    for pair in hex.as_bytes().chunks_exact(2) {
        let high = nibble(pair[0]).ok_or_else(|| invalid(what, "not a hex digit"))?;
        let low = nibble(pair[1]).ok_or_else(|| invalid(what, "not a hex digit"))?;
        bytes.push(high << 4 | low);
    }
    Ok(bytes)
}

fn nibble(c: u8) -> Option<u8> {
    (c as char).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

/// `DATA` of exactly `N` bytes.
pub(crate) fn data_fixed<const N: usize>(text: &str, what: &str) -> Result<[u8; N]> {
    let bytes = data(text, what)?;
    <[u8; N]>::try_from(bytes.as_slice()).map_err(|_| invalid(what, "wrong length"))
}

/// A 32-byte `DATA` (hashes, roots).
pub(crate) fn b256(text: &str, what: &str) -> Result<B256> {
    data_fixed::<32>(text, what).map(B256::from)
}

/// A 20-byte `DATA` (addresses; any letter case, the checksum is not checked).
pub(crate) fn address(text: &str, what: &str) -> Result<Address> {
    data_fixed::<20>(text, what).map(Address::from)
}

/// A storage key as nodes echo it: 32-byte `DATA`, or a `QUANTITY` (alloy-based nodes
/// answer a key asked as a number in quantity form).
pub(crate) fn storage_key(text: &str, what: &str) -> Result<B256> {
    if text.len() == 66 { b256(text, what) } else { quantity_u256(text, what).map(B256::from) }
}
