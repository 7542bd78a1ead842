"""coldcost: measure Python import weight with the real interpreter (stdlib only, Python 3.9+).

Usage: python3 py_import_times.py MODULE [MODULE ...]
  cwd / PYTHONPATH are set by the caller. Each MODULE is imported in a FRESH child interpreter
  (`sys.executable -X importtime -c ...`, same env); its stdout is discarded, and of its stderr only
  the importtime rows and this script's markers are kept (a module printing megabytes costs no memory).

Stdout: one JSON object (one line):
  {"interpreter": "3.11.7", "total_us": N, "wall_us": N, "cpu_us": N, "process_us": N,
   "top_level": [{"name": "boto3", "cumulative_us": N, "self_us": N,
                  "children": [{"name": "botocore", "cumulative_us": N}, ...]}, ...],
   "modules": [{"module": "boto3", "total_us": N, "wall_us": N, "cpu_us": N, "process_us": N,
                "top_level": [...]}]}
  top_level  = rows at the outermost -X importtime nesting level (no indentation after "| ")
               that were imported by `import MODULE` (startup imports such as site/encodings are
               excluded by a marker), aggregated by root package name (text before the first dot),
               sorted by cumulative_us descending.
  children   = rows one level deeper under those rows, aggregated by root name: for a handler
               module this is the per-dependency breakdown (boto3, json, ...); may include the
               package's own submodules (root == its own name).
  total_us   = sum of top_level cumulative_us.  wall_us = perf_counter() around the import inside
               the child.  cpu_us = process_time() (user + system CPU of all the child's threads)
               around the same import: unlike wall time it does not count waiting for a CPU on a
               busy machine.  process_us = child process spawn-to-exit, seen by this script.
  With several MODULEs the top-level fields are SUMS over independent fresh interpreters
  (shared dependencies are counted once per module); "modules" has each one separately.

Exit codes: 0 ok; 2 usage / bad module name; 3 module not found (one line on stderr naming the
module and the child's sys.path); 4 the import raised another error; 5 child timed out
(COLDCOST_TIMEOUT seconds, default 300).
"""
import json
import os
import re
import subprocess
import sys
import threading
import time

MARK = "@@coldcost@@"
NAME_RE = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$")

# Code run in the child. Markers go straight to fd 2 (unbuffered, like the C-level importtime
# lines) so their order relative to the importtime rows is exact. "end" is the last line the
# child writes: a process the import started (a daemon) may hold the pipe open past the child's
# exit, so the reader stops there rather than waiting for the end of the pipe.
CHILD = r"""
import os, sys, time
def _m(s): os.write(2, ("\n@@coldcost@@ " + s + "\n").encode("utf-8", "replace"))
def _x(code): _m("end"); os._exit(code)
_m("begin")
_c0 = time.process_time()
_t0 = time.perf_counter()
try:
    import {mod}
except ModuleNotFoundError as e:
    if e.name and ("{mod}" == e.name or "{mod}".startswith(e.name + ".")):
        _m("missing " + repr(sys.path)); _x(3)
    _m("error " + type(e).__name__ + ": " + str(e).replace("\n", " ")); _x(4)
except BaseException as e:
    _m("error " + type(e).__name__ + ": " + str(e).replace("\n", " ")); _x(4)
_t1 = time.perf_counter()
_c1 = time.process_time()
_m("wall %d" % round((_t1 - _t0) * 1e6))
_m("cpu %d" % round((_c1 - _c0) * 1e6))
sys.stdout.flush()
_x(0)  # skip interpreter teardown (atexit handlers, thread joins): we time loading only
"""


