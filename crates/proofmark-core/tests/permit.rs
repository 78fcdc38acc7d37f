//! DESIGN §7 permits and receipts: known answers from viem (pinned below), every class of
//! bad permit of DESIGN §9 with its specific error and HTTP status, and round trips.
use proptest::prelude::*;

use proofmark_core::Error;
use proofmark_core::anchor::{Address, B256, Bytes, U256};
use proofmark_core::permit::base64url;
use proofmark_core::permit::{
    GateDomain, Permit, PermitCheck, PermitContext, Receipt, address_of, check_erc1271_answer, erc1271_calldata,
    receipt_digest, sign_receipt, verify_permit, verify_receipt,
};

// The vectors were made with viem 2.57.20 (tests/node_modules):
//   domain = {name: 'Proofmark Gate', version: '1', chainId: 31337n,
//             verifyingContract: '0x5FbDB2315678afecb367f032d93F642f64180aa3'}
//   privateKeyToAccount(BUYER_SK).signTypedData({domain, types: {Permit}, primaryType: 'Permit',
//     message: {key: 0xab…ab, buyer, audience: 'https://gate.example', expires: 1900000000n, nonce: 0x01…01}})
//   hashTypedData(...) for both digests; the receipt {key, buyer, permitDigest, bytes: 1048576n,
//   anchorBlock: 42n} signed by privateKeyToAccount(0x42…42).
/// anvil's account 1.
const BUYER_SK: [u8; 32] = hex32("59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
const BUYER: &str = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const PERMIT_DIGEST: &str = "0xc514d601278c6e39bf05c35e028840ae6a8cbf92eecee81230da8fa7a825150e";
const PERMIT_SIGNATURE: &str = "0x1e249d2cdd4ec38fb6ac6cf4123e6cdc780c11f174c545c173c45e17b2509dd93f08d1e6c0aafb1fc76ebf2f185a65175a8e4146282f58e973588829e683631c1b";
const WORKER_SK: [u8; 32] = [0x42; 32];
const WORKER: &str = "0x17c5185167401eD00cF5F5b2fc97D9BBfDb7D025";
const RECEIPT_DIGEST: &str = "0x49117371b14969434bbc927a9e8f41d70ca388b4771197a475e61dc3cba7ff89";
const RECEIPT_SIGNATURE: &str = "0x6110a682eab10118b93ab8351f5eb9a1da7dc7c40a4a3b0973aa9a21bf4b114e0c461f37cf9bdc1ed1fef7c664884b0dbdaefa7a0e896a752755d2fa714dcd1f1b";
const AUDIENCE: &str = "https://gate.example";
const EXPIRES: u64 = 1_900_000_000;
/// The secp256k1 group order n.
const N: &str = "0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";

const fn hex32(text: &str) -> [u8; 32] {
    let bytes = text.as_bytes();
    let mut out = [0u8; 32];
    let mut i = 0;
    while i < 32 {
        out[i] = nibble(bytes[2 * i]) << 4 | nibble(bytes[2 * i + 1]);
        i += 1;
    }
    out
}

const fn nibble(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        _ => c - b'a' + 10,
    }
}

fn registry() -> Address {
    "0x5FbDB2315678afecb367f032d93F642f64180aa3".parse().unwrap()
}

fn domain() -> GateDomain {
    GateDomain { chain_id: 31337, registry: registry() }
}

fn context() -> PermitContext<'static> {
    PermitContext {
        chain_id: 31337,
        registry: registry(),
        audience: AUDIENCE,
        now: 1_800_000_000,
        key: None,
        buyer: None,
    }
}

fn viem_permit() -> Permit {
    Permit {
        key: B256::repeat_byte(0xab),
        buyer: BUYER.parse().unwrap(),
        audience: AUDIENCE.into(),
        expires: EXPIRES,
        nonce: B256::repeat_byte(0x01),
        signature: PERMIT_SIGNATURE.parse().unwrap(),
    }
}

