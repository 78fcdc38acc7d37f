#!/usr/bin/env bash
# make bench: content-addressing throughput and memory, as ratios from one run.
#  - native CID throughput per profile on a 512 MiB file vs `openssl dgst -sha256` on the
#    same file (page cache warm), single thread and two threads;
#  - peak RSS verifying a 1 GiB file and a 1 GiB CAR by streaming;
#  - criterion benches of the core (single thread);
#  - Groth16: verify single vs a batch of 64 (criterion), and model-attest proving vs
#    snarkjs (tests/bench/zk-prove.mjs).
#  - anchor gas with a breakdown and the proven-read cost against anvil.
#  - the wasm SDK (tests/bench/sdk.mjs): Groth16 verify warm and cold vs snarkjs and vs
#    native, CID throughput vs ipfs-unixfs-importer, gzipped .wasm sizes.
#  - workers/gate in workerd (tests/bench/gate.mjs): per-request overhead (permit, license,
#    nonce) and streaming throughput vs a pass-through worker, CPU per MiB verified.
# BENCH=cid, BENCH=zk, BENCH=chain, BENCH=sdk or BENCH=gate runs one part.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
ensure_apt openssl openssl
ensure_apt /usr/bin/time time
"$ROOT/scripts/build.sh"
cargo build --release --quiet -p proofmark-prover --examples
bin="$(proofmark_bin)"
which_bench="${BENCH:-all}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Best wall time in seconds of three runs of a command.
best_of_3() {
  local best="" t0 t1 s
  for _ in 1 2 3; do
    t0=$(date +%s%N); "$@" >/dev/null; t1=$(date +%s%N)
    s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
    if [ -z "$best" ] || awk -v x="$s" -v y="$best" 'BEGIN { exit !(x < y) }'; then best="$s"; fi
  done
  echo "$best"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
mbps() { awk -v bytes="$1" -v s="$2" 'BEGIN { printf "%.0f", bytes / s / 1048576 }'; }

if [ "$which_bench" = all ] || [ "$which_bench" = cid ]; then
say "CID throughput on 512 MiB (page cache warm), ratios vs openssl dgst -sha256"
size=$((512 * 1024 * 1024))
head -c "$size" /dev/urandom >"$work/512m.bin"
cat "$work/512m.bin" >/dev/null
openssl_s=$(best_of_3 openssl dgst -sha256 "$work/512m.bin")
printf '%-18s %8s %10s %8s %10s %8s\n' profile "1 thread" "MiB/s" ratio "2 threads" ratio
printf '%-18s %8s %10s\n' "openssl sha256" "${openssl_s}s" "$(mbps "$size" "$openssl_s")"
for profile in unixfs-v1-2025 unixfs-v0-2015 kubo-cidv1 kubo-cidv1-1mib raw; do
  one=$(best_of_3 "$bin" --threads 1 cid "$work/512m.bin" --profile "$profile")
  two=$(best_of_3 "$bin" --threads 2 cid "$work/512m.bin" --profile "$profile")
  printf '%-18s %7ss %10s %7sx %9ss %7sx\n' "$profile" "$one" "$(mbps "$size" "$one")" \
    "$(ratio "$openssl_s" "$one")" "$two" "$(ratio "$openssl_s" "$two")"
done
rm -f "$work/512m.bin"

say "Peak RSS streaming 1 GiB (target: <= 64 MiB)"
head -c $((1024 * 1024 * 1024)) /dev/urandom >"$work/1g.bin"
cid=$("$bin" cid "$work/1g.bin" --car "$work/1g.car")
raw=$("$bin" cid "$work/1g.bin" --profile raw)
v0=$("$bin" cid "$work/1g.bin" --profile unixfs-v0-2015)
rss() { /usr/bin/time -f '%M %e' "$@" 2>&1 >/dev/null | tail -n 1; }
report_rss() { read -r kib secs <<<"$2"; printf '%-44s %6.1f MiB  %6.2fs\n' "$1" "$(awk -v k="$kib" 'BEGIN { print k / 1024 }')" "$secs"; }
report_rss "verify 1 GiB file (unixfs-v1-2025 CID)" "$(rss "$bin" verify "$work/1g.bin" --cid "$cid")"
report_rss "verify 1 GiB file (raw CID)" "$(rss "$bin" verify "$work/1g.bin" --cid "$raw")"
report_rss "verify 1 GiB file (unixfs-v0-2015 CID, auto)" "$(rss "$bin" verify "$work/1g.bin" --cid "$v0")"
report_rss "car verify 1 GiB CAR" "$(rss "$bin" car verify "$work/1g.car" --cid "$cid")"
report_rss "car verify 1 GiB CAR --out" "$(rss "$bin" car verify "$work/1g.car" --cid "$cid" --out "$work/out.bin")"
rm -f "$work/1g.bin" "$work/1g.car" "$work/out.bin"

say "criterion (single thread, core only)"
cargo bench -p proofmark-core --bench content_addressing -- --noplot 2>&1 | grep -E '^(import|verify)|time:|thrpt:'
fi

if [ "$which_bench" = all ] || [ "$which_bench" = zk ]; then
"$ROOT/scripts/node-deps.sh"
say "Groth16 verification (criterion): single proof vs a batch of 64, one thread then every core"
estimate() { node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).mean.point_estimate)' \
  "$ROOT/target/criterion/groth16 verify/$1/new/estimates.json"; }
