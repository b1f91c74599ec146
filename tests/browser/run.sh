#!/usr/bin/env bash
# Browser tests: Debian's Chromium driven by playwright-core, audited with axe-core.
# Usage: bash tests/browser/run.sh   (SAMVERKA_BIN overrides the binary under test)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
export SAMVERKA_BIN="${SAMVERKA_BIN:-$repo/target/debug/samverka}"

# Debian's Chromium; playwright never downloads a browser of its own here.
if [ ! -x /usr/bin/chromium ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver
fi

cd "$here"
npm ci --no-audit --no-fund

if [ ! -x "$SAMVERKA_BIN" ]; then
  echo "run.sh: no samverka binary at $SAMVERKA_BIN (build it with 'cargo build', or set SAMVERKA_BIN)" >&2
  exit 1
fi

node --test --test-concurrency=1 ./*.test.mjs
