#!/usr/bin/env bash
# make demo: content addressing end to end on a sample file.
#   1. make a sample "generated image" (seeded bytes, ~3 MiB so every profile builds a tree)
#   2. compute its CID under every profile and verify the file against each
#   3. write its CAR, serve the folder with `proofmark gateway serve` on loopback
#   4. fetch the CAR back over HTTP (trustless: Accept application/vnd.ipld.car) and a
#      byte range, and verify both with `proofmark car verify`
#   5. prove that an audited model's key attested the sample's digest for a creator, and
#      show the proof failing for another creator
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
"$ROOT/scripts/build.sh"
bin="$(proofmark_bin)"
work="$(mktemp -d)"
gateway_pid=""
cleanup() {
  [ -n "$gateway_pid" ] && kill "$gateway_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

sample="$work/sample.png"
# A seeded procedural "image": deterministic bytes (PNG signature, then noise).
node -e '
  let s = 42n; const out = Buffer.alloc(3 * 1024 * 1024 + 12345);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(out);
  for (let i = 8; i < out.length; i++) { s = (s * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn; out[i] = Number(s >> 56n); }
  require("fs").writeFileSync(process.argv[1], out);
' "$sample"
say "sample: $sample ($(stat -c %s "$sample") bytes)"

say "CID under every profile, and verify the file against it"
for profile in unixfs-v1-2025 unixfs-v0-2015 kubo-cidv1 kubo-cidv1-1mib raw; do
  cid=$("$bin" cid "$sample" --profile "$profile")
  verdict=$("$bin" verify "$sample" --cid "$cid")
  printf '  %-16s %-62s %s\n' "$profile" "$cid" "$verdict"
done

say "a tampered copy against the unixfs-v1-2025 CID (expect unknown, exit 3) and the raw CID (expect failed, exit 1)"
cid=$("$bin" cid "$sample")
raw=$("$bin" cid "$sample" --profile raw)
cp "$sample" "$work/tampered.png"
printf '\x00' | dd of="$work/tampered.png" bs=1 seek=1000 conv=notrunc status=none
set +e
"$bin" verify "$work/tampered.png" --cid "$cid"; echo "  exit $?"
"$bin" verify "$work/tampered.png" --cid "$raw"; echo "  exit $?"
set -e

say "write the CAR and serve it"
mkdir -p "$work/cars"
"$bin" cid "$sample" --car "$work/cars/sample.car" >/dev/null
"$bin" gateway serve --dir "$work/cars" --port 0 >"$work/gateway.log" 2>&1 &
gateway_pid=$!
for _ in $(seq 50); do grep -q listening "$work/gateway.log" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://[0-9.:]*' "$work/gateway.log")
say "gateway at $url"

say "fetch the CAR back (trustless) and verify it block by block"
curl -sS -H 'Accept: application/vnd.ipld.car; version=1; order=dfs; dups=y' "$url/ipfs/$cid" -o "$work/fetched.car"
"$bin" car verify "$work/fetched.car" --cid "$cid" --out "$work/fetched.png"
cmp -s "$sample" "$work/fetched.png" && echo "  fetched bytes are identical to the sample"

say "fetch bytes 1048570-1048589 as a verified range (entity-bytes)"
curl -sS "$url/ipfs/$cid?format=car&entity-bytes=1048570:1048589" -o "$work/range.car"
"$bin" car verify "$work/range.car" --cid "$cid" --entity-bytes 1048570:1048589 --out "$work/range.bin"
cmp -s "$work/range.bin" <(tail -c +1048571 "$sample" | head -c 20) && echo "  range bytes match"
say "attest the sample: a model key, the auditor's registry, a dev setup, a proof bound to a creator"
"$bin" model keygen --weights "$work/tampered.png" --version 1 --out "$work/model/model.key.json" >/dev/null
"$bin" registry build "$work/model/model.pub.json" --out "$work/registry.json" | sed 's/^/  /'
"$bin" zk setup --seed demo --out-dir "$work/setup" 2>/dev/null | grep -E '"(depth|vkHash)"' | sed 's/^/  /'
creator=0x00000000000000000000000000000000c0ffee00
"$bin" zk prove --model-key "$work/model/model.key.json" --registry-file "$work/registry.json" --asset "$sample" \
  --creator "$creator" --setup "$work/setup" --out "$work/proof.json" --public "$work/public.json" >/dev/null
printf '  proof for creator %s: ' "$creator"
"$bin" zk verify --vkey "$work/setup/verification_key.json" --proof "$work/proof.json" --public "$work/public.json"
printf '  the same proof claimed by another creator: '
node -e 'const f = process.argv[1]; const p = JSON.parse(require("fs").readFileSync(f)); p[4] = "1"; require("fs").writeFileSync(f, JSON.stringify(p))' "$work/public.json"
"$bin" zk verify --vkey "$work/setup/verification_key.json" --proof "$work/proof.json" --public "$work/public.json" || true
say "done"
