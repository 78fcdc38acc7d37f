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
