//! One JSON-RPC endpoint as the reader sees it: the edge supplies the transport
//! ([`JsonRpc`]), this module shapes the requests and reads the answers strictly.
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::future::Future;

use alloy_primitives::hex;
use alloy_primitives::{Address, B256};
use alloy_sol_types::SolEvent;
use serde_json::{Value, json};

use super::super::abi::{self, AnchoredEvent, RawLog, RegistryError};
use super::super::rpc;
use crate::verdict::Finality;
use crate::{Error, Result};

/// Why a request got no `result`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RpcFailure {
    /// The endpoint did not answer (network error, HTTP error, not JSON-RPC).
    Unreachable(String),
    /// The endpoint answered with a JSON-RPC error object (a revert carries `data`).
    Error {
        /// The error code.
        code: i64,
        /// The error message.
        message: String,
        /// The error data (revert data as `0x` hex), when present.
        data: Option<Value>,
    },
}

impl RpcFailure {
    /// Reads the text of a JSON-RPC reply: its `result` (`null` when absent), or its
    /// `error` object as [`RpcFailure::Error`]. Text that is not a reply object, or an
    /// `error` without an integer `code`, is [`RpcFailure::Unreachable`].
    pub fn read_reply(text: &str) -> core::result::Result<Value, RpcFailure> {
        let not_reply = |why: &str| RpcFailure::Unreachable(format!("not a JSON-RPC reply: {why}"));
        let mut reply = match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(reply)) => reply,
            Ok(_) => return Err(not_reply("not a JSON object")),
            Err(err) => return Err(not_reply(&err.to_string())),
        };
        let mut error = match reply.remove("error") {
            None | Some(Value::Null) => return Ok(reply.remove("result").unwrap_or(Value::Null)),
            Some(Value::Object(error)) => error,
            Some(_) => return Err(not_reply("the error is not an object")),
        };
        let code =
            error.get("code").and_then(Value::as_i64).ok_or_else(|| not_reply("the error has no integer code"))?;
        let message = match error.remove("message") {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(message)) => message,
            Some(_) => return Err(not_reply("the error message is not a string")),
        };
        let data = error.remove("data").filter(|data| !data.is_null());
        Err(RpcFailure::Error { code, message, data })
    }
}

/// A JSON-RPC transport to one endpoint, supplied by the edge (alloy in the CLI, `fetch`
/// in the SDK). The core never does IO itself.
pub trait JsonRpc {
    /// The endpoint as the user named it (its URL), reported in verdicts.
    fn name(&self) -> &str;

    /// Sends `method` with `params` (a JSON array) and resolves to the `result` value.
    fn request(&self, method: &str, params: Value) -> impl Future<Output = core::result::Result<Value, RpcFailure>>;
}

/// Where a read happens: a block number, or a block hash (EIP-1898).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    /// A block number.
    Number(u64),
    /// A block hash.
    Hash(B256),
}

impl At {
    fn param(self) -> Value {
        match self {
            At::Number(n) => Value::String(quantity(n)),
            At::Hash(hash) => json!({ "blockHash": hash.to_string() }),
        }
    }
}

/// `n` as a JSON-RPC `QUANTITY`.
pub(crate) fn quantity(n: u64) -> String {
    format!("{n:#x}")
}

/// The outcome of an `eth_call` the registry may revert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Called {
    /// The call returned this data.
    Returned(Vec<u8>),
    /// The call reverted with this data.
    Reverted(Vec<u8>),
}

/// Typed requests over one [`JsonRpc`].
pub struct Endpoint<'r, R> {
    rpc: &'r R,
}

impl<'r, R: JsonRpc> Endpoint<'r, R> {
    /// Wraps `rpc`.
    pub fn new(rpc: &'r R) -> Self {
        Endpoint { rpc }
    }

    /// The endpoint's name.
    pub fn name(&self) -> &str {
        self.rpc.name()
    }

    /// A request whose JSON-RPC error is a failure of the read.
    pub async fn result(&self, method: &str, params: Value) -> Result<Value> {
        self.rpc.request(method, params).await.map_err(|failure| self.failed(method, failure))
    }

    fn failed(&self, method: &str, failure: RpcFailure) -> Error {
        let message = match failure {
            RpcFailure::Unreachable(message) => message,
            RpcFailure::Error { code, message, .. } => format!("error {code}: {message}"),
        };
        Error::RpcFailed { endpoint: self.rpc.name().to_string(), method: method.to_string(), message }
    }

