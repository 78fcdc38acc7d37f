//! Permits and receipts of the edge worker (DESIGN §7): `verifyPermit` in two steps (the
//! core's checks, then the answer of the ERC-1271 `eth_call` the JS wrapper makes),
//! `signReceipt`, `verifyReceipt`.
//!
//! Errors of a permit check carry, besides `code`, the HTTP `status` of DESIGN §7
//! ([`proofmark_core::Error::permit_status`]: 400 malformed, 401 not acceptable).
//! Numbers cross as decimal strings (the wrapper turns bigints, `0x` hex and numbers
//! into them).
use alloc::format;
use alloc::string::{String, ToString};
use proofmark_core::permit::{self, Address, B256, GateDomain, Permit, PermitCheck, PermitContext, Receipt};
use wasm_bindgen::prelude::*;

use crate::error::{IntoJs, JsResult, core_error, invalid_argument};
use crate::hex::hex0x;
use crate::object::{Options, ResultObject};

/// A core error from a permit check: `code`, message and `status`.
fn permit_error(error: proofmark_core::Error) -> JsValue {
    let status = error.permit_status();
    let js = core_error(&error);
    // Setting a property on a fresh Error object cannot fail; ignore the impossible case.
    let _ = js_sys::Reflect::set(&js, &JsValue::from_str("status"), &JsValue::from(status));
    js
}

/// What `verifyPermit` checks a permit against.
#[derive(Debug, Clone, Default)]
pub struct PermitOptions {
    /// The registry's chain id, decimal.
    pub chain_id: String,
    /// The registry, `0x` + 40 hex.
    pub registry: String,
    /// The verifier's own origin.
    pub audience: String,
    /// The verifier's clock, Unix seconds, decimal.
    pub now: String,
    /// The requested content key, `0x` + 64 hex.
    pub key: Option<String>,
    /// The expected buyer, `0x` + 40 hex.
    pub buyer: Option<String>,
}

impl PermitOptions {
    const KEYS: &'static [&'static str] = &["chainId", "registry", "audience", "now", "key", "buyer"];

    fn from_js(value: &JsValue) -> JsResult<PermitOptions> {
        let options = Options::read(value, Self::KEYS)?;
        let required = |key| -> JsResult<String> { options.required(key, options.string(key)?) };
        Ok(PermitOptions {
            chain_id: required("chainId")?,
            registry: required("registry")?,
            audience: required("audience")?,
            now: required("now")?,
            key: options.string("key")?,
            buyer: options.string("buyer")?,
        })
    }
}

/// Reads a permit (an `Authorization` header value when `header`, its JSON text otherwise)
/// and checks it against `options` (`{chainId, registry, audience, now, key?, buyer?}`).
///
/// Returns `{digest, key, buyer, audience, expires, nonce, erc1271}`: the EIP-712 signing
/// hash, the content key, the EIP-55 buyer, the audience, the expiry (Unix seconds,
/// decimal), the nonce, and `erc1271`, `null` when the signature recovers to the buyer,
/// otherwise the `eth_call` `{to, data}` (`isValidSignature(digest, signature)` on the
/// buyer) to make before the permit can be accepted.
#[wasm_bindgen(js_name = verifyPermit)]
pub fn verify_permit(permit: &str, header: bool, options: JsValue) -> JsResult<JsValue> {
    let options = PermitOptions::from_js(&options)?;
    let registry = parse_address(&options.registry, "registry")?;
    let key = options.key.as_deref().map(|k| parse_b256(k, "key")).transpose()?;
    let buyer = options.buyer.as_deref().map(|b| parse_address(b, "buyer")).transpose()?;
    let context = PermitContext {
        chain_id: parse_u64(&options.chain_id, "chainId")?,
        registry,
        audience: &options.audience,
        now: parse_u64(&options.now, "now")?,
        key,
        buyer,
    };
    let parsed = if header { Permit::from_header(permit) } else { Permit::from_json(permit) };
    let permit = parsed.map_err(permit_error)?;
    let check = permit::verify_permit(&permit, &context).map_err(permit_error)?;
    let erc1271 = match &check {
        PermitCheck::Signer { .. } => None,
        PermitCheck::NeedsErc1271 { calldata, .. } => {
            Some(ResultObject::new().set("to", permit.buyer.to_checksum(None)).set("data", hex0x(calldata)).build())
        }
    };
    Ok(ResultObject::new()
        .set("digest", hex0x(check.digest().as_slice()))
        .set("key", hex0x(permit.key.as_slice()))
        .set("buyer", permit.buyer.to_checksum(None))
        .set("audience", permit.audience)
        .set("expires", permit.expires.to_string())
        .set("nonce", hex0x(permit.nonce.as_slice()))
        .set_or_null("erc1271", erc1271)
        .build())
}

/// Checks the return data of the ERC-1271 `eth_call`: returns when it is the magic value,
/// throws `bad-signature` (status 401) otherwise.
#[wasm_bindgen(js_name = checkErc1271Answer)]
pub fn check_erc1271_answer(data: &[u8]) -> JsResult<()> {
    permit::check_erc1271_answer(data).map_err(permit_error)
}

/// The error of a permit that only an ERC-1271 call could accept, when none can be made
/// (`erc1271-required`, status 401).
#[wasm_bindgen(js_name = erc1271Required)]
pub fn erc1271_required(buyer: &str) -> JsValue {
    match parse_address(buyer, "buyer") {
        Ok(buyer) => permit_error(proofmark_core::Error::Erc1271Required(buyer)),
        Err(error) => error,
    }
}

