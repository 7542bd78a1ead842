"""SimFaaS on one steady scenario, timed: the other side of scripts/simfaas-side-by-side.sh.

Usage: python simfaas-side-by-side.py RATE WARM_S COLD_S EXPIRY_S SECONDS SKIP_S SEED
Prints one JSON object: P(cold) after SKIP_S seconds, SimFaaS's own whole-run figures, requests and wall time.
"""
import json
import sys
import time

import numpy as np
from simfaas.ServerlessSimulator import ServerlessSimulator

rate, warm, cold, expiry, seconds, skip = map(float, sys.argv[1:7])
np.random.seed(int(sys.argv[7]))
sim = ServerlessSimulator(arrival_rate=rate, warm_service_rate=1 / warm, cold_service_rate=1 / cold,
                          expiration_threshold=expiry, max_time=seconds)
started = time.time()
sim.generate_trace(debug_print=False, progress=False)
wall = time.time() - started
times = np.array(sim.hist_times)
cold_t = times[np.array(sim.hist_req_cold_idxs, dtype=int)]
warm_t = times[np.array(sim.hist_req_warm_idxs, dtype=int)]
c, w = int((cold_t >= skip).sum()), int((warm_t >= skip).sum())
r = sim.get_result_dict()
print(json.dumps({
    "requests": int(sim.total_req_count),
    "wall_s": wall,
    "requests_per_wall_s": sim.total_req_count / wall,
    "p_cold_after_skip": c / max(c + w, 1),
    "p_cold_whole_run": float(r["prob_cold"]),
    "instances": float(r["inst_count_avg"]),
    "running": float(r["inst_running_count_avg"]),
    "idle": float(r["inst_idle_count_avg"]),
    "lifespan_s": float(r["lifespan_avg"]),
}))
