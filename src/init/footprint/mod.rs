//! Static footprint of an installed package: the bytes and code files of the package and of everything it depends
//! on, transitively, read from an installed environment (a virtualenv's `site-packages`, or `node_modules`) without
//! running any of its code. The same reader annotates the import catalogue (`closure_mb`, `closure_files`) and reads
//! a user's install, so a fallback fitted on the one applies to the other.
//!
//! Every walk is bounded: at most [`MAX_FILES`] files looked at, directories nested at most [`MAX_DEPTH`] deep,
//! metadata files of at most [`MAX_METADATA_BYTES`]; past a bound the reader stops with [`Error::TooLarge`] naming
//! where. Symbolic links inside a package are not followed; a package folder that is a link (pnpm, workspaces) is
//! followed only when it leads inside the project that holds `node_modules`.

mod annotate;
mod node;
mod python;

pub use annotate::{annotate_catalog, Annotated};
pub use node::node_footprint;
pub use python::{python_footprint, SitePackages};

use crate::error::{Error, Location, Result};
use crate::vocab::Family;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Bytes in one MB of [`Footprint::closure_mb`]: 10^6, as in the catalogue's `installed_mb`.
pub const BYTES_PER_MB: f64 = 1e6;
/// Files looked at (stat-ed) in one footprint, at most.
pub const MAX_FILES: u64 = 200_000;
/// Directory nesting inside one package folder, at most.
pub const MAX_DEPTH: usize = 64;
/// Packages in one closure, at most.
pub const MAX_PACKAGES: usize = 20_000;
/// Size of one metadata file read (`METADATA`, `RECORD`, `package.json`), at most, bytes.
pub const MAX_METADATA_BYTES: u64 = 64 << 20;

/// What importing a package brings along, read from the installed files.
#[derive(Debug, Clone, PartialEq)]
pub struct Footprint {
    /// Total size of the files of the package and of its dependency closure, MB of 10^6 bytes (each installed
    /// copy counted once; symbolic links not counted).
    pub closure_mb: f64,
    /// Code files in the closure: `.py`, `.so`, `.pyd` for Python; `.js`, `.cjs`, `.mjs`, `.json`, `.node` for
    /// Node.js.
    pub closure_files: u64,
    /// The packages in the closure, the asked one first: normalised distribution names for Python (PEP 503), npm
    /// names for Node.js (a name twice when two copies are installed, at different versions).
    pub dists: Vec<String>,
    /// The installed version of the asked package (empty when its metadata does not say).
    pub version: String,
    /// Dependencies declared without a condition but not installed (or, for Node.js, linked outside the project),
    /// as `dependent -> dependency`.
    pub missing: Vec<String>,
}

/// An installed environment footprints are read from.
#[derive(Debug)]
pub enum Environment {
    /// A `site-packages` folder, read once.
    Python(SitePackages),
    /// A `node_modules` folder.
    Node(PathBuf),
}

impl Environment {
    /// Opens `dir` for `family`: a `site-packages` folder for Python; a `node_modules` folder, or the folder that
    /// holds one, for Node.js.
    pub fn open(dir: &Path, family: Family) -> Result<Environment> {
        match family {
            Family::Python => Ok(Environment::Python(SitePackages::open(dir)?)),
            Family::Node if dir.ends_with("node_modules") => {
                Ok(Environment::Node(dir.to_path_buf()))
            }
            Family::Node => Ok(Environment::Node(dir.join("node_modules"))),
            Family::Custom => Err(Error::Unsupported {
                at: Location::file(dir.display().to_string()),
                message: "custom runtimes have no package footprint".into(),
            }),
        }
    }

    /// The footprint of `name` (a distribution or import name for Python, a package name for Node.js); `Ok(None)`
    /// when it is not installed.
    pub fn footprint(&self, name: &str) -> Result<Option<Footprint>> {
        match self {
            Environment::Python(site) => site.footprint(name),
            Environment::Node(node_modules) => node_footprint(node_modules, name),
        }
    }
}

