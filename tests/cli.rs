//! The binary on real files: the default compare, formats, bad input (one clear line, exit 1), usage errors (exit 2).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{coldcost, stderr, stdout};
use std::process::Command;

#[test]
fn compare_with_no_files_shows_the_builtin_pair_and_init_share() {
    let o = coldcost(&["compare"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("orders-api (Node.js)") && out.contains("orders-api (Python)"),
        "{out}"
    );
    assert!(
        out.contains("INIT share of bill") && out.contains("duration (INIT)"),
        "{out}"
    );
    assert!(out.contains("Cheapest:"), "{out}");
}

#[test]
fn every_sample_pair_runs_in_every_format() {
    for sample in ["http-api", "sdk-worker", "data-job", "cron"] {
        for format in ["table", "markdown", "csv", "json"] {
            let o = coldcost(&["compare", "--sample", sample, "--format", format]);
            assert!(o.status.success(), "{sample} {format}: {}", stderr(&o));
            assert!(!stdout(&o).is_empty());
        }
    }
}

#[test]
fn json_has_the_design_contract_fields() {
    let o = coldcost(&[
        "estimate",
        "samples/http-api-node.toml",
        "samples/http-api-python.toml",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["schema"], "coldcost.report/1");
    assert!(v["pricing"]["source"].is_string() && v["pricing"]["as_of"].is_string());
    assert!(v["total_usd"].is_number());
    let profiles = v["profiles"].as_array().expect("profiles");
    assert_eq!(profiles.len(), 2);
    let mut sum = 0.0;
    for p in profiles {
        for key in [
            "name",
            "invocations",
            "cold_starts",
            "cold_start_rate",
            "line_items",
            "total_usd",
        ] {
            assert!(!p[key].is_null(), "missing {key}");
        }
        assert!(p["init_ms"]["p50"].is_number() && p["init_ms"]["p95"].is_number());
        for l in p["line_items"].as_array().expect("lines") {
            for key in ["item", "quantity", "unit", "usd"] {
                assert!(!l[key].is_null(), "line missing {key}");
            }
        }
        sum += p["total_usd"].as_f64().expect("total");
    }
    // Pooled: profile shares add up to the account total (to the cent, allowing one cent per profile of rounding).
    assert!(
        (sum - v["total_usd"].as_f64().expect("total")).abs() <= 0.021,
        "{sum} vs {}",
        v["total_usd"]
    );
}

#[test]
fn as_of_before_and_after_init_billing() {
    let before = coldcost(&[
        "compare",
        "--sample",
        "data-job",
        "--as-of",
        "2025-07-31",
        "--format",
        "json",
    ]);
    let after = coldcost(&[
        "compare",
        "--sample",
        "data-job",
        "--as-of",
        "2025-08-01",
        "--format",
        "json",
    ]);
    let b: serde_json::Value = serde_json::from_slice(&before.stdout).expect("json");
    let a: serde_json::Value = serde_json::from_slice(&after.stdout).expect("json");
    assert_eq!(b["profiles"][1]["init_billing"], "free");
    assert_eq!(a["profiles"][1]["init_billing"], "billed");
    // Alternatives are not added up: the Python profile's own bill rises.
    assert!(a["total_usd"].is_null() && b["total_usd"].is_null());
    assert!(a["profiles"][1]["total_usd"].as_f64() > b["profiles"][1]["total_usd"].as_f64());
}

fn assert_bad(file: &str, needles: &[&str]) {
    let o = coldcost(&["estimate", file]);
    assert_eq!(o.status.code(), Some(1), "{file}: {}", stderr(&o));
    let err = stderr(&o);
    assert!(err.starts_with("Error: "), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(!err.contains("panicked"), "{err}");
    for n in needles {
        assert!(err.contains(n), "{file}: expected `{n}` in: {err}");
    }
}

#[test]
fn bad_profiles_name_file_and_field() {
    assert_bad(
        "tests/data/bad/missing-name.toml",
        &["missing-name.toml", "missing required field `name`"],
    );
    assert_bad(
        "tests/data/bad/negative-memory.toml",
        &[
            "negative-memory.toml:3",
            "memory_mb",
            "-512",
            "128 to 10240",
        ],
    );
    assert_bad(
        "tests/data/bad/unknown-runtime.toml",
        &[
            "unknown-runtime.toml:2",
            "runtime",
            "python2.7",
            "python3.13",
        ],
    );
    assert_bad("tests/data/bad/malformed.toml", &["malformed.toml:3"]);
    assert_bad(
        "tests/data/bad/unknown-region.toml",
        &["unknown-region.toml", "mars-north-1", "us-east-1"],
    );
    assert_bad(
        "tests/data/bad/unknown-key.toml",
        &["unknown-key.toml:3", "memroy_mb"],
    );
    assert_bad(
        "tests/data/bad/snapstart-node.toml",
        &["snapstart-node.toml", "SnapStart", "nodejs22.x"],
    );
    assert_bad("tests/data/does-not-exist.toml", &["does-not-exist.toml"]);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(coldcost(&["estimate"]).status.code(), Some(2));
    assert_eq!(
        coldcost(&["compare", "--as-of", "2025-13-01"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        coldcost(&["compare", "--format", "yaml"]).status.code(),
        Some(2)
    );
}

#[test]
fn unknown_sample_and_pricing_file_errors() {
    // A flag's value: a usage error (exit 2); a file's content: exit 1.
    let o = coldcost(&["compare", "--sample", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("http-api"));
    let o = coldcost(&["compare", "--pricing", "tests/data/bad/malformed.toml"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("malformed.toml"), "{}", stderr(&o));
}

#[test]
fn profile_from_stdin_and_output_file() {
    use std::io::Write;
    let dir = std::env::temp_dir().join(format!("coldcost-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let out = dir.join("r.md");
    let mut child = Command::new(env!("CARGO_BIN_EXE_coldcost"))
        .args(["estimate", "-", "--format", "markdown", "--output"])
        .arg(&out)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(include_bytes!("../samples/cron-python.toml"))
        .expect("write");
    assert!(child.wait().expect("wait").success());
    let md = std::fs::read_to_string(&out).expect("report");
    assert!(md.contains("# Lambda cost estimate") && md.contains("partner-poll (Python)"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn broken_pipe_exits_quietly() {
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_coldcost"))
        .args(["compare", "--format", "json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take()); // close the read end before it writes
    let o = child.wait_with_output().expect("wait");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
}

#[test]
fn a_report_notes_the_runtimes_lifecycle_as_of_its_date() {
    let dir = common::scratch("runtime-lifecycle");
    let profile = |runtime: &str| {
        let p = dir.join(format!("{runtime}.toml"));
        std::fs::write(
            &p,
            format!(
                "name = \"x\"\nruntime = \"{runtime}\"\nmemory_mb = 512\n[handler]\nduration_ms = 100\n[traffic]\nmonthly_invocations = 1000000\n"
            ),
        )
        .unwrap();
        p.display().to_string()
    };
    let notes = |runtime: &str, as_of: &str| {
        let o = coldcost(&[
            "estimate",
            &profile(runtime),
            "--as-of",
            as_of,
            "--format",
            "json",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        v["profiles"][0]["notes"].to_string()
    };
    // nodejs20.x: deprecated 2026-04-30, creation blocked 2026-08-31, updates 2026-09-30 (AWS's runtime table).
    assert!(
        notes("nodejs20.x", "2026-01-15").contains("will be deprecated on 2026-04-30 (105 days")
    );
    assert!(notes("nodejs20.x", "2026-06-01")
        .contains("deprecated since 2026-04-30 (no more security patches)"));
    assert!(notes("nodejs20.x", "2026-09-01")
        .contains("new functions cannot be created on it since 2026-08-31"));
    assert!(notes("nodejs20.x", "2026-12-03").contains("neither created nor updated"));
    assert!(!notes("python3.13", "2026-12-03").contains("deprecat"));
    assert!(notes("nodejs24.x", "2025-10-01").contains("not yet available on Lambda"));
    // A runtime AWS retired before coldcost's catalogue begins: refused, with its dates.
    let o = coldcost(&["estimate", &profile("nodejs18.x")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("nodejs18.x was deprecated on 2025-09-01"),
        "{}",
        stderr(&o)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn completions_and_manual_pages_come_from_the_command_line_itself() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let o = coldcost(&["completions", shell]);
        assert!(o.status.success(), "{shell}: {}", stderr(&o));
        let script = stdout(&o);
        for word in ["coldcost", "estimate", "ingest", "as-of"] {
            assert!(script.contains(word), "{shell}: no {word}");
        }
    }
    // The bash script parses.
    let dir = common::scratch("shell");
    let bash = dir.join("coldcost.bash");
    std::fs::write(&bash, stdout(&coldcost(&["completions", "bash"]))).unwrap();
    let check = Command::new("bash").arg("-n").arg(&bash).output().unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert_eq!(coldcost(&["completions", "tcsh"]).status.code(), Some(2));
    // The main page to stdout; one page per command into a directory, not over existing pages without --force.
    let page = stdout(&coldcost(&["man"]));
    assert!(
        page.starts_with(".ie") && page.contains(".TH coldcost 1") && page.contains("estimate"),
        "{page}"
    );
    let pages = dir.join("man1");
    let d = pages.display().to_string();
    let o = coldcost(&["man", "--dir", &d]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut written: Vec<String> = std::fs::read_dir(&pages)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert!(
        written.contains(&"coldcost.1".to_string())
            && written.contains(&"coldcost-ingest.1".to_string()),
        "{written:?}"
    );
    let ingest = std::fs::read_to_string(pages.join("coldcost-ingest.1")).unwrap();
    assert!(
        ingest.contains("coldcost\\-ingest") && ingest.contains("skip\\-bad\\-rows"),
        "{ingest}"
    );
    let again = coldcost(&["man", "--dir", &d]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("--force"), "{}", stderr(&again));
    assert!(coldcost(&["man", "--dir", &d, "--force"]).status.success());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn volumes_read_the_same_way_in_every_command() {
    let invocations = |args: &[&str]| {
        let o = coldcost(args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        v["profiles"][0]["invocations"].as_u64().unwrap()
    };
    for n in [
        "30000000",
        "30_000_000",
        "30,000,000",
        "3e7",
        "30M",
        "0.03B",
    ] {
        assert_eq!(
            invocations(&["compare", "--invocations", n, "--format", "json"]),
            30_000_000,
            "{n}"
        );
    }
    let o = coldcost(&[
        "sweep",
        "samples/http-api-node.toml",
        "--invocations",
        "1M,1.5B",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("1500000000"), "{}", stdout(&o));
    let o = coldcost(&["generate", "--invocations", "2k"]);
    assert_eq!(
        stdout(&o).lines().filter(|l| l.contains("REPORT")).count(),
        2_000
    );
    // A volume that is not one is a usage error, exit 2, in each.
    for args in [
        &["compare", "--invocations", "30X"][..],
        &[
            "sweep",
            "samples/http-api-node.toml",
            "--invocations",
            "1M,,2M",
        ][..],
        &["generate", "--invocations", "-5"][..],
        &[
            "profiles",
            "samples",
            "-o",
            "/tmp/x",
            "--invocations",
            "1.5",
        ][..],
    ] {
        common::usage_error(args);
    }
}

#[test]
fn a_bad_region_flag_blames_the_flag_and_a_date_outside_the_prices_warns() {
    for args in [
        &["estimate", "samples/http-api-node.toml"][..],
        &["compare"][..],
        &["sweep", "samples/http-api-node.toml", "--arch", "both"][..],
        &["remedies", "samples/http-api-node.toml"][..],
        &["ingest", "tests/data/ingest/reference.log"][..],
    ] {
        let mut a = args.to_vec();
        a.extend(["--region", "mars-1"]);
        let err = common::usage_error(&a);
        assert!(
            err.starts_with("error: --region: no prices for region `mars-1`")
                && !err.contains("samples/"),
            "{a:?}: {err}"
        );
    }
    let o = coldcost(&[
        "estimate",
        "samples/http-api-node.toml",
        "--as-of",
        "2020-01-01",
    ]);
    assert!(o.status.success());
    assert!(
        stderr(&o).contains("warning: --as-of 2020-01-01 is before the dates of"),
        "{}",
        stderr(&o)
    );
    let o = coldcost(&[
        "estimate",
        "samples/http-api-node.toml",
        "--as-of",
        "2026-12-01",
    ]);
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
}

#[test]
fn arch_means_the_same_in_every_command() {
    let arch_of = |args: &[&str]| {
        let o = coldcost(args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        v["profiles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["architecture"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    // The samples are arm64; --arch puts every profile on the one given, in estimate and compare alike.
    assert_eq!(
        arch_of(&[
            "estimate",
            "samples/http-api-node.toml",
            "--arch",
            "x86_64",
            "--format",
            "json"
        ]),
        ["x86_64"]
    );
    assert_eq!(
        arch_of(&["compare", "--arch", "x86_64", "--format", "json"]),
        ["x86_64", "x86_64"]
    );
    // sweep: one architecture applies to the profile as elsewhere; `both` is the architecture sweep.
    let o = coldcost(&[
        "sweep",
        "samples/http-api-node.toml",
        "--memory",
        "512,1024",
        "--arch",
        "x86_64",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("x86_64") && !stdout(&o).contains("arm64"),
        "{}",
        stdout(&o)
    );
    let o = coldcost(&["sweep", "samples/http-api-node.toml", "--arch", "both"]);
    assert!(o.status.success() && stdout(&o).contains("arm64") && stdout(&o).contains("x86_64"));
    // Usage errors, exit 2: `both` outside sweep, both with another sweep axis, an unknown architecture.
    for args in [
        &["estimate", "samples/http-api-node.toml", "--arch", "both"][..],
        &[
            "sweep",
            "samples/http-api-node.toml",
            "--memory",
            "512",
            "--arch",
            "both",
        ][..],
        &["compare", "--arch", "mips"][..],
        &[
            "ingest",
            "tests/data/ingest/reference.log",
            "--arch",
            "mips",
        ][..],
    ] {
        common::usage_error(args);
    }
}

#[test]
fn a_bad_flag_value_is_a_usage_error_in_every_command() {
    for args in [
        &["sweep", "samples/http-api-node.toml"][..],
        &["sweep", "samples/http-api-node.toml", "--memory", "5..1"][..],
        &["sweep", "samples/http-api-node.toml", "--memory", "64"][..],
        &["compare", "--sample", "nope"][..],
        &["generate", "--cold-share", "2"][..],
        &[
            "simulate",
            "--rate",
            "1",
            "--warm-s",
            "1",
            "--cold-s",
            "1",
            "--seconds",
            "10",
            "--precision",
            "5",
        ][..],
        &[
            "simulate",
            "--rate",
            "-1",
            "--warm-s",
            "1",
            "--cold-s",
            "1",
            "--seconds",
            "10",
        ][..],
        &["estimate", "samples/http-api-node.toml", "--format", "svgz"][..],
        &[
            "estimate",
            "samples/http-api-node.toml",
            "--as-of",
            "2025-13-01",
        ][..],
    ] {
        common::usage_error(args);
    }
}
