//! A lying JSON-RPC proxy on loopback: forwards to an upstream node and mutates one kind
//! of answer, to show that proven reads catch every lie.
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};

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
    /// `eth_chainId`: mainnet's.
    ChainId,
    /// `eth_getBlockByNumber("finalized")`: another block's hash.
    FinalizedHash,
}

/// Starts the proxy in a background thread; returns its URL.
pub fn start(upstream: &str, lie: Lie) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let upstream = upstream.to_string();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let upstream = upstream.clone();
            std::thread::spawn(move || serve(stream, &upstream, lie));
        }
    });
    url
}

fn serve(stream: TcpStream, upstream: &str, lie: Lie) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    loop {
        let mut length = 0usize;
        let mut line = String::new();
        let mut first = true;
        loop {
            line.clear();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            if line == "\r\n" {
                break;
            }
            if !first
                && let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap_or(0);
            }
            first = false;
        }
        let mut body = vec![0u8; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let request: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        let mut answer = super::anvil::post_json(upstream, &request).unwrap_or(Value::Null);
        mutate(&request, &mut answer, lie);
        let text = answer.to_string();
        let mut out = &stream;
        let head =
            format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n", text.len());
        if out.write_all(head.as_bytes()).and_then(|_| out.write_all(text.as_bytes())).is_err() {
            return;
        }
    }
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
        (Lie::ChainId, "eth_chainId") => *result = Value::String("0x1".into()),
        (Lie::FinalizedHash, "eth_getBlockByNumber") if request["params"][0] == "finalized" => {
            result["hash"] = Value::String(format!("0x{}", "22".repeat(32)));
        }
        _ => {}
    }
}
