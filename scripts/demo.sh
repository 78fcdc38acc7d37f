#!/usr/bin/env bash
# make demo: the whole product on loopback, from a fresh clone.
#   1. installs what it needs (npm test deps incl. anvil, the wasm target, wasm-bindgen)
#      and builds the CLI and the SDK (pkg/dist)
#   2. scripts/demo/main.mjs: anvil, a dev setup, the registry, images from the demo's
#      seeded generator published (CID, CAR, proof, anchor; one derived from another, one
#      under a revoked root, one unanchored, one tampered copy on an untrusted mirror),
#      `proofmark gateway serve`, and the marketplace page (www/) on a static server
#   3. prints the page URL and every asset's `check` verdict; Ctrl-C stops everything
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
"$ROOT/scripts/node-deps.sh" >/dev/null
say "building the CLI"
cargo build --release --quiet -p proofmark-cli
"$ROOT/scripts/build-wasm.sh"
say "starting the demo"
exec node "$ROOT/scripts/demo/main.mjs" "$(proofmark_bin)"
