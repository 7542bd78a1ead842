//! `requirements.txt` as pip reads it: comments, `\` continuations, `-r` includes relative to the including file
//! (each file read once, nesting limited), `-c` constraints ignored with a note, `--hash` and other per-line
//! options dropped, extras, environment markers evaluated for Lambda, and editable, URL and VCS lines noted and
//! skipped unless they name their package (`#egg=name`).
#![deny(clippy::indexing_slicing)] // parses user input: no panicking index

use super::requirements_syntax::{
    egg_name, is_url_or_path, logical_lines, option, without_line_options, HARMLESS_OPTIONS,
};
use super::{markers, pep508, read_text, short, Dependencies, Dependency};
use crate::error::{Error, Location, Result};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// How deep `-r` includes may nest before the next one is skipped with a note.
pub const MAX_INCLUDE_DEPTH: usize = 16;

/// Reads `path` and the files it includes.
pub fn read_requirements(path: &Path) -> Result<Dependencies> {
    let mut r = Reader::default();
    let text = read_text(path)?;
    r.file(path, &text, 0)?;
    Ok(r.out)
}

/// Parses requirements text alone: includes are not followed, only noted.
pub fn parse_requirements(text: &str, origin: &str) -> Result<Dependencies> {
    let mut r = Reader {
        no_includes: true,
        ..Reader::default()
    };
    r.text(text, origin, None, 0)?;
    Ok(r.out)
}

#[derive(Default)]
struct Reader {
    out: Dependencies,
    /// Files read or being read, canonical.
    seen: HashSet<PathBuf>,
    /// The include chain being read, canonical.
    stack: Vec<PathBuf>,
    no_includes: bool,
}

impl Reader {
    fn file(&mut self, path: &Path, text: &str, depth: usize) -> Result<()> {
        let canon = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        self.seen.insert(canon.clone());
        self.stack.push(canon);
        self.out.files.push(path.display().to_string());
        let base = path.parent().map(Path::to_path_buf);
        let r = self.text(text, &path.display().to_string(), base.as_deref(), depth);
        self.stack.pop();
        r
    }

    fn note(&mut self, at: &Location, what: impl std::fmt::Display) {
        self.out.notes.push(format!("{at}: {what}"));
    }

    fn text(&mut self, text: &str, origin: &str, base: Option<&Path>, depth: usize) -> Result<()> {
        for (n, line) in logical_lines(text) {
            let at = Location::at(origin, n);
            if line.starts_with('-') {
                self.option_line(&line, &at, base, depth)?;
            } else {
                self.requirement(&line, &at, false)?;
            }
        }
        Ok(())
    }

    fn option_line(
        &mut self,
        line: &str,
        at: &Location,
        base: Option<&Path>,
        depth: usize,
    ) -> Result<()> {
        let (name, value) = option(line);
        match name {
            "-r" | "--requirement" => self.include(value, at, base, depth),
            "-c" | "--constraint" => {
                self.note(
                    at,
                    format_args!("constraints file `{value}` ignored (it only limits versions)"),
                );
                Ok(())
            }
            "-e" | "--editable" => match egg_name(value) {
                Some(_) => self.requirement(value, at, true),
                None => {
                    self.note(
                        at,
                        format_args!("editable install `{}` skipped", short(value)),
                    );
                    Ok(())
                }
            },
            n if HARMLESS_OPTIONS.contains(&n) => Ok(()),
            _ => {
                self.note(at, format_args!("option `{}` ignored", short(line)));
                Ok(())
            }
        }
    }

    fn include(
        &mut self,
        value: &str,
        at: &Location,
        base: Option<&Path>,
        depth: usize,
    ) -> Result<()> {
        if value.is_empty() {
            return Err(Error::invalid(
                at,
                "-r",
                "(nothing)",
                "expected a requirements file to include",
            ));
        }
        let Some(base) = base.filter(|_| !self.no_includes) else {
            self.note(at, format_args!("include `{}` not followed", short(value)));
            return Ok(());
        };
        let path = base.join(value);
        let canon = path.canonicalize().unwrap_or_else(|_| path.clone());
        let skip = if value.contains("://") || value.contains("${") {
            "it cannot be resolved offline".to_string()
        } else if depth >= MAX_INCLUDE_DEPTH {
            format!("includes nest deeper than {MAX_INCLUDE_DEPTH}")
        } else if self.stack.contains(&canon) {
            "it is already being read (a cycle)".to_string()
        } else if self.seen.contains(&canon) {
            return Ok(()); // read once already, through another include
        } else {
            match read_text(&path) {
                Ok(text) => return self.file(&path, &text, depth + 1),
                Err(_) => format!("{} could not be read", path.display()),
            }
        };
        self.note(
            at,
            format_args!("include `{}` skipped: {skip}", short(value)),
        );
        Ok(())
    }

