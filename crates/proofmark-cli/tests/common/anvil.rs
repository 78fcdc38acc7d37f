//! A real anvil (npm `@foundry-rs/anvil`, installed by `make test`) on loopback, one per
//! test, stopped on drop.
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// anvil's well-known dev accounts (address, private key) from its default mnemonic.
pub const ACCOUNTS: [(&str, &str); 3] = [
    (
        "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
        "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
    ),
    (
        "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
        "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
    ),
    (
        "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
        "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
    ),
];

/// A running anvil.
pub struct Anvil {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
}

fn anvil_binary() -> PathBuf {
    let scope = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/node_modules/@foundry-rs");
    let found = std::fs::read_dir(&scope)
        .ok()
        .and_then(|entries| entries.flatten().map(|e| e.path().join("bin/anvil")).find(|p| p.is_file()));
    found.unwrap_or_else(|| {
        panic!("anvil not found under {}: run `make test` (it installs tests/node_modules)", scope.display())
    })
}

impl Anvil {
    /// Starts anvil with `--slots-in-an-epoch 1` (finalized = latest − 2) on a port it picks
    /// itself: probing for a free port and handing it over races with the other tests.
    pub fn start() -> Anvil {
        let mut child = Command::new(anvil_binary())
            .args(["--host", "127.0.0.1", "--port", "0", "--slots-in-an-epoch", "1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("anvil starts");
        let mut lines = BufReader::new(child.stdout.take().expect("piped stdout")).lines();
        let port = lines
            .by_ref()
            .map_while(Result::ok)
            .find_map(|line| line.strip_prefix("Listening on 127.0.0.1:").and_then(|p| p.trim().parse::<u16>().ok()))
            .expect("anvil announces its port");
        // anvil logs every call; keep draining so a full pipe never stalls it.
        std::thread::spawn(move || lines.for_each(drop));
        let anvil = Anvil { child, url: format!("http://127.0.0.1:{port}") };
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if anvil.try_rpc("eth_chainId", json!([])).is_some() {
                return anvil;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("anvil did not answer on {}", anvil.url);
    }

    fn try_rpc(&self, method: &str, params: Value) -> Option<Value> {
        let body = json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params });
        post_json(&self.url, &body)
    }

    /// A JSON-RPC call; panics on an error answer.
    pub fn rpc(&self, method: &str, params: Value) -> Value {
        let answer = self.try_rpc(method, params).expect("anvil answers");
        assert!(answer.get("error").is_none(), "{method}: {answer}");
        answer["result"].clone()
    }

    /// Mines `blocks` empty blocks (finality needs two on top).
    pub fn mine(&self, blocks: u64) {
        self.rpc("anvil_mine", json!([format!("0x{blocks:x}")]));
    }

    /// The latest block number.
    pub fn block_number(&self) -> u64 {
        let hex = self.rpc("eth_blockNumber", json!([]));
        u64::from_str_radix(hex.as_str().unwrap().trim_start_matches("0x"), 16).unwrap()
    }
}

impl Drop for Anvil {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// POSTs a JSON body; the JSON answer, or `None` when the server is not reachable.
pub fn post_json(url: &str, body: &Value) -> Option<Value> {
    let mut response = ureq::post(url).header("content-type", "application/json").send(body.to_string()).ok()?;
    serde_json::from_reader(response.body_mut().as_reader()).ok()
}
