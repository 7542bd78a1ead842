//! `uv.lock`: `[[package]]` tables with `name`, `version`, `source` and `dependencies = [{ name, marker }]`. The
//! project itself is the package whose source is `{ editable = "." }` or `{ virtual = "." }`: its dependencies
//! are the roots (markers evaluated for Lambda). Without it, the roots are inferred as in `poetry.lock`.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use super::poetry_lock::{line_of, package_lines};
use super::{markers, read_text, Locked, Lockfile};
use crate::error::{toml_error, Result};
use crate::vocab::names::normalize;
use serde::Deserialize;
use std::collections::HashSet;
use std::path::Path;

#[derive(Deserialize)]
struct Raw {
    #[serde(default)]
    package: Vec<Package>,
}

#[derive(Deserialize)]
struct Package {
    name: String,
    version: Option<String>,
    #[serde(default)]
    source: Source,
    #[serde(default)]
    dependencies: Vec<Edge>,
}

#[derive(Deserialize, Default)]
struct Source {
    editable: Option<String>,
    #[serde(rename = "virtual")]
    virtual_: Option<String>,
}

#[derive(Deserialize)]
struct Edge {
    name: String,
    marker: Option<String>,
}

/// Reads `uv.lock` at `path`.
pub fn read_uv_lock(path: &Path) -> Result<Lockfile> {
    let text = read_text(path)?;
    parse(&text, &path.display().to_string())
}

fn parse(text: &str, origin: &str) -> Result<Lockfile> {
    let raw: Raw = toml::from_str(text).map_err(|e| toml_error(origin, text, &e))?;
    let lines = package_lines(text);
    let is_root = |p: &Package| {
        let here = |s: &Option<String>| s.as_deref().is_some_and(|s| s == "." || s.is_empty());
        here(&p.source.editable) || here(&p.source.virtual_)
    };
    let mut notes = Vec::new();
    let entries: Vec<Locked> = raw
        .package
        .iter()
        .filter(|p| !is_root(p))
        .filter_map(|p| {
            Some(Locked {
                name: p.name.clone(),
                version: p.version.clone()?,
                ranges: Vec::new(),
                line: line_of(&lines, &normalize(&p.name)),
            })
        })
        .collect();
    let (roots, roots_note) = match raw.package.iter().find(|p| is_root(p)) {
        Some(root) => {
            let mut roots = Vec::new();
            for edge in &root.dependencies {
                if !markers::keep(&edge.name, edge.marker.as_deref(), &origin, &mut notes) {
                    continue;
                }
                let key = normalize(&edge.name);
                if let Some(e) = entries.iter().find(|e| normalize(&e.name) == key) {
                    roots.push(e.clone());
                }
            }
            let note = format!(
                "{origin}: top-level packages from the project `{}`",
                root.name
            );
            (roots, note)
        }
        None => {
            let needed: HashSet<String> = raw
                .package
                .iter()
                .flat_map(|p| p.dependencies.iter().map(|d| normalize(&d.name)))
                .collect();
            let roots = entries
                .iter()
                .filter(|e| !needed.contains(&normalize(&e.name)))
                .cloned()
                .collect();
            let note = format!(
                "{origin}: no project package; top-level packages inferred as those no other locked package depends on"
            );
            (roots, note)
        }
    };
    Ok(Lockfile {
        file: origin.to_string(),
        entries,
        roots: Some(roots),
        roots_note: Some(roots_note),
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::Family;

    const LOCK: &str = r#"
version = 1
requires-python = ">=3.12"

[[package]]
name = "fn"
version = "0.1.0"
source = { virtual = "." }
dependencies = [
    { name = "pyjwt" },
    { name = "pywin32", marker = "sys_platform == 'win32'" },
    { name = "requests" },
]

[package.dev-dependencies]
dev = [{ name = "pytest" }]

[[package]]
name = "pyjwt"
version = "2.9.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "pywin32"
version = "306"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "requests"
version = "2.32.3"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "urllib3" }]

[[package]]
name = "urllib3"
version = "2.2.3"
source = { registry = "https://pypi.org/simple" }
"#;

    #[test]
    fn the_project_package_gives_the_roots() {
        let lock = parse(LOCK, "uv.lock").unwrap();
        let roots: Vec<_> = lock
            .roots
            .clone()
            .unwrap()
            .into_iter()
            .map(|r| (r.name, r.line))
            .collect();
        assert_eq!(
            roots,
            [
                ("pyjwt".to_string(), Some(19)),
                ("requests".to_string(), Some(29))
            ]
        );
        assert!(lock.notes.join("").contains("`pywin32` skipped"));
        assert_eq!(
            lock.version_of("PyJWT", None, Family::Python),
            Some("2.9.0")
        );
        assert_eq!(lock.version_of("fn", None, Family::Python), None);
    }

    #[test]
    fn without_a_project_the_roots_are_inferred() {
        let lock = parse(&LOCK.replace("source = { virtual = \".\" }", ""), "uv.lock").unwrap();
        let roots: Vec<_> = lock.roots.unwrap().into_iter().map(|r| r.name).collect();
        // The project is then a locked package itself, and the only one nothing needs.
        assert_eq!(roots, ["fn"]);
    }
}
