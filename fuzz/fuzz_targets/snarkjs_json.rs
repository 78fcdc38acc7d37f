//! `snarkjs_json`: parsing snarkjs `verification_key.json`, `proof.json` and
//! `public.json` never panics; whatever parses re-exports to JSON that parses back to the
//! same value, and verifying a parsed proof under a parsed key never panics (it is a
//! value, `Ok(bool)`, or a typed error such as a wrong input count).
#![no_main]

use libfuzzer_sys::fuzz_target;
use proofmark_core::zk::snarkjs::{proof_json, public_json, verifying_key_json};
use proofmark_core::zk::{PreparedKey, parse_proof, parse_public, parse_verifying_key, verify};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let key = parse_verifying_key(&text);
    let proof = parse_proof(&text);
    let public = parse_public(&text);
    if let Ok(file) = &key {
        let again = parse_verifying_key(&verifying_key_json(&file.vk, file.dev_setup).to_string());
        assert_eq!(again.as_ref().map(|f| &f.vk), Ok(&file.vk));
    }
    if let Ok(p) = &proof {
        assert_eq!(parse_proof(&proof_json(p).to_string()).as_ref(), Ok(p));
    }
    if let Ok(inputs) = &public {
        assert_eq!(parse_public(&public_json(inputs).to_string()).as_ref(), Ok(inputs));
    }
    // The three documents from one input: a JSON object whose fields hold all three.
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) {
        let part = |name: &str| value.get(name).map(|v| v.to_string());
        if let (Some(vk), Some(p), Some(i)) = (part("vk"), part("proof"), part("public")) {
            if let (Ok(vk), Ok(p), Ok(i)) = (parse_verifying_key(&vk), parse_proof(&p), parse_public(&i)) {
                let _ = verify(&PreparedKey::new(&vk.vk), &p, &i);
            }
        }
    }
});