/// The permit JSON with one field replaced (`None`: removed).
fn json_with(field: &str, value: Option<&str>) -> String {
    let mut object: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&viem_permit().to_json()).unwrap();
    match value {
        Some(v) => object.insert(field.into(), serde_json::from_str(v).unwrap()),
        None => object.remove(field),
    };
    serde_json::to_string(&object).unwrap()
}

fn header_of(json: &str) -> String {
    format!("Proofmark-Permit {}", base64url::encode(json.as_bytes()))
}

fn malformed(header: &str) -> String {
    match Permit::from_header(header) {
        Err(error @ Error::MalformedPermit(_)) => {
            assert_eq!((error.code(), error.permit_status()), ("malformed-permit", 400));
            let Error::MalformedPermit(reason) = error else { unreachable!() };
            reason
        }
        other => panic!("{header}: {other:?}"),
    }
}

/// The permit with its signature's s replaced by n − s and v flipped: the same signer's
/// malleable twin.
fn high_s(signature: &[u8]) -> Vec<u8> {
    let n: U256 = N.parse().unwrap();
    let s = U256::from_be_slice(&signature[32..64]);
    let mut out = signature.to_vec();
    out[32..64].copy_from_slice(&(n - s).to_be_bytes::<32>());
    out[64] = 27 + 28 - out[64];
    out
}

#[test]
fn permit_digest_and_signature_equal_viem_s() {
    let mut permit = viem_permit();
    assert_eq!(permit.digest(&domain()), PERMIT_DIGEST.parse::<B256>().unwrap());
    assert_eq!(address_of(&BUYER_SK).unwrap(), BUYER.parse::<Address>().unwrap());
    let check = verify_permit(&permit, &context()).unwrap();
    assert_eq!(check, PermitCheck::Signer { digest: PERMIT_DIGEST.parse().unwrap() });
    // RFC 6979 on both sides: signing here gives viem's bytes.
    permit.sign(&domain(), &BUYER_SK).unwrap();
    assert_eq!(permit.signature, PERMIT_SIGNATURE.parse::<Bytes>().unwrap());
}

#[test]
fn header_round_trip_and_accepted_forms() {
    let permit = viem_permit();
    let header = permit.to_header();
    assert!(header.starts_with("Proofmark-Permit eyJ"));
    assert_eq!(Permit::from_header(&header).unwrap(), permit);
    // The scheme in any case; hex in upper case; the buyer all lowercase.
    let token = header.split_once(' ').unwrap().1;
    assert_eq!(Permit::from_header(&format!("proofmark-permit {token}")).unwrap(), permit);
    let upper = json_with("key", Some(&format!("\"0x{}\"", "AB".repeat(32))));
    assert_eq!(Permit::from_header(&header_of(&upper)).unwrap(), permit);
    let lower = json_with("buyer", Some(&format!("\"{}\"", BUYER.to_lowercase())));
    assert_eq!(Permit::from_header(&header_of(&lower)).unwrap(), permit);
    assert_eq!(Permit::from_json(&permit.to_json()).unwrap(), permit);
}

#[test]
fn malformed_headers_are_400() {
    let token = viem_permit().to_header().split_once(' ').unwrap().1.to_string();
    assert_eq!(malformed(&format!("Bearer {token}")), "header: the scheme is not Proofmark-Permit");
    assert_eq!(malformed(&token), "header: expected \"Proofmark-Permit <base64url(JSON)>\"");
    assert_eq!(malformed(&format!("Proofmark-Permit  {token}")), "header: not base64url (A-Z a-z 0-9 - _, no padding)");
    // Padding is not base64url here (JWS style): rejected, not ignored.
    let padded = format!("{token}{}", "=".repeat((4 - token.len() % 4) % 4));
    if padded != token {
        assert_eq!(
            malformed(&format!("Proofmark-Permit {padded}")),
            "header: not base64url (A-Z a-z 0-9 - _, no padding)"
        );
    }
    let standard = base64url::encode(b"{\"key\":\"\xfb\xff\"}").replace('-', "+").replace('_', "/");
    assert_eq!(
        malformed(&format!("Proofmark-Permit {standard}")),
        "header: not base64url (A-Z a-z 0-9 - _, no padding)"
    );
    assert_eq!(malformed("Proofmark-Permit e30xe"), "header: base64url of an impossible length");
    assert_eq!(malformed("Proofmark-Permit e31"), "header: non-canonical base64url (unused bits set)");
    assert_eq!(
        malformed(&format!("Proofmark-Permit {}", base64url::encode(&[0xff, 0xfe]))),
        "header: the JSON is not UTF-8"
    );
}

