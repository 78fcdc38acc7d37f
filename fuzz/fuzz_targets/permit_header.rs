//! `permit_header`: reading a permit (the `Authorization` value or its JSON) never panics;
//! whatever reads writes back to the same permit, base64url that decodes is the one
//! canonical encoding of its bytes, and checking the permit, an ERC-1271 answer or a
//! receipt signature made of the input never panics either (a value or a typed error).
#![no_main]

use libfuzzer_sys::fuzz_target;
use proofmark_core::permit::{
    GateDomain, Permit, PermitContext, Receipt, base64url, check_erc1271_answer, verify_permit, verify_receipt,
};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(bytes) = base64url::decode(&text) {
        assert_eq!(base64url::encode(&bytes), text);
    }
    let _ = check_erc1271_answer(data);
    let domain = GateDomain { chain_id: 31337, registry: Default::default() };
    let receipt = Receipt {
        key: Default::default(),
        buyer: Default::default(),
        permit_digest: Default::default(),
        bytes: 0,
        anchor_block: 0,
    };
    let _ = verify_receipt(&receipt, &domain, data, Default::default());
    for permit in [Permit::from_header(&text), Permit::from_json(&text)].into_iter().flatten() {
        assert_eq!(Permit::from_header(&permit.to_header()).as_ref(), Ok(&permit));
        assert_eq!(Permit::from_json(&permit.to_json()).as_ref(), Ok(&permit));
        let context = PermitContext {
            chain_id: 31337,
            registry: Default::default(),
            audience: &permit.audience,
            now: 0,
            key: Some(permit.key),
            buyer: Some(permit.buyer),
        };
        let _ = verify_permit(&permit, &context);
    }
});