    /// `eth_chainId`; `Ok(None)` when the endpoint does not answer at all.
    pub async fn chain_id(&self) -> Result<Option<u64>> {
        match self.rpc.request("eth_chainId", json!([])).await {
            Ok(Value::String(text)) => rpc::quantity_u64(&text, "eth_chainId").map(Some),
            Ok(_) => Err(rpc::invalid("eth_chainId", "not a quantity")),
            Err(RpcFailure::Unreachable(_)) => Ok(None),
            Err(failure) => Err(self.failed("eth_chainId", failure)),
        }
    }

    /// `eth_getBlockByNumber(tag)` as JSON text; `None` when the node has no such block.
    pub async fn block_json(&self, tag: &str) -> Result<Option<String>> {
        let block = self.result("eth_getBlockByNumber", json!([tag, false])).await?;
        Ok((!block.is_null()).then(|| block.to_string()))
    }

    /// `eth_getBlockByHash(hash)` as JSON text; `None` when the node has no such block.
    pub async fn block_json_by_hash(&self, hash: B256) -> Result<Option<String>> {
        let block = self.result("eth_getBlockByHash", json!([hash.to_string(), false])).await?;
        Ok((!block.is_null()).then(|| block.to_string()))
    }

    /// Number and hash of the block at `tag` (`latest`, `safe`, `finalized`, a quantity).
    pub async fn block_at(&self, tag: &str) -> Result<Option<(u64, B256)>> {
        let Some(json) = self.block_json(tag).await? else { return Ok(None) };
        let object = rpc::parse_object(&json, "eth_getBlockByNumber")?;
        let number = rpc::quantity_u64(rpc::required_str(&object, "number")?, "number")?;
        let hash = rpc::b256(rpc::required_str(&object, "hash")?, "hash")?;
        Ok(Some((number, hash)))
    }

    /// The timestamp of block `number`.
    pub async fn block_timestamp(&self, number: u64) -> Result<u64> {
        let json = self.block_json(&quantity(number)).await?.ok_or_else(|| Error::UnknownBlock(number.to_string()))?;
        let object = rpc::parse_object(&json, "eth_getBlockByNumber")?;
        rpc::quantity_u64(rpc::required_str(&object, "timestamp")?, "timestamp")
    }

    /// How final block `number` is: `finalized`, `safe`, or only `latest`.
    pub async fn finality_of(&self, number: u64) -> Result<Finality> {
        for (tag, finality) in [("finalized", Finality::Finalized), ("safe", Finality::Safe)] {
            if let Some((head, _)) = self.block_at(tag).await?
                && number <= head
            {
                return Ok(finality);
            }
        }
        Ok(Finality::Latest)
    }

    /// `eth_call` of `data` on `to` at `at`; a revert with data is an answer.
    pub async fn call(&self, to: Address, data: &[u8], at: At) -> Result<Called> {
        let params = json!([{ "to": to.to_string(), "data": hex::encode_prefixed(data) }, at.param()]);
        match self.rpc.request("eth_call", params).await {
            Ok(Value::String(text)) => Ok(Called::Returned(rpc::data(&text, "eth_call")?)),
            Ok(_) => Err(rpc::invalid("eth_call", "not DATA")),
            Err(RpcFailure::Error { data: Some(Value::String(data)), .. }) => {
                Ok(Called::Reverted(rpc::data(&data, "eth_call revert data")?))
            }
            Err(failure) => Err(self.failed("eth_call", failure)),
        }
    }

    /// `eth_call` of a registry function whose revert can only be a registry error.
    pub async fn call_registry(
        &self,
        registry: Address,
        data: &[u8],
        at: At,
    ) -> Result<Result<Vec<u8>, RegistryError>> {
        match self.call(registry, data, at).await? {
            Called::Returned(bytes) => Ok(Ok(bytes)),
            Called::Reverted(bytes) => Ok(Err(abi::decode_revert(&bytes)?)),
        }
    }

    /// `eth_getProof(address, slots, at)` as JSON text.
    pub async fn proof_json(&self, address: Address, slots: &[B256], at: At) -> Result<String> {
        let slots: Vec<String> = slots.iter().map(ToString::to_string).collect();
        let proof = self.result("eth_getProof", json!([address.to_string(), slots, at.param()])).await?;
        Ok(proof.to_string())
    }

    /// `eth_getCode(address, at)`.
    pub async fn code(&self, address: Address, at: At) -> Result<Vec<u8>> {
        match self.result("eth_getCode", json!([address.to_string(), at.param()])).await? {
            Value::String(text) => rpc::data(&text, "eth_getCode"),
            _ => Err(rpc::invalid("eth_getCode", "not DATA")),
        }
    }