#[test]
fn malformed_json_is_400_with_the_field_named() {
    let cases: &[(&str, Option<&str>, &str)] = &[
        ("key", Some("\"0xabab\""), "key: expected 0x + 64 hex digits, found 4"),
        ("key", Some(&format!("\"{}\"", "ab".repeat(32))), "key: no 0x prefix"),
        ("nonce", Some(&format!("\"0x{}\"", "01".repeat(33))), "nonce: expected 0x + 64 hex digits, found 66"),
        ("nonce", Some(&format!("\"0x{}\"", "zz".repeat(32))), "nonce: not hex"),
        (
            "buyer",
            Some("\"0x70997970c51812dc3a010c7d01b50e0d17dc79c\""),
            "buyer: expected 0x + 40 hex digits, found 39",
        ),
        (
            "buyer",
            Some("\"0x70997970C51812dc3A010C7d01b50e0d17dc79c8\""),
            "buyer: mixed-case address with a wrong EIP-55 checksum",
        ),
        ("expires", Some("\"01900000000\""), "expires: decimal with leading zeros"),
        ("expires", Some("\"+1900000000\""), "expires: not a decimal string"),
        ("expires", Some("\"1.9e9\""), "expires: not a decimal string"),
        ("expires", Some("\"\""), "expires: not a decimal string"),
        ("expires", Some("\"18446744073709551616\""), "expires: above the uint64 range"),
        (
            "signature",
            Some(&format!("\"0x{}\"", "11".repeat(64))),
            "signature: expected 0x + 130 hex digits, found 128",
        ),
    ];
    for (field, value, reason) in cases {
        assert_eq!(malformed(&header_of(&json_with(field, *value))), *reason, "{field} = {value:?}");
    }
    // Shape: types, missing, unknown and repeated fields, not an object, not JSON.
    for (json, start) in [
        (json_with("expires", Some("1900000000")), "JSON: invalid type: integer `1900000000`, expected a string"),
        (json_with("expires", Some("-1")), "JSON: invalid type: integer `-1`, expected a string"),
        (json_with("expires", Some("1.9e9")), "JSON: invalid type: floating point number, expected a string"),
        (json_with("nonce", Some("true")), "JSON: invalid type: boolean `true`, expected a string"),
        (json_with("nonce", Some("[]")), "JSON: invalid type: sequence, expected a string"),
        (json_with("nonce", Some("{}")), "JSON: invalid type: map, expected a string"),
        (json_with("audience", Some("null")), "JSON: invalid type: null"),
        (json_with("nonce", None), "JSON: missing field `nonce`"),
        (json_with("chainId", Some("1")), "JSON: unknown field `chainId`"),
        (
            viem_permit().to_json().replacen('{', &format!("{{\"audience\":\"{AUDIENCE}\","), 1),
            "JSON: duplicate field `audience`",
        ),
        ("[]".to_string(), "JSON: not an object"),
        // serde would read a struct from an array of its fields in order: refused.
        (
            format!(
                " [\"0x{}\",\"{BUYER}\",\"{AUDIENCE}\",\"{EXPIRES}\",\"0x{}\",\"{PERMIT_SIGNATURE}\"]",
                "ab".repeat(32),
                "01".repeat(32)
            ),
            "JSON: not an object",
        ),
        ("{".to_string(), "JSON: EOF while parsing an object"),
    ] {
        let reason = malformed(&header_of(&json));
        assert!(reason.starts_with(start), "{json}: {reason}");
    }
    assert_eq!(
        Permit::from_json("{"),
        Err(Error::MalformedPermit("JSON: EOF while parsing an object at line 1 column 1".into()))
    );
}

