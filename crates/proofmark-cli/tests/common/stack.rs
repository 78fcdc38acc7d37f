//! A deployed registry on a fresh anvil, with a dev setup and one audited model, plus
//! helpers the chain tests share.
use std::path::{Path, PathBuf};
use std::process::Output;

use alloy::primitives::{Address, B256, U256};
use alloy::sol_types::{SolCall, SolInterface};
use proofmark_core::anchor::abi::{IProvenanceRegistry, RegistryError};
use serde_json::{Value, json};

use super::anvil::{ACCOUNTS, Anvil};
use super::{bytes, write};

pub fn s(path: &Path) -> String {
    path.display().to_string()
}

/// anvil + a dev setup at depth 4 + one audited model + a deployed registry with the
/// model registry's root published by the auditor (account 0).
pub struct Stack {
    pub anvil: Anvil,
    pub dir: tempfile::TempDir,
    pub registry: String,
    pub root: String,
}

impl Stack {
    pub fn new() -> Stack {
        let anvil = Anvil::start();
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(d, "weights.bin", &bytes(4000, 7));
        ok(&run_cli(&[
            "model",
            "keygen",
            "--weights",
            &s(&d.join("weights.bin")),
            "--version",
            "1",
            "--out",
            &s(&d.join("m/model.key.json")),
        ]));
        let built = ok(&run_cli(&[
            "registry",
            "build",
            &s(&d.join("m/model.pub.json")),
            "--depth",
            "4",
            "--out",
            &s(&d.join("registry.json")),
        ]));
        let root = json_of(&built)["root"].as_str().unwrap().to_string();
        ok(&run_cli(&["zk", "setup", "--out-dir", &s(&d.join("setup")), "--seed", "chain-tests", "--depth", "4"]));
        let deployed = ok(&run_cli(&[
            "chain",
            "deploy",
            "--rpc",
            &anvil.url,
            "--vkey",
            &s(&d.join("setup/verification_key.json")),
            "--private-key",
            ACCOUNTS[0].1,
            "--json",
        ]));
        let registry = json_of(&deployed)["registry"].as_str().unwrap().to_string();
        let stack = Stack { anvil, dir, registry, root };
        ok(&stack.cli(&["registry", "publish-root", "--root", &stack.root.clone(), "--private-key", ACCOUNTS[0].1]));
        stack
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `proofmark ARGS --rpc URL --registry ADDR`.
    pub fn cli(&self, args: &[&str]) -> Output {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--rpc", &self.anvil.url, "--registry", &self.registry]);
        run_cli(&all)
    }

    /// Writes an asset and proves it for `creator` (an index into ACCOUNTS).
    pub fn prove(&self, name: &str, asset: &[u8], creator: usize) -> PathBuf {
        self.prove_for(name, asset, ACCOUNTS[creator].0)
    }

    /// Writes an asset and proves it for the creator address `creator`.
    pub fn prove_for(&self, name: &str, asset: &[u8], creator: &str) -> PathBuf {
        let asset_path = self.path(name);
        std::fs::write(&asset_path, asset).unwrap();
        ok(&run_cli(&[
            "zk",
            "prove",
            "--model-key",
            &s(&self.path("m/model.key.json")),
            "--registry-file",
            &s(&self.path("registry.json")),
            "--asset",
            &s(&asset_path),
            "--creator",
            creator,
            "--setup",
            &s(&self.path("setup")),
            "--out",
            &s(&self.path(&format!("{name}.proof.json"))),
            "--public",
            &s(&self.path(&format!("{name}.public.json"))),
        ]));
        asset_path
    }

    /// `proofmark anchor` of a proven asset as `creator`, with extra flags.
    pub fn anchor(&self, name: &str, creator: usize, extra: &[&str]) -> Output {
        let asset = s(&self.path(name));
        let proof = s(&self.path(&format!("{name}.proof.json")));
        let public = s(&self.path(&format!("{name}.public.json")));
        let mut args =
            vec!["anchor", &asset, "--proof", &proof, "--public", &public, "--private-key", ACCOUNTS[creator].1];
        args.extend(extra);
        self.cli(&args)
    }

    /// `proofmark check TARGET --chain-id 31337 --json EXTRA…`: exit code and verdict.
    pub fn check(&self, target: &str, extra: &[&str]) -> (i32, Value) {
        let mut args = vec!["check", target, "--chain-id", "31337", "--json"];
        args.extend(extra);
        let out = self.cli(&args);
        let verdict = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|_| panic!("no verdict: {}", String::from_utf8_lossy(&out.stderr)));
        (out.status.code().unwrap(), verdict)
    }

