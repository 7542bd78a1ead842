#!/usr/bin/env bash
# SimFaaS and coldcost on the same scenario, in one run: installs simfaas from PyPI into a scratch venv
# (target/simfaas/venv), runs both, prints their results and the ratio of requests simulated per second of wall time.
#
#   scripts/simfaas-side-by-side.sh                 # a month at 1 req/s, SimFaaS README service: warm 1.991 s, cold 2.244 s, 600 s
#   scripts/simfaas-side-by-side.sh 0.9 1.991 2.244 600 1000000   # the SimFaaS README case itself
#   scripts/simfaas-side-by-side.sh 5 0.5 1.5 600 200000
set -euo pipefail
cd "$(dirname "$0")/.."
rate=${1:-1} warm=${2:-1.991} cold=${3:-2.244} expiry=${4:-600} seconds=${5:-2628000}
skip=${SKIP:-2000} seed=${SEED:-1}
venv=target/simfaas/venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import simfaas" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "simfaas==0.2.2"
fi
cargo build --release -q
bin=target/release/coldcost

echo "scenario: λ = $rate req/s, warm $warm s, cold $cold s (exponential), expiry $expiry s, $seconds s (+ $skip s warm-up for P(cold))"
sf=$("$venv/bin/python" scripts/simfaas-side-by-side.py "$rate" "$warm" "$cold" "$expiry" "$seconds" "$skip" "$seed")
cc_args=(simulate --rate "$rate" --warm-s "$warm" --cold-s "$cold" --keep-alive-s "$expiry" --seconds "$seconds" --warmup-s "$skip" --seed "$seed" --format json)
# coldcost's runs take hundredths of a second, where one hiccup of a shared machine shows (SimFaaS's 10+ s average
# over them): each is run 21 times and the run with the median wall time is reported (same seed, same result).
median_run() {
  # The runs are collected first and the median taken after, so that no other process competes with them.
  local i runs=""
  for i in $(seq 21); do runs+="$("$bin" "${cc_args[@]}" "$@" | tr -d '\n')"$'\n'; done
  printf '%s' "$runs" |
    python3 -c 'import json,sys; r=sorted((json.loads(l) for l in sys.stdin), key=lambda c: c["wall_s"]); print(json.dumps(r[len(r)//2]))'
}
cc_same=$(median_run --routing newest-created)
cc_par=$(median_run --routing newest-created --chunks 4)
cc_mri=$(median_run --routing most-recently-idle)
# As a profile's month is answered (`estimate`, `coldstarts`): a pilot, then the length a 5% standard error needs.
cc_ans=$(median_run --routing newest-created --chunks 4 --precision 0.05)
python3 - "$sf" "$cc_same" "$cc_par" "$cc_mri" "$cc_ans" <<'PY'
import json, sys
sf = json.loads(sys.argv[1])
rows = [("SimFaaS 0.2.2", sf["p_cold_after_skip"], None, sf["instances"], sf["running"], sf["idle"], sf["requests"], sf["wall_s"], sf["requests_per_wall_s"])]
names = ["coldcost, SimFaaS routing, one core", "coldcost, SimFaaS routing, all cores", "coldcost, most-recently-idle, one core",
         "coldcost, answer at 5% s.e., all cores"]
for name, raw in zip(names, sys.argv[2:]):
    c = json.loads(raw); r = c["result"]
    rows.append((name, r["cold_share"], r["cold_share_se"], r["mean_environments"], r["mean_concurrency"], r["mean_idle"], r["events"], c["wall_s"], c["requests_per_wall_s"]))
print(f"{'':40}{'P(cold)':>18}{'instances':>11}{'running':>9}{'idle':>8}{'requests':>11}{'wall s':>9}{'req/s':>13}{'× SimFaaS':>11}{'answer ×':>10}")
for name, p, se, inst, run, idle, n, wall, rps in rows:
    pc = f"{p:.6f}" + (f" ±{se:.6f}" if se else "         ")
    # × SimFaaS: requests simulated per second of wall time (equal work); answer ×: SimFaaS's wall time ÷ this row's,
    # the time to the month's answer whatever was simulated.
    print(f"{name:40}{pc:>18}{inst:>11.3f}{run:>9.3f}{idle:>8.3f}{n:>11}{wall:>9.3f}{rps:>13,.0f}{rps / sf['requests_per_wall_s']:>11.0f}{sf['wall_s'] / wall:>10.0f}")
PY