#[test]
fn expired_another_audience_key_or_buyer_are_401() {
    let permit = viem_permit();
    let at_expiry = PermitContext { now: EXPIRES, ..context() };
    assert!(matches!(verify_permit(&permit, &at_expiry), Ok(PermitCheck::Signer { .. })));
    let cases = [
        (
            PermitContext { now: EXPIRES + 1, ..context() },
            Error::PermitExpired { expires: EXPIRES, now: EXPIRES + 1 },
            "permit-expired",
        ),
        (
            PermitContext { audience: "https://gate.example.evil", ..context() },
            Error::PermitWrongAudience { expected: "https://gate.example.evil".into(), actual: AUDIENCE.into() },
            "permit-wrong-audience",
        ),
        (
            PermitContext { key: Some(B256::repeat_byte(0xac)), ..context() },
            Error::PermitWrongKey { expected: B256::repeat_byte(0xac), actual: B256::repeat_byte(0xab) },
            "permit-wrong-key",
        ),
        (
            PermitContext { buyer: Some(Address::repeat_byte(0x70)), ..context() },
            Error::PermitWrongBuyer { expected: Address::repeat_byte(0x70), actual: BUYER.parse().unwrap() },
            "permit-wrong-buyer",
        ),
    ];
    for (context, expected, code) in cases {
        let error = verify_permit(&permit, &context).unwrap_err();
        assert_eq!((error.code(), error.permit_status()), (code, 401));
        assert_eq!(error, expected);
    }
    let matching = PermitContext { key: Some(permit.key), buyer: Some(permit.buyer), ..context() };
    assert!(matches!(verify_permit(&permit, &matching), Ok(PermitCheck::Signer { .. })));
}

#[test]
fn wrong_domain_or_another_signer_needs_erc1271_and_fails_without_it() {
    let permit = viem_permit();
    for context in [
        PermitContext { chain_id: 1, ..context() },
        PermitContext { registry: Address::repeat_byte(0x5f), ..context() },
    ] {
        let check = verify_permit(&permit, &context).unwrap();
        let digest = permit.digest(&context.domain());
        assert_ne!(digest, PERMIT_DIGEST.parse::<B256>().unwrap());
        assert_eq!(check, PermitCheck::NeedsErc1271 { digest, calldata: erc1271_calldata(digest, &permit.signature) });
        let error = check.into_signer(permit.buyer).unwrap_err();
        assert_eq!((error.code(), error.permit_status()), ("erc1271-required", 401));
    }
    // Signed by another key (the worker's) for this buyer.
    let mut forged = viem_permit();
    forged.sign(&domain(), &WORKER_SK).unwrap();
    let check = verify_permit(&forged, &context()).unwrap();
    assert!(matches!(check, PermitCheck::NeedsErc1271 { .. }));
    // isValidSignature(bytes32,bytes): selector, digest, offset 0x40, length 65, r s v padded.
    let PermitCheck::NeedsErc1271 { digest, calldata } = check else { unreachable!() };
    assert_eq!(digest, PERMIT_DIGEST.parse::<B256>().unwrap());
    assert_eq!(calldata.len(), 4 + 32 * 3 + 96);
    assert_eq!(&calldata[..4], &[0x16, 0x26, 0xba, 0x7e]);
    assert_eq!(&calldata[4..36], digest.as_slice());
    assert_eq!(U256::from_be_slice(&calldata[36..68]), U256::from(64));
    assert_eq!(U256::from_be_slice(&calldata[68..100]), U256::from(65));
    assert_eq!(&calldata[100..165], &forged.signature[..]);
    assert!(calldata[165..].iter().all(|b| *b == 0));
}

