//! Snapshots of every command × format on the built-in samples: the exact bytes each renders, under fixed rules
//! (`--as-of`) and seeds. A change to any output shows up here as a diff to review; after checking it, refresh with
//! `COLDCOST_UPDATE_SNAPSHOTS=1 cargo test --release --test snapshots` and commit the files in `tests/snapshots/`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{coldcost, stderr};
use std::path::Path;

const AS_OF: [&str; 2] = ["--as-of", "2026-11-01"];

/// (snapshot name, arguments, formats).
fn cases() -> Vec<(&'static str, Vec<&'static str>, &'static [&'static str])> {
    const ALL: &[&str] = &["table", "markdown", "csv", "json", "svg", "html"];
    const NO_SVG: &[&str] = &["table", "markdown", "csv", "json", "html"];
    vec![
        (
            "estimate",
            vec!["estimate", "samples/http-api-python.toml", "--draws", "200"],
            ALL,
        ),
        ("compare", vec!["compare", "--draws", "200"], ALL),
        (
            "budget",
            vec!["budget", "samples/budget.toml", "--draws", "200"],
            ALL,
        ),
        (
            "sweep",
            vec![
                "sweep",
                "samples/http-api-python.toml",
                "--memory",
                "512..2048:512",
            ],
            ALL,
        ),
        (
            "remedies",
            vec!["remedies", "samples/cron-python.toml"],
            ALL,
        ),
        (
            "ingest-log",
            vec!["ingest", "samples/exports/orders-api.log"],
            NO_SVG,
        ),
        (
            "ingest-cur",
            vec!["ingest", "samples/exports/cur2.csv"],
            NO_SVG,
        ),
        (
            "ingest-usage",
            vec!["ingest", "samples/exports/usage.csv"],
            NO_SVG,
        ),
    ]
}

fn extension(format: &str) -> &str {
    match format {
        "table" => "txt",
        "markdown" => "md",
        other => other,
    }
}

#[test]
fn every_command_and_format_matches_its_snapshot() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let update = std::env::var_os("COLDCOST_UPDATE_SNAPSHOTS").is_some();
    let mut stale = Vec::new();
    for (name, args, formats) in cases() {
        for f in formats.iter().copied() {
            let mut a = args.clone();
            a.extend(AS_OF);
            a.extend(["--format", f]);
            let o = coldcost(&a);
            assert!(o.status.success(), "{a:?}: {}", stderr(&o));
            let file = dir.join(format!("{name}.{}", extension(f)));
            if update {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&file, &o.stdout).unwrap();
                continue;
            }
            let want = std::fs::read(&file).unwrap_or_else(|_| {
                panic!(
                    "{} missing: run with COLDCOST_UPDATE_SNAPSHOTS=1",
                    file.display()
                )
            });
            if want != o.stdout {
                let (w, g) = (
                    String::from_utf8_lossy(&want).into_owned(),
                    String::from_utf8_lossy(&o.stdout).into_owned(),
                );
                let line = w
                    .lines()
                    .zip(g.lines())
                    .position(|(x, y)| x != y)
                    .unwrap_or(w.lines().count().min(g.lines().count()));
                stale.push(format!(
                    "{}: first difference at line {}:\n  want: {}\n  got:  {}",
                    file.display(),
                    line + 1,
                    w.lines().nth(line).unwrap_or("<end>"),
                    g.lines().nth(line).unwrap_or("<end>")
                ));
            }
        }
    }
    assert!(stale.is_empty(), "{}", stale.join("\n"));
}
