//! `coldcost measure` with the real interpreters reproduces the import catalogue (after the machine scale), and
//! fails clearly when the interpreter or a module is missing. The packages come from `.ci/setup-measure`, which
//! this test runs itself when `target/measure-env` is missing; it skips, with a message, only when python3 or node
//! is not installed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use coldcost::init::{ImportEntry, Imports};
use common::{coldcost, scratch};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn has(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The measurement environment (installed once per test run).
fn env_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let status = Command::new(root().join(".ci/setup-measure"))
            .current_dir(root())
            .status()
            .expect("run .ci/setup-measure");
        assert!(status.success(), ".ci/setup-measure failed");
        root().join("target/measure-env")
    })
}

fn measure_json(args: &[&str]) -> Value {
    let o = coldcost(args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

/// The measured figure reproduces the catalogue entry when it lies within the range the catalogue's own runs spanned
/// (`local_min_ms..=local_max_ms`), widened by the same 25% tolerance the median gets. The catalogue's runs spread
/// widely on this shared 2-core machine (boto3: 173–282 ms around a 235 ms median), and a median of 7 runs under
/// other load can land just outside 5 earlier runs (172.0 ms was seen while two builds ran): 25% around the median
/// alone failed on such runs. An import not executed, a wrong clock or a wrong scale still fails.
fn assert_reproduces(measured: f64, entry: &ImportEntry, what: &str, v: &Value) {
    let band = (entry.local_min_ms * 0.75)..=(entry.local_max_ms * 1.25);
    assert!(
        band.contains(&measured),
        "{what}: measured {measured:.1} ms (on the catalogue's machine scale) vs catalogue {:.1} ms \
         (its runs {:.1}–{:.1} ms): {v:#}",
        entry.local_ms,
        entry.local_min_ms,
        entry.local_max_ms
    );
}

/// CPU time is reported beside wall time, and the figure is the one of the clock the report names.
fn assert_cpu_beside_wall(v: &Value) {
    let cpu = v["cpu_ms"]["median_ms"].as_f64().unwrap();
    assert!(cpu > 0.0, "{v:#}");
    assert!(v["reference_cpu_ms"]["median_ms"].as_f64().unwrap() > 0.0);
    let figure = v["measured_import_ms"].as_f64().unwrap();
    let on = |key: &str| v[key].as_f64().unwrap();
    match v["basis"]["clock"].as_str().unwrap() {
        "cpu" => assert_eq!(figure, on("measured_import_cpu_ms"), "{v:#}"),
        "wall" => assert_eq!(figure, on("measured_import_wall_ms"), "{v:#}"),
        other => panic!("basis {other}: {v:#}"),
    }
    assert!(!v["basis"]["reason"].as_str().unwrap().is_empty());
}

#[test]
fn measuring_a_project_that_imports_boto3_reproduces_the_catalogue() {
    if !has("python3") {
        eprintln!("SKIPPED: python3 is not installed; the measure test needs a real interpreter");
        return;
    }
    let py = env_dir().join("py/bin/python");
    let dir = scratch("test-boto3");
    std::fs::write(
        dir.join("app.py"),
        "import boto3\n\ndef handler(event, context):\n    return 1\n",
    )
    .unwrap();
    let v = measure_json(&[
        "measure",
        dir.to_str().unwrap(),
        "--runtime",
        "python3.11",
        "--handler",
        "app",
        "--runs",
        "7",
        "--interpreter",
        py.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let imports = Imports::embedded().unwrap();
    let entry = imports
        .python
        .imports
        .iter()
        .find(|e| e.name == "boto3")
        .unwrap();
    assert_eq!(v["dependencies_ms"][0]["name"], "boto3", "{v:#}");
    assert_cpu_beside_wall(&v);
    assert_reproduces(
        v["measured_import_ms"].as_f64().unwrap(),
        entry,
        "boto3",
        &v,
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn measuring_a_project_that_imports_the_s3_client_reproduces_the_catalogue() {
    if !has("node") {
        eprintln!("SKIPPED: node is not installed; the measure test needs a real interpreter");
        return;
    }
    let modules = env_dir().join("node/node_modules");
    let dir = scratch("test-s3");
    std::fs::write(
        dir.join("index.js"),
        "const { S3Client } = require('@aws-sdk/client-s3');\nexports.handler = async () => 1;\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(&modules, dir.join("node_modules")).unwrap();
    let v = measure_json(&[
        "measure",
        dir.to_str().unwrap(),
        "--runtime",
        "nodejs20.x",
        "--handler",
        "./index.js",
        "--runs",
        "7",
        "--format",
        "json",
    ]);
    let imports = Imports::embedded().unwrap();
    let entry = imports
        .node
        .imports
        .iter()
        .find(|e| e.name == "@aws-sdk/client-s3")
        .unwrap();
    assert_eq!(
        v["dependencies_ms"][0]["name"], "@aws-sdk/client-s3",
        "{v:#}"
    );
    assert_cpu_beside_wall(&v);
    assert_reproduces(
        v["measured_import_ms"].as_f64().unwrap(),
        entry,
        "@aws-sdk/client-s3",
        &v,
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_missing_module_or_interpreter_is_one_clear_line_and_exit_1() {
    let dir = scratch("test-missing");
    std::fs::write(dir.join("app.py"), "import no_such_module_xyz\n").unwrap();
    if has("python3") {
        let o = coldcost(&[
            "measure",
            dir.to_str().unwrap(),
            "--runtime",
            "python3.12",
            "--handler",
            "app",
            "--runs",
            "1",
        ]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(
            err.contains("no_such_module_xyz") && err.contains(dir.to_str().unwrap()),
            "{err}"
        );
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    } else {
        eprintln!("SKIPPED (missing module): python3 is not installed");
    }
    let o = coldcost(&[
        "measure",
        dir.to_str().unwrap(),
        "--runtime",
        "python3.12",
        "--handler",
        "app",
        "--interpreter",
        "/nonexistent/python9",
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("/nonexistent/python9") && err.contains("not found"),
        "{err}"
    );
    let o = coldcost(&[
        "measure",
        "/nonexistent/dir",
        "--runtime",
        "nodejs22.x",
        "--handler",
        "./index.js",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/nonexistent/dir"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The runtime whose version the local `program` is, and one whose version it is not.
fn same_and_other_runtime(program: &str) -> (Option<&'static str>, &'static str) {
    let o = Command::new(program).arg("--version").output().unwrap();
    let text = String::from_utf8_lossy(if o.stdout.is_empty() {
        &o.stderr
    } else {
        &o.stdout
    })
    .into_owned();
    let version = text
        .trim()
        .trim_start_matches("Python ")
        .trim_start_matches('v');
    let runtimes: &[(&str, &'static str)] = if program == "node" {
        &[
            ("20.", "nodejs20.x"),
            ("22.", "nodejs22.x"),
            ("24.", "nodejs24.x"),
        ]
    } else {
        &[
            ("3.11.", "python3.11"),
            ("3.12.", "python3.12"),
            ("3.13.", "python3.13"),
            ("3.14.", "python3.14"),
        ]
    };
    let same = runtimes
        .iter()
        .find(|r| version.starts_with(r.0))
        .map(|r| r.1);
    let other = runtimes
        .iter()
        .find(|r| !version.starts_with(r.0))
        .unwrap()
        .1;
    (same, other)
}

#[test]
fn another_interpreter_version_than_the_runtime_s_is_warned_about() {
    for (program, handler, file, code) in [
        ("python3", "app", "app.py", "import json\n"),
        ("node", "./index.js", "index.js", "require('util');\n"),
    ] {
        if !has(program) {
            eprintln!("SKIPPED ({program}): not installed");
            continue;
        }
        let dir = scratch(&format!("version-{program}"));
        std::fs::write(dir.join(file), code).unwrap();
        let (same, other) = same_and_other_runtime(program);
        let args = |runtime: &'static str, format: &'static str| {
            let d = dir.to_str().unwrap().to_string();
            vec![
                "measure".to_string(),
                d,
                "--runtime".into(),
                runtime.into(),
                "--handler".into(),
                handler.into(),
                "--runs".into(),
                "1".into(),
                "--format".into(),
                format.into(),
            ]
        };
        let run = |a: Vec<String>| {
            let a: Vec<&str> = a.iter().map(String::as_str).collect();
            let o = coldcost(&a);
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            String::from_utf8_lossy(&o.stdout).into_owned()
        };
        let v: Value = serde_json::from_str(&run(args(other, "json"))).unwrap();
        let warnings = v["warnings"].as_array().unwrap();
        assert_eq!(warnings.len(), 1, "{v:#}");
        let w = warnings[0].as_str().unwrap();
        assert!(
            w.contains(other) && w.contains(v["interpreter"].as_str().unwrap()),
            "{w}"
        );
        let table = run(args(other, "table"));
        assert!(
            table.contains("Warning: the local interpreter is"),
            "{table}"
        );
        match same {
            Some(same) => {
                let v: Value = serde_json::from_str(&run(args(same, "json"))).unwrap();
                assert_eq!(v["warnings"], serde_json::json!([]), "{v:#}");
            }
            None => eprintln!("({program}: the local version is no Lambda runtime's; only the warning is checked)"),
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn the_help_says_measure_executes_the_package_s_import_code() {
    let o = coldcost(&["measure", "--help"]);
    assert!(o.status.success());
    let help = String::from_utf8_lossy(&o.stdout);
    assert!(
        help.contains("This executes the package's import code")
            && help.contains("--timeout <SECONDS>"),
        "{help}"
    );
}
