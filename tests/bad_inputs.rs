//! The bad-input corpus (`tests/data/bad/`): one file per failure class, each with its specific message (file, line,
//! field or column, value) and exit code 1 — never a panic, never a silent number.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::coldcost;

/// (arguments, what the one-line message must contain)
const CASES: &[(&[&str], &[&str])] = &[
    (
        &["estimate", "tests/data/bad/missing-name.toml"],
        &["missing-name.toml", "missing required field `name`"],
    ),
    (
        &["estimate", "tests/data/bad/negative-memory.toml"],
        &["negative-memory.toml:", "memory_mb", "-512"],
    ),
    (
        &["estimate", "tests/data/bad/memory-zero.toml"],
        &["memory-zero.toml:3", "memory_mb", "= 0", "128 to 10240"],
    ),
    (
        &["estimate", "tests/data/bad/nan-duration.toml"],
        &["nan-duration.toml:4", "handler.duration_ms", "NaN"],
    ),
    (
        &["estimate", "tests/data/bad/huge-invocations.toml"],
        &[
            "huge-invocations.toml:4",
            "traffic.monthly_invocations",
            "= 1e308",
            "0 to 10¹⁵",
        ],
    ),
    (
        &["estimate", "tests/data/bad/negative-invocations.toml"],
        &[
            "negative-invocations.toml:4",
            "traffic.monthly_invocations",
            "-5",
        ],
    ),
    (
        &["estimate", "tests/data/bad/empty.toml"],
        &["empty.toml", "missing required field `name`"],
    ),
    (&["estimate", "tests/data/bad/junk.toml"], &["junk.toml"]),
    (
        &["estimate", "tests/data/bad/unknown-runtime.toml"],
        &["unknown-runtime.toml:", "runtime"],
    ),
    (
        &["estimate", "tests/data/bad/unknown-region.toml"],
        &["unknown-region.toml", "region"],
    ),
    (
        &["estimate", "tests/data/bad/unknown-key.toml"],
        &["unknown-key.toml:"],
    ),
    (
        &["estimate", "tests/data/bad/malformed.toml"],
        &["malformed.toml:3"],
    ),
    (
        &["estimate", "tests/data/bad/snapstart-node.toml"],
        &["snapstart-node.toml", "SnapStart"],
    ),
    (
        &[
            "estimate",
            "samples/http-api-node.toml",
            "--pricing",
            "tests/data/bad/pricing-negative.toml",
        ],
        &["pricing-negative.toml:1"],
    ),
    (
        &["ingest", "tests/data/bad/utf16-insights.csv"],
        &["utf16-insights.csv:1", "UTF-16"],
    ),
    (
        &["ingest", "tests/data/bad/focus-bad-billed-cost.csv"],
        &[
            "focus-bad-billed-cost.csv:3",
            "column 3 (BilledCost)",
            "\"abc\"",
        ],
    ),
    (
        &["ingest", "tests/data/bad/athena-missing-usage-type.txt"],
        &["athena-missing-usage-type.txt:1", "line_item_usage_type"],
    ),
    (
        &["ingest", "tests/data/bad/telemetry-not-objects.json"],
        &[
            "telemetry-not-objects.json:1",
            "JSON array of event objects",
            "`1`",
        ],
    ),
    (
        &["ingest", "tests/data/bad/telemetry-unclosed.json"],
        &["telemetry-unclosed.json:3", "not closed"],
    ),
    (
        &["ingest", "tests/data/bad/live-tail-bad-duration.csv"],
        &[
            "live-tail-bad-duration.csv:2",
            "column 2 (the message)",
            "Duration",
            "\"twelve\"",
        ],
    ),
    (
        &["ingest", "tests/data/bad/truncated.parquet"],
        &["truncated.parquet", "not a readable Parquet file"],
    ),
    // Hostile Parquet (scripts/make-bad-parquet.py): sizes that would make the parquet crate allocate beyond
    // memory, refused by coldcost's bounds before the crate reads them.
    (
        &["ingest", "tests/data/bad/parquet-footer-huge-list.parquet"],
        &[
            "parquet-footer-huge-list.parquet",
            "its footer",
            "declares 2147483647",
        ],
    ),
    (
        &[
            "ingest",
            "tests/data/bad/parquet-footer-list-declared-as-int.parquet",
        ],
        &[
            "parquet-footer-list-declared-as-int.parquet",
            "its footer",
            "declares 2147483647",
        ],
    ),
    (
        &[
            "ingest",
            "tests/data/bad/parquet-footer-longer-than-file.parquet",
        ],
        &[
            "parquet-footer-longer-than-file.parquet",
            "footer declares 1000000 bytes",
        ],
    ),
    (
        &[
            "ingest",
            "tests/data/bad/parquet-footer-nested-deep.parquet",
        ],
        &[
            "parquet-footer-nested-deep.parquet",
            "nested deeper than 32",
        ],
    ),
    (
        &[
            "ingest",
            "tests/data/bad/parquet-page-huge-uncompressed.parquet",
        ],
        &[
            "parquet-page-huge-uncompressed.parquet",
            "`line_item_usage_type`",
            "page 1",
            "2147483647 bytes uncompressed",
            "64 MiB",
        ],
    ),
    (
        &[
            "ingest",
            "tests/data/bad/parquet-page-snappy-overclaims.parquet",
        ],
        &[
            "parquet-page-snappy-overclaims.parquet",
            "1048576 bytes uncompressed from 4 snappy bytes",
        ],
    ),
    (
        &[
            "ingest",
            "tests/data/bad/parquet-page-huge-statistics.parquet",
        ],
        &[
            "parquet-page-huge-statistics.parquet",
            "page 1's header",
            "declares 4294967295",
        ],
    ),
    (
        &["ingest", "tests/data/bad/parquet-dictionary-huge.parquet"],
        &[
            "parquet-dictionary-huge.parquet",
            "dictionary",
            "1073741824 values",
        ],
    ),
    (
        &[
            "ingest",
            "tests/data/bad/parquet-chunk-outside-file.parquet",
        ],
        &[
            "parquet-chunk-outside-file.parquet",
            "offset 1099511627776",
            "outside the file",
        ],
    ),
    (
        &["ingest", "tests/data/bad/export.zip"],
        &["export.zip", "binary file, not an export", "ZIP"],
    ),
    (
        &["ingest", "tests/data/bad/insights-json-no-results.json"],
        &["insights-json-no-results.json", "without a `results` list"],
    ),
    (
        &["ingest", "tests/data/bad/cur-bad-cost.csv"],
        &["cur-bad-cost.csv:3", "column 4 (unblended cost)", "\"abc\""],
    ),
    (
        &["ingest", "tests/data/bad/insights-bad-duration.csv"],
        &["insights-bad-duration.csv:3", "@duration", "\"-3\""],
    ),
    (
        &["ingest", "tests/data/bad/insights-unclosed-quote.csv"],
        &[
            "insights-unclosed-quote.csv:2",
            "quoted field",
            "not closed by the end of the file",
        ],
    ),
    (
        &["ingest", "tests/data/bad/usage-missing-column.csv"],
        &["usage-missing-column.csv:1", "`architecture` column"],
    ),
    (
        &["ingest", "tests/data/bad/report-bad-memory.log"],
        &["report-bad-memory.log:1", "Memory Size", "lots"],
    ),
    // Issue 14's hostile values: each refused with its field, value and what is allowed, never billed.
    (
        &["ingest", "tests/data/bad/report-duration-1e309.log"],
        &[
            "report-duration-1e309.log:1",
            "column 43 (Duration)",
            "\"1e309\"",
            "plain decimal",
            "900000 ms",
        ],
    ),
    (
        &["ingest", "tests/data/bad/report-duration-hex.log"],
        &[
            "report-duration-hex.log:1",
            "(Duration)",
            "\"0x10\"",
            "no sign, exponent, hex",
        ],
    ),
    (
        &["ingest", "tests/data/bad/report-memory-exponent.log"],
        &[
            "report-memory-exponent.log:1",
            "(Memory Size)",
            "\"1e4\"",
            "whole number",
            "128 to 10240 MB",
        ],
    ),
    (
        &["ingest", "tests/data/bad/report-billed-restore-huge.log"],
        &[
            "report-billed-restore-huge.log:1",
            "(Billed Restore Duration)",
            "\"18446744073709551615\"",
            "0 to 20000 ms",
        ],
    ),
    (
        &["ingest", "tests/data/bad/usage-init-1e300.csv"],
        &[
            "usage-init-1e300.csv:2",
            "column 9 (mean_init_ms)",
            "\"1e300\"",
            "0 to 20000 ms",
        ],
    ),
    (
        &["ingest", "tests/data/bad/insights-no-memory.csv"],
        &["insights-no-memory.csv:1", "`@memorySize`", "--memory-mb"],
    ),
    (
        &["ingest", "tests/data/bad/insights-json-no-memory.json"],
        &[
            "insights-json-no-memory.json:1",
            "`@memorySize`",
            "--memory-mb",
        ],
    ),
    (
        &["ingest", "tests/data/bad/insights-markdown-no-memory.md"],
        &[
            "insights-markdown-no-memory.md:3",
            "`@memorySize`",
            "--memory-mb",
        ],
    ),
    (
        &["ingest", "tests/data/bad/focus-billed-cost-1e309.csv"],
        &[
            "focus-billed-cost-1e309.csv:3",
            "column 3 (BilledCost)",
            "\"1e309\"",
            "-1000000000000 to 1000000000000 USD",
        ],
    ),
    (
        &["ingest", "tests/data/bad/focus-quantity-nan.csv"],
        &[
            "focus-quantity-nan.csv:2",
            "column 4 (ConsumedQuantity)",
            "\"NaN\"",
        ],
    ),
    (
        &["ingest", "/dev/zero"],
        &["/dev/zero", "not a regular file (a device)"],
    ),
    (
        &["ingest", "tests/data/bad"],
        &["tests/data/bad", "not a regular file (a folder)"],
    ),
    (
        &["ingest", "tests/data/bad/empty.log"],
        &["empty.log", "empty"],
    ),
    (
        &["ingest", "tests/data/bad/not-a-log.txt"],
        &["not-a-log.txt", "no REPORT lines"],
    ),
    (
        &["ingest", "tests/data/does-not-exist.log"],
        &["does-not-exist.log"],
    ),
];

#[test]
fn every_bad_file_gets_its_message_and_exit_1() {
    for (args, needles) in CASES {
        let o = coldcost(args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            o.stdout.is_empty(),
            "{args:?}: nothing on stdout when failing"
        );
        assert_eq!(err.trim().lines().count(), 1, "{args:?}: one line: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        for n in *needles {
            assert!(err.contains(n), "{args:?}: `{n}` missing from: {err}");
        }
    }
}

#[test]
fn crlf_lines_read_like_lf_lines() {
    let run = |f: &str| {
        let o = coldcost(&["ingest", f, "--format", "json", "--function", "x"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["functions"][0]["observed"].clone()
    };
    let crlf = run("tests/data/ingest/crlf-report.log");
    let lf = run("tests/data/ingest/reference.log");
    for k in [
        "invocations",
        "cold_starts",
        "invoke_gb_s",
        "init_gb_s",
        "memory_mb",
    ] {
        assert_eq!(crlf[k], lf[k], "{k}");
    }
}
