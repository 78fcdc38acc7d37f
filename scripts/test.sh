#!/usr/bin/env bash
# make test: every test. Installs what it needs first and skips what is present.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
ensure_wasm_target
"$ROOT/scripts/node-deps.sh"

say "rustfmt"
cargo fmt --all --check

say "release build (one profile for tests and the CLI)"
cargo build --release --workspace --bins --examples

say "Rust tests"
cargo test --release --workspace
# The workspace build turns on the core's `parallel` feature (the CLI wants it); test the
# single-threaded batch path the wasm edge uses, too.
cargo test --release -p proofmark-core --test zk

say "clippy"
cargo clippy --release --workspace --all-targets -- -D warnings

say "rustdoc (broken or redundant links fail)"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --workspace --quiet

say "the core's feature subsets (the CID-only SDK module builds it without any)"
for features in "" "zk" "chain" "permit"; do
  cargo check --release --quiet -p proofmark-core --no-default-features --features "$features"
done

say "no_std proof: a #![no_std] cdylib over the core for wasm32-unknown-unknown"
CARGO_TARGET_DIR="$ROOT/target" cargo build --release --quiet --target wasm32-unknown-unknown \
  --manifest-path tests/no-std-wasm/Cargo.toml

# The SDK's pkg/dist before the Node tests (the release CLI is built above).
"$ROOT/scripts/build-wasm.sh"

# Headless Chromium for the SDK's runtime tests (DESIGN §10: Debian's, via playwright-core).
ensure_apt chromium chromium

say "Node tests (differential against the npm oracles, the SDK in Node, Chromium and workerd)"
PROOFMARK_BIN="$(proofmark_bin)" node --test --test-concurrency=1 tests/node/
