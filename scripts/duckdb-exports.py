"""DuckDB (its Python package) beside `coldcost ingest` on CSV and Parquet exports, for scripts/side-by-side.sh.

  duckdb-exports.py make-parquet SRC.csv OUT.parquet ROWS   # SRC's rows repeated to ROWS, amounts as DOUBLE
  duckdb-exports.py insights FILE.csv [THREADS]              # the Logs Insights export's aggregation
  duckdb-exports.py focus FILE.parquet [THREADS]              # FOCUS: Lambda rows and their billed cost
  duckdb-exports.py cur FILE.parquet [THREADS]                # CUR: Lambda rows and their unblended cost

Each query prints JSON with the figures coldcost also reports, to check that both read the same."""
import json
import sys

import duckdb

AMOUNTS = {"BilledCost", "EffectiveCost", "ListCost", "ContractedCost", "ConsumedQuantity", "PricingQuantity",
           "line_item_usage_amount", "line_item_unblended_cost", "line_item_blended_cost", "line_item_net_unblended_cost"}

con = duckdb.connect()
mode, path = sys.argv[1], sys.argv[2].replace("'", "''")
if mode == "make-parquet":
    out, rows = sys.argv[3].replace("'", "''"), int(sys.argv[4])
    src = f"read_csv('{path}', all_varchar = true, header = true)"
    cols = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {src}").fetchall()]
    select = ", ".join(f'TRY_CAST("{c}" AS DOUBLE) AS "{c}"' if c in AMOUNTS else f'"{c}"' for c in cols)
    n = con.execute(f"SELECT count(*) FROM {src}").fetchone()[0]
    copies = -(-rows // n)
    con.execute(f"""COPY (SELECT {select} FROM {src}, range({copies}) LIMIT {rows})
                    TO '{out}' (FORMAT parquet, COMPRESSION snappy)""")
    sys.exit(0)
con.execute(f"SET threads TO {int(sys.argv[3]) if len(sys.argv) > 3 else 2}")
if mode == "insights":
    row = con.execute(f"""
    SELECT count(*), count("@initDuration"),
           sum(CAST(ceil("@duration") AS HUGEINT) * CAST(round("@memorySize" / 1e6) AS BIGINT)),
           sum((CAST(ceil("@duration" + coalesce("@initDuration", 0)) AS HUGEINT) - CAST(ceil("@duration") AS HUGEINT))
               * CAST(round("@memorySize" / 1e6) AS BIGINT))
    FROM read_csv('{path}', header = true) WHERE "@type" = 'REPORT'""").fetchone()
    n, cold, invoke, init = row
    print(json.dumps({"invocations": int(n), "cold_starts": int(cold),
                      "invoke_gb_s": int(invoke) / 1_024_000, "init_gb_s": int(init) / 1_024_000}))
else:
    # Lambda's rows as coldcost tells them (a FOCUS row of CloudFront's that is Lambda@Edge's counts too).
    service, cost = (("ServiceName = 'AWS Lambda' OR (ServiceName = 'Amazon CloudFront' "
                      "AND ChargeDescription LIKE '%Lambda-Edge%')", "BilledCost") if mode == "focus"
                     else ("line_item_product_code = 'AWSLambda'", "line_item_unblended_cost"))
    n, lam, usd = con.execute(f"""SELECT count(*), count(*) FILTER ({service}), sum({cost}) FILTER ({service})
                                 FROM read_parquet('{path}')""").fetchone()
    print(json.dumps({"rows": int(n), "lambda_rows": int(lam), "usd": float(usd or 0)}))