report() {
  awk -v s="$1" -v b="$2" -v label="$3" 'BEGIN { printf "%-12s single %.3f ms; batch of 64: %.3f ms per proof = %.1f%% of single (target <= 35%%)\n", label, s / 1e6, b / 64e6, 100 * b / 64 / s }'
}
cargo bench -p proofmark-core --bench groth16 -- --noplot 2>&1 | grep -E '^groth16|time:'
single=$(estimate "single, prepared key")
report "$single" "$(estimate "batch of 64 (whole batch)")" "1 thread:"
cargo bench -p proofmark-core --features parallel --bench groth16 -- --noplot 2>&1 | grep -E '^groth16|time:'
report "$single" "$(estimate "batch of 64 (whole batch)")" "all cores:"

say "Model-attest proving at depth 20 vs snarkjs (a 2^13 ceremony first: a few minutes)"
node "$ROOT/tests/bench/zk-prove.mjs"
fi

if [ "$which_bench" = all ] || [ "$which_bench" = chain ]; then
say "Anchor gas with a breakdown, and the cost of a proven read (real anvil)"
PROOFMARK_BIN="$bin" node "$ROOT/tests/bench/anchor-gas.mjs"
fi

if [ "$which_bench" = all ] || [ "$which_bench" = sdk ]; then
say "The wasm SDK in Node: Groth16 warm/cold vs snarkjs and native, CID throughput, .wasm sizes"
"$ROOT/scripts/node-deps.sh" >/dev/null
# Native single-proof verification of the same key, proof and inputs the SDK verifies
# (tests/conformance/zk-fixture.mjs), snarkjs JSON in, for the sdk/native ratio: the
# benchmark runs it between its own rounds.
cargo build --quiet --release -p proofmark-core --example verify_rounds
NATIVE_VERIFY_BIN="$ROOT/target/release/examples/verify_rounds" PROOFMARK_BIN="$bin" node "$ROOT/tests/bench/sdk.mjs"
fi

if [ "$which_bench" = all ] || [ "$which_bench" = gate ]; then
say "workers/gate in workerd vs a pass-through worker: per-request overhead, throughput, CPU per MiB"
"$ROOT/scripts/node-deps.sh" >/dev/null
PROOFMARK_BIN="$bin" node "$ROOT/tests/bench/gate.mjs"
fi