#[test]
fn high_s_bad_v_and_out_of_range_scalars_are_401() {
    let permit = viem_permit();
    let twin = Permit { signature: high_s(&permit.signature).into(), ..viem_permit() };
    let error = verify_permit(&twin, &context()).unwrap_err();
    assert_eq!((error.code(), error.permit_status(), error), ("signature-high-s", 401, Error::SignatureHighS));
    for v in [0u8, 1, 29, 0x1c ^ 0xff] {
        let mut signature = permit.signature.to_vec();
        signature[64] = v;
        let error = verify_permit(&Permit { signature: signature.into(), ..viem_permit() }, &context()).unwrap_err();
        assert_eq!((error.code(), error.permit_status(), error), ("signature-bad-v", 401, Error::SignatureBadV(v)));
    }
    let n: U256 = N.parse().unwrap();
    for (at, value) in [(0, U256::ZERO), (32, U256::ZERO), (0, n), (32, n), (0, U256::MAX)] {
        let mut signature = permit.signature.to_vec();
        signature[at..at + 32].copy_from_slice(&value.to_be_bytes::<32>());
        let error = verify_permit(&Permit { signature: signature.into(), ..viem_permit() }, &context()).unwrap_err();
        assert_eq!(error, Error::BadSignature("r or s is zero or not below n"));
        assert_eq!((error.code(), error.permit_status()), ("bad-signature", 401));
    }
    // A signature field of another length (built in code; JSON would be malformed).
    let error = verify_permit(&Permit { signature: vec![27; 64].into(), ..viem_permit() }, &context()).unwrap_err();
    assert_eq!(error, Error::BadSignature("a signature is 65 bytes r || s || v"));
}

#[test]
fn erc1271_answers_are_read_strictly() {
    let mut magic = [0u8; 32];
    magic[..4].copy_from_slice(&[0x16, 0x26, 0xba, 0x7e]);
    assert_eq!(check_erc1271_answer(&magic), Ok(()));
    let mut dirty = magic;
    dirty[31] = 1;
    let mut other = [0u8; 32];
    other[..4].copy_from_slice(&[0xff; 4]);
    let long = [magic.as_slice(), &[0u8; 32]].concat();
    for (answer, reason) in [
        (&[][..], "the signature does not recover to the buyer, which is no ERC-1271 wallet"),
        (&dirty[..], "the ERC-1271 answer is not an ABI-encoded bytes4"),
        (&other[..], "the buyer's ERC-1271 wallet rejected the signature"),
        (&long[..], "the ERC-1271 answer is not one ABI word"),
        (&magic[..4], "the ERC-1271 answer is not one ABI word"),
    ] {
        let error = check_erc1271_answer(answer).unwrap_err();
        assert_eq!(error, Error::BadSignature(reason));
        assert_eq!(error.permit_status(), 401);
    }
}

fn viem_receipt() -> Receipt {
    Receipt {
        key: B256::repeat_byte(0xab),
        buyer: BUYER.parse().unwrap(),
        permit_digest: PERMIT_DIGEST.parse().unwrap(),
        bytes: 1_048_576,
        anchor_block: 42,
    }
}

#[test]
fn receipt_digest_and_signature_equal_viem_s() {
    let receipt = viem_receipt();
    assert_eq!(receipt_digest(&receipt, &domain()), RECEIPT_DIGEST.parse::<B256>().unwrap());
    let signed = sign_receipt(&receipt, &domain(), &WORKER_SK).unwrap();
    assert_eq!(signed.digest, RECEIPT_DIGEST.parse::<B256>().unwrap());
    assert_eq!(signed.signer, WORKER.parse::<Address>().unwrap());
    assert_eq!(Bytes::from(signed.signature.to_vec()), RECEIPT_SIGNATURE.parse::<Bytes>().unwrap());
    let worker: Address = WORKER.parse().unwrap();
    assert_eq!(verify_receipt(&receipt, &domain(), &signed.signature, worker), Ok(true));
    // Well formed but not the worker's receipt: false.
    assert_eq!(verify_receipt(&receipt, &domain(), &signed.signature, BUYER.parse().unwrap()), Ok(false));
    assert_eq!(
        verify_receipt(&Receipt { bytes: 1_048_577, ..receipt }, &domain(), &signed.signature, worker),
        Ok(false)
    );
    let other_chain = GateDomain { chain_id: 1, ..domain() };
    assert_eq!(verify_receipt(&receipt, &other_chain, &signed.signature, worker), Ok(false));
    // Malformed: errors.
    assert_eq!(verify_receipt(&receipt, &domain(), &high_s(&signed.signature), worker), Err(Error::SignatureHighS));
    assert_eq!(
        verify_receipt(&receipt, &domain(), &signed.signature[..64], worker).unwrap_err().code(),
        "bad-signature"
    );
    let mut v0 = signed.signature;
    v0[64] -= 27;
    assert_eq!(verify_receipt(&receipt, &domain(), &v0, worker), Err(Error::SignatureBadV(v0[64])));
    assert_eq!(sign_receipt(&receipt, &domain(), &[0; 32]), Err(Error::InvalidSecretKey));
    assert_eq!(sign_receipt(&receipt, &domain(), &hex32(&N[2..])).unwrap_err().code(), "invalid-secret-key");
}

