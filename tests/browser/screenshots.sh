#!/usr/bin/env bash
# Writes the user guide's screenshots (docs/screenshots/ROLE-PAGE.png and
# ROLE-PAGE-telefon.png) from the demo, by running the role tour in Chromium.
# Usage: bash tests/browser/screenshots.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
(cd "$repo" && cargo build -p samverka)
cd "$here"
npm ci --no-audit --no-fund
SAMVERKA_BIN="$repo/target/debug/samverka" SAMVERKA_GUIDE_SCREENSHOTS="$repo/docs/screenshots" \
  node --test --test-concurrency=1 tour.test.mjs
echo "Skärmbilderna finns i docs/screenshots/."