    /// `Anchored` events of `registry` matching `topics` (topic0 is added), from block
    /// `from` to `to` (`None`: latest), each checked by [`abi::decode_anchored`].
    pub async fn anchored_logs(
        &self,
        registry: Address,
        topics: [Option<B256>; 3],
        from: u64,
        to: Option<u64>,
    ) -> Result<Vec<AnchoredEvent>> {
        let mut filter_topics =
            alloc::vec![Value::String(abi::IProvenanceRegistry::Anchored::SIGNATURE_HASH.to_string())];
        filter_topics.extend(topics.iter().map(|t| t.map_or(Value::Null, |t| Value::String(t.to_string()))));
        while filter_topics.last() == Some(&Value::Null) {
            filter_topics.pop();
        }
        let filter = json!({
            "address": registry.to_string(),
            "topics": filter_topics,
            "fromBlock": quantity(from),
            "toBlock": to.map_or_else(|| String::from("latest"), quantity),
        });
        let logs = self.result("eth_getLogs", json!([filter])).await?;
        let Value::Array(logs) = logs else { return Err(rpc::invalid("eth_getLogs", "not an array")) };
        logs.iter().map(|log| decode_log(registry, log)).collect()
    }
}

/// Reads one log object of `eth_getLogs` and decodes it as `Anchored`.
fn decode_log(registry: Address, log: &Value) -> Result<AnchoredEvent> {
    let Value::Object(object) = log else { return Err(rpc::invalid("log", "not an object")) };
    let address = rpc::address(rpc::required_str(object, "address")?, "log address")?;
    let topics = rpc::required_array(object, "topics")?
        .iter()
        .map(|t| {
            t.as_str().ok_or_else(|| rpc::invalid("log topic", "not a string")).and_then(|t| rpc::b256(t, "topic"))
        })
        .collect::<Result<Vec<B256>>>()?;
    let data = rpc::data(rpc::required_str(object, "data")?, "log data")?;
    let removed = match object.get("removed") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(removed)) => *removed,
        Some(_) => return Err(rpc::invalid("removed", "not a boolean")),
    };
    abi::decode_anchored(registry, &RawLog { address, topics: &topics, data: &data, removed })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unreachable_because(reason: &str) -> RpcFailure {
        RpcFailure::Unreachable(format!("not a JSON-RPC reply: {reason}"))
    }

    #[test]
    fn a_reply_gives_its_result_or_its_error() {
        let read = RpcFailure::read_reply;
        assert_eq!(read(r#"{"jsonrpc":"2.0","id":1,"result":"0x7a69"}"#), Ok(json!("0x7a69")));
        assert_eq!(read(r#"{"jsonrpc":"2.0","id":1,"result":null}"#), Ok(Value::Null));
        assert_eq!(read(r#"{"jsonrpc":"2.0","id":1}"#), Ok(Value::Null));
        assert_eq!(
            read(r#"{"id":1,"result":"0x1","error":{"code":3,"message":"execution reverted","data":"0x08c379a0"}}"#),
            Err(RpcFailure::Error {
                code: 3,
                message: String::from("execution reverted"),
                data: Some(json!("0x08c379a0"))
            })
        );
        assert_eq!(
            read(r#"{"error":{"code":-32601,"data":null}}"#),
            Err(RpcFailure::Error { code: -32601, message: String::new(), data: None })
        );
        assert_eq!(read(r#"{"error":null,"result":[1]}"#), Ok(json!([1])));
    }

    #[test]
    fn text_that_is_not_a_reply_is_unreachable() {
        let read = RpcFailure::read_reply;
        assert_eq!(read("[1, 2]"), Err(unreachable_because("not a JSON object")));
        assert_eq!(read(r#"{"error":"boom"}"#), Err(unreachable_because("the error is not an object")));
        assert_eq!(read(r#"{"error":{"code":1.5}}"#), Err(unreachable_because("the error has no integer code")));
        assert_eq!(read(r#"{"error":{"message":"x"}}"#), Err(unreachable_because("the error has no integer code")));
        assert_eq!(
            read(r#"{"error":{"code":1,"message":7}}"#),
            Err(unreachable_because("the error message is not a string"))
        );
        assert!(
            matches!(read("<html>502</html>"), Err(RpcFailure::Unreachable(reason)) if reason.starts_with("not a JSON-RPC reply: "))
        );
    }
}
