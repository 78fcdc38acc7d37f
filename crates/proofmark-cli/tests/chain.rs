//! The registry contract and `chain deploy`, `registry publish-root|revoke-root`,
//! `anchor` and `check` against a real anvil on loopback.
mod common;

use alloy::primitives::{B256, U256, keccak256};
use alloy::sol_types::{SolCall, SolEvent, SolInterface};
use common::anvil::ACCOUNTS;
use common::stack::{Stack, json_of, ok, quantity, run_cli, s};
use common::{bytes, write};
use proofmark_core::anchor::abi::{IProvenanceRegistry, RegistryError};
use serde_json::{Value, json};

#[test]
fn genuine_asset_is_verified_in_every_dimension_and_found_by_its_cid() {
    let stack = Stack::new();
    // Over one 1 MiB chunk, so the locator is a dag-pb CID the bytes alone cannot name.
    let asset = stack.prove("art.png", &bytes(1_200_000, 1), 1);
    let anchored = json_of(&ok(&stack.anchor("art.png", 1, &["--uri", "https://example.test/art"])));
    let gas = anchored["gasUsed"].as_u64().unwrap();
    assert!(gas <= 300_000, "anchor without parent and price used {gas} gas");
    let cid = anchored["cid"].as_str().unwrap().to_string();
    assert!(cid.starts_with("bafy"), "{cid}");

    let (code, v) = stack.check(&cid, &["--file", &s(&asset), "--vkey", &stack.vkey()]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["integrity"]["status"], "verified");
    assert_eq!(v["integrity"]["profile"], "unixfs-v1-2025");
    assert_eq!(v["anchor"]["status"], "verified");
    assert_eq!(v["anchor"]["record"]["creator"].as_str().unwrap().to_lowercase(), ACCOUNTS[1].0.to_lowercase());
    assert_eq!(v["anchor"]["record"]["cid"], cid.as_str());
    assert_eq!(v["anchor"]["record"]["uri"], "https://example.test/art");
    assert_eq!(v["anchor"]["record"]["root"], stack.root.as_str());
    assert_eq!(v["anchor"]["proven"], false);
    assert_eq!(v["anchor"]["finality"], "latest");
    assert_eq!(v["model"]["status"], "verified");
    assert_eq!(v["license"]["status"], "unknown");
    assert_eq!(v["license"]["reason"], "no-holder");
    assert_eq!(v["key"], stack.key_of("art.png").to_string());

    // Without the bytes, the locator CID finds its key through the Anchored event.
    let (code, v) = stack.check(&cid, &["--vkey", &stack.vkey()]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["integrity"]["status"], "unknown");
    assert_eq!(v["integrity"]["reason"], "no-bytes");
    assert_eq!(v["key"], stack.key_of("art.png").to_string());
    // The log search starts at --from-block: from the anchor's block it finds it, after it not.
    let block = anchored["block"].as_u64().unwrap();
    let (code, _) = stack.check(&cid, &["--from-block", &block.to_string(), "--vkey", &stack.vkey()]);
    assert_eq!(code, 0);
    let (code, v) = stack.check(&cid, &["--from-block", &(block + 1).to_string()]);
    assert_eq!(code, 1);
    assert_eq!(v["anchor"]["reason"], "not-anchored");

    // Two more blocks make it final (anvil with one slot per epoch).
    stack.anvil.mine(2);
    let (_, v) = stack.check(&stack.key_of("art.png").to_string(), &["--vkey", &stack.vkey()]);
    assert_eq!(v["anchor"]["finality"], "finalized");
}

