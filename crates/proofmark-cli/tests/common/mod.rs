//! Helpers shared by the CLI's integration tests.
#![allow(dead_code)]

pub mod anvil;
pub mod http;
pub mod proxy;
pub mod stack;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `proofmark` binary under test.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_proofmark"))
}

/// Runs `proofmark ARGS…`.
pub fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("proofmark runs")
}

/// Stdout as a trimmed string.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

/// Deterministic pseudo-random bytes (xorshift) for a seed.
pub fn bytes(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect()
}

/// Writes `data` to `dir/name` and returns the path as a string.
pub fn write(dir: &Path, name: &str, data: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, data).expect("write test file");
    path.display().to_string()
}

/// `../shared/fixtures`, or `None` (printed) outside CI when it is absent.
pub fn fixtures() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(std::env::var("CI").as_deref() != Ok("true"), "../shared/fixtures is missing under CI=true");
    eprintln!("skipping: ../shared/fixtures not found beside the checkout");
    None
}
