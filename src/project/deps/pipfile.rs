//! Pipenv: `Pipfile` (TOML; the `[packages]` table is the top-level list, `[dev-packages]` is not installed) and
//! `Pipfile.lock` (JSON; the `default` section pins versions, `develop` is ignored). `Pipfile.lock` lists
//! transitive packages too and does not say which are top-level.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use super::{json, markers, read_text, Dependencies, Dependency, Locked, Lockfile};
use crate::error::{toml_error, Error, Location, Result};
use crate::locate::find_key_line;
use crate::vocab::Family;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Deserialize)]
struct RawPipfile {
    #[serde(default)]
    packages: toml::Table,
}

/// Reads the `[packages]` of the `Pipfile` at `path`.
pub fn read_pipfile(path: &Path) -> Result<Dependencies> {
    let text = read_text(path)?;
    let origin = path.display().to_string();
    let raw: RawPipfile = toml::from_str(&text).map_err(|e| toml_error(&origin, &text, &e))?;
    let mut out = Dependencies {
        files: vec![origin.clone()],
        ..Dependencies::default()
    };
    // toml::Table is sorted; the file's order is the order of the lines.
    let mut rows: Vec<(Option<usize>, &String, &toml::Value)> = raw
        .packages
        .iter()
        .map(|(k, v)| (find_key_line(&text, &format!("packages.{k}")), k, v))
        .collect();
    rows.sort_by_key(|(line, _, _)| line.unwrap_or(usize::MAX));
    for (line, name, value) in rows {
        let at = Location {
            file: origin.clone(),
            line,
        };
        let (version, marker) = match value {
            toml::Value::String(s) => (Some(s.as_str()), None),
            toml::Value::Table(t) => {
                let marker = t.get("markers").and_then(|m| m.as_str());
                let platform = t.get("sys_platform").and_then(|m| m.as_str());
                let marker = match (marker, platform) {
                    (Some(m), _) => Some(m.to_string()),
                    (None, Some(p)) => Some(format!("sys_platform {p}")),
                    _ => None,
                };
                (t.get("version").and_then(|v| v.as_str()), marker)
            }
            other => {
                return Err(Error::invalid(
                    &at,
                    format!("packages.{name}"),
                    other,
                    "expected a version string or a table such as { version = \"*\", extras = [\"x\"] }",
                ))
            }
        };
        if !markers::keep(name, marker.as_deref(), &at, &mut out.notes) {
            continue;
        }
        let mut dep = Dependency::named(name, version, Family::Python, at);
        if let Some(toml::Value::Array(extras)) = value.get("extras") {
            dep.extras = extras
                .iter()
                .filter_map(|e| e.as_str().map(String::from))
                .collect();
        }
        out.push(dep);
    }
    Ok(out)
}

#[derive(Deserialize)]
struct RawLock {
    #[serde(default)]
    default: BTreeMap<String, LockEntry>,
}

#[derive(Deserialize)]
struct LockEntry {
    version: Option<String>,
    markers: Option<String>,
}

/// Reads the `default` section of the `Pipfile.lock` at `path`.
pub fn read_pipfile_lock(path: &Path) -> Result<Lockfile> {
    let text = read_text(path)?;
    parse_lock(&text, &path.display().to_string())
}

fn parse_lock(text: &str, origin: &str) -> Result<Lockfile> {
    let raw: RawLock = serde_json::from_str(text).map_err(|e| json::syntax(origin, &e))?;
    let mut notes = Vec::new();
    let mut entries = Vec::new();
    for (name, e) in raw.default {
        if !markers::keep(&name, e.markers.as_deref(), &origin, &mut notes) {
            continue;
        }
        let Some(version) = e.version else { continue };
        entries.push(Locked {
            line: json::key_line(text, &["default", &name]),
            version: version.trim_start_matches('=').to_string(),
            name,
            ranges: Vec::new(),
        });
    }
    entries.sort_by_key(|e| e.line);
    Ok(Lockfile {
        file: origin.to_string(),
        entries,
        roots: None,
        roots_note: None,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_section_only_and_bare_versions() {
        let text = r#"{
    "_meta": {"hash": {"sha256": "x"}, "requires": {"python_version": "3.12"}},
    "default": {
        "boto3": {"hashes": ["sha256:a"], "index": "pypi", "version": "==1.35.39"},
        "pywin32": {"version": "==306", "markers": "sys_platform == 'win32'"},
        "mylib": {"git": "https://github.com/x/mylib.git", "ref": "abc"}
    },
    "develop": {"pytest": {"version": "==8.3.3"}}
}"#;
        let lock = parse_lock(text, "Pipfile.lock").unwrap();
        let got: Vec<_> = lock
            .entries
            .iter()
            .map(|e| (e.name.as_str(), e.version.as_str(), e.line))
            .collect();
        assert_eq!(got, [("boto3", "1.35.39", Some(4))]);
        assert!(lock.roots.is_none());
        assert!(lock.notes.join("").contains("`pywin32` skipped"));
        let e = parse_lock("{\"default\": {\"a\": {\"version\": 3}}}", "Pipfile.lock").unwrap_err();
        assert!(e.to_string().starts_with("Pipfile.lock:1:"), "{e}");
    }
}
