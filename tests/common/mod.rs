//! What the integration tests that run the binary share.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::{Command, Output};

/// Runs the `coldcost` binary with `args`, from the crate's folder (so that `samples/…` paths resolve).
pub fn coldcost(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_coldcost"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run coldcost")
}

/// Standard error, as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs `coldcost` with `args`, which must be a usage error: exit 2 and `error: …` on stderr (returned).
pub fn usage_error(args: &[&str]) -> String {
    let o = coldcost(args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
    assert!(err.starts_with("error:"), "{args:?}: {err}");
    err
}

/// Standard output, as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// An empty scratch folder for one test, `coldcost-NAME-PID` in the temporary directory (emptied if it exists).
pub fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("coldcost-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("scratch folder");
    d
}
