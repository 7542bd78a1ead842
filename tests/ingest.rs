//! Ingest on every format: the reference REPORT line, JSON logs, Logs Insights and CUR exports, usage CSVs, gzip,
//! bad rows, and the calibration round trip against a generated log whose true parameters are known.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{coldcost, scratch};
use serde_json::Value;
use std::io::Write;

fn ok_json(args: &[&str]) -> Value {
    let o = coldcost(args);
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).unwrap()
}

fn err(args: &[&str]) -> String {
    let o = coldcost(args);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{args:?} should fail with exit 1: {}",
        String::from_utf8_lossy(&o.stdout)
    );
    let e = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(e.trim().lines().count(), 1, "one line: {e}");
    e
}

#[test]
fn the_reference_report_line_is_billed_351_ms() {
    let v = ok_json(&[
        "ingest",
        "tests/data/ingest/reference.log",
        "--format",
        "json",
    ]);
    let f = &v["functions"][0]["observed"];
    assert_eq!(f["invocations"], 1);
    assert_eq!(f["cold_starts"], 1);
    // 250.06 ms rounds to 251 ms; INIT added before rounding: 351 ms billed, INIT adds 100 ms, at 1 GB.
    assert!(
        (f["invoke_gb_s"].as_f64().unwrap() - 0.251).abs() < 1e-9,
        "{f}"
    );
    assert!(
        (f["init_gb_s"].as_f64().unwrap() - 0.100).abs() < 1e-9,
        "{f}"
    );
    // The line logs 351 ms billed: log and rule agree, and the bill is the same either way.
    assert_eq!(f["billed"]["logged"], 1);
    assert_eq!(f["billed"]["agree"], 1);
    assert_eq!(f["billed_gb_s"], f["rule_gb_s"]);
    let c = &v["functions"][0]["cost"];
    assert!(c["today_usd"].as_f64().unwrap() >= c["before_change_usd"].as_f64().unwrap());
    assert_eq!(c["billed_usd"], c["rule_usd"]);
}

#[test]
fn every_format_reads_to_the_same_kind_of_figures() {
    let v = ok_json(&[
        "ingest",
        "samples/exports/orders-api.log",
        "samples/exports/orders-api-json.log",
        "samples/exports/insights-export.csv",
        "--format",
        "json",
    ]);
    let kinds: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["report", "report", "insights"]);
    let f: Vec<&Value> = v["functions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| &f["observed"])
        .collect();
    let by = |n: &str| *f.iter().find(|x| x["function"] == n).unwrap();
    assert_eq!(by("orders-api")["invocations"], 2000);
    assert_eq!(by("orders-api")["cold_starts"], 40);
    assert_eq!(by("orders-api-json")["invocations"], 500);
    assert_eq!(by("reports-api")["invocations"], 1000);
    assert_eq!(by("reports-api")["cold_starts"], 50);
    assert_eq!(
        by("reports-api")["memory_mb"],
        1024,
        "Insights memory is in bytes (10⁶ per MB)"
    );
    for x in &f {
        let p50 = x["init_ms"]["p50"].as_f64().unwrap();
        assert!((800.0..1050.0).contains(&p50), "{x}");
    }
}

#[test]
fn cost_and_usage_reports_reconcile_in_both_column_schemes() {
    for file in ["samples/exports/cur-legacy.csv", "samples/exports/cur2.csv"] {
        let v = ok_json(&["ingest", file, "--format", "json"]);
        let c = &v["cur"];
        assert!(
            (c["cur_unblended_usd"].as_f64().unwrap() - 13.53337).abs() < 1e-4,
            "{file}: {c}"
        );
        assert!(
            c["difference_usd"].as_f64().unwrap().abs() < 0.01,
            "{file}: {c}"
        );
        let lines = c["lines"].as_array().unwrap();
        assert!(
            lines.iter().any(|l| l["function"] == "thumbnailer"
                && l["architecture"] == "arm64"
                && l["meter"] == "duration"),
            "{file}"
        );
    }
}

