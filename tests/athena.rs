//! The Athena round trip (`coldcost query athena`, run where the data lives, then `coldcost ingest` of its result),
//! with DuckDB standing in for Athena: `scripts/athena-roundtrip.sh` ran each printed query over a real export from
//! `../shared/data/real-exports` and wrote the result and the query text to `tests/data/athena/`. Here: the query
//! printed today is still that text (a changed query means running the script again), the result is read without
//! `--kind` and gives the figures of the raw export it was computed from, and bad flags are usage errors.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{coldcost, stderr, stdout};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A fixture: its name in `tests/data/athena/`, the flags that printed its query, and the export it ran over (in
/// `../shared/data/real-exports`, or with `@` in this repository).
struct Case {
    name: &'static str,
    schema: &'static str,
    table: &'static str,
    period: &'static str,
    export: &'static str,
}

const CASES: &[Case] = &[
    Case {
        name: "cur2-ola-raji",
        schema: "cur2",
        table: "cid_data_export.cur2",
        period: "2026-04",
        export: "cur/ola-raji-ha-project-CUR-daily-1-00001.csv",
    },
    Case {
        name: "cur2-wa-labs-legacy",
        schema: "cur2",
        table: "cid_data_export.cur2",
        period: "2019-11",
        export: "cur/wa-labs-step1-cur-athena-ctrlA.gz",
    },
    // Synthetic (written by hand, in this repository): the charge types no real export here has.
    Case {
        name: "cur2-synthetic",
        schema: "cur2",
        table: "cid_data_export.cur2",
        period: "2026-11",
        export: "@tests/data/athena/export-synthetic-cur2.csv",
    },
    Case {
        name: "focus-sample",
        schema: "focus",
        table: "cid_data_export.focus",
        period: "2024-09",
        export: "focus/focus_sample_1000.csv",
    },
];

fn fixture(name: &str, ext: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/data/athena/{name}.{ext}"))
}

