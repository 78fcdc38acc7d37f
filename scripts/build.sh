#!/usr/bin/env bash
# make build: the release CLI, and the WebAssembly SDK in pkg/dist/ (scripts/build-wasm.sh).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
say "building the release CLI"
cargo build --release --workspace --bins
say "built $(proofmark_bin)"
"$ROOT/scripts/build-wasm.sh"