def parse(stderr):
    """Return (rows, info). rows: [(level, name, self_us, cum_us)] after the begin marker."""
    rows, info, started = [], {}, False
    for line in stderr.splitlines():
        if line.startswith(MARK):
            parts = line[len(MARK):].strip().split(" ", 1)
            if parts[0] == "begin":
                started, rows = True, []
            elif parts and parts[0]:
                info[parts[0]] = parts[1] if len(parts) > 1 else ""
            continue
        if not started or not line.startswith("import time:"):
            continue
        cols = line[len("import time:"):].split("|", 2)
        if len(cols) != 3:
            continue
        try:
            self_us, cum_us = int(cols[0]), int(cols[1])
        except ValueError:  # header row, or e.g. "cached" rows of -X importtime=2
            continue
        raw = cols[2].rstrip("\r\n")
        raw = raw[1:] if raw.startswith(" ") else raw  # one space always follows the "|"
        name = raw.lstrip(" ")
        if name:
            rows.append(((len(raw) - len(name)) // 2, name, self_us, cum_us))
    return rows, info


def aggregate(rows):
    """Level-0 rows aggregated by root name, each with its level-1 children (also by root).
    importtime prints children BEFORE their parent, so pending level-1 rows belong to the
    next level-0 row."""
    top, pending = {}, {}
    for level, name, self_us, cum_us in rows:
        root = name.split(".", 1)[0]
        if level == 1:
            pending[root] = pending.get(root, 0) + cum_us
        elif level == 0:
            t = top.setdefault(root, {"name": root, "cumulative_us": 0, "self_us": 0, "children": {}})
            t["cumulative_us"] += cum_us
            t["self_us"] += self_us
            for k, v in pending.items():
                t["children"][k] = t["children"].get(k, 0) + v
            pending = {}
    out = sorted(top.values(), key=lambda t: -t["cumulative_us"])
    for t in out:
        t["children"] = [{"name": k, "cumulative_us": v}
                         for k, v in sorted(t["children"].items(), key=lambda kv: -kv[1])]
    return out


def read_kept(stream, keep):
    """Append to `keep` the child's stderr lines that matter (importtime rows and markers) as they
    come, up to the "end" marker; whatever else the import prints to stderr is dropped, however
    much (read at most 64 KiB at a time)."""
    at_start, mark, end = True, MARK.encode(), (MARK + " end").encode()
    while True:
        chunk = stream.readline(65536)
        if not chunk:
            return
        if at_start and (chunk.startswith(b"import time:") or chunk.startswith(mark)):
            keep.append(chunk.decode("utf-8", "replace").rstrip("\n") + "\n")
            if chunk.rstrip() == end:
                return
        at_start = chunk.endswith(b"\n")


def measure(mod, timeout):
    cmd = [sys.executable, "-X", "importtime", "-c", CHILD.replace("{mod}", mod)]
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, env=os.environ.copy())
    keep = []
    reader = threading.Thread(target=read_kept, args=(p.stderr, keep), daemon=True)
    reader.start()
    try:
        p.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        sys.stderr.write("coldcost: timed out after %ss importing %s\n" % (timeout, mod))
        sys.exit(5)
    process_us = round((time.perf_counter() - t0) * 1e6)
    reader.join(timeout=5)  # the "end" marker stops it; a child that crashed before it closes the pipe
    rows, info = parse("".join(keep))
    if "missing" in info or p.returncode == 3:
        sys.stderr.write("coldcost: module %r not found; sys.path=%s\n" % (mod, info.get("missing", "?")))
        sys.exit(3)
    if "error" in info or p.returncode != 0 or "wall" not in info:
        msg = info.get("error") or "child exited with code %s" % p.returncode
        sys.stderr.write("coldcost: importing %r failed: %s\n" % (mod, msg[:500]))
        sys.exit(4)
    top = aggregate(rows)
    return {"module": mod, "total_us": sum(t["cumulative_us"] for t in top), "wall_us": as_int(info["wall"]),
            "cpu_us": as_int(info.get("cpu", "")), "process_us": process_us, "top_level": top}


def as_int(text):
    try:
        return int(text)
    except ValueError:
        return 0


def main(argv):
    mods = argv[1:]
    if not mods:
        sys.stderr.write("usage: py_import_times.py MODULE [MODULE ...]\n")
        return 2
    for m in mods:  # names are pasted into `import ...`: accept dotted identifiers only
        if not NAME_RE.match(m):
            sys.stderr.write("coldcost: invalid module name %r\n" % m)
            return 2
    try:
        timeout = float(os.environ.get("COLDCOST_TIMEOUT", "300"))
    except ValueError:
        timeout = 300.0
    results = [measure(m, timeout) for m in mods]
    merged = {}
    for r in results:
        for t in r["top_level"]:
            m = merged.setdefault(t["name"], {"name": t["name"], "cumulative_us": 0, "self_us": 0, "children": []})
            m["cumulative_us"] += t["cumulative_us"]
            m["self_us"] += t["self_us"]
            m["children"] += t["children"]
    out = {
        "interpreter": "%d.%d.%d" % sys.version_info[:3],
        "total_us": sum(r["total_us"] for r in results),
        "wall_us": sum(r["wall_us"] for r in results),
        "cpu_us": sum(r["cpu_us"] for r in results),
        "process_us": sum(r["process_us"] for r in results),
        "top_level": sorted(merged.values(), key=lambda t: -t["cumulative_us"]),
        "modules": results,
    }
    sys.stdout.write(json.dumps(out, separators=(",", ":")) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
