//! Every real export in `../shared/data/real-exports` (public files, each folder's `SOURCE.md` says where from) read
//! **without `--kind`**, the format told from the content, with figures equal to counts made by hand from the same
//! file (the command that counted is in each test's comment). Binary files that are not exports, Parquet through a
//! pipe or gzip: their own messages.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{coldcost, scratch, stderr, stdout};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn exports() -> Option<PathBuf> {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/real-exports");
    if d.is_dir() {
        Some(d)
    } else {
        eprintln!("skipped: {} not found", d.display());
        None
    }
}

/// `coldcost ingest FILE --format json` (no `--kind`), parsed; the run must succeed.
fn ingest(file: &str) -> Option<Value> {
    let path = exports()?.join(file);
    let o = coldcost(&["ingest", path.to_str().unwrap(), "--format", "json"]);
    assert!(o.status.success(), "{file}: {}", stderr(&o));
    Some(serde_json::from_str(&stdout(&o)).unwrap())
}

fn kind(v: &Value) -> &str {
    v["files"][0]["kind"].as_str().unwrap()
}

/// The one function observed.
fn function(v: &Value) -> &Value {
    let f = v["functions"].as_array().unwrap();
    assert_eq!(f.len(), 1, "{f:?}");
    &f[0]["observed"]
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

#[test]
fn report_logs() {
    // grep -c "REPORT RequestId" → 5; grep "REPORT RequestId" | grep -c "Restore Duration" → 1 (a SnapStart
    // restore, not an INIT); grep "REPORT RequestId" | grep -c "Init Duration" → 0; every line "Memory Size: 3009 MB".
    let Some(v) = ingest("report/chime-sma-snapstart-samlogs.log") else {
        return;
    };
    let f = function(&v);
    assert_eq!(kind(&v), "report");
    assert_eq!(f["invocations"], 5);
    assert_eq!(f["snapstart_restores"], 1);
    assert_eq!(f["cold_starts"], 0);
    assert_eq!(f["memory_mb"], 3009);
    // 1 REPORT, with "Restore Duration: 398.97 ms  Billed Restore Duration: 182 ms".
    let v = ingest("report/connect-lex-chatgpt-snapstart-samlogs.log").unwrap();
    let f = function(&v);
    assert_eq!(
        (f["invocations"].as_u64(), f["snapstart_restores"].as_u64()),
        (Some(1), Some(1))
    );
    // The REPORT wrapped over 3 lines (a console paste), read as one: "Duration: 888.98 ms", "Memory Size: 128 MB",
    // "Init Duration: 399.95 ms"; the START, END and application lines are other lines (10 of the 13).
    let v = ingest("report/console-paste-wrapped-report.log").unwrap();
    let f = function(&v);
    assert_eq!(
        (f["invocations"].as_u64(), f["cold_starts"].as_u64()),
        (Some(1), Some(1))
    );
    assert!(close(f["handler_ms"]["max"].as_f64().unwrap(), 888.98));
    assert!(close(f["init_ms"]["max"].as_f64().unwrap(), 399.95));
    assert_eq!(f["memory_mb"], 128);
}

#[test]
fn telemetry_events_as_lines_and_as_a_batch() {
    // Three events (platform.start, platform.runtimeDone, platform.report); the report: durationMs 2599.4,
    // memorySizeMB 128, initDurationMs 549.04 (read from the file).
    for (file, k) in [
        ("json/rust-runtime-telemetry-events.jsonl", "report"),
        ("json/derived-telemetry-api-batch-array.json", "telemetry"),
    ] {
        let Some(v) = ingest(file) else { return };
        assert_eq!(kind(&v), k, "{file}");
        let f = function(&v);
        assert_eq!(f["invocations"], 1, "{file}");
        assert_eq!(f["cold_starts"], 1, "{file}");
        assert_eq!(f["memory_mb"], 128, "{file}");
        assert!(
            close(f["handler_ms"]["max"].as_f64().unwrap(), 2599.4),
            "{file}"
        );
        assert!(
            close(f["init_ms"]["max"].as_f64().unwrap(), 549.04),
            "{file}"
        );
        assert_eq!(v["other_lines"], 2, "{file}");
    }
}

#[test]
fn insights_default_export_and_live_tail() {
    // The default query's download: grep -c '^[^,]*,"REPORT RequestId' → 5, each "Memory Size: 128 MB", no Init
    // Duration; the Durations 19.14, 18.82, 6.85, 21.03, 7.91 (mean 14.75); @log
    // 435639112445:/aws/lambda/redis-stack-charge_request_redis-lambda-fn names the function, not the file.
    let Some(v) = ingest("insights/crossover-logs-insights-results.csv") else {
        return;
    };
    assert_eq!(kind(&v), "insights");
    let f = function(&v);
    assert_eq!(f["function"], "redis-stack-charge_request_redis-lambda-fn");
    assert_eq!(
        (f["invocations"].as_u64(), f["cold_starts"].as_u64()),
        (Some(5), Some(0))
    );
    assert_eq!(f["memory_mb"], 128);
    assert!(close(f["handler_ms"]["mean"].as_f64().unwrap(), 14.75));
    // Live Tail: grep -c 'REPORT RequestId' → 2,473; grep -o 'Init Duration: [0-9.]* ms' → one, 219.37 ms;
    // awk over the Durations: mean 20.651096 ms; the largest "Max Memory Used" 111 MB; the function from `Log group`.
    let v = ingest("insights/crossover-live-tail-results.csv").unwrap();
    assert_eq!(kind(&v), "live-tail");
    let f = function(&v);
    assert_eq!(f["function"], "redis-stack-charge_request_redis-lambda-fn");
    assert_eq!(
        (f["invocations"].as_u64(), f["cold_starts"].as_u64()),
        (Some(2473), Some(1))
    );
    assert!(close(f["init_ms"]["max"].as_f64().unwrap(), 219.37));
    assert!((f["handler_ms"]["mean"].as_f64().unwrap() - 20.651096).abs() < 1e-6);
    assert_eq!(
        (f["memory_mb"].as_u64(), f["max_memory_used_mb"].as_u64()),
        (Some(128), Some(111))
    );
}

#[test]
fn insights_query_results_as_csv_json_and_markdown() {
    // 2025-08-22: the same 6 results as CSV, get-query-results JSON (PowerShell-flattened, BOM) and the console's
    // Markdown: @duration 2455, 3496.99, 2378.47, 3270.25, 2874.28, 3381.14 (mean 2976.021667); @initDuration on
    // 2 (1019.38, 982.77); @memorySize 1024000000 bytes = 1024 MB; @entity.Attributes.Lambda.Function
    // ie-staging-claudeInvoker.
    for (file, k) in [
        (
            "insights/derived-zainzia-2025-08-22-insights.csv",
            "insights",
        ),
        (
            "insights/zainzia-2025-08-22-get-query-results.json",
            "insights-json",
        ),
        (
            "insights/zainzia-2025-08-22-lambda-insights.md",
            "insights-markdown",
        ),
    ] {
        let Some(v) = ingest(file) else { return };
        assert_eq!(kind(&v), k, "{file}");
        let f = function(&v);
        assert_eq!(f["function"], "ie-staging-claudeInvoker", "{file}");
        assert_eq!(f["invocations"], 6, "{file}");
        assert_eq!(f["cold_starts"], 2, "{file}");
        assert_eq!(f["memory_mb"], 1024, "{file}");
        assert!(
            close(f["init_ms"]["max"].as_f64().unwrap(), 1019.38),
            "{file}"
        );
        assert!(
            (f["handler_ms"]["mean"].as_f64().unwrap() - 2976.021667).abs() < 1e-6,
            "{file}"
        );
    }
    // 2025-08-15: @message holds the REPORT lines; grep -c '"value":  "REPORT RequestId' → 2, both with Init
    // Duration (986.19, 973.37), 1024 MB. The JSON names no log group (named after the file); the Markdown's
    // header does (log-group-names: /aws/lambda/ie-staging-claudeInvoker).
    for (file, k, name) in [
        (
            "insights/zainzia-2025-08-15-get-query-results.json",
            "insights-json",
            "zainzia-2025-08-15-get-query-results",
        ),
        (
            "insights/zainzia-2025-08-15-lambda-insights.md",
            "insights-markdown",
            "ie-staging-claudeInvoker",
        ),
    ] {
        let Some(v) = ingest(file) else { return };
        assert_eq!(kind(&v), k, "{file}");
        let f = function(&v);
        assert_eq!(f["function"], name, "{file}");
        assert_eq!(
            (f["invocations"].as_u64(), f["cold_starts"].as_u64()),
            (Some(2), Some(2)),
            "{file}"
        );
        assert!(
            close(f["init_ms"]["max"].as_f64().unwrap(), 986.19),
            "{file}"
        );
        assert_eq!(f["memory_mb"], 1024, "{file}");
    }
}

#[test]
fn curs_without_lambda_rows() {
    // python3 csv.DictReader: 2, 3, 19 and 1,882 rows, none with product code AWSLambda. The Parquet CUR: 91,264
    // rows (SOURCE.md; coldcost reads as many), `grep -a -c AWSLambda` → 0 (its product codes are plain text in the
    // dictionary pages: AmazonEC2 and AmazonS3 are found so).
    for (file, k, rows) in [
        ("cur/koku-2022-07-01-alt-columns.csv", "cur", 2),
        ("cur/koku-2023-06-01-legacy-alpha-columns.csv", "cur", 3),
        ("cur/koku-test_cur.csv", "cur", 19),
        ("cur/ola-raji-ha-project-CUR-daily-1-00001.csv", "cur", 1882),
        (
            "cur/wa-labs-Dec2018-WorkshopCUR-00001.snappy.parquet",
            "cur-parquet",
            91_264,
        ),
    ] {
        let Some(v) = ingest(file) else { return };
        assert_eq!(kind(&v), k, "{file}");
        let c = &v["cur"];
        assert_eq!(c["rows"], 0, "{file}");
        assert_eq!(c["skipped_rows"], rows, "{file}");
        assert_eq!(c["cur_unblended_usd"], 0.0, "{file}");
    }
}

#[test]
fn athena_text_cur() {
    // zcat | awk -F'\001' 'NR>1 && $13=="AWSLambda"': 6 rows (of 7,850), usage types Request (amounts summing to 3)
    // and Lambda-GB-Second (2.8875), unblended cost 0 each, descriptions "... Free Tier ...", us-east-1 (no prefix).
    let Some(v) = ingest("cur/wa-labs-step1-cur-athena-ctrlA.gz") else {
        return;
    };
    assert_eq!(kind(&v), "cur-athena");
    let c = &v["cur"];
    assert_eq!(
        (c["rows"].as_u64(), c["skipped_rows"].as_u64()),
        (Some(6), Some(7844))
    );
    assert_eq!(c["cur_unblended_usd"], 0.0);
    let types = c["charge_types"].as_array().unwrap();
    assert_eq!(types.len(), 1);
    assert_eq!(
        (types[0]["charge_type"].as_str(), types[0]["rows"].as_u64()),
        (Some("FreeTier"), Some(6))
    );
    assert!(close(c["account"]["requests"].as_f64().unwrap(), 3.0));
    assert!(close(c["account"]["gb_s"].as_f64().unwrap(), 2.8875));
    assert_eq!(c["regions"][0]["region"], "us-east-1");
    assert_eq!(c["computed_usd"], 0.0);
}

#[test]
fn focus_sample() {
    // python3 csv.DictReader: 9 rows with ServiceName "AWS Lambda" and 1 "Amazon CloudFront" row whose
    // ChargeDescription names Lambda-Edge-GB-Second (Lambda@Edge: read as Lambda, meter edge-duration); their
    // BilledCost sums to 0.0092774402 (SOURCE.md's figure, which includes the Edge row); ConsumedUnit "Requests"
    // rows: 60 + 1 = 61 requests; all ChargeCategory "Usage"; the other 990 rows are other services.
    let Some(v) = ingest("focus/focus_sample_1000.csv") else {
        return;
    };
    assert_eq!(kind(&v), "focus");
    let c = &v["cur"];
    assert_eq!(
        (c["rows"].as_u64(), c["skipped_rows"].as_u64()),
        (Some(10), Some(990))
    );
    assert!((c["cur_unblended_usd"].as_f64().unwrap() - 0.0092774402).abs() < 1e-12);
    assert!(close(c["account"]["requests"].as_f64().unwrap(), 61.0));
    let edge = c["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["meter"] == "edge-duration")
        .unwrap();
    assert!(close(edge["quantity"].as_f64().unwrap(), 6.763125));
    // Amounts stay unrounded in the JSON (a sub-cent bill is not 0.0), and the text shows them.
    assert!(c["usage_usd"].as_f64().unwrap() > 0.009);
    let path = exports().unwrap().join("focus/focus_sample_1000.csv");
    let o = coldcost(&["ingest", path.to_str().unwrap()]);
    assert!(stdout(&o).contains("$0.009277"), "{}", stdout(&o));
    let o = coldcost(&["ingest", path.to_str().unwrap(), "--format", "csv"]);
    assert!(stdout(&o).contains("0.0092774402"), "{}", stdout(&o));
}

#[test]
fn binary_files_and_parquet_where_it_cannot_be_read() {
    let d = scratch("exports-binary");
    for (name, bytes, what) in [
        ("a.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(), "PNG"),
        ("a.zip", b"PK\x03\x04\x14\0\0\0".to_vec(), "ZIP"),
        ("a.elf", b"\x7fELF\x02\x01\x01\0".to_vec(), "ELF"),
    ] {
        let p = d.join(name);
        std::fs::write(&p, bytes).unwrap();
        let o = coldcost(&["ingest", p.to_str().unwrap()]);
        let e = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{e}");
        assert!(
            e.contains(name) && e.contains("binary file, not an export") && e.contains(what),
            "{e}"
        );
        assert!(!e.contains("REPORT"), "{e}");
    }
    let Some(dir) = exports() else { return };
    let parquet =
        std::fs::read(dir.join("cur/wa-labs-Dec2018-WorkshopCUR-00001.snappy.parquet")).unwrap();
    // Through gzip.
    let gz = d.join("cur.parquet.gz");
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut enc, &parquet[..4096]).unwrap();
    std::fs::write(&gz, enc.finish().unwrap()).unwrap();
    let e = stderr(&coldcost(&["ingest", gz.to_str().unwrap()]));
    assert!(e.contains("Parquet inside gzip"), "{e}");
    // Through stdin.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_coldcost"))
        .args(["ingest", "-"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        let _ = stdin.write_all(&parquet[..65536]);
    }
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("seekable file"), "{}", stderr(&o));
    // A truncated Parquet file: an error naming it, no panic.
    let cut = d.join("cut.parquet");
    std::fs::write(&cut, &parquet[..parquet.len() / 2]).unwrap();
    let o = coldcost(&["ingest", cut.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("cut.parquet") && stderr(&o).contains("Parquet"),
        "{}",
        stderr(&o)
    );
}