    pub fn vkey(&self) -> String {
        s(&self.path("setup/verification_key.json"))
    }

    pub fn registry_address(&self) -> Address {
        self.registry.parse().unwrap()
    }

    /// Sends a transaction to the registry from an unlocked anvil account; returns the receipt.
    pub fn send(&self, from: usize, data: Vec<u8>, value: u128) -> Value {
        self.send_to(from, Some(&self.registry), data, value)
    }

    /// Sends a transaction (a deploy when `to` is `None`); returns the receipt.
    pub fn send_to(&self, from: usize, to: Option<&str>, data: Vec<u8>, value: u128) -> Value {
        let mut tx =
            json!({ "from": ACCOUNTS[from].0, "data": format!("0x{}", hex(&data)), "value": format!("0x{value:x}") });
        if let Some(to) = to {
            tx["to"] = json!(to);
        }
        let hash = self.anvil.rpc("eth_sendTransaction", json!([tx]));
        for _ in 0..200 {
            let receipt = self.anvil.rpc("eth_getTransactionReceipt", json!([hash]));
            if !receipt.is_null() {
                return receipt;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        panic!("no receipt for {hash}");
    }

    /// `eth_call` of the registry; `Err` holds the decoded custom error.
    pub fn call<C: SolCall>(&self, from: usize, call: &C, value: u128) -> Result<C::Return, RegistryError> {
        let body = json!({ "jsonrpc": "2.0", "id": 1, "method": "eth_call", "params": [
            { "from": ACCOUNTS[from].0, "to": self.registry, "data": format!("0x{}", hex(&call.abi_encode())), "value": format!("0x{value:x}") }, "latest"] });
        let answer = super::anvil::post_json(&self.anvil.url, &body).expect("anvil answers");
        if let Some(error) = answer.get("error") {
            let data = error["data"].as_str().expect("revert data");
            let raw = unhex(data);
            return Err(RegistryError::abi_decode(&raw).expect("a registry error"));
        }
        Ok(C::abi_decode_returns(&unhex(answer["result"].as_str().unwrap())).unwrap())
    }

    pub fn key_of(&self, name: &str) -> B256 {
        B256::from_slice(&sha256(&std::fs::read(self.path(name)).unwrap()))
    }

    /// The `anchor(...)` calldata for a proven asset, built independently of the CLI.
    pub fn anchor_calldata(&self, name: &str) -> Vec<u8> {
        let proof_json = std::fs::read_to_string(self.path(&format!("{name}.proof.json"))).unwrap();
        let public: Vec<String> =
            serde_json::from_str(&std::fs::read_to_string(self.path(&format!("{name}.public.json"))).unwrap()).unwrap();
        let proof = proofmark_core::zk::parse_proof(&proof_json).unwrap();
        let word = |d: &str| B256::from(U256::from_str_radix(d, 10).unwrap());
        IProvenanceRegistry::anchorCall {
            key: self.key_of(name),
            modelTag: word(&public[3]),
            root: word(&public[0]),
            proof: proofmark_core::zk::proof_words(&proof).map(U256::from_be_bytes),
            parentKey: B256::ZERO,
            price: 0,
            royaltyBps: 0,
            cid: "bafkqaaa".into(),
            uri: String::new(),
        }
        .abi_encode()
    }
}

pub fn run_cli(args: &[&str]) -> Output {
    super::bin().args(args).output().unwrap()
}

pub fn ok(out: &Output) -> String {
    assert!(out.status.success(), "proofmark failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).to_string()
}

pub fn json_of(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn unhex(text: &str) -> Vec<u8> {
    let t = text.trim_start_matches("0x");
    (0..t.len()).step_by(2).map(|i| u8::from_str_radix(&t[i..i + 2], 16).unwrap()).collect()
}

pub fn sha256(data: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(data).into()
}

pub fn quantity(v: &Value) -> u128 {
    u128::from_str_radix(v.as_str().unwrap().trim_start_matches("0x"), 16).unwrap()
}
