//! `pyproject.toml`: PEP 621 `[project] dependencies` (PEP 508 strings), else Poetry's
//! `[tool.poetry.dependencies]` without `python`. Optional dependencies, dependency groups and Poetry's dev
//! groups are not installed in a function and are not read.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use super::{markers, pep508, read_text, short, Dependencies, Dependency};
use crate::error::{toml_error, Error, Location, Result};
use crate::locate::find_key_line;
use crate::vocab::Family;
use serde::Deserialize;
use std::path::Path;

#[derive(Deserialize)]
struct Raw {
    project: Option<Project>,
    tool: Option<Tool>,
}

#[derive(Deserialize)]
struct Project {
    dependencies: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct Tool {
    poetry: Option<Poetry>,
}

#[derive(Deserialize)]
struct Poetry {
    dependencies: Option<toml::Table>,
}

/// Reads the runtime dependencies of the `pyproject.toml` at `path`. `Ok(None)` when it declares none (a
/// `pyproject.toml` that only configures tools), so that another manifest can be used.
pub fn read_pyproject(path: &Path) -> Result<Option<Dependencies>> {
    let text = read_text(path)?;
    parse(&text, &path.display().to_string())
}

fn parse(text: &str, origin: &str) -> Result<Option<Dependencies>> {
    let raw: Raw = toml::from_str(text).map_err(|e| toml_error(origin, text, &e))?;
    let mut out = Dependencies {
        files: vec![origin.to_string()],
        ..Dependencies::default()
    };
    if let Some(list) = raw.project.and_then(|p| p.dependencies) {
        pep621(&list, text, origin, &mut out)?;
        return Ok(Some(out));
    }
    if let Some(table) = raw.tool.and_then(|t| t.poetry).and_then(|p| p.dependencies) {
        poetry(&table, text, origin, &mut out)?;
        return Ok(Some(out));
    }
    Ok(None)
}

/// The line at or after `from` (1-based) whose text holds `needle`.
fn line_from(text: &str, from: usize, needle: &str) -> Option<usize> {
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find(|(_, l)| l.contains(needle))
        .map(|(i, _)| i + 1)
}

fn pep621(list: &[String], text: &str, origin: &str, out: &mut Dependencies) -> Result<()> {
    let start = find_key_line(text, "project.dependencies");
    let mut cursor = start.unwrap_or(1);
    for spec in list {
        let line = line_from(text, cursor, spec).or(start);
        cursor = line.unwrap_or(cursor);
        let at = Location {
            file: origin.to_string(),
            line,
        };
        let req = pep508::parse(spec).map_err(|why| {
            Error::invalid(
                &at,
                "project.dependencies",
                format!("\"{}\"", short(spec)),
                format!("{why}; expected a PEP 508 requirement such as \"name[extra]>=1.0\""),
            )
        })?;
        if !markers::keep(&req.name, req.marker.as_deref(), &at, &mut out.notes) {
            continue;
        }
        out.push(Dependency::python(&req, at));
    }
    Ok(())
}

fn poetry(table: &toml::Table, text: &str, origin: &str, out: &mut Dependencies) -> Result<()> {
    let mut rows: Vec<(Option<usize>, &String, &toml::Value)> = table
        .iter()
        .filter(|(k, _)| !k.eq_ignore_ascii_case("python"))
        .map(|(k, v)| {
            (
                find_key_line(text, &format!("tool.poetry.dependencies.{k}")),
                k,
                v,
            )
        })
        .collect();
    // toml::Table is sorted; the file's order is the order of the lines.
    rows.sort_by_key(|(line, _, _)| line.unwrap_or(usize::MAX));
    for (line, name, value) in rows {
        let at = Location {
            file: origin.to_string(),
            line,
        };
        let field = format!("tool.poetry.dependencies.{name}");
        let version = match value {
            toml::Value::String(s) => Some(s.as_str()),
            toml::Value::Table(t) => {
                if t.get("optional").and_then(toml::Value::as_bool) == Some(true) {
                    out.notes.push(format!(
                        "{at}: `{name}` is optional (installed only with an extra); not counted"
                    ));
                    continue;
                }
                let platform = t.get("platform").and_then(toml::Value::as_str);
                if platform.is_some_and(|p| !p.to_ascii_lowercase().contains("linux")) {
                    out.notes.push(format!(
                        "{at}: `{name}` skipped: platform `{}` is not Lambda (Linux)",
                        platform.unwrap_or("")
                    ));
                    continue;
                }
                let marker = t.get("markers").and_then(toml::Value::as_str);
                if !markers::keep(name, marker, &at, &mut out.notes) {
                    continue;
                }
                if ["git", "path", "url"].iter().any(|k| t.contains_key(*k)) {
                    out.notes.push(format!(
                        "{at}: `{name}` comes from a git repository, path or URL; no version known"
                    ));
                }
                t.get("version").and_then(toml::Value::as_str)
            }
            toml::Value::Array(_) => {
                out.notes.push(format!(
                    "{at}: `{name}` has several constraints; no single version taken"
                ));
                None
            }
            other => {
                return Err(Error::invalid(&at, field, other, "expected a version string or a table such as { version = \"^1.0\", extras = [\"x\"] }"));
            }
        };
        let mut dep = Dependency::named(name, version, Family::Python, at);
        if let Some(toml::Value::Array(extras)) = value.get("extras") {
            dep.extras = extras
                .iter()
                .filter_map(|e| e.as_str().map(String::from))
                .collect();
        }
        out.push(dep);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(d: &Dependencies) -> Vec<(&str, &str, Option<&str>, Option<usize>)> {
        d.deps
            .iter()
            .map(|d| {
                (
                    d.name.as_str(),
                    d.import.as_str(),
                    d.version.as_deref(),
                    d.at.line,
                )
            })
            .collect()
    }

    #[test]
    fn pep_621() {
        let text = "[project]\nname = \"fn\"\ndependencies = [\n  \"PyJWT==2.9.0\",\n  \"Pillow>=10\",\n  \"pywin32 ; sys_platform == 'win32'\",\n]\n[project.optional-dependencies]\ndev = [\"pytest\"]\n";
        let d = parse(text, "pyproject.toml").unwrap().unwrap();
        assert_eq!(
            rows(&d),
            [
                ("PyJWT", "jwt", Some("2.9.0"), Some(4)),
                ("Pillow", "PIL.Image", Some(">=10"), Some(5))
            ]
        );
        assert!(d
            .notes
            .join("")
            .contains("pyproject.toml:6: `pywin32` skipped"));
    }

    #[test]
    fn poetry_without_python() {
        let text = "[tool.poetry]\nname = \"fn\"\n[tool.poetry.dependencies]\npython = \"^3.12\"\nrequests = \"^2.32\"\nPyYAML = { version = \"6.0.2\", extras = [\"libyaml\"] }\nmoto = { version = \"*\", optional = true }\ncolorama = { version = \"*\", platform = \"win32\" }\nboto3 = \"*\"\n[tool.poetry.group.dev.dependencies]\npytest = \"*\"\n";
        let d = parse(text, "pyproject.toml").unwrap().unwrap();
        assert_eq!(
            rows(&d),
            [
                ("requests", "requests", Some("^2.32"), Some(5)),
                ("PyYAML", "yaml", Some("6.0.2"), Some(6)),
                ("boto3", "boto3", None, Some(9))
            ]
        );
        assert_eq!(d.deps.get(1).unwrap().extras, ["libyaml"]);
        assert_eq!(d.notes.len(), 2, "{:?}", d.notes);
    }

    #[test]
    fn tool_config_only_is_none_and_junk_is_an_error() {
        assert_eq!(
            parse("[tool.black]\nline-length = 100\n", "pyproject.toml").unwrap(),
            None
        );
        let e = parse(
            "[project]\ndependencies = [\n  \"ok\",\n  \"not ! ok\",\n]\n",
            "pyproject.toml",
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("pyproject.toml:4: field `project.dependencies` = \"not ! ok\""),
            "{e}"
        );
        let e = parse("[tool.poetry.dependencies]\nx = 3\n", "pyproject.toml").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("pyproject.toml:2: field `tool.poetry.dependencies.x` = 3"),
            "{e}"
        );
        let e = parse("[project]\ndependencies = \"x\"\n", "pyproject.toml").unwrap_err();
        assert!(e.to_string().starts_with("pyproject.toml:2:"), "{e}");
    }
}