/// A secret key below n (almost every 32-byte string is).
fn any_secret() -> impl Strategy<Value = [u8; 32]> {
    any::<[u8; 32]>().prop_filter("a valid secp256k1 key", |k| address_of(k).is_ok())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn signed_permits_survive_the_header_and_verify(
        key in any::<[u8; 32]>(), nonce in any::<[u8; 32]>(), audience in "\\PC{0,40}", expires in any::<u64>(),
        chain_id in any::<u64>(), registry in any::<[u8; 20]>(), secret in any_secret(),
    ) {
        let domain = GateDomain { chain_id, registry: Address::from(registry) };
        let mut permit = Permit {
            key: key.into(), buyer: address_of(&secret).unwrap(), audience: audience.clone(), expires, nonce: nonce.into(), signature: Bytes::new(),
        };
        permit.sign(&domain, &secret).unwrap();
        let read = Permit::from_header(&permit.to_header()).unwrap();
        prop_assert_eq!(&read, &permit);
        let context = PermitContext { chain_id, registry: domain.registry, audience: &audience, now: expires, key: Some(permit.key), buyer: Some(permit.buyer) };
        prop_assert_eq!(verify_permit(&read, &context).unwrap(), PermitCheck::Signer { digest: permit.digest(&domain) });
        // Its high-s twin is refused.
        let twin = Permit { signature: high_s(&permit.signature).into(), ..permit };
        prop_assert_eq!(verify_permit(&twin, &context), Err(Error::SignatureHighS));
    }

    #[test]
    fn receipts_verify_for_their_signer_only(
        key in any::<[u8; 32]>(), buyer in any::<[u8; 20]>(), digest in any::<[u8; 32]>(), bytes in any::<u64>(),
        block in any::<u64>(), secret in any_secret(), other in any_secret(),
    ) {
        let receipt = Receipt { key: key.into(), buyer: buyer.into(), permit_digest: digest.into(), bytes, anchor_block: block };
        let signed = sign_receipt(&receipt, &domain(), &secret).unwrap();
        prop_assert_eq!(signed, sign_receipt(&receipt, &domain(), &secret).unwrap());
        prop_assert!(verify_receipt(&receipt, &domain(), &signed.signature, signed.signer).unwrap());
        let other = address_of(&other).unwrap();
        prop_assert_eq!(verify_receipt(&receipt, &domain(), &signed.signature, other).unwrap(), other == signed.signer);
    }

    #[test]
    fn base64url_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let text = base64url::encode(&bytes);
        prop_assert!(!text.contains('='));
        prop_assert_eq!(base64url::decode(&text).unwrap(), bytes);
    }
}

#[test]
fn escaped_json_strings_read_as_their_text() {
    let permit = viem_permit();
    let json = permit.to_json();
    let escaped = json.replacen("\"audience\":\"h", "\"audience\":\"\\u0068", 1).replacen(
        "\"key\":\"0x",
        "\"key\":\"\\u0030x",
        1,
    );
    assert_ne!(escaped, json);
    assert_eq!(Permit::from_json(&escaped), Ok(permit));
}
