//! `coldcost measure` executes the package's import code: an import that never ends is stopped at `--timeout`
//! (Python and Node.js alike), nothing the import starts survives coldcost (after a normal run or an interrupt),
//! and a module that prints tens of megabytes costs coldcost no memory. Each test skips, with a message, when its
//! interpreter is not installed.
#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::scratch;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn has(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn measure(dir: &Path, runtime: &str, handler: &str, extra: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_coldcost"));
    c.args(["measure", dir.to_str().unwrap(), "--runtime", runtime])
        .args(["--handler", handler, "--runs", "1"])
        .args(extra);
    c
}

/// Whether `pid` is a live process (a zombie waiting for its parent to reap it is not).
fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            s.rsplit_once(')')
                .map(|(_, rest)| rest.trim_start().starts_with(['R', 'S', 'D', 'T', 't']))
        })
        .unwrap_or(false)
}

/// The pids the test module wrote to `dir/pids`, one a line.
fn pids(dir: &Path) -> Vec<u32> {
    std::fs::read_to_string(dir.join("pids"))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.trim().parse().ok())
        .collect()
}

fn assert_all_gone(pids: &[u32]) {
    // SIGKILL is immediate, but the kernel may take a moment to tear a process down.
    let deadline = Instant::now() + Duration::from_secs(5);
    while pids.iter().any(|p| alive(*p)) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let left: Vec<&u32> = pids.iter().filter(|p| alive(**p)).collect();
    assert!(left.is_empty(), "still running after coldcost: {left:?}");
}

/// Runs `cmd`, killing it if it is still running after `limit` (then the test fails instead of hanging).
fn output_within(mut cmd: Command, limit: Duration) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + limit;
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let o = child.wait_with_output().unwrap();
            panic!(
                "still running after {limit:?}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// Exit 1 with a message naming the module and the limit (2 s), and nothing the import started left running.
fn assert_timed_out(o: &Output, module: &str, dir: &Path) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("`{module}`")) && err.contains("2 s time limit"),
        "{err}"
    );
    let started = pids(dir);
    assert!(!started.is_empty(), "the module never ran");
    assert_all_gone(&started);
}

#[test]
fn a_python_import_that_never_ends_is_stopped_at_the_timeout() {
    if !has("python3") {
        eprintln!("SKIPPED: python3 is not installed");
        return;
    }
    let dir = scratch("contain-py-sleep");
    std::fs::write(
        dir.join("app.py"),
        "import os, time\nopen(os.path.join(os.path.dirname(__file__), 'pids'), 'a').write('%d\\n' % os.getpid())\n\
         time.sleep(10**6)\n",
    )
    .unwrap();
    let cmd = measure(&dir, "python3.12", "app", &["--timeout", "2"]);
    // The limit is 2 s a run; the watchdog only tells a stop from a hang.
    assert_timed_out(&output_within(cmd, Duration::from_secs(60)), "app", &dir);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_node_module_that_spins_forever_is_stopped_at_the_timeout() {
    if !has("node") {
        eprintln!("SKIPPED: node is not installed");
        return;
    }
    let dir = scratch("contain-node-spin");
    std::fs::write(
        dir.join("index.js"),
        "require('fs').appendFileSync(__dirname + '/pids', process.pid + '\\n');\nfor (;;) {}\n",
    )
    .unwrap();
    let cmd = measure(&dir, "nodejs22.x", "./index.js", &["--timeout", "2"]);
    assert_timed_out(
        &output_within(cmd, Duration::from_secs(60)),
        "./index.js",
        &dir,
    );
    let _ = std::fs::remove_dir_all(&dir);
}

const PY_DAEMON: &str = "import os, subprocess\n\
p = subprocess.Popen(['sleep', '1000'], start_new_session=False)\n\
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'pids'), 'a') as f:\n    \
    f.write('%d\\n%d\\n' % (p.pid, os.getpid()))\n";

const NODE_DAEMON: &str = "const { spawn } = require('child_process');\n\
const p = spawn('sleep', ['1000'], { stdio: 'ignore' });\n\
require('fs').appendFileSync(__dirname + '/pids', p.pid + '\\n' + process.pid + '\\n');\n";

#[test]
fn a_daemon_the_import_starts_does_not_survive_the_measurement() {
    for (program, runtime, handler, file, code) in [
        ("python3", "python3.12", "app", "app.py", PY_DAEMON),
        ("node", "nodejs22.x", "./index.js", "index.js", NODE_DAEMON),
    ] {
        if !has(program) {
            eprintln!("SKIPPED ({program}): not installed");
            continue;
        }
        let dir = scratch(&format!("daemon-{program}"));
        std::fs::write(dir.join(file), code).unwrap();
        let o = measure(&dir, runtime, handler, &[]).output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let started = pids(&dir);
        // The warm-up and the measured run each started one daemon.
        assert_eq!(started.len(), 4, "{started:?}");
        assert_all_gone(&started);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn an_interrupted_measure_leaves_no_process_behind() {
    if !has("python3") {
        eprintln!("SKIPPED: python3 is not installed");
        return;
    }
    for signal in ["INT", "TERM"] {
        let dir = scratch(&format!("interrupt-{signal}"));
        std::fs::write(
            dir.join("app.py"),
            format!("{PY_DAEMON}import time\ntime.sleep(1000)\n"),
        )
        .unwrap();
        let mut child = measure(&dir, "python3.12", "app", &[])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        while pids(&dir).len() < 2 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        let started = pids(&dir);
        assert_eq!(started.len(), 2, "the import never started: {started:?}");
        let sent = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(child.id().to_string())
            .status()
            .unwrap();
        assert!(sent.success());
        let deadline = Instant::now() + Duration::from_secs(10);
        let status = loop {
            if let Some(s) = child.try_wait().unwrap() {
                break s;
            }
            assert!(Instant::now() < deadline, "coldcost ignored SIG{signal}");
            std::thread::sleep(Duration::from_millis(20));
        };
        // Ended by the signal itself, as without the handlers.
        let number = if signal == "INT" { 2 } else { 15 };
        assert_eq!(
            std::os::unix::process::ExitStatusExt::signal(&status),
            Some(number),
            "SIG{signal}: {status:?}"
        );
        assert_all_gone(&started);
        // The runs stopped and removed their scratch directories and the reference package.
        let pid = child.id();
        let left: Vec<String> = std::fs::read_dir(std::env::temp_dir())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| {
                n.starts_with(&format!("coldcost-measure-{pid}-"))
                    || *n == format!("coldcost-reference-{pid}")
            })
            .collect();
        assert!(left.is_empty(), "left behind: {left:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// coldcost's own peak resident memory while `cmd` runs, kB (VmHWM, sampled until it exits).
fn peak_rss_kb(mut cmd: Command) -> (Output, u64) {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    // Read the pipes on threads so coldcost never blocks on them.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || {
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut b).map(|_| b)
    });
    let t_err = std::thread::spawn(move || {
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut b).map(|_| b)
    });
    let mut peak = 0;
    while child.try_wait().unwrap().is_none() {
        let hwm = std::fs::read_to_string(&status_file)
            .unwrap_or_default()
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0);
        peak = peak.max(hwm);
        std::thread::sleep(Duration::from_millis(10));
    }
    let status = child.wait().unwrap();
    let stdout = t_out.join().unwrap().unwrap();
    let stderr = t_err.join().unwrap().unwrap();
    (
        Output {
            status,
            stdout,
            stderr,
        },
        peak,
    )
}