#[test]
fn tampered_bytes_fail_integrity_but_the_anchor_is_still_found() {
    let stack = Stack::new();
    let mut data = bytes(1_100_000, 2);
    stack.prove("a.png", &data, 1);
    let cid = json_of(&ok(&stack.anchor("a.png", 1, &[])))["cid"].as_str().unwrap().to_string();
    data[100] ^= 1;
    let tampered = write(stack.dir.path(), "tampered.png", &data);
    // The bytes name no CID a profile reproduces; the anchored key, found through the CID's
    // event, makes the mismatch definitive.
    let (code, v) = stack.check(&cid, &["--file", &tampered, "--vkey", &stack.vkey()]);
    assert_eq!(code, 1);
    assert_eq!(v["integrity"]["status"], "failed");
    assert_eq!(v["integrity"]["reason"], "digest-mismatch");
    assert_eq!(v["integrity"]["via"], "key");
    assert_eq!(v["anchor"]["status"], "verified");
    // Against the key, the same bytes fail by digest.
    let (code, v) = stack.check(&stack.key_of("a.png").to_string(), &["--file", &tampered]);
    assert_eq!(code, 1);
    assert_eq!(v["integrity"]["reason"], "digest-mismatch");
    assert_eq!(v["integrity"]["via"], "key");
}

#[test]
fn unanchored_content_is_failed_not_anchored() {
    let stack = Stack::new();
    let loose = write(stack.dir.path(), "loose.png", &bytes(1000, 3));
    let cid = String::from_utf8(run_cli(&["cid", &loose]).stdout).unwrap().trim().to_string();
    let (code, v) = stack.check(&cid, &["--file", &loose, "--vkey", &stack.vkey()]);
    assert_eq!(code, 1);
    assert_eq!(v["integrity"]["status"], "verified");
    assert_eq!(v["anchor"]["status"], "failed");
    assert_eq!(v["anchor"]["reason"], "not-anchored");
    assert_eq!(v["model"]["reason"], "anchor-failed");
}

#[test]
fn no_rpc_or_a_dead_rpc_leaves_chain_dimensions_unknown() {
    let stack = Stack::new();
    let key = format!("0x{}", "ab".repeat(32));
    let out = run_cli(&["check", &key, "--registry", &stack.registry, "--chain-id", "31337", "--json"]);
    assert_eq!(out.status.code(), Some(3));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["anchor"]["status"], "unknown");
    assert_eq!(v["anchor"]["reason"], "no-rpc");
    // Port 1 on loopback: nothing listens, the connection is refused.
    let dead = "http://127.0.0.1:1".to_string();
    let out = run_cli(&["check", &key, "--rpc", &dead, "--registry", &stack.registry, "--chain-id", "31337", "--json"]);
    assert_eq!(out.status.code(), Some(3));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["anchor"]["reason"], "rpc-unreachable");
    // A chain id other than the pinned one is refused outright.
    let out = stack.cli(&["check", &key, "--chain-id", "1", "--json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not the pinned 1"));
}

#[test]
fn revoked_root_fails_the_model_and_blocks_new_anchors() {
    let stack = Stack::new();
    stack.prove("r.png", &bytes(2000, 4), 1);
    ok(&stack.anchor("r.png", 1, &[]));
    stack.prove("late.png", &bytes(2000, 5), 1);
    let revoked =
        json_of(&ok(&stack.cli(&["registry", "revoke-root", "--root", &stack.root, "--private-key", ACCOUNTS[0].1])));
    let (code, v) = stack.check(&stack.key_of("r.png").to_string(), &["--vkey", &stack.vkey()]);
    assert_eq!(code, 1);
    assert_eq!(v["model"]["status"], "failed");
    assert_eq!(v["model"]["reason"], "root-revoked");
    assert_eq!(v["model"]["revokedAt"], revoked["block"]);
    // Both acts are events: RootPublished(root, index 1) and RootRevoked(root).
    let logs = |topic: B256| {
        stack.anvil.rpc(
            "eth_getLogs",
            json!([{ "address": stack.registry, "fromBlock": "0x0", "topics": [topic, stack.root] }]),
        )
    };
    let published = logs(IProvenanceRegistry::RootPublished::SIGNATURE_HASH);
    assert_eq!(published.as_array().unwrap().len(), 1);
    assert_eq!(published[0]["data"], format!("0x{:064x}", 1));
    assert_eq!(logs(IProvenanceRegistry::RootRevoked::SIGNATURE_HASH).as_array().unwrap().len(), 1);
    let late = stack.anchor("late.png", 1, &[]);
    assert_eq!(late.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&late.stderr).contains("RevokedRoot"), "{}", String::from_utf8_lossy(&late.stderr));
    // Only the auditor may publish or revoke.
    let out = stack.cli(&[
        "registry",
        "publish-root",
        "--root",
        &format!("0x{}", "01".repeat(32)),
        "--private-key",
        ACCOUNTS[1].1,
    ]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("NotAuditor"));
    // A root nobody published cannot be anchored under.
    let unknown = B256::from(U256::from(12345u64));
    let mut call = IProvenanceRegistry::anchorCall::abi_decode(&stack.anchor_calldata("late.png")).unwrap();
    call.root = unknown;
    assert_eq!(
        stack.call(1, &call, 0).err().unwrap(),
        RegistryError::RootNotPublished(IProvenanceRegistry::RootNotPublished { root: unknown })
    );
}

