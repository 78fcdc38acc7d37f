//! `proofmark model|registry|zk`: the model-attest flow end to end at depth 4, binding,
//! batches, and malformed input (exit codes 0 valid, 1 invalid, 2 malformed).
mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use common::{bytes, run, stdout, write};
use serde_json::{Value, json};

const CREATOR: &str = "0x1111111111111111111111111111111111111111";

struct Flow {
    dir: tempfile::TempDir,
}

impl Flow {
    /// Keygen, registry (depth 4) and a dev setup.
    fn new() -> Flow {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(d, "weights.bin", &bytes(5000, 11));
        let key = d.join("m1/model.key.json");
        assert!(
            run(&["model", "keygen", "--weights", &s(&d.join("weights.bin")), "--version", "3", "--out", &s(&key)])
                .status
                .success()
        );
        let reg = run(&[
            "registry",
            "build",
            &s(&d.join("m1/model.pub.json")),
            "--depth",
            "4",
            "--out",
            &s(&d.join("registry.json")),
        ]);
        assert!(reg.status.success(), "{}", String::from_utf8_lossy(&reg.stderr));
        let setup = run(&["zk", "setup", "--out-dir", &s(&d.join("setup")), "--seed", "test", "--depth", "4"]);
        assert!(setup.status.success(), "{}", String::from_utf8_lossy(&setup.stderr));
        Flow { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Proves for `asset` bytes; returns the `prove` JSON output.
    fn prove(&self, name: &str, asset: &[u8], extra: &[&str]) -> Value {
        let asset_path = write(self.dir.path(), &format!("{name}.png"), asset);
        let mut args = vec![
            "zk".to_string(),
            "prove".into(),
            "--model-key".into(),
            s(&self.path("m1/model.key.json")),
            "--registry-file".into(),
            s(&self.path("registry.json")),
            "--asset".into(),
            asset_path,
            "--creator".into(),
            CREATOR.into(),
            "--setup".into(),
            s(&self.path("setup")),
            "--out".into(),
            s(&self.path(&format!("{name}.proof.json"))),
            "--public".into(),
            s(&self.path(&format!("{name}.public.json"))),
        ];
        args.extend(extra.iter().map(|a| a.to_string()));
        let out = common::bin().args(&args).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    }

    fn verify(&self, name: &str) -> (Option<i32>, String) {
        let out = run(&[
            "zk",
            "verify",
            "--vkey",
            &s(&self.path("setup/verification_key.json")),
            "--proof",
            &s(&self.path(&format!("{name}.proof.json"))),
            "--public",
            &s(&self.path(&format!("{name}.public.json"))),
        ]);
        (out.status.code(), stdout(&out))
    }

    fn edit_public(&self, name: &str, index: usize, value: &str) {
        let path = self.path(&format!("{name}.public.json"));
        let mut public: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        public[index] = json!(value);
        std::fs::write(path, public.to_string()).unwrap();
    }
}

fn s(path: &Path) -> String {
    path.display().to_string()
}

#[test]
fn prove_then_verify_and_file_modes() {
    let flow = Flow::new();
    let out = flow.prove("a", &bytes(3000, 1), &[]);
    assert_eq!(out["contentKey"].as_str().unwrap().len(), 66);
    assert_eq!(flow.verify("a"), (Some(0), "valid".to_string()));
    let vk: Value =
        serde_json::from_str(&std::fs::read_to_string(flow.path("setup/verification_key.json")).unwrap()).unwrap();
    assert_eq!(vk["devSetup"], true);
    assert_eq!(vk["nPublic"], 5);
    let mode = |p: &str| std::fs::metadata(flow.path(p)).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode("m1/model.key.json"), 0o600);
    assert_eq!(mode("proof.secret.json"), 0o600);
    // The creator and content key are the public inputs 4 and 1–2.
    let public: Vec<String> =
        serde_json::from_str(&std::fs::read_to_string(flow.path("a.public.json")).unwrap()).unwrap();
    assert_eq!(public[4], "97433442488726861213578988847752201310395502865"); // 0x1111…1111
}

#[test]
fn a_proof_is_bound_to_creator_and_content() {
    let flow = Flow::new();
    flow.prove("a", &bytes(3000, 2), &[]);
    flow.edit_public("a", 4, "97433442488726861213578988847752201310395502866");
    assert_eq!(flow.verify("a"), (Some(1), "invalid".to_string()), "another creator");
    flow.prove("b", &bytes(3000, 3), &[]);
    flow.edit_public("b", 2, "1");
    assert_eq!(flow.verify("b"), (Some(1), "invalid".to_string()), "another content");
}

#[test]
fn malformed_inputs_exit_2() {
    let flow = Flow::new();
    flow.prove("a", &bytes(100, 4), &[]);
    flow.edit_public("a", 0, "21888242871839275222246405745257275088548364400416034343698204186575808495617");
    let (code, _) = flow.verify("a");
    assert_eq!(code, Some(2), "input ≥ r is malformed, not invalid");
    flow.prove("b", &bytes(100, 5), &[]);
    let path = flow.path("b.proof.json");
    let mut proof: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    proof["protocol"] = json!("plonk");
    std::fs::write(&path, proof.to_string()).unwrap();
    assert_eq!(flow.verify("b").0, Some(2));
}

#[test]
fn linkable_salts_repeat_and_fresh_salts_do_not() {
    let flow = Flow::new();
    let a = flow.prove("a", &bytes(10, 6), &["--linkable"]);
    let b = flow.prove("b", &bytes(10, 7), &["--linkable"]);
    assert_eq!(a["modelTag"], b["modelTag"]);
    let c = flow.prove("c", &bytes(10, 6), &[]);
    let d = flow.prove("d", &bytes(10, 6), &[]);
    assert_ne!(c["modelTag"], d["modelTag"]);
    assert_ne!(c["modelTag"], a["modelTag"]);
}

#[test]
fn batch_verifies_a_folder_and_names_the_bad_proof() {
    let flow = Flow::new();
    let batch = flow.path("batch");
    std::fs::create_dir(&batch).unwrap();
    for (i, name) in ["one", "two", "three"].iter().enumerate() {
        flow.prove(name, &bytes(500, 20 + i as u64), &[]);
        for kind in ["proof", "public"] {
            std::fs::copy(flow.path(&format!("{name}.{kind}.json")), batch.join(format!("{name}.{kind}.json")))
                .unwrap();
        }
    }
    let vk = s(&flow.path("setup/verification_key.json"));
    let ok = run(&["zk", "verify", "--vkey", &vk, "--batch", &s(&batch)]);
    assert_eq!(ok.status.code(), Some(0));
    assert!(stdout(&ok).ends_with("3 proofs, 0 invalid"));
    std::fs::copy(flow.path("one.public.json"), batch.join("two.public.json")).unwrap();
    let bad = run(&["zk", "verify", "--vkey", &vk, "--batch", &s(&batch), "--json"]);
    assert_eq!(bad.status.code(), Some(1));
    let value: Value = serde_json::from_slice(&bad.stdout).unwrap();
    assert_eq!(value["proofs"], json!({ "one": true, "three": true, "two": false }));
}

#[test]
fn a_registry_of_another_depth_is_refused() {
    let flow = Flow::new();
    let reg = run(&[
        "registry",
        "build",
        &s(&flow.path("m1/model.pub.json")),
        "--depth",
        "5",
        "--out",
        &s(&flow.path("registry.json")),
    ]);
    assert!(reg.status.success());
    let asset = write(flow.dir.path(), "x.png", b"x");
    let out = run(&[
        "zk",
        "prove",
        "--model-key",
        &s(&flow.path("m1/model.key.json")),
        "--registry-file",
        &s(&flow.path("registry.json")),
        "--asset",
        &asset,
        "--creator",
        CREATOR,
        "--setup",
        &s(&flow.path("setup")),
        "--out",
        &s(&flow.path("x.proof.json")),
        "--public",
        &s(&flow.path("x.public.json")),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("depth"), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn exports_r1cs_and_a_solidity_verifier() {
    let flow = Flow::new();
    let out = run(&["zk", "export-r1cs", "--depth", "4", "--out", &s(&flow.path("ma.r1cs"))]);
    assert!(out.status.success());
    let value: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["constraints"], 2343);
    assert_eq!(value["publicInputs"], 5);
    assert_eq!(&std::fs::read(flow.path("ma.r1cs")).unwrap()[..4], b"r1cs");
    let solidity = run(&["zk", "export-verifier", "--vkey", &s(&flow.path("setup/verification_key.json"))]);
    assert!(solidity.status.success());
    let text = stdout(&solidity);
    assert!(text.contains("contract Groth16Verifier"));
    assert!(text.contains("function verifyProof("));
    assert!(text.contains("uint256[5] calldata"), "five public inputs");
}
