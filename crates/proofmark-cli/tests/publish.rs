//! `proofmark publish`: the lights-out pipeline end to end against anvil, spec-following
//! Kubo RPC and Pinning Service stand-ins, and `gateway serve`; killed half-way and resumed.
mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use alloy::sol_types::SolEvent;
use common::anvil::ACCOUNTS;
use common::http::{Request, serve};
use common::stack::{Stack, json_of, ok, s};
use common::{bytes, write};
use proofmark_core::anchor::abi::IProvenanceRegistry::Anchored;
use serde_json::{Value, json};

const TOKEN: &str = "pin-token-for-tests";

/// A Kubo RPC stand-in: `dag/import` takes a multipart CAR, checks every block, and
/// answers the root as Kubo does (NDJSON).
fn kubo(imported: Arc<Mutex<Vec<String>>>) -> String {
    serve(move |request: Request| {
        if request.method != "POST" || !request.target.starts_with("/api/v0/dag/import") {
            return (404, "{}".into());
        }
        let content_type = request.header("content-type").unwrap_or_default().to_string();
        let Some(boundary) = content_type.split("boundary=").nth(1) else { return (400, "{}".into()) };
        let body = &request.body;
        let start = find(body, b"\r\n\r\n").map(|i| i + 4).unwrap_or(0);
        let end = find(body, format!("\r\n--{boundary}--").as_bytes()).unwrap_or(body.len());
        match proofmark_core::cid::car::read_car(&body[start..end]) {
            Ok((roots, _)) => {
                let root = roots[0].to_string();
                imported.lock().unwrap().push(root.clone());
                (200, json!({ "Root": { "Cid": { "/": root }, "PinErrorMsg": "" } }).to_string() + "\n")
            }
            Err(e) => (500, json!({ "Message": e.to_string(), "Type": "error" }).to_string()),
        }
    })
}