/// A receipt and its domain, as `signReceipt` / `verifyReceipt` take them.
#[derive(Debug, Clone, Default)]
pub struct ReceiptFields {
    /// The content key, `0x` + 64 hex.
    pub key: String,
    /// The buyer, `0x` + 40 hex.
    pub buyer: String,
    /// The permit's digest, `0x` + 64 hex.
    pub permit_digest: String,
    /// Bytes delivered, decimal.
    pub bytes: String,
    /// The anchor's block, decimal.
    pub anchor_block: String,
    /// The registry's chain id, decimal.
    pub chain_id: String,
    /// The registry, `0x` + 40 hex.
    pub registry: String,
}

impl ReceiptFields {
    const KEYS: &'static [&'static str] =
        &["key", "buyer", "permitDigest", "bytes", "anchorBlock", "chainId", "registry"];

    fn read(value: JsValue) -> JsResult<(Receipt, GateDomain)> {
        let options = Options::read(&value, Self::KEYS)?;
        let required = |key| -> JsResult<String> { options.required(key, options.string(key)?) };
        let fields = ReceiptFields {
            key: required("key")?,
            buyer: required("buyer")?,
            permit_digest: required("permitDigest")?,
            bytes: required("bytes")?,
            anchor_block: required("anchorBlock")?,
            chain_id: required("chainId")?,
            registry: required("registry")?,
        };
        let receipt = Receipt {
            key: parse_b256(&fields.key, "key")?,
            buyer: parse_address(&fields.buyer, "buyer")?,
            permit_digest: parse_b256(&fields.permit_digest, "permitDigest")?,
            bytes: parse_u64(&fields.bytes, "bytes")?,
            anchor_block: parse_u64(&fields.anchor_block, "anchorBlock")?,
        };
        let domain = GateDomain {
            chain_id: parse_u64(&fields.chain_id, "chainId")?,
            registry: parse_address(&fields.registry, "registry")?,
        };
        Ok((receipt, domain))
    }
}

/// Signs a receipt (`{key, buyer, permitDigest, bytes, anchorBlock, chainId, registry}`)
/// with a 32-byte secp256k1 secret key: deterministic (RFC 6979), low s. Returns
/// `{digest, signature, signer}`: the receipt's EIP-712 signing hash, 65 bytes
/// `r ‖ s ‖ v` as hex, and the signer's EIP-55 address.
#[wasm_bindgen(js_name = signReceipt)]
pub fn sign_receipt(fields: JsValue, secret_key: &[u8]) -> JsResult<JsValue> {
    let (receipt, domain) = ReceiptFields::read(fields)?;
    let secret: &[u8; 32] = secret_key.try_into().map_err(|_| invalid_argument("a private key is 32 bytes"))?;
    let signed = permit::sign_receipt(&receipt, &domain, secret).js()?;
    Ok(ResultObject::new()
        .set("digest", hex0x(signed.digest.as_slice()))
        .set("signature", hex0x(&signed.signature))
        .set("signer", signed.signer.to_checksum(None))
        .build())
}

/// Whether `signature` (65 bytes) is `signer`'s over the receipt: `false` for another
/// signer; a malformed signature throws (`bad-signature`, `signature-bad-v`,
/// `signature-high-s`).
#[wasm_bindgen(js_name = verifyReceipt)]
pub fn verify_receipt(fields: JsValue, signature: &[u8], signer: &str) -> JsResult<bool> {
    let (receipt, domain) = ReceiptFields::read(fields)?;
    permit::verify_receipt(&receipt, &domain, signature, parse_address(signer, "signer")?).js()
}

/// `0x` + `2N` hex digits (either case).
fn parse_hex<const N: usize>(text: &str, what: &str) -> JsResult<[u8; N]> {
    let bad = || invalid_argument(&format!("{what} must be 0x + {} hex digits", 2 * N));
    let digits = text.strip_prefix("0x").ok_or_else(bad)?.as_bytes();
    if digits.len() != 2 * N {
        return Err(bad());
    }
    let mut out = [0u8; N];
    for (byte, pair) in out.iter_mut().zip(digits.chunks_exact(2)) {
        let high = char::from(pair[0]).to_digit(16).ok_or_else(bad)?;
        let low = char::from(pair[1]).to_digit(16).ok_or_else(bad)?;
        *byte = u8::try_from(high << 4 | low).map_err(|_| bad())?;
    }
    Ok(out)
}

fn parse_b256(text: &str, what: &str) -> JsResult<B256> {
    parse_hex::<32>(text, what).map(B256::from)
}

fn parse_address(text: &str, what: &str) -> JsResult<Address> {
    parse_hex::<20>(text, what).map(Address::from)
}

/// A canonical decimal `uint64` (the wrapper's normal form).
fn parse_u64(text: &str, what: &str) -> JsResult<u64> {
    let canonical =
        !text.is_empty() && text.bytes().all(|c| c.is_ascii_digit()) && (text == "0" || !text.starts_with('0'));
    canonical
        .then(|| text.parse::<u64>().ok())
        .flatten()
        .ok_or_else(|| invalid_argument(&format!("{what} must fit in uint64")))
}
