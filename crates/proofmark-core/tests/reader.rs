//! The chain reader (`anchor::reader`) over scripted transports: which endpoint answers
//! leave the chain dimensions unknown, which are refused, and a record's absence.
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use alloy_sol_types::SolError;
use proofmark_core::anchor::abi::IProvenanceRegistry::NotAnchored;
use proofmark_core::anchor::reader::{ChainQuery, JsonRpc, RpcFailure, read_chain, read_license};
use proofmark_core::anchor::{Address, B256};
use proofmark_core::verdict::Status;
use serde_json::{Value, json};

/// Runs a future whose transports answer at once.
fn ready<T>(future: impl Future<Output = T>) -> T {
    let mut future = pin!(future);
    match future.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(value) => value,
        Poll::Pending => panic!("a scripted transport never waits"),
    }
}

/// An endpoint answering from a script: `(method, params) -> answer`.
struct Scripted<F> {
    name: &'static str,
    answer: F,
}

impl<F: Fn(&str, &Value) -> Result<Value, RpcFailure>> JsonRpc for Scripted<F> {
    fn name(&self) -> &str {
        self.name
    }

    async fn request(&self, method: &str, params: Value) -> Result<Value, RpcFailure> {
        (self.answer)(method, &params)
    }
}

/// A script as a plain function.
type Answer = fn(&str, &Value) -> Result<Value, RpcFailure>;

const KEY: B256 = B256::repeat_byte(0xab);
const REGISTRY: Address = Address::repeat_byte(0x5f);

fn query() -> ChainQuery<'static> {
    ChainQuery {
        registry: REGISTRY,
        chain_id: 31337,
        key: Some(KEY),
        locator_cid: None,
        from_block: 0,
        proven: false,
        pinned_block: None,
        holder: Some(Address::repeat_byte(0x70)),
        trusted_key: None,
    }
}

/// A chain at block 7 with no record for any key.
fn empty_chain(method: &str, params: &Value) -> Result<Value, RpcFailure> {
    match method {
        "eth_chainId" => Ok(json!("0x7a69")),
        "eth_getBlockByNumber" => Ok(json!({ "number": "0x7", "hash": format!("0x{}", "11".repeat(32)) })),
        "eth_call" => {
            let data = params[0]["data"].as_str().unwrap_or_default();
            let key = B256::from_slice(&alloy_primitives::hex::decode(&data[10..74]).unwrap());
            Err(RpcFailure::Error {
                code: 3,
                message: "execution reverted".into(),
                data: Some(json!(alloy_primitives::hex::encode_prefixed(NotAnchored { key }.abi_encode()))),
            })
        }
        other => panic!("unexpected {other}"),
    }
}

fn unreachable(_: &str, _: &Value) -> Result<Value, RpcFailure> {
    Err(RpcFailure::Unreachable("connection refused".into()))
}

#[test]
fn without_endpoints_every_chain_dimension_is_unknown() {
    let none: [Scripted<Answer>; 0] = [];
    let findings = ready(read_chain(&none, &query())).unwrap();
    assert_eq!((findings.anchor.status, findings.anchor.reason.as_deref()), (Status::Unknown, Some("no-rpc")));
    assert_eq!((findings.model.status, findings.model.reason.as_deref()), (Status::Unknown, Some("anchor-unknown")));
    assert_eq!(
        (findings.license.status, findings.license.reason.as_deref()),
        (Status::Unknown, Some("anchor-unknown"))
    );
    assert_eq!(findings.anchor.rpc, None);
}

#[test]
fn one_silent_member_of_a_quorum_leaves_the_read_unknown() {
    let endpoints = [
        Scripted { name: "http://a", answer: empty_chain as Answer },
        Scripted { name: "http://b", answer: unreachable },
    ];
    let findings = ready(read_chain(&endpoints, &query())).unwrap();
    assert_eq!((findings.anchor.status, findings.anchor.reason.as_deref()), (Status::Unknown, Some("rpc-unreachable")));
    assert_eq!(findings.anchor.rpc.as_deref(), Some("http://a,http://b"));
    assert_eq!(findings.anchor.block, None);
}

#[test]
fn an_endpoint_of_another_chain_is_refused() {
    let endpoints = [Scripted { name: "http://mainnet", answer: |_: &str, _: &Value| Ok(json!("0x1")) }];
    let error = ready(read_chain(&endpoints, &query())).unwrap_err();
    assert_eq!(error.code(), "wrong-chain");
    assert_eq!(error.to_string(), "http://mainnet serves chain id 1, not the pinned 31337");
}

#[test]
fn a_key_without_a_record_is_failed_not_anchored_and_so_is_the_license() {
    let endpoints = [Scripted { name: "http://a", answer: empty_chain }];
    let findings = ready(read_chain(&endpoints, &query())).unwrap();
    assert_eq!((findings.anchor.status, findings.anchor.reason.as_deref()), (Status::Failed, Some("not-anchored")));
    assert_eq!(findings.anchor.block, Some(7));
    assert_eq!(findings.model.reason.as_deref(), Some("anchor-failed"));
    assert_eq!((findings.license.status, findings.license.reason.as_deref()), (Status::Failed, Some("anchor-failed")));
}

#[test]
fn an_rpc_error_mid_read_is_an_error_not_a_verdict() {
    let endpoints = [Scripted {
        name: "http://a",
        answer: |method: &str, params: &Value| match method {
            "eth_call" => Err(RpcFailure::Error { code: -32000, message: "header not found".into(), data: None }),
            _ => empty_chain(method, params),
        },
    }];
    let error = ready(read_chain(&endpoints, &query())).unwrap_err();
    assert_eq!(error.code(), "rpc-failed");
    assert_eq!(error.to_string(), "eth_call on http://a failed: error -32000: header not found");
}

#[test]
fn a_license_read_needs_an_answering_endpoint() {
    let none: [Scripted<Answer>; 0] = [];
    let holder = Address::repeat_byte(0x70);
    assert_eq!(ready(read_license(&none, REGISTRY, 31337, KEY, holder, None)).unwrap_err().code(), "no-endpoint");
    let silent = [Scripted { name: "http://b", answer: unreachable }];
    assert_eq!(ready(read_license(&silent, REGISTRY, 31337, KEY, holder, None)).unwrap_err().code(), "rpc-failed");
}
