"""coldcost and SimFaaS against the cold-start share measured on real AWS Lambda: the other half of
scripts/validate-coldstarts.sh.

Usage: python validate-coldstarts.py COLDCOST_BIN [SIMFAAS_PYTHON]
Reads tests/data/validation/simfaas-exp.csv (20 experiments, 2020) and catalog/lambda-lifecycle.toml; runs
`coldcost simulate` on every row with the lifecycle of 2020 (keep-alive [keep_alive_2020], lifetime [lifetime]),
once with constant and once with exponential service times, and SimFaaS 0.2.2 as its authors configured it
(exponential service, 600 s expiry, no lifetime) when SIMFAAS_PYTHON is given. Prints a Markdown table of every
case and the mean absolute percentage error of each against the measurements. Nothing is fitted.
"""
import csv
import json
import subprocess
import sys
import tomllib
from pathlib import Path

REQUESTS = 1_000_000  # simulated requests per case, for each model
SEED = 1
root = Path(__file__).resolve().parent.parent
coldcost = sys.argv[1]
simfaas_python = sys.argv[2] if len(sys.argv) > 2 else None
life = tomllib.loads((root / "catalog/lambda-lifecycle.toml").read_text())
ka, lt = life["keep_alive_2020"], life["lifetime"]
rows = list(csv.DictReader(open(root / "tests/data/validation/simfaas-exp.csv")))

SIMFAAS = r"""
import json, sys, numpy as np
from simfaas.ServerlessSimulator import ServerlessSimulator
rate, warm, cold, seconds, skip, seed = map(float, sys.argv[1:7])
np.random.seed(int(seed))
sim = ServerlessSimulator(arrival_rate=rate, warm_service_rate=1 / warm, cold_service_rate=1 / cold,
                          expiration_threshold=600, max_time=seconds)
sim.generate_trace(debug_print=False, progress=False)
t = np.array(sim.hist_times)
c = int((t[np.array(sim.hist_req_cold_idxs, dtype=int)] >= skip).sum())
w = int((t[np.array(sim.hist_req_warm_idxs, dtype=int)] >= skip).sum())
print(json.dumps({"p": c / max(c + w, 1)}))
"""


def coldcost_share(rate, warm, cold, service):
    seconds = REQUESTS / rate
    out = subprocess.run(
        [coldcost, "simulate", "--rate", repr(rate), "--warm-s", repr(warm), "--cold-s", repr(cold),
         "--keep-alive-s", repr(float(ka["min_s"])), "--keep-alive-max-s", repr(float(ka["max_s"])),
         "--lifetime-s", repr(float(lt["min_s"])), "--lifetime-max-s", repr(float(lt["max_s"])),
         "--service", service, "--seconds", repr(seconds), "--seed", str(SEED), "--chunks", "4",
         "--format", "json"],
        check=True, capture_output=True, text=True)
    return json.loads(out.stdout)["result"]["cold_share"]


def simfaas_share(rate, warm, cold):
    skip = 600 + 20 * cold
    out = subprocess.run([simfaas_python, "-c", SIMFAAS, repr(rate), repr(warm), repr(cold),
                          repr(skip + REQUESTS / rate), repr(skip), str(SEED)],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout)["p"]


def ape(model, measured):
    return abs(model - measured) / measured * 100


cols = ["constant", "exponential"] + (["simfaas"] if simfaas_python else [])
errors = {c: [] for c in cols}
print(f"Lifecycle of 2020: keep-alive uniform {ka['min_s']}–{ka['max_s']} s, lifetime uniform {lt['min_s']}–{lt['max_s']} s; "
      f"{REQUESTS:,} simulated requests per case and model, seed {SEED}.\n")
head = "| case | λ (req/s) | measured P(cold) ± s.e. | coldcost, constant service | coldcost, exponential | " + \
    ("SimFaaS 0.2.2 (600 s, exponential) |" if simfaas_python else "")
print(head)
print("|---|---:|---:|---:|---:|" + ("---:|" if simfaas_python else ""))
for r in sorted(rows, key=lambda r: float(r["ArrivalRate"])):
    rate = float(r["ArrivalRate"])
    warm, cold = float(r["ServiceTimeWarm"]) / 1000, float(r["ServiceTimeCold"]) / 1000
    meas, se = float(r["ColdStartProbability"]), float(r["ColdStartProbabilitySE"])
    got = {"constant": coldcost_share(rate, warm, cold, "constant"),
           "exponential": coldcost_share(rate, warm, cold, "exponential")}
    if simfaas_python:
        got["simfaas"] = simfaas_share(rate, warm, cold)
    cells = []
    for c in cols:
        e = ape(got[c], meas)
        errors[c].append((r[""], rate, e))
        cells.append(f"{got[c]:.6f} ({e:.1f}%)")
    print(f"| {r['']} | {rate:.5f} | {meas:.6f} ± {se:.6f} | " + " | ".join(cells) + " |")


def mape(c, keep=lambda name, rate: True):
    xs = [e for name, rate, e in errors[c] if keep(name, rate)]
    return sum(xs) / len(xs)


noise = sum(float(r["ColdStartProbabilitySE"]) / float(r["ColdStartProbability"]) for r in rows) / len(rows) * 100
print()
print("| mean absolute percentage error | " + " | ".join(c for c in cols) + " |")
print("|---|" + "---:|" * len(cols))
for label, keep in [("all 20 cases", lambda n, r: True),
                    ("without experiment_18 (its raw data gave the lifetime range)", lambda n, r: n != "experiment_18"),
                    ("λ < 0.1 req/s (10 cases)", lambda n, r: r < 0.1),
                    ("λ ≥ 0.1 req/s (10 cases)", lambda n, r: r >= 0.1)]:
    print(f"| {label} | " + " | ".join(f"{mape(c, keep):.1f}%" for c in cols) + " |")
print(f"\nThe measurements' own noise: mean relative standard error {noise:.1f}% over the 20 cases.")