#[test]
fn a_module_printing_50_mb_costs_coldcost_no_memory() {
    // 50 MiB on stdout and 50 MiB on stderr, a MiB at a time, in each run. Python's go to the timing script,
    // which keeps only the importtime rows; Node.js's come to coldcost, which keeps 1 MiB of each.
    let cases = [
        (
            "python3",
            "python3.12",
            "app",
            "app.py",
            "import sys\nchunk = 'x' * (1 << 20)\nfor _ in range(50):\n    \
             sys.stdout.write(chunk + '\\n')\n    sys.stderr.write(chunk + '\\n')\n",
        ),
        (
            "node",
            "nodejs22.x",
            "./index.js",
            "index.js",
            // Written synchronously: process.stdout's pipe writes are asynchronous, and the measuring script
            // exits right after loading, which would drop most of them unwritten.
            "const fs = require('fs');\nconst chunk = 'x'.repeat(1 << 20) + '\\n';\n\
             for (let i = 0; i < 50; i++) {\n  fs.writeSync(1, chunk);\n  fs.writeSync(2, chunk);\n}\n",
        ),
    ];
    for (program, runtime, handler, file, code) in cases {
        if !has(program) {
            eprintln!("SKIPPED ({program}): not installed");
            continue;
        }
        let dir = scratch(&format!("chatty-{program}"));
        std::fs::write(dir.join(file), code).unwrap();
        let (o, peak_kb) = peak_rss_kb(measure(&dir, runtime, handler, &["--format", "json"]));
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert!(v["measured_import_ms"].as_f64().unwrap() > 0.0, "{v:#}");
        // Kept whole, one run's output alone would be 100 MiB; capped, coldcost keeps 1 MiB of each stream.
        eprintln!("{program}: coldcost peaked at {peak_kb} kB");
        assert!(
            peak_kb > 0 && peak_kb < 40 * 1024,
            "{program}: coldcost peaked at {peak_kb} kB"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn a_node_package_whose_name_ends_in_js_is_loaded_as_a_package() {
    if !has("node") {
        eprintln!("SKIPPED: node is not installed");
        return;
    }
    // bignumber.js-style: a package named like a file; no file of that name in the folder.
    let dir = scratch("contain-node-dotjs");
    let pkg = dir.join("node_modules/fake.js");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(
        pkg.join("package.json"),
        r#"{"name": "fake.js", "main": "main.js"}"#,
    )
    .unwrap();
    std::fs::write(pkg.join("main.js"), "module.exports = 42;\n").unwrap();
    let o = output_within(
        measure(&dir, "nodejs22.x", "fake.js", &["--format", "json"]),
        Duration::from_secs(60),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["measured_import_ms"].as_f64().unwrap() >= 0.0, "{v}");
    // A file of that name, when there is one, is still the file (./-less paths keep working).
    std::fs::write(
        dir.join("fake.js"),
        "throw new Error('the file, not the package');\n",
    )
    .unwrap();
    let o = output_within(
        measure(&dir, "nodejs22.x", "fake.js", &["--format", "json"]),
        Duration::from_secs(60),
    );
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("the file, not the package"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn catalog_imports_stops_an_endless_import_at_its_timeout() {
    if !has("python3") {
        eprintln!("SKIPPED: python3 is not installed");
        return;
    }
    let dir = scratch("contain-catalog-sleep");
    std::fs::write(
        dir.join("endless.py"),
        "import os, time\nopen(os.path.join(os.path.dirname(__file__), 'pids'), 'a').write('%d\\n' % os.getpid())\n\
         time.sleep(10**6)\n",
    )
    .unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_coldcost"));
    cmd.args(["catalog", "imports", "--runtime", "python3.12", "--dir"])
        .arg(&dir)
        .args(["--runs", "1", "--timeout", "2", "endless"]);
    assert_timed_out(
        &output_within(cmd, Duration::from_secs(60)),
        "endless",
        &dir,
    );
    let _ = std::fs::remove_dir_all(&dir);
}
