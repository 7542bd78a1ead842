//! A plain REPORT log, Logs Insights or Live Tail CSV read on two threads gives byte for byte what a reading on one thread gives: the JSON report,
//! the bad rows (in file order, with their line numbers) and the errors. `COLDCOST_SPLIT_MIN_BYTES=0` makes every
//! plain log split; the largest value makes none.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::scratch;
use std::path::Path;
use std::process::{Command, Output};

fn run(file: &Path, extra: &[&str], split_min: u64) -> Output {
    Command::new(env!("CARGO_BIN_EXE_coldcost"))
        .arg("ingest")
        .arg(file)
        .args(["--format", "json"])
        .args(extra)
        .env("COLDCOST_SPLIT_MIN_BYTES", split_min.to_string())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run coldcost")
}

/// Both readings of `file`, compared; the two-thread one's output returned.
fn same_both_ways(file: &Path, extra: &[&str]) -> Output {
    let one = run(file, extra, u64::MAX);
    let two = run(file, extra, 0);
    assert_eq!(one.status.code(), two.status.code(), "{}", file.display());
    assert!(
        one.stdout == two.stdout,
        "{}: stdout differs\n--- one thread\n{}\n--- two threads\n{}",
        file.display(),
        String::from_utf8_lossy(&one.stdout),
        String::from_utf8_lossy(&two.stdout)
    );
    assert_eq!(
        String::from_utf8_lossy(&one.stderr),
        String::from_utf8_lossy(&two.stderr),
        "{}",
        file.display()
    );
    two
}

fn generated(dir: &Path, invocations: u32) -> Vec<u8> {
    let f = dir.join("generated.log");
    let o = Command::new(env!("CARGO_BIN_EXE_coldcost"))
        .args([
            "generate",
            "--invocations",
            &invocations.to_string(),
            "--output",
        ])
        .arg(&f)
        .output()
        .expect("run coldcost generate");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    std::fs::read(&f).unwrap()
}

#[test]
fn a_generated_log_and_every_real_log_read_on_two_threads_as_on_one() {
    let dir = scratch("split-same");
    let text = generated(&dir, 30_000);
    let plain = dir.join("plain.log");
    std::fs::write(&plain, &text).unwrap();
    let out = same_both_ways(&plain, &[]);
    assert!(out.status.success());
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/real-exports/report");
    let mut all_real = Vec::new();
    for entry in std::fs::read_dir(&real).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "log") {
            same_both_ways(&p, &[]);
            all_real.extend(std::fs::read(&p).unwrap());
        }
    }
    for entry in
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ingest")).unwrap()
    {
        let p = entry.unwrap().path();
        same_both_ways(&p, &[]);
        same_both_ways(&p, &["--skip-bad-rows"]);
    }
    // The real logs several times over (SnapStart lines, a wrapped console paste), cut wherever the middle falls.
    for copies in 1..6 {
        let f = dir.join(format!("real-{copies}.log"));
        std::fs::write(&f, all_real.repeat(copies)).unwrap();
        same_both_ways(&f, &[]);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_rows_and_errors_keep_their_lines_and_order_on_two_threads() {
    let dir = scratch("split-bad");
    let text = String::from_utf8(generated(&dir, 20_000)).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let n = lines.len();
    let bad =
        "2026-11-01T00:00:00.000Z REPORT RequestId: x\tDuration: 1e309 ms\tMemory Size: 128 MB";
    // One bad line in each half, and a run of them past the tenth kept, in the second half.
    lines.insert(n / 4, bad);
    for k in 0..12 {
        lines.insert(3 * n / 4 + k, bad);
    }
    let f = dir.join("bad.log");
    std::fs::write(&f, lines.join("\n")).unwrap();
    let out = same_both_ways(&f, &["--skip-bad-rows"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["bad_rows_skipped"], 13);
    let first = v["bad_rows"][0]["error"].as_str().unwrap().to_string();
    assert!(first.contains(&format!("bad.log:{}", n / 4 + 1)), "{first}");
    // Without --skip-bad-rows: the first bad line is the error, at its line, when it is in the second half too.
    let mut lines: Vec<&str> = text.lines().collect();
    lines.insert(3 * n / 4, bad);
    std::fs::write(&f, lines.join("\n")).unwrap();
    let out = same_both_ways(&f, &[]);
    let e = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(e.contains(&format!("bad.log:{}", 3 * n / 4 + 1)), "{e}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `text`'s header once, then its rows `copies` times.
fn rows_repeated(text: &str, copies: usize) -> String {
    let (header, rows) = text.split_once('\n').unwrap();
    let rows = if rows.ends_with('\n') {
        rows.to_string()
    } else {
        format!("{rows}\n")
    };
    format!("{header}\n{}", rows.repeat(copies))
}

#[test]
fn insights_and_live_tail_exports_read_on_two_threads_as_on_one() {
    let dir = scratch("split-csv");
    let f = dir.join("generated.csv");
    let o = Command::new(env!("CARGO_BIN_EXE_coldcost"))
        .args([
            "generate",
            "--style",
            "insights",
            "--invocations",
            "30000",
            "--output",
        ])
        .arg(&f)
        .output()
        .expect("run coldcost generate");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = same_both_ways(&f, &[]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["functions"][0]["observed"]["invocations"], 30_000);
    let generated = std::fs::read_to_string(&f).unwrap();
    // The same with Windows line ends.
    let crlf = dir.join("crlf.csv");
    std::fs::write(&crlf, generated.replace('\n', "\r\n")).unwrap();
    same_both_ways(&crlf, &[]);
    // Every real Insights and Live Tail CSV, alone and its rows several times over (the cut falls anywhere).
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/real-exports/insights");
    for entry in std::fs::read_dir(&real).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_none_or(|e| e != "csv") {
            continue;
        }
        same_both_ways(&p, &[]);
        let text = std::fs::read_to_string(&p).unwrap();
        for copies in [2, 3, 7] {
            let r = dir.join(format!(
                "{}-{copies}.csv",
                p.file_stem().unwrap().to_string_lossy()
            ));
            std::fs::write(&r, rows_repeated(&text, copies)).unwrap();
            let out = same_both_ways(&r, &[]);
            assert!(out.status.success(), "{}", r.display());
        }
    }
    // Bad rows in either half: the same rows, lines and errors.
    let mut lines: Vec<&str> = generated.lines().collect();
    let n = lines.len();
    let bad = "2026-11-01 00:00:00.000,123456789012:/aws/lambda/orders-api,REPORT,x,1e309,1,,1024000000,1";
    lines.insert(n / 4, bad);
    lines.insert(3 * n / 4, bad);
    let b = dir.join("bad.csv");
    std::fs::write(&b, lines.join("\n")).unwrap();
    let out = same_both_ways(&b, &["--skip-bad-rows"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["bad_rows_skipped"], 2);
    let second = v["bad_rows"][1]["error"].as_str().unwrap().to_string();
    assert!(
        second.contains(&format!("bad.csv:{}", 3 * n / 4 + 1)),
        "{second}"
    );
    let out = same_both_ways(&b, &[]);
    assert_eq!(out.status.code(), Some(1));
    let _ = std::fs::remove_dir_all(&dir);
}
