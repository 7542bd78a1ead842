//! Progress bars go to stderr only when it is a terminal: off a terminal (a pipe, a file, CI) stderr holds exactly
//! what it held before the bars existed, even when the bar would show at once; on a pseudo-terminal the bar is
//! drawn and cleared at the end.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::scratch;
use std::process::{Command, Output};

/// Runs coldcost with the progress delay set to `delay_ms` (unset: the default second).
fn run(args: &[&str], delay_ms: Option<&str>) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_coldcost"));
    c.args(args).current_dir(env!("CARGO_MANIFEST_DIR"));
    match delay_ms {
        Some(d) => c.env("COLDCOST_PROGRESS_DELAY_MS", d),
        None => c.env_remove("COLDCOST_PROGRESS_DELAY_MS"),
    };
    c.output().expect("run coldcost")
}

#[test]
fn off_a_terminal_stderr_holds_no_progress() {
    let dir = scratch("progress-off");
    let book = dir.join("book.toml");
    let book = book.to_str().unwrap();
    // Each command, a failing one too: the same stderr whether the bar would show at once or after a second.
    let cases: &[&[&str]] = &[
        &["ingest", "samples/exports/orders-api.log"],
        &[
            "ingest",
            "samples/exports/orders-api.log",
            "samples/exports/missing.log",
        ],
        &[
            "sweep",
            "samples/http-api-python.toml",
            "--memory",
            "128..1024:128",
        ],
        &["compare"],
        &["estimate", "samples/http-api-python.toml"],
        &["budget", "samples/budget.toml"],
        &["remedies", "samples/http-api-python.toml"],
        &[
            "pricing",
            "import",
            "tests/data/pricing/AWSLambda.json.gz",
            "-o",
            book,
            "--force",
        ],
    ];
    for args in cases {
        let quick = run(args, Some("0"));
        let usual = run(args, None);
        let err = String::from_utf8_lossy(&quick.stderr);
        assert_eq!(quick.stderr, usual.stderr, "{args:?}");
        assert_eq!(quick.stdout, usual.stdout, "{args:?}");
        assert!(
            !err.contains(['\r', '\u{1b}', '█', '▏']) && !err.contains("[="),
            "{args:?}: progress drawn off a terminal: {err:?}"
        );
    }
    // The commands that print nothing on stderr when all is well still print nothing.
    for args in [
        &[
            "sweep",
            "samples/http-api-python.toml",
            "--memory",
            "128..1024:128",
        ][..],
        &["compare"][..],
        &["ingest", "samples/exports/orders-api.log"][..],
    ] {
        let o = run(args, Some("0"));
        assert!(o.status.success(), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&o.stderr), "", "{args:?}");
    }
}

#[test]
fn on_a_terminal_the_bar_is_drawn_and_cleared() {
    // util-linux `script` gives the command a pseudo-terminal; without it there is nothing to check here.
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: no `script` to make a pseudo-terminal");
        return;
    }
    let bin = env!("CARGO_BIN_EXE_coldcost");
    let cmd = format!(
        "COLDCOST_PROGRESS_DELAY_MS=0 {bin} sweep samples/http-api-python.toml --memory 128..3008:64 > /dev/null"
    );
    let o = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run script");
    let tty = String::from_utf8_lossy(&o.stdout);
    if !o.status.success() && tty.is_empty() {
        eprintln!("skipped: `script` could not make a pseudo-terminal here");
        return;
    }
    assert!(o.status.success(), "{tty}");
    assert!(
        tty.contains("settings"),
        "no bar drawn on a terminal: {tty:?}"
    );
    // The last thing written clears the line: no half-drawn bar is left.
    assert!(
        tty.trim_end_matches(['\r', '\n']).ends_with("\u{1b}[2K"),
        "bar not cleared: {:?}",
        &tty[tty.len().saturating_sub(200)..]
    );
}