#[test]
fn the_printed_query_is_the_one_the_fixtures_came_from() {
    for c in CASES {
        let o = coldcost(&[
            "query", "athena", "--schema", c.schema, "--table", c.table, "--period", c.period,
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let committed = std::fs::read_to_string(fixture(c.name, "sql")).unwrap();
        assert_eq!(
            stdout(&o),
            committed,
            "{}: the query changed; run scripts/athena-roundtrip.sh and commit tests/data/athena/",
            c.name
        );
    }
    // `cur2` is the default schema: the command of before still prints the CUR 2.0 query.
    let o = coldcost(&[
        "query",
        "athena",
        "--table",
        "cid_data_export.cur2",
        "--period",
        "2019-11",
    ]);
    assert_eq!(
        stdout(&o),
        std::fs::read_to_string(fixture("cur2-wa-labs-legacy", "sql")).unwrap()
    );
}

/// `coldcost ingest FILE --format json` (no `--kind`): the kind read and the reconciliation.
fn ingest(path: &Path) -> (String, Value) {
    let o = coldcost(&["ingest", path.to_str().unwrap(), "--format", "json"]);
    assert!(o.status.success(), "{}: {}", path.display(), stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    (
        v["files"][0]["kind"].as_str().unwrap().to_string(),
        v["cur"].clone(),
    )
}

/// Equal within 1e-9 relative (1e-12 absolute near zero).
fn close(a: &Value, b: &Value, what: &str) {
    let (a, b) = (a.as_f64().unwrap(), b.as_f64().unwrap());
    assert!(
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs()) + 1e-12,
        "{what}: {a} from the result, {b} from the export"
    );
}

/// The figures of two reconciliations agree: per function, region and architecture (requests, GB-s, dollars), per
/// meter line, per region, for the account, per charge type (dollars: the result has fewer, summed, rows) and the
/// dollar totals. Row counts differ by design and are not compared.
fn same_figures(name: &str, r: &Value, x: &Value) {
    for k in [
        "cur_unblended_usd",
        "usage_usd",
        "computed_usd",
        "computed_without_free_tier_usd",
        "difference_usd",
    ] {
        close(&r[k], &x[k], &format!("{name} {k}"));
    }
    for k in ["requests", "gb_s", "usd"] {
        close(
            &r["account"][k],
            &x["account"][k],
            &format!("{name} account {k}"),
        );
    }
    let types = |v: &Value| -> Vec<(String, Value)> {
        v["charge_types"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                (
                    t["charge_type"].as_str().unwrap().to_string(),
                    t["usd"].clone(),
                )
            })
            .collect()
    };
    let (rt, xt) = (types(r), types(x));
    assert_eq!(
        rt.iter().map(|t| &t.0).collect::<Vec<_>>(),
        xt.iter().map(|t| &t.0).collect::<Vec<_>>(),
        "{name} charge types"
    );
    for (a, b) in rt.iter().zip(&xt) {
        close(&a.1, &b.1, &format!("{name} charge type {}", a.0));
    }
    for (list, keys, nums) in [
        (
            "functions",
            &["function", "region", "architecture"][..],
            &["requests", "gb_s", "usd"][..],
        ),
        (
            "regions",
            &["region", "architecture"][..],
            &["requests", "gb_s", "usd"][..],
        ),
        (
            "lines",
            &["function", "region", "architecture", "meter"][..],
            &["quantity", "cost_usd"][..],
        ),
    ] {
        let (ra, xa) = (r[list].as_array().unwrap(), x[list].as_array().unwrap());
        assert_eq!(ra.len(), xa.len(), "{name} {list}: {ra:?} vs {xa:?}");
        for (a, b) in ra.iter().zip(xa) {
            for k in keys {
                assert_eq!(a[k], b[k], "{name} {list} {k}");
            }
            for k in nums {
                close(
                    &a[*k],
                    &b[*k],
                    &format!("{name} {list} {} {k}", a["function"]),
                );
            }
        }
    }
}

#[test]
fn ingest_of_the_result_gives_the_figures_of_the_export() {
    let exports = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/real-exports");
    for c in CASES {
        let (kind, result) = ingest(&fixture(c.name, "csv"));
        assert_eq!(
            kind,
            if c.schema == "focus" { "focus" } else { "cur" },
            "{}",
            c.name
        );
        // What each result holds (hand counts of the fixture CSVs: `grep -c AWSLambda`, the columns summed).
        match c.name {
            "cur2-ola-raji" => assert_eq!(result["rows"], 0), // a header only: no Lambda that month
            "cur2-wa-labs-legacy" => {
                assert_eq!(result["rows"], 2); // 6 rows of the export, summed into 2
                close(
                    &result["account"]["requests"],
                    &Value::from(3.0),
                    "requests",
                );
                close(&result["account"]["gb_s"], &Value::from(2.8875), "GB-s");
            }
            "cur2-synthetic" => {
                // 12 Lambda rows of the export (the two orders-api request rows summed into one), every charge type
                // kept apart; requests 3,500,000 + 750,000; GB-s 150,000 + 400,000 (free tier) + 200,000 (Savings
                // Plan) + 300,000 (ARM); usage $7.7100119 on demand + $3.333334 covered by the Savings Plan; in
                // all 11.0433459 - 3.333334 (negation) + 1.05 (tax) - 0.5 (credit) - 0.1 (refund).
                assert_eq!(result["rows"], 11);
                assert_eq!(result["charge_types"].as_array().unwrap().len(), 7);
                close(
                    &result["account"]["requests"],
                    &Value::from(4_250_000.0),
                    "requests",
                );
                close(
                    &result["account"]["gb_s"],
                    &Value::from(1_050_000.0),
                    "GB-s",
                );
                close(&result["usage_usd"], &Value::from(11.0433459), "usage");
                close(&result["cur_unblended_usd"], &Value::from(8.1600119), "all");
            }
            _ => {
                assert_eq!(result["rows"], 10);
                close(
                    &result["account"]["requests"],
                    &Value::from(61.0),
                    "requests",
                );
                close(
                    &result["cur_unblended_usd"],
                    &Value::from(0.0092774402),
                    "BilledCost",
                );
            }
        }
        let raw = match c.export.strip_prefix('@') {
            Some(local) => Path::new(env!("CARGO_MANIFEST_DIR")).join(local),
            None => exports.join(c.export),
        };
        if !raw.is_file() {
            eprintln!("skipped the comparison: {} not found", raw.display());
            continue;
        }
        let (_, export) = ingest(&raw);
        same_figures(c.name, &result, &export);
    }
}

#[test]
fn bad_flags_are_usage_errors_naming_flag_and_value() {
    for (flag, value) in [
        ("--table", "x; DROP TABLE y"),
        ("--table", "1cur.data"),
        ("--table", "cur..data"),
        ("--table", "cur-2026.data"),
        ("--table", ""),
        ("--period", "2026-13"),
        ("--period", "2026-00"),
        ("--period", "2026-1"),
        ("--period", "26-11"),
        ("--period", "2026-11'; --"),
        ("--schema", "cur1"),
    ] {
        let o = coldcost(&["query", "athena", flag, value]);
        assert_eq!(o.status.code(), Some(2), "{flag} {value}: {}", stderr(&o));
        let e = stderr(&o);
        assert!(
            e.contains(flag) && e.contains(&format!("'{value}'")),
            "{flag} {value}: {e}"
        );
        assert!(stdout(&o).is_empty());
    }
}
