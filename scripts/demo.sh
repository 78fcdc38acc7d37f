#!/usr/bin/env bash
# make demo: the whole pipeline on a local chain, from a fresh clone.
#   1. three seeded procedural "generated images" (the demo's model output)
#   2. anvil on loopback (--slots-in-an-epoch 1), a dev setup, the registry deployed and
#      the auditor's model registry root published
#   3. `proofmark publish`: CID, CAR, proof and anchor per image (a resumable journal)
#   4. `proofmark gateway serve` over the CARs
#   5. `proofmark check` of each image through the gateway, proven against the finalized
#      block, plus a tampered copy and an image nobody anchored
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
"$ROOT/scripts/build.sh"
"$ROOT/scripts/node-deps.sh" >/dev/null
bin="$(proofmark_bin)"
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# anvil's first two dev accounts: the auditor and the studio (public test keys).
auditor_key=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80
studio_key=0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d

say "generating three seeded images"
mkdir -p "$work/images"
node -e '
  const fs = require("fs");
  for (const [i, size] of [[1, 180000], [2, 1300000], [3, 2600000]]) {
    let s = BigInt(i) * 7919n; const out = Buffer.alloc(size);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(out);
    for (let j = 8; j < size; j++) { s = (s * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn; out[j] = Number(s >> 56n); }
    fs.writeFileSync(`${process.argv[1]}/image-${i}.png`, out);
  }
' "$work/images"
ls -l "$work/images" | tail -n +2 | awk '{ printf "  %s %s bytes\n", $9, $5 }'

say "starting anvil"
anvil="$(ls "$ROOT"/tests/node_modules/@foundry-rs/anvil-*/bin/anvil | head -1)"
port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close() })')
"$anvil" --host 127.0.0.1 --port "$port" --slots-in-an-epoch 1 --silent &
pids+=($!)
rpc="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -s -o /dev/null -X POST -H 'content-type: application/json' \
  --data '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' "$rpc" && break; sleep 0.1; done
echo "  $rpc"

say "the auditor: a model key, the registry of audited models, a dev setup, the contract"
"$bin" model keygen --weights "$work/images/image-1.png" --version 1 --out "$work/model/model.key.json" >/dev/null
root=$("$bin" registry build "$work/model/model.pub.json" --out "$work/registry.json" | node -e 'console.log(JSON.parse(require("fs").readFileSync(0)).root)')
"$bin" zk setup --seed demo --out-dir "$work/setup" >/dev/null
registry=$("$bin" chain deploy --rpc "$rpc" --vkey "$work/setup/verification_key.json" --private-key "$auditor_key")
"$bin" registry publish-root --rpc "$rpc" --registry "$registry" --root "$root" --private-key "$auditor_key" >/dev/null
echo "  registry $registry, root $root"

say "the studio: publish (CID, CAR, proof, anchor)"
start=$(date +%s%N)
"$bin" publish "$work"/images/*.png --model-key "$work/model/model.key.json" --registry-file "$work/registry.json" \
  --setup "$work/setup" --rpc "$rpc" --registry "$registry" --out-dir "$work/published" --private-key "$studio_key" \
  >"$work/manifest.out"
echo "  published 3 images in $(( ($(date +%s%N) - start) / 1000000 )) ms"

say "serving the CARs"
"$bin" gateway serve --dir "$work/published" --port 0 >"$work/gateway.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do grep -q listening "$work/gateway.log" 2>/dev/null && break; sleep 0.1; done
gateway=$(grep -o 'http://[0-9.:]*' "$work/gateway.log")
echo "  $gateway"

# Two more blocks make the anchors final (finalized = latest - 2 with one slot per epoch).
curl -s -o /dev/null -X POST -H 'content-type: application/json' \
  --data '{"jsonrpc":"2.0","id":1,"method":"anvil_mine","params":["0x2"]}' "$rpc"

check() { # check TARGET ARGS...: one verdict line per asset
  local target="$1"; shift
  local verdict code=0
  verdict=$("$bin" check "$target" --rpc "$rpc" --registry "$registry" --chain-id 31337 \
    --vkey "$work/setup/verification_key.json" --json "$@") || code=$?
  node -e '
    const v = JSON.parse(require("fs").readFileSync(0));
    const d = (x) => x.status + (x.reason ? ` (${x.reason})` : "");
    console.log(`  ${(v.cid || v.key).slice(0, 20)}…  integrity ${d(v.integrity)} · anchor ${d(v.anchor)}${v.anchor.proven ? " proven" : ""} · model ${d(v.model)}  exit ${process.argv[1]}`)
  ' "$code" <<<"$verdict"
}

say "check every published image through the gateway, proven at the finalized block"
for cid in $(node -e 'for (const a of JSON.parse(require("fs").readFileSync(process.argv[1])).assets) console.log(a.cid)' "$work/manifest.out"); do
  check "$cid" --gateway "$gateway" --proven
done

say "a tampered copy of image-2 (one byte changed)"
cp "$work/images/image-2.png" "$work/tampered.png"
printf '\x00' | dd of="$work/tampered.png" bs=1 seek=5000 conv=notrunc status=none
check "$("$bin" cid "$work/images/image-2.png")" --file "$work/tampered.png"

say "an image nobody anchored"
head -c 50000 /dev/urandom >"$work/unanchored.png"
check "$("$bin" cid "$work/unanchored.png")" --file "$work/unanchored.png"
say "done"