    fn requirement(&mut self, line: &str, at: &Location, editable: bool) -> Result<()> {
        let line = without_line_options(line);
        if editable || is_url_or_path(line) {
            return match egg_name(line) {
                Some(name) => {
                    let spec = pep508::parse(name).map_err(|e| self.bad(at, line, &e))?;
                    self.note(
                        at,
                        format_args!("`{}` installs `{name}` from a URL or path", short(line)),
                    );
                    self.push(&spec, at);
                    Ok(())
                }
                None => {
                    self.note(
                        at,
                        format_args!("URL or path `{}` skipped (no `#egg=` name)", short(line)),
                    );
                    Ok(())
                }
            };
        }
        let req = pep508::parse(line).map_err(|e| self.bad(at, line, &e))?;
        if !markers::keep(&req.name, req.marker.as_deref(), at, &mut self.out.notes) {
            return Ok(());
        }
        if req.url.is_some() {
            self.note(
                at,
                format_args!("`{}` is installed from a URL; no version known", req.name),
            );
        }
        self.push(&req, at);
        Ok(())
    }

    fn bad(&self, at: &Location, line: &str, why: &str) -> Error {
        Error::invalid(
            at,
            "requirement",
            format!("`{}`", short(line)),
            format!("{why}; expected a requirement such as `name[extra]>=1.0 ; marker`, or an option such as `-r file`"),
        )
    }

    fn push(&mut self, req: &pep508::Requirement, at: &Location) {
        self.out.push(Dependency::python(req, at.clone()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_comments_continuations_hashes_and_markers() {
        let text = "# top\nboto3==1.28.57  # pinned\nrequests \\\n  >=2.31 \\\n  --hash=sha256:abc\n\n\
                    pywin32==306 ; sys_platform == \"win32\"\nhttpx[http2]==0.27.2\n-c constraints.txt\n\
                    --index-url https://pypi.org/simple\n-e .\ngit+https://github.com/x/y.git#egg=yy\n\
                    https://example.com/z.whl\n-r other.txt\n";
        let d = parse_requirements(text, "requirements.txt").unwrap();
        let names: Vec<_> = d
            .deps
            .iter()
            .map(|d| (d.name.as_str(), d.version.as_deref()))
            .collect();
        assert_eq!(
            names,
            [
                ("boto3", Some("1.28.57")),
                ("requests", Some(">=2.31")),
                ("httpx", Some("0.27.2")),
                ("yy", None)
            ]
        );
        assert_eq!(d.deps.get(1).unwrap().at.line, Some(3));
        assert_eq!(d.deps.get(2).unwrap().extras, ["http2"]);
        let notes = d.notes.join("\n");
        assert!(
            notes.contains("requirements.txt:7: `pywin32` skipped: marker"),
            "{notes}"
        );
        assert!(
            notes.contains("requirements.txt:9: constraints file `constraints.txt` ignored"),
            "{notes}"
        );
        assert!(
            notes.contains("requirements.txt:11: editable install `.` skipped"),
            "{notes}"
        );
        assert!(
            notes.contains("requirements.txt:13: URL or path"),
            "{notes}"
        );
        assert!(
            notes.contains("requirements.txt:14: include `other.txt` not followed"),
            "{notes}"
        );
        assert!(!notes.contains("index-url"), "{notes}");
    }

    #[test]
    fn junk_is_an_error_naming_file_line_and_value() {
        let e = parse_requirements(
            "boto3\n\nthis is not ! a requirement\n",
            "fn/requirements.txt",
        )
        .unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.starts_with(
                "fn/requirements.txt:3: field `requirement` = `this is not ! a requirement`"
            ),
            "{msg}"
        );
    }

    #[test]
    fn duplicates_are_kept_once() {
        let d = parse_requirements("PyJWT==2.9.0\npyjwt\npyJWT[crypto]\n", "r.txt").unwrap();
        assert_eq!(d.deps.len(), 1);
        let jwt = d.deps.first().unwrap();
        assert_eq!(
            (jwt.import.as_str(), jwt.version.as_deref()),
            ("jwt", Some("2.9.0"))
        );
        assert_eq!(jwt.extras, ["crypto"]);
    }
}
