"""The aggregation `coldcost ingest` does, in DuckDB (its Python package), on both threads: read a REPORT log as
lines, keep the REPORT lines, extract Duration, Billed Duration, Memory Size, Max Memory Used and Init Duration with
regular expressions, and sum billed GB-s with AWS's rounding (handler rounded up to 1 ms; INIT added before
rounding), as scripts/pandas-ingest.py does."""
import json
import sys

import duckdb

con = duckdb.connect()
con.execute(f"SET threads TO {int(sys.argv[2]) if len(sys.argv) > 2 else 2}")
path = sys.argv[1].replace("'", "''")
row = con.execute(f"""
WITH lines AS (
  SELECT line FROM read_csv('{path}', columns = {{'line': 'VARCHAR'}}, header = false, delim = '\\x01',
                            quote = '', escape = '', auto_detect = false)
), r AS (
  SELECT CAST(regexp_extract(line, '\\tDuration: ([0-9.]+) ms', 1) AS DOUBLE) AS d,
         CAST(NULLIF(regexp_extract(line, 'Billed Duration: ([0-9]+) ms', 1), '') AS BIGINT) AS billed,
         CAST(regexp_extract(line, 'Memory Size: ([0-9]+) MB', 1) AS BIGINT) AS mem,
         CAST(NULLIF(regexp_extract(line, 'Max Memory Used: ([0-9]+) MB', 1), '') AS BIGINT) AS max_used,
         CAST(NULLIF(regexp_extract(line, 'Init Duration: ([0-9.]+) ms', 1), '') AS DOUBLE) AS init
  FROM lines WHERE contains(line, 'REPORT RequestId:')
), b AS (
  SELECT *, CAST(ceil(round(d * 1000) / 1000) AS BIGINT) AS warm,
         CAST(ceil(round((d + init) * 1000) / 1000) AS BIGINT) AS cold
  FROM r
)
SELECT count(*), count(init),
       quantile_cont(init, 0.5), quantile_cont(init, 0.95), quantile_cont(d, 0.5), quantile_cont(d, 0.95),
       sum(CAST(warm AS HUGEINT) * mem), sum(CAST(cold - warm AS HUGEINT) * mem), max(max_used), sum(billed)
FROM b
""").fetchone()
n, cold, i50, i95, d50, d95, invoke, init, max_used, billed = row
print(json.dumps({
    "invocations": int(n), "cold_starts": int(cold),
    "init_p50": float(i50), "init_p95": float(i95), "handler_p50": float(d50), "handler_p95": float(d95),
    "invoke_gb_s": int(invoke) / 1_024_000, "init_gb_s": int(init or 0) / 1_024_000,
    "max_memory_used_mb": int(max_used), "billed_ms": int(billed),
}))
