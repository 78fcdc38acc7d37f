#!/usr/bin/env bash
# make fuzz: runs every cargo-fuzz target in fuzz/ for FUZZ_SECONDS (default 60) each,
# after seeding fuzz/corpus/<target>/ from the release CLI's CARs and from the shared
# fixtures (read where they are, never committed). Prints one line per target and exits
# non-zero when a target crashed (its input is kept in fuzz/artifacts/<target>/).
# Only a stable toolchain is needed: RUSTC_BOOTSTRAP=1 unlocks the -Z flags cargo-fuzz uses.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
TARGETS=(cid_parse dagpb_decode car_read unixfs_walk snarkjs_json arkworks_bytes abi_decode mpt_proof permit_header)
FIXTURES="$ROOT/../shared/fixtures"
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
  say "installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi
if [ ! -x "$(proofmark_bin)" ]; then
  say "building the release CLI"
  cargo build --release -p proofmark-cli --bin proofmark
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# seed TARGET NAME FILE: copies FILE into TARGET's corpus as seed-NAME.
seed() { mkdir -p "fuzz/corpus/$1" && cp "$3" "fuzz/corpus/$1/seed-$2"; }
# unhex HEX: the bytes HEX spells.
# shellcheck disable=SC2059 # the format is the bytes
unhex() { printf "$(sed 's/../\\x&/g' <<<"$1")"; }
# record KIND FILE: FILE as one record of unixfs_walk's made-up DAGs (kind 01: dag-pb,
# 00: raw); records are joined by the bytes ff fe.
record() { unhex "$1" && cat "$2"; }

say "preparing seed corpora in fuzz/corpus/"
# CARs and CIDs from the CLI: small chunks and few links give deep trees from small files.
: >"$WORK/empty"
printf 'hello proofmark\n' >"$WORK/small"
seq 1 1000 >"$WORK/lines" # 3893 bytes: 16 leaves of 256 bytes, three levels of 3 links
n=0
for file in empty small lines; do
  for flags in "--raw-leaves --cid-version 1" "--no-raw-leaves --cid-version 0" \
    "--no-raw-leaves --cid-version 1" "--raw-leaves --cid-version 1 --hash blake3"; do
    n=$((n + 1))
    # shellcheck disable=SC2086 # the flags are meant to split
    "$(proofmark_bin)" cid "$WORK/$file" --chunk-size 256 --max-links 3 $flags --car "$WORK/cli-$n.car" \
      | tr -d '\n' >"$WORK/cli-$n.cid"
    seed car_read "cli-$n.car" "$WORK/cli-$n.car"
    seed unixfs_walk "cli-$n.car" "$WORK/cli-$n.car"
    seed cid_parse "cli-$n" "$WORK/cli-$n.cid"
  done
done

# Made-up DAGs for unixfs_walk (links are re-pointed at later records by their digest's
# first byte): a 6-byte file over raw leaves "abc" and "def", and a directory {a, b}.
leaves=fffe00616263fffe00646566
unhex "0112070a05015500010012070a0501550001010a080802180620032003$leaves" >"$WORK/file"
seed unixfs_walk record-file "$WORK/file"
unhex "01120a0a050155000100120161120a0a0501550001011201620a020801$leaves" >"$WORK/dir"
seed unixfs_walk record-dir "$WORK/dir"

