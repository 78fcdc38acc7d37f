//! A lying JSON-RPC proxy on loopback: forwards to an upstream node and mutates one kind
//! of answer, to show that proven reads catch every lie.
use serde_json::Value;

/// What the proxy lies about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lie {
    /// Nothing: an honest relay.
    Nothing,
    /// `eth_call` results: one byte of the answer flipped.
    CallResult,
    /// `eth_getProof`: one byte of the last storage proof node flipped.
    StorageProofNode,
    /// `eth_getProof`: one byte of the last account proof node flipped.
    AccountProofNode,
    /// `eth_getBlockByHash`: the state root replaced.
    HeaderStateRoot,
    /// `eth_getCode`: one byte of the registry's code flipped.
    Code,
    /// `eth_chainId`: mainnet's.
    ChainId,
    /// `eth_getBlockByNumber("finalized")`: another block's hash.
    FinalizedHash,
}

/// Starts the proxy; returns its URL.
pub fn start(upstream: &str, lie: Lie) -> String {
    let upstream = upstream.to_string();
    super::http::serve(move |request| {
        let request: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        let mut answer = super::anvil::post_json(&upstream, &request).unwrap_or(Value::Null);
        mutate(&request, &mut answer, lie);
        (200, answer.to_string())
    })
}

fn flip_hex(text: &str, from_end: usize) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let at = chars.len() - from_end;
    chars[at] = if chars[at] == '0' { '1' } else { '0' };
    chars.into_iter().collect()
}

fn mutate(request: &Value, answer: &mut Value, lie: Lie) {
    let method = request["method"].as_str().unwrap_or_default();
    let result = &mut answer["result"];
    match (lie, method) {
        (Lie::CallResult, "eth_call") => {
            if let Some(text) = result.as_str().filter(|t| t.len() > 66) {
                // The last hex digit of the first word: the record's creator.
                *result = Value::String(flip_hex(&text[..66], 1) + &text[66..]);
            }
        }
        (Lie::StorageProofNode, "eth_getProof") => {
            if let Some(node) = result["storageProof"][0]["proof"].as_array_mut().and_then(|p| p.last_mut()) {
                *node = Value::String(flip_hex(node.as_str().unwrap(), 3));
            }
        }
        (Lie::AccountProofNode, "eth_getProof") => {
            if let Some(node) = result["accountProof"].as_array_mut().and_then(|p| p.last_mut()) {
                *node = Value::String(flip_hex(node.as_str().unwrap(), 3));
            }
        }
        (Lie::HeaderStateRoot, "eth_getBlockByHash") => {
            result["stateRoot"] = Value::String(format!("0x{}", "11".repeat(32)));
        }
        (Lie::Code, "eth_getCode") => {
            if let Some(code) = result.as_str() {
                *result = Value::String(flip_hex(code, 40));
            }
        }
        (Lie::ChainId, "eth_chainId") => *result = Value::String("0x1".into()),
        (Lie::FinalizedHash, "eth_getBlockByNumber") if request["params"][0] == "finalized" => {
            result["hash"] = Value::String(format!("0x{}", "22".repeat(32)));
        }
        _ => {}
    }
}
