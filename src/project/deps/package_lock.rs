//! `package-lock.json` (and `npm-shrinkwrap.json`), lockfile versions 1 to 3: `packages["node_modules/x"].version`
//! (v2, v3; a workspace's own `"<dir>/node_modules/x"` first), else `dependencies.x.version` (v1).
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use super::{json, read_text, Locked, Lockfile};
use crate::error::Result;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Deserialize)]
struct Raw {
    #[serde(default)]
    packages: BTreeMap<String, Entry>,
    #[serde(default)]
    dependencies: BTreeMap<String, Entry>,
}

#[derive(Deserialize)]
struct Entry {
    version: Option<String>,
}

/// Reads the `package-lock.json` at `path` for the package in `importer`, its directory relative to the
/// lockfile's (`""` when they are the same).
pub fn read_package_lock(path: &Path, importer: &str) -> Result<Lockfile> {
    let text = read_text(path)?;
    parse(&text, &path.display().to_string(), importer)
}

/// The package name of a `packages` key directly under `prefix` (`node_modules/@scope/x` → `@scope/x`), not of
/// packages nested inside other packages.
fn top_level<'a>(key: &'a str, prefix: &str) -> Option<&'a str> {
    let name = key.strip_prefix(prefix)?.strip_prefix("node_modules/")?;
    (!name.is_empty() && !name.contains("/node_modules/")).then_some(name)
}

fn parse(text: &str, origin: &str, importer: &str) -> Result<Lockfile> {
    let raw: Raw = serde_json::from_str(text).map_err(|e| json::syntax(origin, &e))?;
    let importer = importer.trim_matches('/');
    let own = if importer.is_empty() || importer == "." {
        String::new()
    } else {
        format!("{importer}/")
    };
    let mut versions: BTreeMap<&str, &str> = BTreeMap::new();
    if raw.packages.is_empty() {
        for (name, e) in &raw.dependencies {
            if let Some(v) = &e.version {
                versions.insert(name, v);
            }
        }
    } else {
        for (key, e) in &raw.packages {
            if let (Some(name), Some(v)) = (top_level(key, ""), &e.version) {
                versions.entry(name).or_insert(v);
            }
        }
        if !own.is_empty() {
            for (key, e) in &raw.packages {
                if let (Some(name), Some(v)) = (top_level(key, &own), &e.version) {
                    versions.insert(name, v);
                }
            }
        }
    }
    let entries = versions
        .into_iter()
        .map(|(name, version)| Locked {
            name: name.to_string(),
            version: version.to_string(),
            ranges: Vec::new(),
            line: None,
        })
        .collect();
    Ok(Lockfile {
        file: origin.to_string(),
        entries,
        roots: None,
        roots_note: None,
        notes: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::Family;

    #[test]
    fn v1_and_v3_and_workspaces() {
        let v1 = r#"{"lockfileVersion": 1, "dependencies": {"axios": {"version": "0.27.2", "dependencies": {"x": {"version": "1.0.0"}}}}}"#;
        let lock = parse(v1, "package-lock.json", "").unwrap();
        assert_eq!(
            lock.version_of("axios", Some("^0.27"), Family::Node),
            Some("0.27.2")
        );
        assert_eq!(lock.version_of("x", None, Family::Node), None);

        let v3 = r#"{"lockfileVersion": 3, "packages": {
            "": {"name": "root"},
            "node_modules/@scope/a": {"version": "1.0.0"},
            "node_modules/@scope/a/node_modules/b": {"version": "2.0.0"},
            "node_modules/b": {"version": "3.0.0"},
            "api/node_modules/b": {"version": "4.0.0"},
            "node_modules/api": {"resolved": "api", "link": true}
        }}"#;
        let lock = parse(v3, "package-lock.json", "").unwrap();
        assert_eq!(
            lock.version_of("@scope/a", None, Family::Node),
            Some("1.0.0")
        );
        assert_eq!(lock.version_of("b", None, Family::Node), Some("3.0.0"));
        assert_eq!(lock.version_of("api", None, Family::Node), None);
        let api = parse(v3, "package-lock.json", "api").unwrap();
        assert_eq!(api.version_of("b", None, Family::Node), Some("4.0.0"));
        assert_eq!(
            api.version_of("@scope/a", None, Family::Node),
            Some("1.0.0")
        );
    }

    #[test]
    fn malformed_names_the_line() {
        let e = parse(
            "{\n\"packages\": {\n\"node_modules/a\": {\"version\": 1}}}",
            "package-lock.json",
            "",
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("package-lock.json:3:"), "{e}");
    }
}
