#!/usr/bin/env bash
# coldcost ingest against pandas (chunked read_csv, the same aggregation) and DuckDB (its Python package: a regex
# query on both threads) on the same generated REPORT log, in one run, each timed with /usr/bin/time (wall, peak RSS);
# `wc -l` on the same file as the floor. Checks that the three agree (invocations, cold starts and GB-s exactly,
# quantiles within 1%: coldcost keeps 1% histograms) and prints a table with ratios. Then coldcost and DuckDB on a
# generated Logs Insights CSV of the same invocations and on FOCUS and CUR Parquet files of the real samples' rows
# repeated to 2,000,000 rows (checked to agree), and coldcost alone on the real FOCUS and CUR CSV samples repeated to
# ~256 MB. Every file is read once before it is timed (the page cache warm for each tool alike).
#   scripts/side-by-side.sh                       # 2,000,000 invocations ≈ 531 MB
#   INVOCATIONS=4000000 scripts/side-by-side.sh   # ≈ 1.06 GB
set -euo pipefail
cd "$(dirname "$0")/.."
n=${INVOCATIONS:-2000000}
out=target/side-by-side
venv=$out/venv
mkdir -p "$out"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import pandas, duckdb" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check pandas duckdb
fi
cargo build --release -q
bin=${CARGO_TARGET_DIR:-target}/release/coldcost
file=$out/reports-$n.log
[ -f "$file" ] || "$bin" generate --invocations "$n" --output "$file"
py=$venv/bin/python
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); file: $file ($(stat -c %s "$file") bytes)"
echo "pandas $("$py" -c 'import pandas; print(pandas.__version__)'), duckdb $("$py" -c 'import duckdb; print(duckdb.__version__)')"
timed() { # name, output file, command…: prints "name wall_s rss_kb"
  local name=$1 to=$2; shift 2
  local t; t=$( { /usr/bin/time -f "%e %M" "$@" > "$to"; } 2>&1 | tail -1)
  echo "$name $t"
}
cat "$file" > /dev/null # the page cache warm for the first tool as for the others
{
  timed "wc-l" /dev/null wc -l "$file"
  timed "coldcost" "$out/coldcost.json" "$bin" ingest "$file" --format json
  COLDCOST_SPLIT_MIN_BYTES=18446744073709551615 timed "coldcost-1-thread" "$out/coldcost-1.json" "$bin" ingest "$file" --format json
  timed "duckdb" "$out/duckdb.json" "$py" scripts/duckdb-ingest.py "$file" 2
  timed "pandas" "$out/pandas.json" "$py" scripts/pandas-ingest.py "$file"
} > "$out/times.txt"
"$py" - "$out" "$(stat -c %s "$file")" <<'PY'
import json, sys
out, size = sys.argv[1], int(sys.argv[2])
times = {l.split()[0]: (float(l.split()[1]), float(l.split()[2])) for l in open(f"{out}/times.txt")}
c = json.load(open(f"{out}/coldcost.json"))["functions"][0]["observed"]
c1 = json.load(open(f"{out}/coldcost-1.json"))["functions"][0]["observed"]
d = json.load(open(f"{out}/duckdb.json"))
p = json.load(open(f"{out}/pandas.json"))
rows = [("invocations", "invocations", None), ("cold starts", "cold_starts", None),
        ("INIT p50 ms", "init_p50", ("init_ms", "p50")), ("INIT p95 ms", "init_p95", ("init_ms", "p95")),
        ("handler p50 ms", "handler_p50", ("handler_ms", "p50")), ("handler p95 ms", "handler_p95", ("handler_ms", "p95")),
        ("GB-s invoke", "invoke_gb_s", None), ("GB-s INIT", "init_gb_s", None)]
ok = c == c1
print(f"{'':16}{'coldcost':>16}{'pandas':>16}{'duckdb':>16}")
for name, key, nested in rows:
    a = c[nested[0]][nested[1]] if nested else c[key]
    tol = 0.01 if nested else 1e-12
    good = all(abs(a - o[key]) <= tol * max(abs(o[key]), 1e-9) for o in (p, d))
    ok &= good
    print(f"{name:16}{a:>16.3f}{p[key]:>16.3f}{d[key]:>16.3f}{'' if good else '  MISMATCH'}")
print()
cc = times["coldcost"][0]
print(f"{'':20}{'wall s':>8}{'MB/s':>8}{'peak RSS MB':>13}{'time ÷ coldcost':>17}")
for name in ["wc-l", "coldcost", "coldcost-1-thread", "duckdb", "pandas"]:
    t, kb = times[name]
    print(f"{name:20}{t:>8.2f}{size / 1e6 / max(t, 1e-9):>8.0f}{kb / 1024:>13.1f}{t / cc:>17.2f}")
print(f"\nresults {'agree' if ok else 'DISAGREE'} (two-thread and one-thread coldcost identical: {c == c1})")
sys.exit(0 if ok else 1)
PY
# Exports beside DuckDB: a generated Logs Insights CSV of the same invocations, and FOCUS / CUR Parquet files of the
# real samples' rows repeated to 2,000,000 rows (written by DuckDB, amounts as DOUBLE). Each file is read once
# before it is timed, so every tool reads it from the page cache.
real=../shared/data/real-exports
ins=$out/insights-$n.csv
[ -f "$ins" ] || "$bin" generate --style insights --invocations "$n" --output "$ins"
rows=2000000
for k in focus cur; do
  src=$real/focus/focus_sample_1000.csv
  [ "$k" = cur ] && src=$real/cur/ola-raji-ha-project-CUR-daily-1-00001.csv
  pq=$out/$k-$rows.parquet
  [ -f "$pq" ] || "$py" scripts/duckdb-exports.py make-parquet "$src" "$pq" "$rows"
