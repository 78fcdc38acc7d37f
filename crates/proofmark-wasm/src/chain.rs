//! The chain half of a verdict (`readAnchor`, `hasLicense`, `verifyAsset` in pkg/): the
//! core's reader over a transport JS supplies. JS owns the network (`fetch`, or an
//! EIP-1193 provider); the core decides everything.
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use proofmark_core::anchor::reader::{ChainQuery, JsonRpc, RpcFailure, TrustedKey, read_chain, read_license};
use proofmark_core::anchor::{Address, B256};
use proofmark_core::cid::{check_cid, content_key_of, parse_cid};
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::error::{IntoJs, JsResult, invalid_argument, to_js};
use crate::object::Options;

/// One endpoint: `send(method, paramsJson)` resolves to the JSON text of
/// `{"result": …}` or `{"error": {code, message, data}}`; a rejection means unreachable.
struct JsRpc {
    name: String,
    send: js_sys::Function,
}

impl JsonRpc for JsRpc {
    fn name(&self) -> &str {
        &self.name
    }

    async fn request(&self, method: &str, params: Value) -> Result<Value, RpcFailure> {
        let unreachable = |e: JsValue| {
            let message = js_sys::Reflect::get(&e, &JsValue::from_str("message"))
                .ok()
                .and_then(|m| m.as_string())
                .or_else(|| e.as_string())
                .unwrap_or_else(|| String::from("request failed"));
            RpcFailure::Unreachable(message)
        };
        let promise = self
            .send
            .call2(&JsValue::NULL, &JsValue::from_str(method), &JsValue::from_str(&params.to_string()))
            .map_err(unreachable)?;
        let answer = JsFuture::from(js_sys::Promise::resolve(&promise)).await.map_err(unreachable)?;
        let text = answer.as_string().ok_or_else(|| RpcFailure::Unreachable(String::from("not a JSON-RPC reply")))?;
        RpcFailure::read_reply(&text)
    }
}

/// What JS asks the reader for.
#[derive(Debug, Default)]
struct Request {
    registry: String,
    chain_id: u64,
    key: Option<String>,
    cid: Option<String>,
    from_block: Option<u64>,
    proven: Option<bool>,
    block_hash: Option<String>,
    holder: Option<String>,
    vkey: Option<String>,
    rpc: Vec<String>,
}

impl Request {
    const KEYS: &'static [&'static str] =
        &["registry", "chainId", "key", "cid", "fromBlock", "proven", "blockHash", "holder", "vkey", "rpc"];

    fn from_js(value: &JsValue) -> JsResult<Request> {
        let options = Options::read(value, Self::KEYS)?;
        Ok(Request {
            registry: options.required("registry", options.string("registry")?)?,
            chain_id: options.required("chainId", options.integer("chainId", u64::MAX)?)?,
            key: options.string("key")?,
            cid: options.string("cid")?,
            from_block: options.integer("fromBlock", u64::MAX)?,
            proven: options.boolean("proven")?,
            block_hash: options.string("blockHash")?,
            holder: options.string("holder")?,
            vkey: options.string("vkey")?,
            rpc: options.required("rpc", options.strings("rpc")?)?,
        })
    }
}

/// The findings as JS sees them (the verdict's shape).
#[derive(Serialize)]
struct Findings {
    key: Option<String>,
    anchor: proofmark_core::verdict::Anchor,
    model: proofmark_core::verdict::Model,
    license: proofmark_core::verdict::License,
}

fn parse<T: core::str::FromStr>(text: &str, what: &str) -> JsResult<T> {
    text.parse().map_err(|_| invalid_argument(&format!("{what} {text:?} is not 0x-prefixed hex of the right length")))
}

fn endpoints(names: Vec<String>, senders: Vec<js_sys::Function>) -> JsResult<Vec<JsRpc>> {
    if names.len() != senders.len() {
        return Err(invalid_argument("one transport per endpoint name"));
    }
    Ok(names.into_iter().zip(senders).map(|(name, send)| JsRpc { name, send }).collect())
}

/// Reads the anchor, model and license dimensions (the `readAnchor` / `verifyAsset`
/// engine): `request` names the target and what is trusted, `senders` are the endpoints'
/// transports in the order of `request.rpc`.
#[wasm_bindgen(js_name = readChain)]
pub async fn read_chain_js(request: JsValue, senders: Vec<js_sys::Function>) -> JsResult<JsValue> {
    let request = Request::from_js(&request)?;
    let trusted = match &request.vkey {
        Some(json) => Some(TrustedKey::from_json(json).js()?),
        None => None,
    };
    let mut key = request.key.as_deref().map(|k| parse::<B256>(k, "key")).transpose()?;
    if let Some(cid) = &request.cid {
        let cid = parse_cid(cid).js()?;
        check_cid(&cid).js()?;
        key = key.or(content_key_of(&cid).map(B256::from));
    }
    let pinned_block = request.block_hash.as_deref().map(|h| parse::<B256>(h, "blockHash")).transpose()?;
    let holder = request.holder.as_deref().map(|h| parse::<Address>(h, "holder")).transpose()?;
    let query = ChainQuery {
        registry: parse(&request.registry, "registry")?,
        chain_id: request.chain_id,
        key,
        locator_cid: request.cid.as_deref(),
        from_block: request.from_block.unwrap_or(0),
        proven: request.proven.unwrap_or(false),
        pinned_block,
        holder,
        trusted_key: trusted.as_ref(),
    };
    let endpoints = endpoints(request.rpc, senders)?;
    let findings = read_chain(&endpoints, &query).await.js()?;
    to_js(&Findings {
        key: findings.key.map(|k| k.to_string()),
        anchor: findings.anchor,
        model: findings.model,
        license: findings.license,
    })
}

/// Whether `holder` holds a license for `key` (the `hasLicense` engine): `true`/`false`,
/// or `null` in proven mode when only `latest` shows the license (not final yet).
#[wasm_bindgen(js_name = readLicense)]
pub async fn read_license_js(request: JsValue, senders: Vec<js_sys::Function>) -> JsResult<JsValue> {
    let request = Request::from_js(&request)?;
    let key = parse::<B256>(request.key.as_deref().ok_or_else(|| invalid_argument("hasLicense needs a key"))?, "key")?;
    let holder = parse::<Address>(
        request.holder.as_deref().ok_or_else(|| invalid_argument("hasLicense needs a holder"))?,
        "holder",
    )?;
    let proven = if request.proven.unwrap_or(false) || request.block_hash.is_some() {
        Some(request.block_hash.as_deref().map(|h| parse::<B256>(h, "blockHash")).transpose()?)
    } else {
        None
    };
    let registry = parse(&request.registry, "registry")?;
    let endpoints = endpoints(request.rpc, senders)?;
    let held = read_license(&endpoints, registry, request.chain_id, key, holder, proven).await.js()?;
    Ok(held.map_or(JsValue::NULL, JsValue::from_bool))
}
