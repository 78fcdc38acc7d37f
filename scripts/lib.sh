# Shared helpers for the scripts: repo root, logging, tool installs that skip what exists.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

say() { printf '==> %s\n' "$*" >&2; }

# The wasm32 target proves the core is no_std (and later builds the SDK).
ensure_wasm_target() {
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "installing rustup target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
}

# Debian packages, installed only when a command is missing.
ensure_apt() { # ensure_apt COMMAND PACKAGE
  command -v "$1" >/dev/null 2>&1 && return 0
  say "installing $2 (apt-get)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$2" >/dev/null
}

proofmark_bin() { echo "$ROOT/target/release/proofmark"; }

# The wasm-bindgen version Cargo.lock pins: wasm-bindgen-cli must be exactly this one.
wasm_bindgen_version() {
  awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/"/, "", $3); print $3; exit }' "$ROOT/Cargo.lock"
}

# wasm-bindgen-cli at the Cargo.lock version, installed only when the one on PATH differs.
ensure_wasm_bindgen() {
  local want have
  want="$(wasm_bindgen_version)"
  have="$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)"
  [ "$have" = "$want" ] && return 0
  say "installing wasm-bindgen-cli $want (found: ${have:-none})"
  # --locked first; a registry mirror that lacks one of the CLI's locked dependency
  # versions needs a fresh resolution of the CLI's own dependencies.
  cargo install wasm-bindgen-cli --version "$want" --locked ||
    cargo install wasm-bindgen-cli --version "$want"
}

# wasm-opt from npm binaryen (tests/node_modules: scripts/node-deps.sh installs it).
wasm_opt_bin() { echo "$ROOT/tests/node_modules/.bin/wasm-opt"; }
