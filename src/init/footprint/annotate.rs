//! Adding the closure figures to an import catalogue file as it is written: `closure_mb` and `closure_files` go
//! after each entry's `installed_mb`, replacing any earlier ones, and nothing else in the file changes (its
//! comments and its measured figures stay byte for byte).

use super::Footprint;
use crate::error::{toml_error, Error, Location, Result};
use crate::init::imports::ImportCatalog;

/// A catalogue file with its closure figures, and what could not be annotated.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotated {
    /// The file's new text.
    pub text: String,
    /// One line per entry left without figures: not found in the environment, or installed at another version.
    pub notes: Vec<String>,
}

/// Annotates the catalogue `text` (read from `file`, named in errors): `footprint` gives each entry's figures
/// from an environment (`Ok(None)`: not installed there). An entry whose installed version differs from the
/// catalogue's is left without figures, as is one not found; both are noted. Figures are rounded to kB.
pub fn annotate_catalog(
    text: &str,
    file: &str,
    mut footprint: impl FnMut(&str) -> Result<Option<Footprint>>,
) -> Result<Annotated> {
    let catalog: ImportCatalog = toml::from_str(text).map_err(|e| toml_error(file, text, &e))?;
    let mut notes = Vec::new();
    let mut figures = Vec::with_capacity(catalog.imports.len());
    for e in &catalog.imports {
        figures.push(match footprint(&e.name)? {
            None => {
                notes.push(format!("{}: not found in the environment", e.name));
                None
            }
            Some(f) if !f.version.is_empty() && f.version != e.version => {
                notes.push(format!(
                    "{}: installed {}, catalogued {}: left without closure figures",
                    e.name, f.version, e.version
                ));
                None
            }
            Some(f) => Some((f.closure_mb_rounded(), f.closure_files)),
        });
    }
    let mut out = String::with_capacity(text.len() + 64 * figures.len());
    let mut entry: Option<usize> = None;
    let mut headers = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed == "[[import]]" {
            entry = Some(headers);
            headers += 1;
        } else if trimmed.starts_with('[') {
            entry = None;
        }
        let Some(i) = entry else {
            out.push_str(line);
            continue;
        };
        if key_is(line, "closure_mb") || key_is(line, "closure_files") {
            continue;
        }
        out.push_str(line);
        if let (true, Some(Some((mb, files)))) = (key_is(line, "installed_mb"), figures.get(i)) {
            if !line.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&format!("closure_mb = {mb:?}\nclosure_files = {files}\n"));
        }
    }
    check(&catalog, &figures, &out, file)?;
    Ok(Annotated { text: out, notes })
}

/// Whether `line` sets `key` (`key = …`).
fn key_is(line: &str, key: &str) -> bool {
    line.trim_start()
        .strip_prefix(key)
        .is_some_and(|rest| rest.trim_start().starts_with('='))
}

/// Reads the new text back: the same catalogue, with exactly the figures meant.
fn check(
    before: &ImportCatalog,
    figures: &[Option<(f64, u64)>],
    text: &str,
    file: &str,
) -> Result<()> {
    let mut want = before.clone();
    for (e, f) in want.imports.iter_mut().zip(figures) {
        e.closure_mb = f.map(|f| f.0);
        e.closure_files = f.map(|f| f.1);
    }
    let after: ImportCatalog = toml::from_str(text).map_err(|e| toml_error(file, text, &e))?;
    if after != want {
        return Err(Error::Syntax {
            at: Location::file(file),
            message: "the catalogue's entries are not laid out one `key = value` per line as \
                      `coldcost catalog imports` writes them; regenerate it"
                .into(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    const CATALOG: &str = "# a comment\nfamily = \"python\"\nmeasured = \"2026-12-03\"\ninterpreter = \"python 3.11.7\"\n\
        machine = \"m\"\nruns = 5\nreference_ms = 197.9\n\n[[import]]\nname = \"a\"\nversion = \"1.0\"\nlocal_ms = 2.5\n\
        local_min_ms = 2.0\nlocal_max_ms = 3.0\ninstalled_mb = 0.01\nclosure_mb = 9.0\nincludes = []\n\n[[import]]\n\
        name = \"b\"\nversion = \"2.0\"\nlocal_ms = 1.0\nlocal_min_ms = 1.0\nlocal_max_ms = 1.0\ninstalled_mb = 0.0\n\
        includes = [\"a\"]\n\n[[import]]\nname = \"c\"\nversion = \"3.0\"\nlocal_ms = 1.0\nlocal_min_ms = 1.0\n\
        local_max_ms = 1.0\ninstalled_mb = 0.0\nincludes = []\n";

    fn fp(version: &str, mb: f64, files: u64) -> Footprint {
        Footprint {
            closure_mb: mb,
            closure_files: files,
            dists: vec![],
            version: version.into(),
            missing: vec![],
        }
    }

    #[test]
    fn only_lines_are_added_and_stale_figures_replaced() {
        let out = annotate_catalog(CATALOG, "cat.toml", |name| {
            Ok(match name {
                "a" => Some(fp("1.0", 12.34567, 40)),
                "b" => Some(fp("2.1", 1.0, 1)),
                _ => None,
            })
        })
        .unwrap();
        assert_eq!(
            out.notes,
            [
                "b: installed 2.1, catalogued 2.0: left without closure figures",
                "c: not found in the environment"
            ]
        );
        let want = CATALOG.replace(
            "installed_mb = 0.01\nclosure_mb = 9.0\n",
            "installed_mb = 0.01\nclosure_mb = 12.346\nclosure_files = 40\n",
        );
        assert_eq!(out.text, want);
        let cat: ImportCatalog = toml::from_str(&out.text).unwrap();
        assert_eq!(cat.imports[0].closure_mb, Some(12.346));
        assert_eq!(cat.imports[1].closure_files, None);
    }

    #[test]
    fn a_catalogue_laid_out_otherwise_is_refused() {
        let inline = CATALOG
            .replace(
                "installed_mb = 0.01\nclosure_mb = 9.0\n",
                "installed_mb = 0.01\n",
            )
            .replace("includes = [\"a\"]\n", "includes = [\n\"a\"]\n");
        let reordered = inline.replacen("installed_mb = 0.01\n", "", 1).replacen(
            "local_ms = 2.5\n",
            "local_ms = 2.5\ninstalled_mb = 0.01\n",
            1,
        );
        assert!(annotate_catalog(&inline, "x.toml", |_| Ok(Some(fp("", 1.0, 1)))).is_ok());
        let squeezed = "family = \"python\"\nmeasured = \"d\"\ninterpreter = \"i\"\nmachine = \"m\"\nruns = 5\nreference_ms = 1.0\n\
            import = [{name = \"a\", version = \"1\", local_ms = 1.0, local_min_ms = 1.0, local_max_ms = 1.0, installed_mb = 0.0, includes = []}]\n";
        let err = annotate_catalog(squeezed, "x.toml", |_| Ok(Some(fp("", 1.0, 1))))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("x.toml") && err.contains("regenerate"),
            "{err}"
        );
        assert!(annotate_catalog(&reordered, "x.toml", |_| Ok(Some(fp("", 1.0, 1)))).is_ok());
        assert!(annotate_catalog("family = 1", "y.toml", |_| Ok(None))
            .unwrap_err()
            .to_string()
            .contains("y.toml"));
    }
}