#[test]
fn a_usage_csv_is_estimated_like_a_budget() {
    let o = coldcost(&["ingest", "samples/exports/usage.csv"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("nightly-report")
            && out.contains("thumbnailer")
            && out.contains("total / month"),
        "{out}"
    );
    // INIT as observed: the profile's INIT p50 is the CSV's mean INIT.
    assert!(out.contains("1150 /"), "{out}");
}

#[test]
fn gzip_is_read_by_content_and_truncation_is_an_error() {
    let d = scratch("ingest-gz");
    let text = std::fs::read(format!(
        "{}/samples/exports/orders-api.log",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&text).unwrap();
    let bytes = gz.finish().unwrap();
    let good = d.join("logs.bin");
    std::fs::write(&good, &bytes).unwrap();
    let v = ok_json(&[
        "ingest",
        good.to_str().unwrap(),
        "--function",
        "orders-api",
        "--format",
        "json",
    ]);
    assert_eq!(v["functions"][0]["observed"]["invocations"], 2000);
    let cut = d.join("cut.log.gz");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let e = err(&["ingest", cut.to_str().unwrap()]);
    assert!(
        e.contains("cut.log.gz") && e.contains("truncated or corrupt"),
        "{e}"
    );
}

#[test]
fn a_bad_row_names_file_line_column_and_value_and_can_be_skipped_and_counted() {
    let e = err(&["ingest", "tests/data/ingest/bad-row.log"]);
    assert!(
        e.contains("bad-row.log:3") && e.contains("column") && e.contains("twelve"),
        "{e}"
    );
    let v = ok_json(&[
        "ingest",
        "tests/data/ingest/bad-row.log",
        "--skip-bad-rows",
        "--format",
        "json",
    ]);
    assert_eq!(v["bad_rows_skipped"], 1);
    assert_eq!(v["functions"][0]["observed"]["invocations"], 2);
    assert!(v["bad_rows"][0]["error"]
        .as_str()
        .unwrap()
        .contains("twelve"));
    let o = coldcost(&["ingest", "tests/data/ingest/bad-row.log", "--skip-bad-rows"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("1 bad rows skipped"));
}

#[test]
fn quoted_fields_may_span_lines_and_errors_name_the_physical_line() {
    let d = scratch("ingest-multiline");
    let csv = d.join("insights.csv");
    std::fs::write(
        &csv,
        "@timestamp,@log,@type,@duration,@initDuration,@memorySize,note\n\
         2026-11-01 00:00:43.200,1:/aws/lambda/api,REPORT,118.97,887.76,1024000000,\"a note\nover \"\"two\"\" lines\"\n\
         2026-11-01 00:01:43.200,1:/aws/lambda/api,REPORT,101.5,,1024000000,5\" screen\n\
         2026-11-01 00:02:43.200,1:/aws/lambda/api,REPORT,99.0,,1024000000,\"x\"\n",
    )
    .unwrap();
    let v = ok_json(&["ingest", csv.to_str().unwrap(), "--format", "json"]);
    let f = &v["functions"][0]["observed"];
    assert_eq!(f["invocations"], 3, "{v}");
    assert_eq!(f["cold_starts"], 1, "{v}");
    assert_eq!(v["lines"], 5, "{v}");
    // A bad value after the two-line record is reported on its physical line (5).
    std::fs::write(
        &csv,
        "@timestamp,@log,@type,@duration,@memorySize,note\n\
         2026-11-01 00:00:43.200,1:/aws/lambda/api,REPORT,118.97,1024000000,\"a\nb\"\n\
         2026-11-01 00:01:43.200,1:/aws/lambda/api,REPORT,-4,1024000000,c\n",
    )
    .unwrap();
    let e = err(&["ingest", csv.to_str().unwrap()]);
    assert!(e.contains("insights.csv:4") && e.contains("\"-4\""), "{e}");
}

#[test]
fn snapstart_restores_are_counted_and_their_billed_restore_time_priced() {
    let d = scratch("ingest-snapstart");
    let log = d.join("snap.log");
    // The REPORT format of AWS's SnapStart monitoring page: restores log no Init Duration. 20,000 times over, so that
    // the cost shows in cents.
    let block = "REPORT RequestId: a\tDuration: 2.24 ms\tBilled Duration: 3 ms\tMemory Size: 512 MB\tMax Memory Used: 116 MB\tRestore Duration: 571.67 ms\tBilled Restore Duration: 382 ms\n\
                 REPORT RequestId: b\tDuration: 1.10 ms\tBilled Duration: 2 ms\tMemory Size: 512 MB\tMax Memory Used: 116 MB\n\
                 REPORT RequestId: c\tDuration: 3.00 ms\tBilled Duration: 3 ms\tMemory Size: 512 MB\tMax Memory Used: 117 MB\tRestore Duration: 300.00 ms\tBilled Restore Duration: 120 ms\n";
    std::fs::write(&log, block.repeat(20_000)).unwrap();
    let v = ok_json(&[
        "ingest",
        log.to_str().unwrap(),
        "--format",
        "json",
        "--no-free-tier",
    ]);
    let o = &v["functions"][0]["observed"];
    assert_eq!(o["snapstart_restores"], 40_000, "{v}");
    assert_eq!(o["cold_starts"], 0, "{v}");
    // Restores logged beside Billed Duration (AWS's page) are billed too: no line is unlike the SnapStart rule.
    assert_eq!(o["billed"]["snapstart_restore"], 40_000, "{v}");
    assert_eq!(o["billed"]["unexplained"], 0, "{v}");
    assert_eq!(o["billed_gb_s"], o["rule_gb_s"], "{v}");
    // (382 + 120) ms × 0.5 GB × 20,000 = 5,020 GB-s.
    assert!(
        (o["restore_gb_s"].as_f64().unwrap() - 5020.0).abs() < 1e-6,
        "{v}"
    );
    // Priced with the handler, no free tier, us-east-1 x86: (8 + 502) ms × 0.5 GB × 20,000 = 5,100 GB-s at
    // $0.0000166667 = $0.085, plus 60,000 requests = $0.012: $0.10 (the handler alone would be $0.01). Not INIT:
    // the same under the rules before 2025-08-01.
    let c = &v["functions"][0]["cost"];
    let today = c["today_usd"].as_f64().unwrap();
    assert!((today - 0.097).abs() < 0.006, "{v}");
    assert_eq!(c["before_change_usd"], c["today_usd"], "{v}");
    assert_eq!(c["billed_usd"], c["today_usd"], "{v}");
    let out = coldcost(&["ingest", log.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("40,000 SnapStart restores") && text.contains("5020.0 GB-s"),
        "{text}"
    );
}

#[test]
fn junk_empty_and_utf16_files_get_clear_messages() {
    let d = scratch("ingest-junk");
    let empty = d.join("empty.log");
    std::fs::write(&empty, "").unwrap();
    assert!(err(&["ingest", empty.to_str().unwrap()]).contains("empty"));
    let junk = d.join("junk.bin");
    std::fs::write(
        &junk,
        (0..4096u32)
            .map(|i| (i * 7919 % 251) as u8)
            .collect::<Vec<u8>>(),
    )
    .unwrap();
    let e = err(&["ingest", junk.to_str().unwrap()]);
    assert!(
        e.contains("junk.bin") && e.contains("binary file, not an export"),
        "{e}"
    );
    let utf16 = d.join("insights.csv");
    let mut b = vec![0xff, 0xfe];
    for u in "@timestamp,@duration\n".encode_utf16() {
        b.extend_from_slice(&u.to_le_bytes());
    }
    std::fs::write(&utf16, b).unwrap();
    assert!(err(&["ingest", utf16.to_str().unwrap()]).contains("UTF-16"));
}

#[test]
fn calibration_recovers_the_generating_parameters() {
    let d = scratch("ingest-calibrate");
    let log = d.join("api.log.gz");
    let o = coldcost(&[
        "generate",
        "--invocations",
        "30000",
        "--cold-share",
        "0.03",
        "--handler-ms",
        "150",
        "500",
        "--init-ms",
        "1100",
        "1700",
        "--memory-mb",
        "512",
        "--hours",
        "730",
        "--seed",
        "7",
        "--output",
        log.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let prof = d.join("api.toml");
    let o = coldcost(&[
        "ingest",
        log.to_str().unwrap(),
        "--calibrate",
        prof.to_str().unwrap(),
        "--runtime",
        "python3.12",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(&prof).unwrap();
    let p = coldcost::Profile::from_toml(&text, "api.toml").unwrap();
    assert_eq!(
        p.traffic.monthly_invocations, 30_000,
        "volume exactly:\n{text}"
    );
    assert_eq!(p.memory_mb, 512);
    assert!(
        (p.handler.duration_ms - 150.0).abs() / 150.0 < 0.05,
        "handler p50 {}",
        p.handler.duration_ms
    );
    use coldcost::init::InitModel;
    let init = coldcost::init::CatalogInit::embedded()
        .unwrap()
        .init(&p)
        .unwrap();
    assert!(
        (init.p50 - 1100.0).abs() / 1100.0 < 0.05,
        "INIT p50 {}",
        init.p50
    );
    assert!((p.traffic.cold_start_rate.unwrap() - 0.03).abs() < 1e-6);
    // Ready for compare against an alternative.
    let o = coldcost(&[
        "compare",
        prof.to_str().unwrap(),
        "samples/http-api-node.toml",
        "--draws",
        "0",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // Calibrating needs the runtime: a usage error, before anything is read.
    let o = coldcost(&[
        "ingest",
        log.to_str().unwrap(),
        "--calibrate",
        d.join("x.toml").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--runtime"));
    assert!(!d.join("x.toml").exists());
}

#[test]
fn queries_for_where_the_data_lives() {
    let o = coldcost(&["query", "insights"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("filter @type = \"REPORT\""));
    let o = coldcost(&["query", "athena", "--table", "billing.cur2"]);
    let q = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(
        q.contains("FROM billing.cur2") && q.contains("line_item_unblended_cost"),
        "{q}"
    );
    assert_eq!(
        coldcost(&["query", "athena", "--table", "x; DROP TABLE y"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn a_function_name_with_a_comma_quotes_and_a_line_break_survives_generate_and_ingest() {
    let d = scratch("ingest-odd-name");
    let csv = d.join("odd.csv");
    let name = "odd, \"quoted\"\nname";
    let o = coldcost(&[
        "generate",
        "--style",
        "insights",
        "--invocations",
        "500",
        "--function",
        name,
        "--output",
        csv.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = coldcost(&["ingest", csv.to_str().unwrap(), "--format", "csv"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // Parsed back, not compared as text.
    let mut r = csv::Reader::from_reader(&o.stdout[..]);
    let header = r.headers().unwrap().clone();
    let column = |n: &str| header.iter().position(|h| h == n).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1, "{}", String::from_utf8_lossy(&o.stdout));
    assert_eq!(&rows[0][column("function")], name);
    assert_eq!(&rows[0][column("invocations")], "500");
}
