//! `pnpm-lock.yaml`: the importer's `dependencies`, `devDependencies` and `optionalDependencies`
//! (`importers["."]`, or a workspace's own directory), or the top-level ones of lockfiles before workspaces
//! (v5). A version is a string (`1.2.3`, v5) or `{ specifier, version }` (v6 and later); peer suffixes such as
//! `1.2.3(react@18.2.0)` or `1.2.3_react@18.2.0` are dropped.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use super::{read_text, Locked, Lockfile};
use crate::error::{Error, Location, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

type Section = BTreeMap<String, serde_norway::Value>;

#[derive(Deserialize, Default)]
struct Deps {
    #[serde(default)]
    dependencies: Option<Section>,
    #[serde(default, rename = "devDependencies")]
    dev_dependencies: Option<Section>,
    #[serde(default, rename = "optionalDependencies")]
    optional_dependencies: Option<Section>,
}

#[derive(Deserialize)]
struct Raw {
    #[serde(default)]
    importers: Option<BTreeMap<String, Deps>>,
    #[serde(flatten)]
    top: Deps,
}

/// Reads the `pnpm-lock.yaml` at `path` for the package in `importer`, its directory relative to the lockfile's
/// (`""` when they are the same).
pub fn read_pnpm_lock(path: &Path, importer: &str) -> Result<Lockfile> {
    let text = read_text(path)?;
    parse(&text, &path.display().to_string(), importer)
}

/// The exact version of one entry, without peer suffixes.
fn version(v: &serde_norway::Value) -> Option<String> {
    let s = match v {
        serde_norway::Value::String(s) => s.clone(),
        serde_norway::Value::Number(n) => n.to_string(),
        serde_norway::Value::Mapping(m) => return m.get("version").and_then(version),
        _ => return None,
    };
    if s.starts_with("link:") || s.starts_with("file:") {
        return Some(s);
    }
    let end = s.find(['(', '_']).unwrap_or(s.len());
    Some(s.get(..end).unwrap_or(&s).to_string())
}

fn parse(text: &str, origin: &str, importer: &str) -> Result<Lockfile> {
    let raw: Raw = serde_norway::from_str(text).map_err(|e| Error::Syntax {
        at: Location {
            file: origin.to_string(),
            line: e.location().map(|l| l.line()),
        },
        message: e.to_string(),
    })?;
    let key = match importer.trim_matches('/') {
        "" => ".",
        k => k,
    };
    let mut notes = Vec::new();
    let deps = match raw.importers {
        Some(mut importers) => importers.remove(key).unwrap_or_else(|| {
            notes.push(format!(
                "{origin}: no importer `{key}`; no versions from it"
            ));
            Deps::default()
        }),
        None => raw.top,
    };
    let mut entries = Vec::new();
    for section in [
        deps.dependencies,
        deps.optional_dependencies,
        deps.dev_dependencies,
    ]
    .into_iter()
    .flatten()
    {
        for (name, v) in section {
            if let Some(version) = version(&v) {
                entries.push(Locked {
                    name,
                    version,
                    ranges: Vec::new(),
                    line: None,
                });
            }
        }
    }
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
    use crate::vocab::Family;

    #[test]
    fn v9_importers_and_v5_top_level() {
        let v9 = "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      '@aws-sdk/client-s3':\n        specifier: ^3.600.0\n        version: 3.600.0\n      react-dom:\n        specifier: ^18\n        version: 18.2.0(react@18.2.0)\n    devDependencies:\n      typescript:\n        specifier: ^5\n        version: 5.4.5\n  packages/api:\n    dependencies:\n      zod:\n        specifier: ^3\n        version: 3.23.8\npackages:\n  zod@3.23.8:\n    resolution: {integrity: sha512-x}\n";
        let lock = parse(v9, "pnpm-lock.yaml", "").unwrap();
        assert_eq!(
            lock.version_of("@aws-sdk/client-s3", None, Family::Node),
            Some("3.600.0")
        );
        assert_eq!(
            lock.version_of("react-dom", None, Family::Node),
            Some("18.2.0")
        );
        assert_eq!(
            lock.version_of("typescript", None, Family::Node),
            Some("5.4.5")
        );
        assert_eq!(lock.version_of("zod", None, Family::Node), None);
        let api = parse(v9, "pnpm-lock.yaml", "packages/api").unwrap();
        assert_eq!(api.version_of("zod", None, Family::Node), Some("3.23.8"));

        let v5 = "lockfileVersion: 5.4\nspecifiers:\n  axios: ^1.6.0\ndependencies:\n  axios: 1.6.8_debug@4.3.4\n";
        let lock = parse(v5, "pnpm-lock.yaml", "").unwrap();
        assert_eq!(lock.version_of("axios", None, Family::Node), Some("1.6.8"));
    }

    #[test]
    fn malformed_names_the_line() {
        let e = parse(
            "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies: [\n",
            "pnpm-lock.yaml",
            "",
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("pnpm-lock.yaml:4:"), "{e}");
        let e = parse("importers: 3\n", "pnpm-lock.yaml", "").unwrap_err();
        assert!(e.to_string().starts_with("pnpm-lock.yaml:1:"), "{e}");
    }
}
