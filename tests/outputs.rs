//! Every output is true and nothing the user has is lost: each command × format either renders a valid document of
//! that format with content or is refused as a usage error (exit 2) naming the formats it does produce; outputs are
//! written atomically, never over an input, never over an existing file without `--force`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{coldcost, scratch, stderr, stdout};
use std::path::Path;

const FORMATS: [&str; 6] = ["table", "markdown", "csv", "json", "svg", "html"];

/// Checks that `text` is a document of `format` with content.
fn assert_valid(format: &str, text: &str, what: &str) {
    match format {
        "table" => assert!(text.lines().count() >= 3, "{what}: {text}"),
        "markdown" => assert!(
            text.lines()
                .any(|l| l.starts_with("|---") || l.starts_with("| ---")),
            "{what}: no Markdown table in {text}"
        ),
        "csv" => {
            let mut r = csv::Reader::from_reader(text.as_bytes());
            let width = r.headers().expect("header").len();
            let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("row")).collect();
            assert!(!rows.is_empty(), "{what}: CSV without data rows: {text}");
            assert!(
                width >= 3 && rows.iter().all(|x| x.len() == width),
                "{what}"
            );
        }
        "json" => {
            let v: serde_json::Value = serde_json::from_str(text).expect(what);
            assert!(v["schema"].is_string(), "{what}");
            let has_content = ["profiles", "functions", "remedies"]
                .iter()
                .any(|k| v[k].as_array().is_some_and(|a| !a.is_empty()))
                || v["sweep"]["points"]
                    .as_array()
                    .is_some_and(|a| !a.is_empty())
                || v["usage"]["profiles"]
                    .as_array()
                    .is_some_and(|a| !a.is_empty())
                || v["cur"].is_object();
            assert!(has_content, "{what}: JSON without content: {text}");
        }
        "svg" => {
            assert!(text.trim_start().starts_with("<svg"), "{what}");
            let marks = ["<rect x=", "<path", "<polyline", "<circle"]
                .iter()
                .map(|m| text.matches(m).count())
                .sum::<usize>();
            assert!(marks >= 3, "{what}: an SVG with {marks} drawn marks");
        }
        "html" => {
            assert!(text.starts_with("<!DOCTYPE html>"), "{what}");
            assert!(text.trim_end().ends_with("</html>"), "{what}");
            assert!(!text.contains("<script"), "{what}: a script in the page");
            for part in [
                "<style>",
                "@media print",
                "<h2>Summary</h2>",
                "<table>",
                "Prices and rules",
            ] {
                assert!(text.contains(part), "{what}: no {part}");
            }
            assert!(text.contains('$'), "{what}: no amount");
        }
        _ => unreachable!(),
    }
}

/// Runs `args` in every format; `supported` must render, the others must be refused with exit 2.
fn matrix(args: &[&str], supported: &[&str]) {
    for f in FORMATS {
        let mut a = args.to_vec();
        a.extend(["--format", f]);
        let o = coldcost(&a);
        let what = format!("{a:?}");
        if supported.contains(&f) {
            assert!(o.status.success(), "{what}: {}", stderr(&o));
            assert_valid(f, &stdout(&o), &what);
        } else {
            assert_eq!(o.status.code(), Some(2), "{what} should be refused");
            assert!(o.stdout.is_empty(), "{what} wrote output");
            let e = stderr(&o);
            assert!(e.contains(&format!("does not produce {f}")), "{what}: {e}");
            for s in supported {
                assert!(e.contains(s), "{what}: {e} lacks {s}");
            }
        }
    }
}

#[test]
fn estimate_compare_and_budget_render_every_format() {
    matrix(
        &["estimate", "samples/http-api-python.toml", "--draws", "50"],
        &FORMATS,
    );
    matrix(&["compare", "--draws", "50"], &FORMATS);
    matrix(
        &["budget", "samples/budget.toml", "--draws", "50"],
        &FORMATS,
    );
}

#[test]
fn sweep_and_remedies_render_every_format() {
    matrix(
        &["sweep", "samples/http-api-node.toml", "--arch", "both"],
        &FORMATS,
    );
    matrix(&["remedies", "samples/cron-python.toml"], &FORMATS);
}

#[test]
fn coldstarts_renders_a_table_and_json() {
    matrix(&["coldstarts", "--sample", "cron"], &["table", "json"]);
}

#[test]
fn ingest_renders_logs_curs_and_usage_csvs_in_every_format_but_svg() {
    let five = ["table", "markdown", "csv", "json", "html"];
    matrix(&["ingest", "samples/exports/orders-api.log"], &five);
    matrix(&["ingest", "samples/exports/cur2.csv"], &five);
    matrix(&["ingest", "samples/exports/usage.csv"], &five);
}