done
{
  for f in "$ins" "$out/focus-$rows.parquet" "$out/cur-$rows.parquet"; do cat "$f" > /dev/null; done
  timed "insights-wc-l" /dev/null wc -l "$ins"
  timed "insights-coldcost" "$out/ins-coldcost.json" "$bin" ingest "$ins" --format json
  COLDCOST_SPLIT_MIN_BYTES=18446744073709551615 timed "insights-coldcost-1-thread" "$out/ins-coldcost-1.json" "$bin" ingest "$ins" --format json
  timed "insights-duckdb" "$out/ins-duckdb.json" "$py" scripts/duckdb-exports.py insights "$ins" 2
  for k in focus cur; do
    timed "$k-parquet-coldcost" "$out/$k-coldcost.json" "$bin" ingest "$out/$k-$rows.parquet" --format json
    timed "$k-parquet-duckdb" "$out/$k-duckdb.json" "$py" scripts/duckdb-exports.py "$k" "$out/$k-$rows.parquet" 2
  done
} > "$out/times-exports.txt"
"$py" - "$out" "$(stat -c %s "$ins")" "$rows" <<'PY'
import json, sys
out, size, rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
t = {l.split()[0]: (float(l.split()[1]), float(l.split()[2])) for l in open(f"{out}/times-exports.txt")}
ok = True
c = json.load(open(f"{out}/ins-coldcost.json"))["functions"][0]["observed"]
c1 = json.load(open(f"{out}/ins-coldcost-1.json"))["functions"][0]["observed"]
d = json.load(open(f"{out}/ins-duckdb.json"))
for key in ["invocations", "cold_starts", "invoke_gb_s", "init_gb_s"]:
    ok &= abs(c[key] - d[key]) <= 1e-9 * max(abs(d[key]), 1) and c == c1
print(f"\nLogs Insights CSV, {size} bytes ({c['invocations']} invocations; coldcost and DuckDB agree: {ok})")
print(f"{'':28}{'wall s':>8}{'MB/s':>8}{'peak RSS MB':>13}{'time ÷ coldcost':>17}")
for name in ["insights-wc-l", "insights-coldcost", "insights-coldcost-1-thread", "insights-duckdb"]:
    s, kb = t[name]
    print(f"{name:28}{s:>8.2f}{size / 1e6 / max(s, 1e-9):>8.0f}{kb / 1024:>13.1f}{s / t['insights-coldcost'][0]:>17.2f}")
print(f"\nParquet, {rows} rows each (process start included)")
print(f"{'':28}{'wall s':>8}{'M rows/s':>9}{'peak RSS MB':>13}{'time ÷ coldcost':>17}  Lambda rows, $ (agree)")
for k in ["focus", "cur"]:
    cc = json.load(open(f"{out}/{k}-coldcost.json"))
    dd = json.load(open(f"{out}/{k}-duckdb.json"))
    cur = cc["cur"]
    agree = cc["lines"] == dd["rows"] and cur["rows"] == dd["lambda_rows"] and \
        abs(cur["cur_unblended_usd"] - dd["usd"]) <= 1e-9 * max(abs(dd["usd"]), 1)
    ok &= agree
    for tool in ["coldcost", "duckdb"]:
        s, kb = t[f"{k}-parquet-{tool}"]
        print(f"{k + '-parquet-' + tool:28}{s:>8.2f}{rows / 1e6 / max(s, 1e-9):>9.2f}{kb / 1024:>13.1f}"
              f"{s / t[k + '-parquet-coldcost'][0]:>17.2f}  {cur['rows']}, {cur['cur_unblended_usd']:.6f} ({agree})")
sys.exit(0 if ok else 1)
PY
# CSV: coldcost alone, the real samples' rows repeated to ~256 MB.
if [ -d "$real" ]; then
  echo
  for f in focus/focus_sample_1000.csv cur/ola-raji-ha-project-CUR-daily-1-00001.csv; do
    big=$out/$(basename "$f" .csv)-256MB.csv
    if [ ! -f "$big" ]; then
      head -1 "$real/$f" > "$big"
      while [ "$(stat -c %s "$big")" -lt $((256 << 20)) ]; do tail -n +2 "$real/$f" >> "$big"; done
    fi
    size=$(stat -c %s "$big")
    cat "$big" > /dev/null
    read -r t kb < <( { /usr/bin/time -f "%e %M" "$bin" ingest "$big" --format json > /dev/null; } 2>&1 | tail -1)
    read -r tw _ < <( { /usr/bin/time -f "%e %M" wc -l "$big" > /dev/null; } 2>&1 | tail -1)
    echo "$(basename "$big"): $size bytes, coldcost $t s = $("$py" -c "print(round($size/1e6/max($t,1e-9)))") MB/s, peak RSS $((kb / 1024)) MB; wc -l $tw s"
  done
fi