if [ -d "$FIXTURES" ]; then
  for car in "$FIXTURES"/gateway-conformance/*.car; do
    seed car_read "$(basename "$car")" "$car"
    seed unixfs_walk "$(basename "$car")" "$car"
  done
  for block in "$FIXTURES"/codec-fixtures/dag-pb/*/*.dag-pb; do
    name="$(basename "$block" .dag-pb)" # the block's CIDv1: a CID seed too
    seed dagpb_decode "$(basename "$(dirname "$block")")" "$block"
    printf '%s' "$name" >"$WORK/cid" && seed cid_parse "$name" "$WORK/cid"
    record 01 "$block" >"$WORK/rec" && seed unixfs_walk "record-$(basename "$(dirname "$block")")" "$WORK/rec"
  done
  # Blocks a decoder must reject, from their hex in the negative fixtures.
  i=0
  for hex in $(sed -n 's/.*"hex": *"\([0-9a-fA-F]*\)".*/\1/p' "$FIXTURES"/codec-fixtures/negative/*.json); do
    i=$((i + 1))
    unhex "$hex" >"$WORK/neg" && seed dagpb_decode "negative-$i" "$WORK/neg"
  done
elif [ "${CI:-}" = true ]; then
  echo "error: $FIXTURES is missing (CI=true)" >&2
  exit 1
else
  say "skipping fixture seeds: $FIXTURES not found"
fi

say "building the fuzz targets"
cargo fuzz build

# artifacts TARGET: crash, timeout and out-of-memory inputs kept so far.
artifacts() { if [ -d "fuzz/artifacts/$1" ]; then find "fuzz/artifacts/$1" -type f | wc -l; else echo 0; fi; }

failed=0
summary=()
# Groth16 seeds: a depth-1 dev setup and one proof, as snarkjs JSON (each file alone and
# the three together).
bin="$(proofmark_bin)"
printf 'weights' >"$WORK/w.bin" && printf 'asset' >"$WORK/a.bin"
"$bin" model keygen --weights "$WORK/w.bin" --version 1 --out "$WORK/zk/model.key.json" >/dev/null
"$bin" registry build "$WORK/zk/model.pub.json" --depth 1 --out "$WORK/zk/registry.json" >/dev/null
"$bin" zk setup --seed fuzz --depth 1 --out-dir "$WORK/zk/setup" >/dev/null 2>&1
"$bin" zk prove --model-key "$WORK/zk/model.key.json" --registry-file "$WORK/zk/registry.json" --asset "$WORK/a.bin" \
  --creator 0x0000000000000000000000000000000000000001 --setup "$WORK/zk/setup" \
  --out "$WORK/zk/proof.json" --public "$WORK/zk/public.json" >/dev/null
seed snarkjs_json vk "$WORK/zk/setup/verification_key.json"
seed snarkjs_json proof "$WORK/zk/proof.json"
seed snarkjs_json public "$WORK/zk/public.json"
node -e 'const f = (p) => JSON.parse(require("fs").readFileSync(p, "utf8"));
  const d = process.argv[1]; console.log(JSON.stringify({ vk: f(d + "/setup/verification_key.json"), proof: f(d + "/proof.json"), public: f(d + "/public.json") }))' \
  "$WORK/zk" >"$WORK/zk/all.json"
seed snarkjs_json all "$WORK/zk/all.json"

# Permit seeds: the conformance permit (signed with viem) as a header and as JSON.
node --input-type=module -e 'const f = await import(process.argv[1]);
  process.stdout.write(f.header)' "$ROOT/tests/conformance/permit-fixture.mjs" >"$WORK/permit-header"
node --input-type=module -e 'const f = await import(process.argv[1]);
  process.stdout.write(JSON.stringify(f.permit))' "$ROOT/tests/conformance/permit-fixture.mjs" >"$WORK/permit-json"
seed permit_header header "$WORK/permit-header"
seed permit_header json "$WORK/permit-json"

for target in "${TARGETS[@]}"; do
  say "fuzzing $target for ${FUZZ_SECONDS}s"
  log="$WORK/$target.log"
  before="$(artifacts "$target")"
  rc=0
  cargo fuzz run "$target" -- -max_total_time="$FUZZ_SECONDS" -timeout=10 -print_final_stats=1 >"$log" 2>&1 || rc=$?
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)"
  [ -n "$runs" ] || runs="$(sed -n 's/^#\([0-9][0-9]*\).*/\1/p' "$log" | tail -n1)"
  new=$(($(artifacts "$target") - before))
  if [ "$rc" -ne 0 ] || [ "$new" -gt 0 ]; then
    failed=1
    mkdir -p fuzz/artifacts && cp "$log" "fuzz/artifacts/$target.log"
    grep -E -A3 "panicked at|ERROR: AddressSanitizer" "$log" >&2 || tail -n 20 "$log" >&2
    input="$(sed -n 's/.*Test unit written to //p' "$log" | tail -n1)"
    summary+=("$target: ${runs:-?} executions, CRASH (exit $rc, input ${input:-in fuzz/artifacts/$target/}, log fuzz/artifacts/$target.log)")
  else
    summary+=("$target: ${runs:-?} executions, no crashes")
  fi
done

printf '%s\n' "${summary[@]}"
exit "$failed"
