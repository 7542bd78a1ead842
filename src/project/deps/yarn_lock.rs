//! `yarn.lock`, both formats: classic v1 (`"name@range", name@range:` then `  version "x"`) and berry's YAML
//! (`"name@npm:range, name@npm:range2":` then `  version: x`). Read line by line; only the entry headers and their
//! own `version` field matter.
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use super::{read_text, short, Locked, Lockfile};
use crate::error::{Error, Location, Result};
use std::path::Path;

/// Reads the `yarn.lock` at `path`.
pub fn read_yarn_lock(path: &Path) -> Result<Lockfile> {
    let text = read_text(path)?;
    parse_yarn_lock(&text, &path.display().to_string())
}

/// `name@range` split at the `@` that ends the (possibly scoped) name; berry's `npm:` protocol dropped from the
/// range.
fn split_spec(spec: &str) -> (&str, &str) {
    let at = spec.get(1..).and_then(|s| s.find('@')).map(|i| i + 1);
    match at {
        Some(i) => {
            let name = spec.get(..i).unwrap_or(spec);
            let range = spec.get(i + 1..).unwrap_or("");
            (name, range.strip_prefix("npm:").unwrap_or(range))
        }
        None => (spec, ""),
    }
}

struct Pending {
    specs: Vec<(String, String)>,
    line: usize,
    version: Option<String>,
}

impl Pending {
    /// One [`Locked`] per name in the header, with the ranges written for it.
    fn finish(self, out: &mut Vec<Locked>) {
        let Some(version) = self.version else { return };
        let mut by_name: Vec<Locked> = Vec::new();
        for (name, range) in self.specs {
            if range.starts_with("workspace:") {
                continue;
            }
            match by_name.iter_mut().find(|l| l.name == name) {
                Some(l) => l.ranges.push(range),
                None => by_name.push(Locked {
                    name,
                    version: version.clone(),
                    ranges: vec![range],
                    line: Some(self.line),
                }),
            }
        }
        out.extend(by_name);
    }
}

/// Parses `yarn.lock` text. A line at the left margin that is neither a comment nor an entry header is an
/// error naming its line.
pub fn parse_yarn_lock(text: &str, origin: &str) -> Result<Lockfile> {
    let mut entries = Vec::new();
    let mut pending: Option<Pending> = None;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let trimmed = line.trim_end();
        if trimmed.trim_start().is_empty() || trimmed.trim_start().starts_with('#') {
            continue;
        }
        if !line.starts_with([' ', '\t']) {
            if let Some(p) = pending.take() {
                p.finish(&mut entries);
            }
            let Some(header) = trimmed.strip_suffix(':') else {
                return Err(Error::Syntax {
                    at: Location::at(origin, n),
                    message: format!(
                        "`{}` is not an entry header such as `\"name@^1.0.0\":`",
                        short(trimmed)
                    ),
                });
            };
            if header == "__metadata" {
                continue;
            }
            let specs = header
                .replace('"', "")
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| {
                    let (name, range) = split_spec(s);
                    (name.to_string(), range.to_string())
                })
                .collect();
            pending = Some(Pending {
                specs,
                line: n,
                version: None,
            });
            continue;
        }
        // The entry's own fields are indented by two spaces; deeper lines belong to nested maps.
        let Some(field) = line
            .strip_prefix("  ")
            .filter(|f| !f.starts_with([' ', '\t']))
        else {
            continue;
        };
        if let (Some(p), Some(rest)) = (pending.as_mut(), field.strip_prefix("version")) {
            if rest.starts_with([' ', ':']) {
                let v = rest
                    .trim_start_matches(':')
                    .trim()
                    .trim_matches('"')
                    .trim_matches('\'');
                if !v.is_empty() {
                    p.version = Some(v.to_string());
                }
            }
        }
    }
    if let Some(p) = pending {
        p.finish(&mut entries);
    }
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
    fn classic_v1() {
        let text = "# yarn lockfile v1\n\n\n\"@babel/core@^7.0.0\", \"@babel/core@^7.12.3\":\n  version \"7.23.3\"\n  dependencies:\n    version \"^1.0.0\"\n\nuuid@^8.3.0:\n  version \"8.3.2\"\n\nuuid@^9.0.1:\n  version \"9.0.1\"\n";
        let lock = parse_yarn_lock(text, "yarn.lock").unwrap();
        assert_eq!(
            lock.version_of("@babel/core", Some("^7.12.3"), Family::Node),
            Some("7.23.3")
        );
        assert_eq!(
            lock.version_of("uuid", Some("^9.0.1"), Family::Node),
            Some("9.0.1")
        );
        assert_eq!(
            lock.version_of("uuid", Some("^8.3.0"), Family::Node),
            Some("8.3.2")
        );
        assert_eq!(lock.entries.first().unwrap().line, Some(4));
    }

    #[test]
    fn berry() {
        let text = "__metadata:\n  version: 8\n  cacheKey: 10c0\n\n\"@middy/core@npm:^5.2.6\":\n  version: 5.2.6\n  resolution: \"@middy/core@npm:5.2.6\"\n\n\"lambda@workspace:.\":\n  version: 0.0.0-use.local\n\n\"uuid@npm:^9.0.0, uuid@npm:^9.0.1\":\n  version: 9.0.1\n";
        let lock = parse_yarn_lock(text, "yarn.lock").unwrap();
        assert_eq!(
            lock.version_of("@middy/core", Some("^5.2.6"), Family::Node),
            Some("5.2.6")
        );
        assert_eq!(
            lock.version_of("uuid", Some("^9.0.0"), Family::Node),
            Some("9.0.1")
        );
        assert_eq!(lock.version_of("lambda", None, Family::Node), None);
    }

    #[test]
    fn junk_names_the_line() {
        let e =
            parse_yarn_lock("a@^1:\n  version \"1.0.0\"\nthis is junk\n", "yarn.lock").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("yarn.lock:3: `this is junk` is not an entry header"),
            "{e}"
        );
        assert!(parse_yarn_lock("", "yarn.lock").unwrap().entries.is_empty());
        assert!(parse_yarn_lock("@:\n  version\n:\n", "yarn.lock").is_ok());
    }
}
