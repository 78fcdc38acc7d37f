//! Groth16/BN254 (DESIGN §4): snarkjs JSON in, strict decoding, a caller-held prepared
//! key, single and batch verification, `vkHash`.
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::OnceCell;
use proofmark_core::zk::{
    PreparedKey, ProofWithInputs, ensure_trusted_hash, parse_prepared_proof, parse_prepared_verifying_key, parse_proof,
    parse_public, parse_verifying_key, verify_batch, verify_prepared, vk_hash,
};
use wasm_bindgen::prelude::*;

use crate::error::{IntoJs, JsResult, invalid_argument};
use crate::hex::hex0x;

/// A verification key parsed strictly and prepared once, for any number of proofs.
#[wasm_bindgen]
pub struct PreparedVerifyingKey {
    key: PreparedKey,
    dev_setup: bool,
    /// `vkHash`, computed when first asked for: a one-proof `verifyGroth16` never is.
    hash: OnceCell<[u8; 32]>,
    used: bool,
}

#[wasm_bindgen]
impl PreparedVerifyingKey {
    /// Parses `verification_key.json` (snarkjs format, as UTF-8 bytes) and prepares it.
    #[wasm_bindgen(constructor)]
    pub fn new(vk_json: &[u8]) -> JsResult<PreparedVerifyingKey> {
        // e(α, β) waits for a second proof: a key made for one proof skips that pairing.
        // The G2 points' subgroups are read off the lines the key keeps.
        let (file, key) = parse_prepared_verifying_key(utf8(vk_json)?).js()?;
        Ok(PreparedVerifyingKey { key, dev_setup: file.dev_setup, hash: OnceCell::new(), used: false })
    }

    /// The key's `vkHash` (`0x` + 64 hex digits), as the registry computes it.
    #[wasm_bindgen(getter, js_name = vkHash)]
    pub fn vk_hash(&self) -> String {
        hex0x(self.hash())
    }

    /// Whether the key says it comes from an insecure dev setup (`devSetup: true`).
    #[wasm_bindgen(getter, js_name = devSetup)]
    pub fn dev_setup(&self) -> bool {
        self.dev_setup
    }

    /// Public inputs the key takes.
    #[wasm_bindgen(getter, js_name = inputCount)]
    pub fn input_count(&self) -> usize {
        self.key.input_count()
    }

    /// Fails with `untrusted-key` unless the key's `vkHash` is `trusted` (`0x` + 64 hex).
    #[wasm_bindgen(js_name = ensureTrusted)]
    pub fn ensure_trusted(&self, trusted: &str) -> JsResult<()> {
        let trusted = parse_hash(trusted)?;
        ensure_trusted_hash(self.hash(), &trusted).js()
    }

    /// Verifies `proof.json` against `public.json` (both as UTF-8 bytes): `true` or
    /// `false`; malformed input throws with its code.
    pub fn verify(&mut self, proof_json: &[u8], public_json: &[u8]) -> JsResult<bool> {
        // B's subgroup is read off its lines, which the verification uses.
        let proof = parse_prepared_proof(utf8(proof_json)?).js()?;
        let inputs = parse_public(utf8(public_json)?).js()?;
        if self.used {
            self.key.complete();
        }
        self.used = true;
        verify_prepared(&self.key, &proof, &inputs).js()
    }

    /// Verifies proofs (texts of `proof.json`) with their inputs (texts of `public.json`)
    /// in one multi-pairing, folded with 32 bytes of caller-supplied randomness: `true`
    /// only if every proof verifies.
    #[wasm_bindgen(js_name = verifyBatch)]
    pub fn verify_batch(&self, proofs: Vec<String>, publics: Vec<String>, seed: &[u8]) -> JsResult<bool> {
        if proofs.len() != publics.len() {
            return Err(invalid_argument("a batch needs one public input list per proof"));
        }
        let seed: &[u8; 32] = seed.try_into().map_err(|_| invalid_argument("batch randomness must be 32 bytes"))?;
        let mut items: Vec<ProofWithInputs> = Vec::new();
        items.try_reserve_exact(proofs.len()).map_err(|_| invalid_argument("batch too large"))?;
        for (proof, public) in proofs.iter().zip(&publics) {
            items.push((parse_proof(proof).js()?, parse_public(public).js()?));
        }
        verify_batch(&self.key, &items, seed).js()
    }
}

impl PreparedVerifyingKey {
    fn hash(&self) -> &[u8; 32] {
        self.hash.get_or_init(|| vk_hash(self.key.vk()))
    }
}

/// JSON text handed over as bytes: the wrapper encodes it natively (`TextEncoder`), where
/// passing a string copies it into wasm memory with a JavaScript loop over its characters,
/// which on a fresh page runs in the interpreter (a quarter of a millisecond for a key).
fn utf8(bytes: &[u8]) -> JsResult<&str> {
    core::str::from_utf8(bytes).map_err(|_| invalid_argument("JSON text must be UTF-8"))
}

/// Parses `0x` + 64 hex digits.
fn parse_hash(text: &str) -> JsResult<[u8; 32]> {
    let digits = text.strip_prefix("0x").unwrap_or(text).as_bytes();
    if digits.len() != 64 {
        return Err(invalid_argument("a vkHash is 0x + 64 hex digits"));
    }
    let mut out = [0u8; 32];
    for (byte, pair) in out.iter_mut().zip(digits.chunks_exact(2)) {
        let nibble = |c: u8| char::from(c).to_digit(16).ok_or_else(|| invalid_argument("a vkHash is hex"));
        *byte = u8::try_from(nibble(pair[0])? * 16 + nibble(pair[1])?).map_err(|_| invalid_argument("hex"))?;
    }
    Ok(out)
}

/// The `vkHash` of `verification_key.json` (UTF-8 bytes): `0x` + 64 hex digits.
#[wasm_bindgen(js_name = vkHash)]
pub fn vk_hash_of(vk_json: &[u8]) -> JsResult<String> {
    let file = parse_verifying_key(utf8(vk_json)?).js()?;
    Ok(hex0x(&vk_hash(&file.vk)))
}
