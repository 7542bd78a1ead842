#!/usr/bin/env bash
# Renders an SVG chart or a Markdown report to PNG with headless Chromium, to look at what people will see.
#   scripts/render.sh chart.svg chart.png
#   scripts/render.sh report.md report.png      (Markdown via python3-markdown when installed, else as preformatted text)
# Needs Debian's chromium (apt-get install chromium).
set -euo pipefail
in=$1 out=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
case "$in" in
  *.svg) cp "$in" "$tmp/page.svg"; page="$tmp/page.svg"; size=${SIZE:-980,620} ;;
  *.md)
    python3 - "$in" "$tmp/page.html" <<'PY'
import html, sys
text = open(sys.argv[1]).read()
try:
    import markdown
    body = markdown.markdown(text, extensions=["tables"])
except ImportError:
    body = "<pre>" + html.escape(text) + "</pre>"
css = "body{font-family:sans-serif;max-width:1100px;margin:24px} table{border-collapse:collapse} td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px}"
open(sys.argv[2], "w").write(f"<html><head><meta charset='utf-8'><style>{css}</style></head><body>{body}</body></html>")
PY
    page="$tmp/page.html"; size=${SIZE:-1200,1800} ;;
  *) echo "render.sh: expected .svg or .md, got $in" >&2; exit 2 ;;
esac
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$tmp/profile" --hide-scrollbars \
  --window-size="$size" --screenshot="$out" "file://$page" >/dev/null 2>&1
echo "wrote $out"
