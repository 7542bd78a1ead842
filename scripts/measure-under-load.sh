#!/usr/bin/env bash
# What load does to `coldcost measure`: ROUNDS rounds (default 5) measuring a folder whose handler imports boto3
# (python) or @aws-sdk/client-s3 (node), from the env .ci/setup-measure installs, with 0, 1 and 2 busy-looping
# processes beside it (the conditions interleaved round by round, so drift in the machine's own load hits all
# three alike). Prints per condition the figure from wall time and from CPU time (median and range over the
# rounds, catalogue machine's scale), the reference's wall ÷ CPU and the basis each round chose.
#   scripts/measure-under-load.sh [ROUNDS] [python|node]
#   COLDCOST=path/to/coldcost scripts/measure-under-load.sh   # default: target/release/coldcost
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
lang=${2:-python}
bin=${COLDCOST:-${CARGO_TARGET_DIR:-target}/release/coldcost}
.ci/setup-measure
env_dir="${COLDCOST_MEASURE_ENV:-target/measure-env}"
work=$(mktemp -d)
spinners=()
cleanup() {
  for p in "${spinners[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
if [ "$lang" = node ]; then
  echo "const { S3Client } = require('@aws-sdk/client-s3');" > "$work/index.js"
  ln -s "$PWD/$env_dir/node/node_modules" "$work/node_modules"
  args=(--runtime nodejs20.x --handler ./index.js)
else
  echo "import boto3" > "$work/app.py"
  args=(--runtime python3.11 --handler app --interpreter "$env_dir/py/bin/python")
fi
results="$work/results.tsv"
for round in $(seq "$rounds"); do
  for load in 0 1 2; do
    spinners=()
    for _ in $(seq "$load"); do
      sh -c 'while :; do :; done' &
      spinners+=($!)
    done
    "$bin" measure "$work" "${args[@]}" --runs 5 --format json |
      python3 -c 'import json, sys
v = json.load(sys.stdin)
print(sys.argv[1], v["measured_import_wall_ms"], v["measured_import_cpu_ms"], v["reference_wall_per_cpu"],
      v["basis"]["clock"], v["measured_import_ms"], sep="\t")' "$load" >> "$results"
    for p in "${spinners[@]}"; do kill "$p" 2>/dev/null || true; done
    spinners=()
    echo "round $round, $load busy loop(s): $(tail -1 "$results" | cut -f2-)" >&2
  done
done
python3 - "$results" "$lang" <<'EOF'
import statistics, sys
rows = [l.split("\t") for l in open(sys.argv[1]).read().splitlines()]
print(f"{sys.argv[2]}: measured_import_ms on the catalogue machine's scale, median [min–max] over {len(rows) // 3} rounds")
print(f"{'busy loops':>10}  {'from wall time':>24}  {'from CPU time':>24}  {'ref wall/CPU':>12}  {'basis chosen':>12}")
def span(xs):
    return f"{statistics.median(xs):6.1f} [{min(xs):6.1f}–{max(xs):6.1f}]"
for load in "012":
    r = [x for x in rows if x[0] == load]
    wall, cpu, busy = [float(x[1]) for x in r], [float(x[2]) for x in r], [float(x[3]) for x in r]
    basis = ",".join(sorted({x[4] for x in r}))
    print(f"{load:>10}  {span(wall):>24}  {span(cpu):>24}  {statistics.median(busy):12.2f}  {basis:>12}")
EOF
