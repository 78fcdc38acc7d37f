#!/usr/bin/env bash
# make build: the release CLI (and everything else built so far).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
say "building the release CLI"
cargo build --release --workspace --bins
say "built $(proofmark_bin)"
