//! `poetry.lock`: `[[package]]` tables with `name`, `version` and `[package.dependencies]`. Poetry does not
//! record the project's own dependencies there, so its roots are inferred: the packages no other package needs.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use super::{read_text, Locked, Lockfile};
use crate::error::{toml_error, Result};
use crate::vocab::names::normalize;
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

#[derive(Deserialize)]
struct Raw {
    #[serde(default)]
    package: Vec<Package>,
}

#[derive(Deserialize)]
struct Package {
    name: String,
    version: String,
    #[serde(default)]
    dependencies: BTreeMap<String, toml::Value>,
}

/// Reads `poetry.lock` at `path`.
pub fn read_poetry_lock(path: &Path) -> Result<Lockfile> {
    let text = read_text(path)?;
    parse(&text, &path.display().to_string())
}

/// The 1-based line of each `name = "…"` that opens a `[[package]]` table, by PEP 503 name, in file order.
pub(super) fn package_lines(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut in_package = false;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.starts_with('[') {
            in_package = t == "[[package]]";
        } else if in_package {
            if let Some(v) = t
                .strip_prefix("name")
                .map(str::trim_start)
                .and_then(|r| r.strip_prefix('='))
            {
                out.push((
                    normalize(v.trim().trim_matches('"').trim_matches('\'')),
                    i + 1,
                ));
                in_package = false;
            }
        }
    }
    out
}

/// The line of the package named `name` (already normalised) in `lines`.
pub(super) fn line_of(lines: &[(String, usize)], name: &str) -> Option<usize> {
    lines.iter().find(|(n, _)| n == name).map(|(_, l)| *l)
}

fn parse(text: &str, origin: &str) -> Result<Lockfile> {
    let raw: Raw = toml::from_str(text).map_err(|e| toml_error(origin, text, &e))?;
    let lines = package_lines(text);
    let needed: HashSet<String> = raw
        .package
        .iter()
        .flat_map(|p| p.dependencies.keys().map(|k| normalize(k)))
        .collect();
    let entries: Vec<Locked> = raw
        .package
        .iter()
        .map(|p| Locked {
            name: p.name.clone(),
            version: p.version.clone(),
            ranges: Vec::new(),
            line: line_of(&lines, &normalize(&p.name)),
        })
        .collect();
    let roots: Vec<Locked> = entries
        .iter()
        .filter(|e| !needed.contains(&normalize(&e.name)))
        .cloned()
        .collect();
    Ok(Lockfile {
        file: origin.to_string(),
        entries,
        roots: Some(roots),
        roots_note: Some(format!(
            "{origin}: top-level packages inferred as those no other locked package depends on"
        )),
        notes: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::Family;

    const LOCK: &str = r#"
[[package]]
name = "boto3"
version = "1.35.39"
description = "The AWS SDK for Python"
optional = false
python-versions = ">=3.8"

[package.dependencies]
botocore = ">=1.35.39,<1.36.0"
jmespath = ">=0.7.1,<2.0.0"

[[package]]
name = "botocore"
version = "1.35.39"

[[package]]
name = "jmespath"
version = "1.0.1"

[[package]]
name = "PyJWT"
version = "2.9.0"

[metadata]
lock-version = "2.0"
"#;

    #[test]
    fn versions_and_inferred_roots() {
        let lock = parse(LOCK, "poetry.lock").unwrap();
        assert_eq!(lock.entries.len(), 4);
        assert_eq!(
            lock.version_of("pyjwt", None, Family::Python),
            Some("2.9.0")
        );
        let roots: Vec<_> = lock
            .roots
            .unwrap()
            .into_iter()
            .map(|r| (r.name, r.line))
            .collect();
        assert_eq!(
            roots,
            [
                ("boto3".to_string(), Some(3)),
                ("PyJWT".to_string(), Some(22))
            ]
        );
    }

    #[test]
    fn a_bad_lock_names_the_line() {
        let e = parse("[[package]]\nname = \"x\"\nversion = 3\n", "poetry.lock").unwrap_err();
        assert!(e.to_string().starts_with("poetry.lock:3:"), "{e}");
    }
}
