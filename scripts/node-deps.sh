#!/usr/bin/env bash
# Installs the npm test oracles in tests/ from the committed lockfile, only when needed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tests="$root/tests"

if [[ -d "$tests/node_modules" && ! "$tests/package-lock.json" -nt "$tests/node_modules" ]]; then
  echo "node-deps: tests/node_modules is up to date"
  exit 0
fi

if ! log="$(cd "$tests" && npm ci --no-audit --no-fund 2>&1)"; then
  printf '%s\n' "$log" >&2
  echo "node-deps: npm ci failed in tests/" >&2
  exit 1
fi
touch "$tests/node_modules" # npm ci may leave the directory's time behind the lockfile's
echo "node-deps: installed tests/ dependencies from package-lock.json (npm ci)"
