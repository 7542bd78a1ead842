#!/usr/bin/env bash
# coldcost ingest and the same aggregation in pandas, on the same generated REPORT log, in one run: prints both
# results (which must agree), wall time, peak RSS and the speed ratio.
#   scripts/pandas-side-by-side.sh            # 4,000,000 invocations ≈ 1.06 GB
#   INVOCATIONS=400000 scripts/pandas-side-by-side.sh
set -euo pipefail
cd "$(dirname "$0")/.."
n=${INVOCATIONS:-4000000}
venv=target/pandas/venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import pandas" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check pandas
fi
cargo build --release -q
bin=target/release/coldcost
file=target/pandas/reports-$n.log
[ -f "$file" ] || "$bin" generate --invocations "$n" --output "$file"
echo "file: $file ($(du -h "$file" | cut -f1)), pandas $("$venv/bin/python" -c 'import pandas; print(pandas.__version__)')"
cc=$( { /usr/bin/time -f "%e %M" "$bin" ingest "$file" --format json > target/pandas/coldcost.json; } 2>&1 | tail -1)
pd=$( { /usr/bin/time -f "%e %M" "$venv/bin/python" scripts/pandas-ingest.py "$file" > target/pandas/pandas.json; } 2>&1 | tail -1)
python3 - "$cc" "$pd" <<'PY'
import json, sys
cc_t, cc_m = map(float, sys.argv[1].split()); pd_t, pd_m = map(float, sys.argv[2].split())
c = json.load(open("target/pandas/coldcost.json"))["functions"][0]["observed"]
p = json.load(open("target/pandas/pandas.json"))
rows = [("invocations", c["invocations"], p["invocations"]), ("cold starts", c["cold_starts"], p["cold_starts"]),
        ("INIT p50 ms", c["init_ms"]["p50"], p["init_p50"]), ("INIT p95 ms", c["init_ms"]["p95"], p["init_p95"]),
        ("handler p50 ms", c["handler_ms"]["p50"], p["handler_p50"]), ("handler p95 ms", c["handler_ms"]["p95"], p["handler_p95"]),
        ("GB-s invoke", c["invoke_gb_s"], p["invoke_gb_s"]), ("GB-s INIT", c["init_gb_s"], p["init_gb_s"])]
ok = True
print(f"{'':16}{'coldcost':>16}{'pandas':>16}")
for name, a, b in rows:
    rel = abs(a - b) / max(abs(b), 1e-9)
    good = rel <= (0.01 if "p5" in name or "p9" in name else 1e-9)
    ok &= good
    print(f"{name:16}{a:>16.3f}{b:>16.3f}{'' if good else '  MISMATCH'}")
print(f"{'wall s':16}{cc_t:>16.2f}{pd_t:>16.2f}")
print(f"{'peak RSS MB':16}{cc_m/1024:>16.1f}{pd_m/1024:>16.1f}")
print(f"coldcost is {pd_t / cc_t:.1f}× faster; results {'agree' if ok else 'DISAGREE'} (quantiles within 1%: coldcost keeps 1% histograms, pandas exact values)")
sys.exit(0 if ok else 1)
PY
