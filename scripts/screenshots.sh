#!/usr/bin/env bash
# Regenerates the README's screenshots of the HTML reports (docs/screenshots/*.png): each report written by the release
# binary with --format html and rendered by headless Chromium, 1280 px wide at scale 1, with the flags tests/browser.rs
# uses (no sandbox as root, no GPU, none of Chromium's background connections, a fresh profile each time).
#   scripts/screenshots.sh              # builds the release binary if needed
# Each window is as tall as the report's summary and first charts, so no picture ends mid-chart.
# Needs Debian's chromium (apt-get install chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v chromium >/dev/null || { echo "screenshots.sh: chromium is not installed (apt-get install chromium)" >&2; exit 1; }
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/coldcost"
out=docs/screenshots
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
shot() { # name, window height, coldcost arguments...
  local name=$1 height=$2; shift 2
  "$bin" "$@" --format html --output "$tmp/$name.html" --force
  mkdir -p "$tmp/profile-$name"
  timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$tmp/profile-$name" \
    --hide-scrollbars --force-device-scale-factor=1 --window-size="1280,$height" \
    --screenshot="$out/$name.png" "file://$(cd "$tmp" && pwd)/$name.html" >/dev/null 2>&1
  echo "wrote $out/$name.png ($(wc -c < "$out/$name.png") bytes): coldcost $*"
}
shot compare 1275 compare
shot budget 1030 budget samples/budget.toml
shot sweep-memory 940 sweep samples/http-api-node.toml --memory 128..3008:128
