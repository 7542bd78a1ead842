//! `coldcost catalog footprint`: the closure figures of packages installed in a small site-packages and
//! node_modules built here, printed as a table, and written into a catalogue with nothing else in it changed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::{coldcost, scratch, stderr, stdout};
use std::path::Path;

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// A site-packages with `app` (requires `lib`, and `big` only for an extra) and `lib`.
fn site_packages(root: &Path) -> std::path::PathBuf {
    let site = root.join("venv/lib/python3.11/site-packages");
    write(&site, "app/__init__.py", &"a".repeat(400_000));
    write(&site, "app-1.0.dist-info/RECORD", "app/__init__.py,,\n");
    write(
        &site,
        "app-1.0.dist-info/METADATA",
        "Name: app\nVersion: 1.0\nRequires-Dist: lib>=1\nRequires-Dist: big; extra == 'all'\n",
    );
    write(&site, "lib.py", &"l".repeat(600_000));
    write(&site, "lib-2.0.dist-info/RECORD", "lib.py,,\n");
    write(
        &site,
        "lib-2.0.dist-info/METADATA",
        "Name: lib\nVersion: 2.0\n",
    );
    write(&site, "big.py", &"b".repeat(9_000_000));
    write(&site, "big-1.0.dist-info/RECORD", "big.py,,\n");
    write(
        &site,
        "big-1.0.dist-info/METADATA",
        "Name: big\nVersion: 1.0\n",
    );
    site
}

#[test]
fn the_table_names_each_package_and_its_closure() {
    let dir = scratch("footprint-table");
    let site = site_packages(&dir);
    let out = coldcost(&[
        "catalog",
        "footprint",
        "--runtime",
        "python3.11",
        "--dir",
        site.to_str().unwrap(),
        "app",
        "absent",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let app = text.lines().find(|l| l.starts_with("app ")).unwrap();
    let words: Vec<&str> = app.split_whitespace().collect();
    assert_eq!(words[1..4], ["1.000", "2", "2"], "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("absent ") && l.contains("not installed")),
        "{text}"
    );
    write(
        &dir,
        "node_modules/x/package.json",
        "{\"version\": \"1.0.0\", \"dependencies\": {\"y\": \"*\"}}",
    );
    let out = coldcost(&[
        "catalog",
        "footprint",
        "--runtime",
        "nodejs20.x",
        "--dir",
        dir.to_str().unwrap(),
        "x",
    ]);
    assert!(
        stdout(&out).contains("x -> y"),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
}

#[test]
fn into_adds_the_two_lines_to_each_entry_and_changes_nothing_else() {
    let dir = scratch("footprint-into");
    let site = site_packages(&dir);
    let entry = |name: &str, version: &str| {
        format!("\n[[import]]\nname = \"{name}\"\nversion = \"{version}\"\nlocal_ms = 2.5\nlocal_min_ms = 2.0\nlocal_max_ms = 3.0\ninstalled_mb = 0.4\nincludes = []\n")
    };
    let before = format!(
        "# header comment\nfamily = \"python\"\nmeasured = \"2026-12-03\"\ninterpreter = \"python 3.11.7\"\nmachine = \"m\"\nruns = 5\nreference_ms = 197.9\n{}{}{}",
        entry("app", "1.0"),
        entry("lib", "1.5"),
        entry("gone", "1.0")
    );
    let cat = dir.join("imports-python.toml");
    std::fs::write(&cat, &before).unwrap();
    let out = coldcost(&[
        "catalog",
        "footprint",
        "--runtime",
        "python3.11",
        "--dir",
        site.to_str().unwrap(),
        "--into",
        cat.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("lib: installed 2.0, catalogued 1.5") && err.contains("gone: not found"),
        "{err}"
    );
    let after = std::fs::read_to_string(&cat).unwrap();
    let want = before.replacen(
        "installed_mb = 0.4\n",
        "installed_mb = 0.4\nclosure_mb = 1.0\nclosure_files = 2\n",
        1,
    );
    assert_eq!(after, want);
}