#[test]
fn a_proof_replayed_from_another_address_or_for_other_inputs_is_rejected() {
    let stack = Stack::new();
    stack.prove("p.png", &bytes(3000, 6), 1);
    let calldata = stack.anchor_calldata("p.png");
    let call = IProvenanceRegistry::anchorCall::abi_decode(&calldata).unwrap();
    // The proof binds account 1: account 2 sending the same calldata fails on chain.
    assert!(matches!(stack.call(2, &call, 0), Err(RegistryError::InvalidProof(_))));
    let mut other_tag = call.clone();
    other_tag.modelTag = B256::from(U256::from(7u64));
    assert!(matches!(stack.call(1, &other_tag, 0), Err(RegistryError::InvalidProof(_))));
    let mut over_field = call.clone();
    over_field.modelTag = B256::from(U256::MAX);
    assert!(matches!(stack.call(1, &over_field, 0), Err(RegistryError::NotAFieldElement(_))));
    // The CLI catches the mismatch before sending.
    let out = stack.anchor("p.png", 2, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("binds another creator"));
    // Account 1 itself succeeds.
    assert!(stack.call(1, &call, 0).is_ok());
}

#[test]
fn the_same_bytes_under_any_cid_are_one_key() {
    let stack = Stack::new();
    let asset = stack.prove("d.png", &bytes(400_000, 8), 1);
    ok(&stack.anchor("d.png", 1, &[]));
    let v0 = String::from_utf8(run_cli(&["cid", &s(&asset), "--profile", "unixfs-v0-2015"]).stdout).unwrap();
    let again = stack.anchor("d.png", 1, &["--cid", v0.trim()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("AlreadyAnchored"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
}

#[test]
fn license_sales_credit_creator_and_parent_for_pull_withdrawal() {
    let stack = Stack::new();
    let parent = stack.prove("parent.png", &bytes(5000, 9), 1);
    ok(&stack.anchor("parent.png", 1, &["--price", "500"]));
    stack.prove("child.png", &bytes(5000, 10), 2);
    let child = json_of(&ok(&stack.anchor(
        "child.png",
        2,
        &["--parent", &s(&parent), "--price", "1000000", "--royalty-bps", "2500"],
    )));
    let gas = child["gasUsed"].as_u64().unwrap();
    assert!(gas <= 350_000, "anchor with parent and price used {gas} gas");
    let key = stack.key_of("child.png");

    let (_, v) = stack.check(&key.to_string(), &["--holder", ACCOUNTS[0].0]);
    assert_eq!(v["license"]["status"], "failed");
    assert_eq!(v["license"]["reason"], "not-licensed");
    assert_eq!(v["license"]["price"], "1000000");
    assert_eq!(v["anchor"]["record"]["parentKey"], stack.key_of("parent.png").to_string());
    assert_eq!(v["anchor"]["record"]["royaltyBps"], 2500);

    let buy = IProvenanceRegistry::buyLicenseCall { key };
    assert_eq!(
        stack.call(0, &buy, 999_999).err().unwrap(),
        RegistryError::WrongPayment(IProvenanceRegistry::WrongPayment {
            expected: U256::from(1_000_000),
            sent: U256::from(999_999)
        })
    );
    let receipt = stack.send(0, buy.abi_encode(), 1_000_000);
    assert_eq!(receipt["status"], "0x1");
    let licensed = &receipt["logs"][0];
    assert_eq!(licensed["topics"][0].as_str().unwrap(), keccak256("Licensed(bytes32,address,uint256)").to_string());
    assert!(matches!(stack.call(0, &buy, 1_000_000), Err(RegistryError::AlreadyLicensed(_))));

    let credits = |who: usize| {
        stack.call(0, &IProvenanceRegistry::creditsCall { account: ACCOUNTS[who].0.parse().unwrap() }, 0).unwrap()
    };
    assert_eq!(credits(2), U256::from(750_000));
    assert_eq!(credits(1), U256::from(250_000));
    let (code, v) = stack.check(&key.to_string(), &["--holder", ACCOUNTS[0].0, "--vkey", &stack.vkey()]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["license"]["status"], "verified");

    // Pull: the parent's creator withdraws exactly the royalty.
    let before = quantity(&stack.anvil.rpc("eth_getBalance", json!([ACCOUNTS[1].0, "latest"])));
    let receipt = stack.send(1, IProvenanceRegistry::withdrawCall {}.abi_encode(), 0);
    let fee = quantity(&receipt["gasUsed"]) * quantity(&receipt["effectiveGasPrice"]);
    let after = quantity(&stack.anvil.rpc("eth_getBalance", json!([ACCOUNTS[1].0, "latest"])));
    assert_eq!(after + fee - before, 250_000);
    assert_eq!(credits(1), U256::ZERO);
    assert!(matches!(
        stack.call(1, &IProvenanceRegistry::withdrawCall {}, 0),
        Err(RegistryError::NothingToWithdraw(_))
    ));
}

#[test]
fn bad_parents_and_royalties_are_refused() {
    let stack = Stack::new();
    stack.prove("x.png", &bytes(700, 12), 1);
    let out = stack.anchor("x.png", 1, &["--parent", &format!("0x{}", "cd".repeat(32))]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("InvalidParent"));
    let out = stack.anchor("x.png", 1, &["--royalty-bps", "100"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("InvalidRoyalty"));
}

#[test]
fn vk_hash_on_chain_equals_an_independent_computation_from_the_json() {
    let stack = Stack::new();
    let vk: Value = serde_json::from_str(&std::fs::read_to_string(stack.vkey()).unwrap()).unwrap();
    let dec = |v: &Value| U256::from_str_radix(v.as_str().unwrap(), 10).unwrap().to_be_bytes::<32>();
    let mut words: Vec<[u8; 32]> = Vec::new();
    words.extend([dec(&vk["vk_alpha_1"][0]), dec(&vk["vk_alpha_1"][1])]);
    for g2 in ["vk_beta_2", "vk_gamma_2", "vk_delta_2"] {
        words.extend([dec(&vk[g2][0][1]), dec(&vk[g2][0][0]), dec(&vk[g2][1][1]), dec(&vk[g2][1][0])]);
    }
    for ic in vk["IC"].as_array().unwrap() {
        words.extend([dec(&ic[0]), dec(&ic[1])]);
    }
    let expected = keccak256(words.concat());
    let on_chain = stack.call(0, &IProvenanceRegistry::vkHashCall {}, 0).unwrap();
    assert_eq!(on_chain, expected);
    let _ = stack.registry_address();
}

#[test]
fn a_dev_setup_key_is_refused_off_the_dev_chain() {
    let stack = Stack::new();
    let out = stack.cli(&["check", &format!("0x{}", "ab".repeat(32)), "--chain-id", "1", "--vkey", &stack.vkey()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("dev setup"));
}

#[test]
fn proven_reads_wait_for_finality_and_trust_only_the_chosen_block() {
    let stack = Stack::new();
    let before =
        stack.anvil.rpc("eth_getBlockByNumber", json!(["latest", false]))["hash"].as_str().unwrap().to_string();
    stack.prove("f.png", &bytes(9000, 13), 1);
    ok(&stack.anchor("f.png", 1, &[]));
    let key = stack.key_of("f.png").to_string();

    // Fresh: visible at latest, not yet at the finalized block.
    let (code, v) = stack.check(&key, &["--proven"]);
    assert_eq!(code, 3, "{v:#}");
    assert_eq!(v["anchor"]["status"], "unknown");
    assert_eq!(v["anchor"]["reason"], "not-final");
    assert_eq!(v["anchor"]["proven"], true);

    stack.anvil.mine(2);
    let (code, v) = stack.check(&key, &["--proven", "--vkey", &stack.vkey()]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["anchor"]["status"], "verified");
    assert_eq!(v["anchor"]["proven"], true);
    assert_eq!(v["anchor"]["finality"], "finalized");
    assert_eq!(v["anchor"]["record"]["creator"].as_str().unwrap().to_lowercase(), ACCOUNTS[1].0.to_lowercase());
    assert_eq!(v["model"]["status"], "verified");

    // A pinned hash from before the anchor: not final there.
    let (code, v) = stack.check(&key, &["--block-hash", &before]);
    assert_eq!(code, 3);
    assert_eq!(v["anchor"]["reason"], "not-final");

    // A quorum of two honest endpoints agrees.
    let honest = common::proxy::start(&stack.anvil.url, common::proxy::Lie::Nothing);
    let (code, v) = stack.check(&key, &["--proven", "--rpc", &honest, "--vkey", &stack.vkey()]);
    assert_eq!(code, 0, "{v:#}");

    // Unanchored content at a final block is definitively not anchored.
    let (code, v) = stack.check(&format!("0x{}", "ee".repeat(32)), &["--proven"]);
    assert_eq!(code, 1);
    assert_eq!(v["anchor"]["reason"], "not-anchored");
}

#[test]
fn a_lying_rpc_is_caught_in_proven_mode_in_every_case() {
    use common::proxy::{Lie, start};
    let stack = Stack::new();
    stack.prove("l.png", &bytes(9000, 14), 1);
    ok(&stack.anchor("l.png", 1, &[]));
    stack.anvil.mine(2);
    let key = stack.key_of("l.png").to_string();
    let cases = [
        (Lie::CallResult, "call-contradicts-proof"),
        (Lie::StorageProofNode, "storage-proof-invalid"),
        (Lie::AccountProofNode, "account-proof-invalid"),
        (Lie::HeaderStateRoot, "header"),
        (Lie::Code, "code-hash-mismatch"),
        (Lie::ChainId, "not the pinned 31337"),
    ];
    for (lie, expected) in cases {
        let liar = start(&stack.anvil.url, lie);
        let out = run_cli(&[
            "check",
            &key,
            "--rpc",
            &liar,
            "--registry",
            &stack.registry,
            "--chain-id",
            "31337",
            "--proven",
            "--json",
        ]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{lie:?} was not caught: {}", String::from_utf8_lossy(&out.stdout));
        assert!(stderr.contains(expected), "{lie:?}: {stderr}");
    }
    // A quorum member reporting another finalized block stops the read.
    let liar = start(&stack.anvil.url, Lie::FinalizedHash);
    let out = stack.cli(&["check", &key, "--chain-id", "31337", "--proven", "--rpc", &liar]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("disagree"));
    // The same lie about eth_call passes unnoticed at latest: that is what proven mode is for.
    let liar = start(&stack.anvil.url, Lie::CallResult);
    let out = run_cli(&["check", &key, "--rpc", &liar, "--registry", &stack.registry, "--chain-id", "31337", "--json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_ne!(v["anchor"]["record"]["creator"].as_str().unwrap().to_lowercase(), ACCOUNTS[1].0.to_lowercase());
}

alloy::sol! {
    function forward(address target, bytes data) external returns (bytes);
}

#[test]
fn a_parent_creator_that_refuses_payments_cannot_block_sales() {
    let stack = Stack::new();
    let artifact: Value = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../contracts/artifacts/test/RejectingCreator.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let bytecode = common::stack::unhex(artifact["bytecode"].as_str().unwrap());
    let deployed = stack.send_to(0, None, bytecode, 0);
    let rejecting = deployed["contractAddress"].as_str().unwrap().to_string();

    // The rejecting contract anchors the parent (its proof binds the contract's address).
    stack.prove_for("parent.png", &bytes(3000, 30), &rejecting);
    let anchor = stack.anchor_calldata("parent.png");
    let through = forwardCall { target: stack.registry.parse().unwrap(), data: anchor.into() }.abi_encode();
    assert_eq!(stack.send_to(0, Some(&rejecting), through, 0)["status"], "0x1");

    let parent = stack.path("parent.png");
    stack.prove("child.png", &bytes(3000, 31), 2);
    ok(&stack.anchor("child.png", 2, &["--parent", &s(&parent), "--price", "10000", "--royalty-bps", "5000"]));
    let key = stack.key_of("child.png");
    let receipt = stack.send(0, IProvenanceRegistry::buyLicenseCall { key }.abi_encode(), 10_000);
    assert_eq!(receipt["status"], "0x1", "the sale went through");
    let credits =
        |who: &str| stack.call(0, &IProvenanceRegistry::creditsCall { account: who.parse().unwrap() }, 0).unwrap();
    assert_eq!(credits(&rejecting), U256::from(5_000));
    assert_eq!(credits(ACCOUNTS[2].0), U256::from(5_000));

    // Its own withdrawal fails and keeps the credit; the child's creator is unaffected.
    let withdraw = forwardCall {
        target: stack.registry.parse().unwrap(),
        data: IProvenanceRegistry::withdrawCall {}.abi_encode().into(),
    }
    .abi_encode();
    let body = json!({ "jsonrpc": "2.0", "id": 1, "method": "eth_call", "params": [
        { "from": ACCOUNTS[0].0, "to": rejecting, "data": format!("0x{}", common::stack::hex(&withdraw)) }, "latest"] });
    let answer = common::anvil::post_json(&stack.anvil.url, &body).unwrap();
    let data = common::stack::unhex(answer["error"]["data"].as_str().expect("a revert"));
    assert!(matches!(RegistryError::abi_decode(&data), Ok(RegistryError::WithdrawFailed(_))));
    assert_eq!(stack.send(2, IProvenanceRegistry::withdrawCall {}.abi_encode(), 0)["status"], "0x1");
    assert_eq!(credits(ACCOUNTS[2].0), U256::ZERO);
    assert_eq!(credits(&rejecting), U256::from(5_000));
}

#[test]
fn keys_come_from_an_encrypted_keystore_or_the_environment() {
    let stack = Stack::new();
    let dir = stack.path("keys");
    std::fs::create_dir_all(&dir).unwrap();
    let secret = common::stack::unhex(ACCOUNTS[0].1);
    alloy::signers::local::PrivateKeySigner::encrypt_keystore(
        &dir,
        &mut rand08::thread_rng(),
        &secret,
        "correct horse",
        Some("auditor.json"),
    )
    .unwrap();
    let keystore = s(&dir.join("auditor.json"));
    let root = |n: u8| format!("0x{}", format!("{n:02x}").repeat(32));
    let with_env = |args: &[&str], env: &[(&str, &str)]| {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--rpc", &stack.anvil.url, "--registry", &stack.registry]);
        common::bin().args(&all).envs(env.iter().copied()).output().unwrap()
    };
    let first = root(1);
    let out = with_env(
        &["registry", "publish-root", "--root", &first, "--keystore", &keystore],
        &[("PROOFMARK_KEYSTORE_PASSWORD", "correct horse")],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    std::fs::write(stack.path("password.txt"), "correct horse\n").unwrap();
    let second = root(2);
    let password_file = s(&stack.path("password.txt"));
    let out = with_env(
        &["registry", "publish-root", "--root", &second, "--keystore", &keystore, "--password-file", &password_file],
        &[],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let third = root(3);
    let out = with_env(
        &["registry", "publish-root", "--root", &third, "--keystore", &keystore],
        &[("PROOFMARK_KEYSTORE_PASSWORD", "wrong")],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("wrong password"));
    let out = with_env(&["registry", "publish-root", "--root", &third], &[("PROOFMARK_PRIVATE_KEY", ACCOUNTS[0].1)]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = with_env(&["registry", "publish-root", "--root", &root(4)], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no key"));
    for r in [first, second, third] {
        let state = stack.call(0, &IProvenanceRegistry::rootStateCall { root: r.parse().unwrap() }, 0).unwrap();
        assert_ne!(state.index, 0, "{r} was published");
    }
}
