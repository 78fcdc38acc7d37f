#!/usr/bin/env bash
# The WebAssembly SDK's glue and .wasm in pkg/dist/ (make build runs it; make test runs it
# before the Node tests):
#   pkg/dist/proofmark.js + proofmark_bg.wasm                the SDK's verify module (pkg/index.js:
#                                                            CIDs, CARs, proofs, the registry reader)
#   pkg/dist/proofmark_permit.js + proofmark_permit_bg.wasm  its permit module, loaded by the first
#                                                            verifyPermit / signReceipt / verifyReceipt
#   pkg/dist/proofmark_cid.js + proofmark_cid_bg.wasm        CID-only (pkg/cid.js, `proofmark/cid`)
#   pkg/dist/proofmark_groth16.js + proofmark_groth16_bg.wasm  Groth16-only (pkg/groth16.js,
#                                                            `proofmark/groth16`; also the full
#                                                            SDK's proofs until its verify module loads)
# wasm-bindgen --target web: one .wasm that a browser fetches, Node reads from disk and
# workerd imports as a module (initSync({module})); wasm-opt from npm binaryen.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
ensure_wasm_target
ensure_wasm_bindgen
"$ROOT/scripts/node-deps.sh" >/dev/null

# build_wasm PROFILE OUT-NAME RUSTC-FLAGS WASM-OPT-FLAGS [CARGO FLAGS...]: one wasm-bindgen
# module into pkg/dist.
build_wasm() {
  local profile="$1" name="$2" rustc_flags="$3" wasm_opt_flags="$4"
  shift 4
  # Panic locations name source files: keep this machine's paths out of the shipped .wasm.
  RUSTFLAGS="${RUSTFLAGS:-} $rustc_flags --remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}/registry/src=crates --remap-path-prefix=$ROOT=proofmark" \
    cargo build --quiet --profile "$profile" --target wasm32-unknown-unknown -p proofmark-wasm "$@"
  local dist="$ROOT/pkg/dist" tmp
  tmp="$(mktemp -d)"
  wasm-bindgen --target web --out-dir "$tmp" --out-name "$name" \
    "$ROOT/target/wasm32-unknown-unknown/$profile/proofmark_wasm.wasm"
  # shellcheck disable=SC2086 # the flags are words
  "$(wasm_opt_bin)" -O3 $wasm_opt_flags --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$tmp/${name}_bg.wasm" -o "$tmp/${name}_bg.wasm"
  mkdir -p "$dist"
  for file in "$tmp"/*; do mv -f "$file" "$dist/"; done
  rm -rf "$tmp"
  say "built pkg/dist/${name}_bg.wasm ($(wc -c <"$dist/${name}_bg.wasm") bytes, $(gzip -9c "$dist/${name}_bg.wasm" | wc -c) gzipped)"
}

say "building the wasm SDK into pkg/dist"
# secp256k1 lives in its own module: a page that verifies media never loads it. The full
# SDK's modules are built with WebAssembly SIMD (every runtime it targets has it): LLVM then
# copies and clears 16 bytes at a time, and the verify module is 8 KB smaller gzipped. The
# CID-only module stays SIMD-free, for any WebAssembly runtime. (SIMD field products were
# tried: V8 ran them slower than the scalar 29-bit kernels.)
# Inline threshold: see [profile.wasm-release] in Cargo.toml.
full_flags="-C target-feature=+simd128 -C llvm-args=-inline-threshold=75"
# The modules that verify proofs keep functions with one caller out of line: V8 optimises a
# wasm function as a whole once enough work has run in it, so a loop that runs once per
# verification with its callees inlined (the input MSM with its digits and Montgomery
# conversions) costs milliseconds of optimising on a fresh page, competing for the
# machine's cores, and pays off only on the next call. Out of line, the callees that run
# often are optimised alone, small and early.
zk_opt="--one-caller-inline-max-function-size=0"
build_wasm wasm-release proofmark "$full_flags" "$zk_opt" --no-default-features --features cid,zk
build_wasm wasm-permit proofmark_permit "$full_flags" "" --no-default-features --features permit
build_wasm wasm-groth16 proofmark_groth16 "$full_flags" "$zk_opt" --no-default-features --features groth16
build_wasm wasm-cid proofmark_cid "" "" --no-default-features --features cid
