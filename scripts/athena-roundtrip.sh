#!/usr/bin/env bash
# The Athena round trip, run locally: each query `coldcost query athena` prints is run in DuckDB (its Python package)
# over a real export from ../shared/data/real-exports (and over one synthetic CUR 2.0 of charge types), registered
# as a view named like the table the query reads;
# the result is written as CSV with the query text beside it, in tests/data/athena/ (tests/athena.rs checks that the
# printed query is still this text, and that `coldcost ingest` of the result gives the figures of the raw export).
#   scripts/athena-roundtrip.sh                 # needs a release build (CARGO_TARGET_DIR honoured) and PyPI once
#
# The SQL is coldcost's, byte for byte. What stands in for Athena and the Glue catalogue is only the view:
# - every column read as text, then the numbers cast to DOUBLE (their type in AWS's table dictionaries);
# - `billing_period`, the partition a table over Data Exports' BILLING_PERIOD=YYYY-MM folders has, computed as the
#   first 7 characters of the billing period's start (`bill_billing_period_start_date`, `BillingPeriodStart`);
# - column names lower-cased, as Glue and Athena hold them (Athena lower-cases identifiers), so the result's header
#   is the one Athena writes;
# - per export, columns it lacks: said in CASES below.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/duckdb
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import duckdb" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check duckdb
fi
bin=${COLDCOST:-${CARGO_TARGET_DIR:-target}/release/coldcost}
exports=${EXPORTS:-../shared/data/real-exports}
out=tests/data/athena
mkdir -p "$out"
"$venv/bin/python" - "$bin" "$exports" "$out" <<'PY'
import duckdb, subprocess, sys
bin, exports, out = sys.argv[1:4]

# name, --schema, --table, --period, export, how DuckDB reads it, numeric columns, period-start column, shims
CASES = [
    # Real CUR 2.0 (Data Exports, 127 columns): every column the query names is there; no Lambda rows (an empty
    # result, which proves the names against a real CUR 2.0 header).
    ("cur2-ola-raji", "cur2", "cid_data_export.cur2", "2026-04",
     "cur/ola-raji-ha-project-CUR-daily-1-00001.csv", dict(delim=","),
     ["line_item_usage_amount", "line_item_unblended_cost"], "bill_billing_period_start_date", {}),
    # Real legacy CUR as Athena text, the only real CUR with Lambda rows (6, free tier). Its names are CUR 2.0's
    # line_item_* ones but the region is legacy `product_region`: the view names it `product_region_code`.
    ("cur2-wa-labs-legacy", "cur2", "cid_data_export.cur2", "2019-11",
     "cur/wa-labs-step1-cur-athena-ctrlA.gz", dict(delim="\x01", quote="", escape="", nullstr=["\\N", ""]),
     ["line_item_usage_amount", "line_item_unblended_cost"], "bill_billing_period_start_date",
     {"product_region_code": "product_region"}),
    # SYNTHETIC, written by hand in coldcost's repository (tests/data/athena/export-synthetic-cur2.csv, a
    # subset of CUR 2.0's columns): the charge types no real export here has (Savings Plan covered usage and its
    # negation, tax, credit, refund), ARM, provisioned concurrency, tiers and a free-tier line, another service.
    ("cur2-synthetic", "cur2", "cid_data_export.cur2", "2026-11",
     "@tests/data/athena/export-synthetic-cur2.csv", dict(delim=","),
     ["line_item_usage_amount", "line_item_unblended_cost"], "bill_billing_period_start_date", {}),
    # The FinOps Foundation's FOCUS 1.0 sample (real AWS rows, anonymised): FOCUS columns only, so AWS's
    # x_ServiceCode and x_UsageType, which the query reads, are added as NULL (ingest then reads the meter from the
    # unit and description, from the raw file and from the result alike).
    ("focus-sample", "focus", "cid_data_export.focus", "2024-09",
     "focus/focus_sample_1000.csv", dict(delim=",", nullstr=["NULL", ""]),
     ["consumedquantity", "billedcost"], "billingperiodstart",
     {"x_servicecode": None, "x_usagetype": None}),
]

def opts(d):
    lit = lambda v: "[" + ", ".join(lit(x) for x in v) + "]" if isinstance(v, list) else "'" + v.replace("'", "''") + "'"
    return ", ".join(f"{k} = {lit(v)}" for k, v in d.items())

for name, schema, table, period, export, read, numbers, start, shims in CASES:
    sql = subprocess.run([bin, "query", "athena", "--schema", schema, "--table", table, "--period", period],
                         check=True, capture_output=True, text=True).stdout
    open(f"{out}/{name}.sql", "w").write(sql)
    db = duckdb.connect()
    db.execute("SET threads = 1")  # one order of summation, so the fixture is the same on every run
    path = export[1:] if export.startswith("@") else f"{exports}/{export}"  # @: a file of this repository
    raw = f"read_csv('{path}', header = true, all_varchar = true, {opts(read)})"
    cols = [r[0] for r in db.execute(f"DESCRIBE SELECT * FROM {raw}").fetchall()]
    lower = {c.lower(): c for c in cols}
    select = []
    for c in cols:
        expr = f'"{c}"'
        if c.lower() in numbers:
            expr = f"CAST({expr} AS DOUBLE)"
        select.append(f'{expr} AS "{c.lower()}"')
    for new, old in shims.items():
        select.append(f'"{lower[old]}" AS {new}' if old else f"CAST(NULL AS VARCHAR) AS {new}")
    select.append(f'substr("{lower[start]}", 1, 7) AS billing_period')
    db_name, tbl = table.split(".")
    db.execute(f"CREATE SCHEMA {db_name}")
    db.execute(f"CREATE VIEW {table} AS SELECT {', '.join(select)} FROM {raw}")
    periods = db.execute(f"SELECT billing_period, count(*) FROM {table} GROUP BY 1 ORDER BY 1").fetchall()
    db.execute(f"COPY ({sql}) TO '{out}/{name}.csv' (HEADER, FORCE_QUOTE *)")
    rows = db.execute(f"SELECT count(*) FROM read_csv('{out}/{name}.csv', header = true, all_varchar = true)").fetchone()[0]
    print(f"{name}: {export} ({len(cols)} columns; rows per billing_period {periods}) -> {out}/{name}.csv, {rows} rows")
print(f"duckdb {duckdb.__version__}")
PY