/// An IPFS Pinning Service API stand-in: `POST /pins` with a bearer token.
fn pinning(pins: Arc<Mutex<Vec<String>>>) -> String {
    serve(move |request: Request| {
        if request.header("authorization") != Some(&format!("Bearer {TOKEN}")) {
            return (401, json!({ "error": { "reason": "UNAUTHORIZED" } }).to_string());
        }
        let pin: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        let mut all = pins.lock().unwrap();
        all.push(pin["cid"].as_str().unwrap_or_default().to_string());
        let id = format!("request-{}", all.len());
        (202, json!({ "requestid": id, "status": "queued", "created": "2026-11-25T00:00:00Z", "pin": pin, "delegates": [] }).to_string())
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn publish_args(stack: &Stack, files: &[String], out: &Path) -> Vec<String> {
    let mut args: Vec<String> = vec!["publish".into()];
    args.extend(files.iter().cloned());
    for (flag, value) in [
        ("--model-key", s(&stack.path("m/model.key.json"))),
        ("--registry-file", s(&stack.path("registry.json"))),
        ("--setup", s(&stack.path("setup"))),
        ("--rpc", stack.anvil.url.clone()),
        ("--registry", stack.registry.clone()),
        ("--out-dir", s(out)),
        ("--private-key", ACCOUNTS[1].1.to_string()),
    ] {
        args.extend([flag.to_string(), value]);
    }
    args
}

/// `proofmark gateway serve --port 0` over `dir`; returns the child and its URL.
fn gateway(dir: &Path) -> (Child, String) {
    let mut child = common::bin()
        .args(["gateway", "serve", "--dir", &s(dir), "--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.split_whitespace().find(|w| w.starts_with("http://")).unwrap().to_string();
    (child, url)
}

/// Anchored events per key in the registry.
fn anchored_logs(stack: &Stack, key: &str) -> usize {
    let logs = stack.anvil.rpc(
        "eth_getLogs",
        json!([{ "address": stack.registry, "fromBlock": "0x0", "topics": [Anchored::SIGNATURE_HASH.to_string(), key] }]),
    );
    logs.as_array().unwrap().len()
}

#[test]
fn publishes_a_batch_pushes_it_to_ipfs_and_every_asset_checks_out_through_the_gateway() {
    let stack = Stack::new();
    let files: Vec<String> = (0..3)
        .map(|i| write(stack.dir.path(), &format!("gen-{i}.png"), &bytes(600_000 + i * 700_000, 20 + i as u64)))
        .collect();
    let imported = Arc::new(Mutex::new(Vec::new()));
    let pins = Arc::new(Mutex::new(Vec::new()));
    let out = stack.path("published");
    let mut args = publish_args(&stack, &files, &out);
    args.extend(["--ipfs-api".into(), kubo(imported.clone()), "--pinning-service".into(), pinning(pins.clone())]);
    let output = common::bin().args(&args).env("PROOFMARK_PINNING_TOKEN", TOKEN).output().unwrap();
    let manifest = json_of(&ok(&output));
    let assets = manifest["assets"].as_array().unwrap();
    assert_eq!(assets.len(), 3);
    assert_eq!(manifest["creator"].as_str().unwrap().to_lowercase(), ACCOUNTS[1].0.to_lowercase());
    let cids: Vec<String> = assets.iter().map(|a| a["cid"].as_str().unwrap().to_string()).collect();
    assert_eq!(*imported.lock().unwrap(), cids);
    assert_eq!(*pins.lock().unwrap(), cids);
    assert_eq!(json_of(&std::fs::read_to_string(out.join("manifest.json")).unwrap()), manifest);

    let (mut child, url) = gateway(&out);
    for (asset, file) in assets.iter().zip(&files) {
        assert!(Path::new(asset["secret"].as_str().unwrap()).is_file(), "the salt is kept for the creator");
        let key = format!("0x{}", alloy::primitives::hex::encode(common::stack::sha256(&std::fs::read(file).unwrap())));
        assert_eq!(asset["key"], key.as_str());
        assert_eq!(anchored_logs(&stack, &key), 1);
        let (code, v) = stack.check(asset["cid"].as_str().unwrap(), &["--gateway", &url, "--vkey", &stack.vkey()]);
        assert_eq!(code, 0, "{v:#}");
        assert_eq!(v["integrity"]["via"], "car");
        assert_eq!(v["key"], key.as_str());
    }
    // A gateway serving nothing leaves integrity unknown; a live one after it is used.
    let empty = stack.path("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let (mut empty_child, empty_url) = gateway(&empty);
    let (code, v) = stack.check(&cids[0], &["--gateway", &empty_url, "--gateway", &url, "--vkey", &stack.vkey()]);
    assert_eq!(code, 0, "{v:#}");
    let _ = (child.kill(), empty_child.kill(), child.wait(), empty_child.wait());
}

#[test]
fn a_run_killed_half_way_resumes_without_a_second_anchor() {
    let stack = Stack::new();
    let files: Vec<String> =
        (0..6).map(|i| write(stack.dir.path(), &format!("batch-{i}.png"), &bytes(20_000, 40 + i as u64))).collect();
    let out = stack.path("published");
    let args = publish_args(&stack, &files, &out);
    let mut child = common::bin().args(&args).stdout(Stdio::null()).spawn().unwrap();
    let journal = out.join("journal.jsonl");
    let deadline = Instant::now() + Duration::from_secs(60);
    let anchored_lines = || {
        std::fs::read_to_string(&journal)
            .unwrap_or_default()
            .lines()
            .filter(|l| l.contains("\"step\":\"anchored\""))
            .count()
    };
    while anchored_lines() == 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let anchored_at_kill = anchored_lines();
    assert!(anchored_at_kill >= 1, "publish made no progress");
    assert!(anchored_at_kill < 6, "the run finished before it could be killed");
    assert!(!out.join("manifest.json").exists());

    let manifest = json_of(&ok(&common::bin().args(&args).output().unwrap()));
    let assets = manifest["assets"].as_array().unwrap();
    assert_eq!(assets.len(), 6);
    for asset in assets {
        assert_eq!(anchored_logs(&stack, asset["key"].as_str().unwrap()), 1, "{asset}");
    }
    // A third run is a no-op that reports the same manifest.
    let again = json_of(&ok(&common::bin().args(&args).output().unwrap()));
    assert_eq!(again["assets"], manifest["assets"]);
}