#[test]
fn the_budget_chart_draws_a_bar_per_function() {
    let o = coldcost(&[
        "budget",
        "samples/budget.toml",
        "--format",
        "svg",
        "--draws",
        "0",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let svg = stdout(&o);
    for name in ["orders-api (Node.js)", "csv-rollup (Python, pandas)"] {
        assert!(svg.contains(name), "{name} missing");
    }
    assert!(svg.contains(">$0<"), "the zero line is labelled");
    // Every bar's segments lie inside the picture (none clipped at an edge).
    let width: f64 = svg
        .split("width=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .and_then(|s| s.parse().ok())
        .unwrap();
    for seg in svg.split("<rect x=\"").skip(1) {
        let x: f64 = seg.split('"').next().unwrap().parse().unwrap();
        let w: f64 = seg
            .split("width=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .and_then(|s| s.parse().ok())
            .unwrap();
        assert!(
            x >= 0.0 && x + w <= width,
            "segment {x}+{w} outside {width}"
        );
    }
}

#[test]
fn a_usage_csv_is_estimated_and_billed_as_a_mean() {
    let v: serde_json::Value = serde_json::from_str(&stdout(&coldcost(&[
        "ingest",
        "samples/exports/usage.csv",
        "--format",
        "json",
    ])))
    .unwrap();
    let orders = &v["usage"]["profiles"][0];
    assert_eq!(orders["name"], "orders-api");
    // 5,000,000 × 180 ms mean × 1 GB = 900,000 GB-s (the same usage the CUR sample bills), not a median's mean.
    let invoke = orders["line_items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["item"] == "duration-invoke")
        .unwrap();
    assert_eq!(invoke["quantity"].as_f64().unwrap(), 900_000.0);
    // The free tier applies by default, as in estimate; --no-free-tier is honoured.
    let total = |free: bool| {
        let mut a = vec!["ingest", "samples/exports/usage.csv", "--format", "json"];
        if !free {
            a.push("--no-free-tier");
        }
        let v: serde_json::Value = serde_json::from_str(&stdout(&coldcost(&a))).unwrap();
        v["usage"]["total_usd"].as_f64().unwrap()
    };
    assert!(total(true) < total(false));
}

#[test]
fn several_inputs_make_one_document() {
    let d = scratch("outputs-one-doc");
    let out = d.join("report.md");
    let o = coldcost(&[
        "ingest",
        "samples/exports/orders-api.log",
        "samples/exports/usage.csv",
        "--format",
        "markdown",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("Functions in the logs"), "{text}");
    assert!(text.contains("Usage CSV"), "{text}");
    assert!(text.contains("orders-api.log") && text.contains("thumbnailer"));
}

#[test]
fn an_input_is_never_overwritten() {
    let d = scratch("outputs-input");
    let profile = d.join("p.toml");
    std::fs::copy("samples/http-api-python.toml", &profile).unwrap();
    let before = std::fs::read(&profile).unwrap();
    let p = profile.to_str().unwrap();
    for force in [false, true] {
        let mut a = vec!["estimate", p, "-o", p];
        if force {
            a.push("--force");
        }
        let o = coldcost(&a);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(stderr(&o).contains("input"), "{}", stderr(&o));
        assert_eq!(std::fs::read(&profile).unwrap(), before);
    }
    // The same file under another name is still the input.
    let other = d.join(".").join("p.toml");
    let o = coldcost(&["estimate", p, "-o", other.to_str().unwrap(), "--force"]);
    assert_eq!(o.status.code(), Some(1));
    // ingest --calibrate into the log it reads.
    let log = d.join("in.log");
    std::fs::copy("samples/exports/orders-api.log", &log).unwrap();
    let before = std::fs::read(&log).unwrap();
    let l = log.to_str().unwrap();
    let o = coldcost(&[
        "ingest",
        l,
        "--calibrate",
        l,
        "--runtime",
        "python3.12",
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(std::fs::read(&log).unwrap(), before);
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn an_existing_file_needs_force() {
    let d = scratch("outputs-force");
    let out = d.join("out.json");
    let cal = d.join("cal.toml");
    for f in [&out, &cal] {
        std::fs::write(f, "precious").unwrap();
    }
    let o = coldcost(&[
        "estimate",
        "samples/http-api-python.toml",
        "--format",
        "json",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "precious");
    let o = coldcost(&[
        "ingest",
        "samples/exports/orders-api.log",
        "--calibrate",
        cal.to_str().unwrap(),
        "--runtime",
        "python3.12",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&cal).unwrap(), "precious");
    // With --force both are replaced, and nothing temporary is left behind.
    let o = coldcost(&[
        "estimate",
        "samples/http-api-python.toml",
        "--format",
        "json",
        "--draws",
        "0",
        "-o",
        out.to_str().unwrap(),
        "--force",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["schema"], "coldcost.report/1");
    let o = coldcost(&[
        "ingest",
        "samples/exports/orders-api.log",
        "--calibrate",
        cal.to_str().unwrap(),
        "--runtime",
        "python3.12",
        "--force",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read_to_string(&cal).unwrap().contains("runtime"));
    let left: Vec<_> = std::fs::read_dir(&d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    let _ = std::fs::remove_dir_all(&d);
}

#[cfg(unix)]
#[test]
fn a_killed_write_leaves_the_old_file_whole() {
    let d = scratch("outputs-kill");
    let out = d.join("big.log");
    std::fs::write(&out, "the good old report\n").unwrap();
    // ~100 MB of generated log takes well over the 300 ms we wait before SIGKILL.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_coldcost"))
        .args([
            "generate",
            "--invocations",
            "700000",
            "--force",
            "-o",
            out.to_str().unwrap(),
        ])
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let finished_already = child.try_wait().unwrap().is_some();
    child.kill().unwrap();
    let _ = child.wait();
    if !finished_already {
        assert_eq!(
            std::fs::read_to_string(&out).unwrap(),
            "the good old report\n"
        );
    }
    assert!(
        !finished_already,
        "the write finished before the kill: make it bigger"
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn one_invocation_a_month_is_one_cold_start_on_every_shape() {
    let d = scratch("outputs-one");
    for pattern in ["steady", "diurnal", "business-hours", "bursty", "schedule"] {
        for (n, want) in [(1u64, 1u64), (0, 0)] {
            let p = d.join(format!("{pattern}-{n}.toml"));
            std::fs::write(
                &p,
                format!("name = \"one\"\nruntime = \"python3.12\"\n[traffic]\nmonthly_invocations = {n}\npattern = \"{pattern}\"\n"),
            )
            .unwrap();
            let o = coldcost(&[
                "estimate",
                p.to_str().unwrap(),
                "--format",
                "json",
                "--draws",
                "0",
            ]);
            assert!(o.status.success(), "{}", stderr(&o));
            let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
            assert_eq!(
                v["profiles"][0]["cold_starts"].as_u64(),
                Some(want),
                "{pattern} at {n} a month"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn names_of_any_length_render_and_draws_have_a_ceiling() {
    let d = scratch("outputs-long");
    let name = "x".repeat(65_536);
    let p = d.join("long.toml");
    std::fs::write(&p, format!("name = \"{name}\"\nruntime = \"python3.12\"\n")).unwrap();
    for f in FORMATS {
        let o = coldcost(&[
            "estimate",
            p.to_str().unwrap(),
            "--format",
            f,
            "--draws",
            "20",
        ]);
        assert!(o.status.success(), "{f}: {}", stderr(&o));
        if f == "table" {
            assert!(stdout(&o).lines().all(|l| l.chars().count() < 1000));
        }
    }
    let o = coldcost(&[
        "ingest",
        "samples/exports/orders-api.log",
        "--function",
        &name,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    for draws in ["18446744073709551615", "1000000000", "100001"] {
        let o = coldcost(&["estimate", p.to_str().unwrap(), "--draws", draws]);
        assert_eq!(o.status.code(), Some(2), "--draws {draws}");
        assert!(stderr(&o).contains("100000"), "{}", stderr(&o));
    }
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn the_help_examples_run() {
    // The top-level help's examples name files that exist and parse.
    let o = coldcost(&["--help"]);
    let help = stdout(&o);
    assert!(help.contains("samples/*-python.toml"), "{help}");
    let pythons: Vec<String> = std::fs::read_dir("samples")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with("-python.toml"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let mut a: Vec<&str> = vec!["estimate"];
    a.extend(pythons.iter().map(String::as_str));
    a.extend(["--format", "markdown", "--draws", "0"]);
    let o = coldcost(&a);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(Path::new("samples/budget.toml").exists());
}

#[test]
fn a_tie_reads_the_same_and_alternatives_are_never_added_up() {
    let d = scratch("outputs-tie");
    let twin = d.join("twin.toml");
    let text = std::fs::read_to_string("samples/http-api-node.toml").unwrap();
    let renamed: String = text
        .lines()
        .map(|l| {
            if l.starts_with("name =") {
                "name = \"twin\"".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&twin, renamed).unwrap();
    let o = coldcost(&[
        "compare",
        "samples/http-api-node.toml",
        twin.to_str().unwrap(),
        "--draws",
        "100",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("cost the same"), "{out}");
    assert!(!out.contains("$0.00 / month less"), "{out}");
    assert!(
        !out.contains("Total:") && !out.contains("sum of the alternatives"),
        "{out}"
    );
    assert!(out.contains("not added up"), "{out}");
    // The band is explained: its p50 is the median of the draws, not the point estimate.
    assert!(out.contains("median of the draws"), "{out}");
    let _ = std::fs::remove_dir_all(&d);
}
