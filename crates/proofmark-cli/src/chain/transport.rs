//! The core reader's JSON-RPC transport over HTTP (alloy), for `check`.
use alloy::providers::{DynProvider, Provider, ProviderBuilder};
use anyhow::{Result, anyhow};
use proofmark_core::anchor::reader::{JsonRpc, RpcFailure};
use serde_json::Value;

/// One HTTP JSON-RPC endpoint.
pub struct HttpRpc {
    url: String,
    provider: DynProvider,
}

impl HttpRpc {
    /// An endpoint at `url` (not contacted until the first request).
    pub fn new(url: &str) -> Result<Self> {
        let parsed = url.parse().map_err(|_| anyhow!("--rpc {url} is not a URL"))?;
        Ok(HttpRpc { url: url.to_string(), provider: ProviderBuilder::new().connect_http(parsed).erased() })
    }
}

impl JsonRpc for HttpRpc {
    fn name(&self) -> &str {
        &self.url
    }

    async fn request(&self, method: &str, params: Value) -> Result<Value, RpcFailure> {
        match self.provider.raw_request::<_, Value>(method.to_string().into(), params).await {
            Ok(value) => Ok(value),
            Err(error) => Err(match error.as_error_resp() {
                Some(payload) => RpcFailure::Error {
                    code: payload.code,
                    message: payload.message.to_string(),
                    data: payload.data.as_ref().and_then(|d| serde_json::from_str(d.get()).ok()),
                },
                None => RpcFailure::Unreachable(error.to_string()),
            }),
        }
    }
}
