"""The aggregation `coldcost ingest` does, in pandas: read a REPORT log in chunks, keep the REPORT lines, extract
the figures, and sum billed GB-s with AWS's rounding (handler rounded up to 1 ms; INIT added before rounding)."""
import json
import sys

import numpy as np
import pandas as pd

names = ["head", "duration", "billed", "memory", "maxused", "init", "tail"]
durations, inits, invoke_mb_ms, init_mb_ms = [], [], 0, 0
for chunk in pd.read_csv(sys.argv[1], sep="\t", header=None, names=names, chunksize=1_000_000, dtype=str, engine="c"):
    r = chunk[chunk["head"].str.contains("REPORT RequestId:", regex=False)]
    d = r["duration"].str.extract(r"Duration: ([0-9.]+) ms")[0].astype(float)
    mem = r["memory"].str.extract(r"Memory Size: ([0-9]+) MB")[0].astype(np.int64)
    init = r["init"].str.extract(r"Init Duration: ([0-9.]+) ms")[0].astype(float)
    warm = np.ceil(np.round(d.to_numpy() * 1000) / 1000)
    invoke_mb_ms += int((warm * mem.to_numpy()).sum())
    cold = init.notna().to_numpy()
    total = np.ceil(np.round((d.to_numpy()[cold] + init.to_numpy()[cold]) * 1000) / 1000)
    init_mb_ms += int(((total - warm[cold]) * mem.to_numpy()[cold]).sum())
    durations.append(d.to_numpy())
    inits.append(init.dropna().to_numpy())
d = np.concatenate(durations)
i = np.concatenate(inits)
print(json.dumps({
    "invocations": int(d.size), "cold_starts": int(i.size),
    "init_p50": float(np.quantile(i, 0.5)), "init_p95": float(np.quantile(i, 0.95)),
    "handler_p50": float(np.quantile(d, 0.5)), "handler_p95": float(np.quantile(d, 0.95)),
    "invoke_gb_s": invoke_mb_ms / 1_024_000, "init_gb_s": init_mb_ms / 1_024_000,
}))
