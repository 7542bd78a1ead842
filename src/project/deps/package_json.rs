//! `package.json`: `dependencies` and `devDependencies` in file order with their lines, `workspaces`, and whether a
//! bundler (esbuild, webpack, rollup, tsup, ncc, parcel) is a dependency or runs in a script.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use super::build_tools::BUNDLERS;
use super::json::{self, Json};
use super::{read_text, Dependency};
use crate::error::{Error, Location, Result};
use crate::vocab::Family;
use std::path::Path;

/// What a `package.json` declares.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PackageJson {
    /// The file, as a path.
    pub file: String,
    /// `dependencies`, in file order, each with its range as the version.
    pub dependencies: Vec<Dependency>,
    /// `devDependencies`, in file order, each with its range as the version.
    pub dev_dependencies: Vec<Dependency>,
    /// The bundler found and where (`esbuild in devDependencies`, `` `webpack` in scripts.build ``).
    pub bundler: Option<String>,
    /// The `workspaces` patterns (`lambda`, `packages/*`).
    pub workspaces: Vec<String>,
}

/// Reads the `package.json` at `path`.
pub fn read_package_json(path: &Path) -> Result<PackageJson> {
    let text = read_text(path)?;
    parse(&text, &path.display().to_string())
}

/// Commands in scripts that bundle.
const BUNDLER_COMMANDS: &[&str] = &[
    "esbuild", "webpack", "rollup", "tsup", "ncc", "parcel", "rspack",
];

pub(super) fn parse(text: &str, origin: &str) -> Result<PackageJson> {
    let top = json::parse(text, origin)?;
    if !matches!(top, Json::Object(_)) {
        return Err(Error::invalid(
            &Location::at(origin, 1),
            "(top level)",
            top.describe(),
            "expected a JSON object",
        ));
    }
    let dependencies = section(&top, "dependencies", text, origin)?;
    let dev_dependencies = section(&top, "devDependencies", text, origin)?;
    let in_deps = |list: &[Dependency], what: &str| {
        list.iter()
            .find(|d| BUNDLERS.contains(&d.name.as_str()))
            .map(|d| format!("{} in {what}", d.name))
    };
    let bundler = in_deps(&dependencies, "dependencies")
        .or_else(|| in_deps(&dev_dependencies, "devDependencies"))
        .or_else(|| script_bundler(&top));
    let workspaces = match top.get("workspaces") {
        Some(Json::Array(a)) => strings(a),
        Some(w @ Json::Object(_)) => match w.get("packages") {
            Some(Json::Array(a)) => strings(a),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    Ok(PackageJson {
        file: origin.to_string(),
        dependencies,
        dev_dependencies,
        bundler,
        workspaces,
    })
}

fn strings(a: &[Json]) -> Vec<String> {
    a.iter()
        .filter_map(|v| v.as_str().map(String::from))
        .collect()
}

/// The first script that runs a bundler, as `` `esbuild` in scripts.build ``.
fn script_bundler(top: &Json) -> Option<String> {
    let Some(Json::Object(scripts)) = top.get("scripts") else {
        return None;
    };
    scripts.iter().find_map(|(name, cmd)| {
        let cmd = cmd.as_str()?;
        let word = cmd
            .split(|c: char| c.is_whitespace() || "&|;()\"'".contains(c))
            .map(|w| w.rsplit('/').next().unwrap_or(w))
            .find(|w| BUNDLER_COMMANDS.contains(w))?;
        Some(format!("`{word}` in scripts.{name}"))
    })
}

/// The members of the object `key`, as dependencies with their range as version.
fn section(top: &Json, key: &str, text: &str, origin: &str) -> Result<Vec<Dependency>> {
    let members = match top.get(key) {
        None | Some(Json::Null) => return Ok(Vec::new()),
        Some(Json::Object(m)) => m,
        Some(other) => {
            let at = Location {
                file: origin.to_string(),
                line: json::key_line(text, &[key]),
            };
            return Err(Error::invalid(
                &at,
                key,
                other.describe(),
                "expected an object of package names and version ranges",
            ));
        }
    };
    let lines = json::member_lines(text, key, members.iter().map(|(k, _)| k.as_str()));
    let mut out = Vec::with_capacity(members.len());
    for ((name, value), line) in members.iter().zip(lines) {
        let at = Location {
            file: origin.to_string(),
            line,
        };
        let Some(range) = value.as_str() else {
            return Err(Error::invalid(
                &at,
                format!("{key}.{name}"),
                value.describe(),
                "expected a version range string such as \"^1.2.0\"",
            ));
        };
        if name.trim().is_empty() {
            return Err(Error::invalid(&at, key, "\"\"", "expected a package name"));
        }
        out.push(Dependency::named(name, Some(range), Family::Node, at));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_bundlers_and_workspaces() {
        let text = r#"{
  "name": "fn",
  "scripts": { "build": "rm -rf dist && ./node_modules/.bin/esbuild src/index.ts --bundle" },
  "dependencies": { "zod": "^3.23.0", "@aws-sdk/client-s3": "^3.600.0" },
  "devDependencies": { "@types/node": "^20" },
  "workspaces": { "packages": ["lambda", "libs/*"] }
}"#;
        let p = parse(text, "package.json").unwrap();
        let deps: Vec<_> = p
            .dependencies
            .iter()
            .map(|d| (d.name.as_str(), d.version.as_deref(), d.at.line))
            .collect();
        assert_eq!(
            deps,
            [
                ("zod", Some("^3.23.0"), Some(4)),
                ("@aws-sdk/client-s3", Some("^3.600.0"), Some(4))
            ]
        );
        assert_eq!(p.dev_dependencies.len(), 1);
        assert_eq!(p.bundler.as_deref(), Some("`esbuild` in scripts.build"));
        assert_eq!(p.workspaces, ["lambda", "libs/*"]);
    }

    #[test]
    fn bad_shapes_name_file_line_and_key() {
        let e = parse("{\n  \"dependencies\": [\"axios\"]\n}", "package.json").unwrap_err();
        assert_eq!(e.to_string(), "package.json:2: field `dependencies` = an array: expected an object of package names and version ranges");
        let e = parse(
            "{\n  \"dependencies\": {\n    \"axios\": 1\n  }\n}",
            "package.json",
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("package.json:3: field `dependencies.axios` = 1"),
            "{e}"
        );
        let e = parse("[1]", "package.json").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("package.json:1: field `(top level)`"),
            "{e}"
        );
        let e = parse(
            "{\n  \"dependencies\": {\n    \"axios\": \"^1\",\n  }\n}",
            "package.json",
        )
        .unwrap_err();
        assert!(
            e.to_string().starts_with("package.json:4: trailing comma"),
            "{e}"
        );
    }
}
