//! `proofmark cid`, `verify` and `car verify`: outputs and the exit codes of DESIGN §6.
mod common;

use common::{bytes, fixtures, run, stdout, write};
use proofmark_core::cid::{Cid, read_car};

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

#[test]
fn hello_world_under_kubo_defaults_is_the_known_cid() {
    let dir = temp();
    let file = write(dir.path(), "hello.txt", b"hello world");
    let out = run(&["cid", &file, "--profile", "unixfs-v0-2015"]);
    assert_eq!(stdout(&out), "Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD");
    assert!(out.status.success());
}

#[test]
fn stdin_and_file_give_the_same_cid() {
    let dir = temp();
    let data = bytes(300_000, 1);
    let file = write(dir.path(), "a.bin", &data);
    let from_file = stdout(&run(&["cid", &file, "--profile", "kubo-cidv1"]));
    let mut child = common::bin()
        .args(["cid", "-", "--profile", "kubo-cidv1"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(&data).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(stdout(&out), from_file);
}

#[test]
fn json_output_names_profile_and_settings() {
    let dir = temp();
    let file = write(dir.path(), "a.bin", &bytes(5000, 2));
    let out = run(&["cid", &file, "--chunk-size", "1024", "--max-links", "4", "--no-raw-leaves", "--json"]);
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["profile"], "custom");
    assert_eq!(value["size"], 5000);
    assert_eq!(value["params"]["chunkSize"], 1024);
    assert_eq!(value["params"]["rawLeaves"], false);
    assert!(value["cid"].as_str().unwrap().starts_with("bafybei"));
}

#[test]
fn blake3_cids_use_multihash_0x1e() {
    let dir = temp();
    let file = write(dir.path(), "a.bin", &bytes(10, 3));
    let cid: Cid = stdout(&run(&["cid", &file, "--hash", "blake3"])).parse().unwrap();
    assert_eq!(cid.hash().code(), 0x1e);
    assert_eq!(cid.hash().digest(), blake3::hash(&bytes(10, 3)).as_bytes());
}

#[test]
fn verify_exit_codes() {
    let dir = temp();
    let data = bytes(600_000, 4);
    let file = write(dir.path(), "a.bin", &data);
    let tampered = write(dir.path(), "b.bin", &[&data[..599_999], &[data[599_999] ^ 1]].concat());
    let v0 = stdout(&run(&["cid", &file, "--profile", "unixfs-v0-2015"]));
    let raw = stdout(&run(&["cid", &file, "--profile", "raw"]));

    let ok = run(&["verify", &file, "--cid", &v0]);
    assert_eq!(ok.status.code(), Some(0));
    assert_eq!(stdout(&ok), "verified unixfs-v0-2015");

    let unknown = run(&["verify", &tampered, "--cid", &v0]);
    assert_eq!(unknown.status.code(), Some(3));
    assert_eq!(stdout(&unknown), "unknown unrecognised-settings-or-tampered");

    let named = run(&["verify", &tampered, "--cid", &v0, "--profile", "unixfs-v0-2015"]);
    assert_eq!(named.status.code(), Some(1));

    let raw_bad = run(&["verify", &tampered, "--cid", &raw, "--json"]);
    assert_eq!(raw_bad.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&raw_bad.stdout).unwrap();
    assert_eq!(value["integrity"]["status"], "failed");
    assert_eq!(value["integrity"]["reason"], "digest-mismatch");

    assert_eq!(run(&["verify", &file, "--cid", "bafynotacid"]).status.code(), Some(2));
    assert_eq!(run(&["verify", &file, "--cid", &v0, "--profile", "nope"]).status.code(), Some(2));
    assert_eq!(run(&["verify", "/nonexistent/file", "--cid", &v0]).status.code(), Some(2));
}

#[test]
fn car_verify_round_trip_range_and_exit_codes() {
    let dir = temp();
    let data = bytes(20_000, 5);
    let file = write(dir.path(), "a.bin", &data);
    let car = dir.path().join("a.car").display().to_string();
    let cid = stdout(&run(&["cid", &file, "--chunk-size", "1024", "--max-links", "4", "--car", &car]));
    let out = dir.path().join("out.bin").display().to_string();

    let ok = run(&["car", "verify", &car, "--cid", &cid, "--out", &out]);
    assert_eq!(ok.status.code(), Some(0), "{}", String::from_utf8_lossy(&ok.stderr));
    assert_eq!(std::fs::read(&out).unwrap(), data);

    let part = dir.path().join("part.bin").display().to_string();
    let ranged = run(&["car", "verify", &car, "--cid", &cid, "--entity-bytes", "1000:4999", "--out", &part]);
    assert_eq!(ranged.status.code(), Some(0));
    assert_eq!(std::fs::read(&part).unwrap(), &data[1000..5000]);

    // Flip one byte inside the last block: that block no longer matches its CID.
    let mut bad = std::fs::read(&car).unwrap();
    let last = bad.len() - 1;
    bad[last] ^= 0xff;
    let bad_car = write(dir.path(), "bad.car", &bad);
    let failed = run(&["car", "verify", &bad_car, "--cid", &cid, "--json"]);
    assert_eq!(failed.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&failed.stdout).unwrap();
    assert_eq!(value["integrity"]["reason"], "block-mismatch");

    // Drop the last section: a block the DAG needs is missing; --out is not written.
    let (roots, blocks) = read_car(&std::fs::read(&car).unwrap()).unwrap();
    let mut short = proofmark_core::cid::car::encode_header(&roots);
    for (cid, block) in &blocks[..blocks.len() - 1] {
        proofmark_core::cid::car::encode_section(cid, block, &mut short);
    }
    let short_car = write(dir.path(), "short.car", &short);
    let missing_out = dir.path().join("missing.bin");
    let missing =
        run(&["car", "verify", &short_car, "--cid", &cid, "--out", &missing_out.display().to_string(), "--json"]);
    assert_eq!(missing.status.code(), Some(3));
    let value: serde_json::Value = serde_json::from_slice(&missing.stdout).unwrap();
    assert_eq!(value["integrity"]["status"], "unknown");
    assert_eq!(value["integrity"]["reason"], "missing-block");
    assert!(!missing_out.exists());

    let garbage = write(dir.path(), "garbage.car", b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff");
    assert_eq!(run(&["car", "verify", &garbage, "--cid", &cid]).status.code(), Some(2));
}

#[test]
fn kubo_missing_block_car_exits_3() {
    let Some(dir) = fixtures() else { return };
    let car = dir.join("gateway-conformance/file-3k-and-3-blocks-missing-block.car");
    let (roots, _) = read_car(&std::fs::read(&car).unwrap()).unwrap();
    let out = run(&["car", "verify", &car.display().to_string(), "--cid", &roots[0].to_string()]);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(stdout(&out), "unknown missing-block");
}

#[test]
fn car_verify_resolves_paths_in_kubo_directories() {
    let Some(dir) = fixtures() else { return };
    let car = dir.join("gateway-conformance/subdir-with-two-single-block-files.car");
    let (roots, _) = read_car(&std::fs::read(&car).unwrap()).unwrap();
    let tmp = temp();
    let out = tmp.path().join("ascii.txt");
    let status = run(&[
        "car",
        "verify",
        &car.display().to_string(),
        "--cid",
        &roots[0].to_string(),
        "--path",
        "subdir/ascii.txt",
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(status.status.code(), Some(0));
    assert!(!std::fs::read(&out).unwrap().is_empty());
    let missing = run(&["car", "verify", &car.display().to_string(), "--cid", &roots[0].to_string(), "--path", "nope"]);
    assert_eq!(missing.status.code(), Some(2));
}