impl Footprint {
    /// [`Footprint::closure_mb`] rounded to kB, as the catalogues write it.
    pub fn closure_mb_rounded(&self) -> f64 {
        (self.closure_mb * 1000.0).round() / 1000.0
    }
}

/// Accumulates sizes and counts, and enforces [`MAX_FILES`].
#[derive(Debug, Default)]
struct Tally {
    bytes: u64,
    code_files: u64,
    looked_at: u64,
}

impl Tally {
    /// Counts one more file looked at; an error naming `path` past [`MAX_FILES`].
    fn look(&mut self, path: &Path) -> Result<()> {
        self.looked_at += 1;
        if self.looked_at > MAX_FILES {
            return Err(Error::TooLarge {
                at: Location::file(path.display().to_string()),
                message: format!(
                    "more than {MAX_FILES} files in the dependency closure; stopped here"
                ),
            });
        }
        Ok(())
    }

    /// Adds a regular file of `len` bytes; `code` when it is a code file.
    fn add(&mut self, len: u64, code: bool) {
        self.bytes = self.bytes.saturating_add(len);
        self.code_files += u64::from(code);
    }

    fn footprint(self, dists: Vec<String>, version: String, missing: Vec<String>) -> Footprint {
        Footprint {
            closure_mb: self.bytes as f64 / BYTES_PER_MB,
            closure_files: self.code_files,
            dists,
            version,
            missing,
        }
    }
}

/// Whether `name` ends in one of `extensions` (each with its dot, compared ignoring ASCII case).
fn has_extension(name: &str, extensions: &[&str]) -> bool {
    let lower = name.to_ascii_lowercase();
    extensions.iter().any(|e| lower.ends_with(e))
}

/// Reads a small metadata file as text (invalid UTF-8 replaced): a regular file of at most [`MAX_METADATA_BYTES`].
/// `Ok(None)` when it does not exist.
fn read_metadata(path: &Path) -> Result<Option<String>> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(e)),
    };
    if !meta.is_file() {
        return Err(io(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        )));
    }
    if meta.len() > MAX_METADATA_BYTES {
        return Err(Error::TooLarge {
            at: Location::file(path.display().to_string()),
            message: format!(
                "{} bytes; metadata files are read up to {MAX_METADATA_BYTES}",
                meta.len()
            ),
        });
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_METADATA_BYTES).read_to_end(&mut bytes))
        .map_err(io)?;
    Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
}

#[cfg(test)]
mod test_tree {
    //! Fixture trees for the unit tests: a fresh folder per test under the temporary directory.
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use std::path::{Path, PathBuf};

    /// An empty folder `coldcost-footprint-NAME-PID`, emptied if it exists.
    pub fn scratch(name: &str) -> PathBuf {
        let d =
            std::env::temp_dir().join(format!("coldcost-footprint-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("scratch folder");
        d
    }

    /// Writes `text` at `root/rel`, creating folders.
    pub fn write(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn the_file_bound_is_an_error_naming_where_it_was_reached() {
        let mut t = Tally::default();
        for _ in 0..MAX_FILES {
            t.look(Path::new("ok")).unwrap();
        }
        let err = t.look(Path::new("/env/pkg/one-too-many.js")).unwrap_err();
        assert!(matches!(err, Error::TooLarge { .. }));
        assert!(
            err.to_string()
                .starts_with("/env/pkg/one-too-many.js: more than 200000 files"),
            "{err}"
        );
        t.add(u64::MAX, true);
        t.add(5, false);
        let f = t.footprint(vec![], String::new(), vec![]);
        assert_eq!(f.closure_files, 1);
        assert!(f.closure_mb > 1e13);
    }

    #[test]
    fn metadata_files_must_be_small_regular_files() {
        let d = test_tree::scratch("metadata");
        assert_eq!(read_metadata(&d.join("absent")).unwrap(), None);
        let err = read_metadata(&d).unwrap_err().to_string();
        assert!(err.contains("coldcost-footprint-metadata"), "{err}");
        test_tree::write(&d, "m", "Name: \u{fffd}é\n");
        assert_eq!(
            read_metadata(&d.join("m")).unwrap().unwrap(),
            "Name: \u{fffd}é\n"
        );
    }
}
