//! Dependencies from manifests and lockfiles: the runtime dependencies a function's code directory declares, under
//! the names its code imports, with the versions the lockfile pins.
//!
//! Python: the top-level list from `requirements.txt`, else `pyproject.toml` (PEP 621, then Poetry), else
//! `Pipfile`, else the root of `uv.lock` / `poetry.lock`; versions from `poetry.lock`, `uv.lock` or
//! `Pipfile.lock`. Node.js: the list from `package.json`, versions from `package-lock.json`, `yarn.lock` or
//! `pnpm-lock.yaml`. One file per format; [`read_dependencies`] applies the precedence, and
//! [`read_dependencies_near`] walks up from a code directory to the first directory with a manifest.

mod build_tools;
mod installed;
mod json;
mod lock;
mod markers;
mod near;
mod node;
mod package_json;
mod package_lock;
mod pep508;
mod pipfile;
mod pnpm_lock;
mod poetry_lock;
mod pyproject;
mod python;
mod requirements;
mod requirements_syntax;
mod uv_lock;
mod yarn_lock;

pub use crate::vocab::names::{import_name, normalize, python_import, same_distribution};
pub use build_tools::is_build_tool;
pub use installed::{find_node_modules, find_site_packages};
pub use lock::{Locked, Lockfile};
pub use markers::on_lambda as marker_on_lambda;
pub use near::{read_dependencies_near, read_dependencies_near_with};
pub use package_json::{read_package_json, PackageJson};
pub use package_lock::read_package_lock;
pub use pipfile::{read_pipfile, read_pipfile_lock};
pub use pnpm_lock::read_pnpm_lock;
pub use poetry_lock::read_poetry_lock;
pub use pyproject::read_pyproject;
pub use requirements::{parse_requirements, read_requirements, MAX_INCLUDE_DEPTH};
pub use uv_lock::read_uv_lock;
pub use yarn_lock::{parse_yarn_lock, read_yarn_lock};

use crate::error::{Error, Location, Result};
use crate::vocab::Family;
use serde::Serialize;
use std::path::{Component, Path, PathBuf};

/// One runtime dependency of a function.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dependency {
    /// The name as the manifest writes it (a distribution name such as `PyJWT`, or an npm package name).
    pub name: String,
    /// The name the code imports (`jwt` for PyJWT, `PIL` for Pillow; npm packages import under their own name).
    pub import: String,
    /// The version the lockfile pins, else the manifest's requirement, when either says. An exact version is
    /// written bare (`2.9.0`); a requirement as the manifest writes it (`>=2,<3`, `^5.0.2`).
    pub version: Option<String>,
    /// Python extras asked for (`httpx[http2]` → `http2`); empty for npm packages.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extras: Vec<String>,
    /// Where it is declared.
    #[serde(skip)]
    pub at: Location,
}

impl Dependency {
    /// A dependency of a Python function from a parsed PEP 508 requirement.
    fn python(req: &pep508::Requirement, at: Location) -> Dependency {
        Dependency {
            name: req.name.clone(),
            import: python_import(&req.name),
            version: req
                .pinned()
                .map(str::to_string)
                .or_else(|| req.spec.clone()),
            extras: req.extras.clone(),
            at,
        }
    }

    /// A dependency named `name` with the version or requirement `version` as written.
    fn named(name: &str, version: Option<&str>, family: Family, at: Location) -> Dependency {
        Dependency {
            name: name.to_string(),
            import: import_name(name, family),
            version: version
                .map(str::trim)
                .filter(|v| !v.is_empty() && *v != "*")
                .map(str::to_string),
            extras: Vec::new(),
            at,
        }
    }
}

/// What a code directory's manifests declare.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Dependencies {
    /// Runtime dependencies, each once, in the manifest's order.
    pub deps: Vec<Dependency>,
    /// The manifests and lockfiles read, as paths.
    pub files: Vec<String>,
    /// What was assumed or skipped (an unresolvable `-r`, a marker that excludes Linux, dev dependencies).
    pub notes: Vec<String>,
    /// For Node.js: what bundles the code and where that is said (`esbuild in devDependencies`, the template's
    /// build method), when anything does.
    pub bundler: Option<String>,
}

impl Dependencies {
    /// Adds `dep` unless a dependency of the same name is already there (PEP 503 names for Python, exact npm
    /// names otherwise); extras asked for again are merged into the first.
    fn push(&mut self, dep: Dependency) {
        let key = normalize(&dep.name);
        match self.deps.iter_mut().find(|d| normalize(&d.name) == key) {
            Some(first) if first.name == dep.name || first.import == dep.import => {
                for e in dep.extras {
                    if !first.extras.contains(&e) {
                        first.extras.push(e);
                    }
                }
            }
            _ => self.deps.push(dep),
        }
    }

    /// The dependency whose name or import name is `name` (PEP 503 comparison for Python names).
    pub fn get(&self, name: &str) -> Option<&Dependency> {
        self.deps
            .iter()
            .find(|d| d.name == name || d.import == name)
            .or_else(|| self.deps.iter().find(|d| same_distribution(&d.name, name)))
    }

    /// The import names, in order.
    pub fn imports(&self) -> Vec<&str> {
        self.deps.iter().map(|d| d.import.as_str()).collect()
    }
}

/// What something outside the manifests says about how a code directory is built.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The code is bundled, and by what (`SAM BuildMethod esbuild`, `CDK NodejsFunction`): for Node.js the
    /// packages a bundler inlines may sit in `devDependencies`, so those that are not build or test tools count.
    pub bundled_by: Option<String>,
    /// Where to look for a lockfile when the manifest's directory has none (a workspace root).
    pub lockfile_dir: Option<PathBuf>,
}

/// Reads the dependency manifests and lockfiles in `dir` for a function of `family` (see the module docs for
/// which file wins). A directory without any manifest gives no dependencies and a note; a manifest that does not
/// parse is an error naming its file, line and key.
pub fn read_dependencies(dir: &Path, family: Family) -> Result<Dependencies> {
    read_dependencies_with(dir, family, &Options::default())
}

/// [`read_dependencies`] with what the infrastructure template says about the build.
pub fn read_dependencies_with(
    dir: &Path,
    family: Family,
    options: &Options,
) -> Result<Dependencies> {
    match family {
        Family::Python => python::read(dir),
        Family::Node => node::read(dir, options),
        Family::Custom => Ok(Dependencies {
            notes: vec![format!(
                "{}: a custom runtime's dependencies are not read from manifests",
                dir.display()
            )],
            ..Dependencies::default()
        }),
    }
}

/// Whether `dir` holds a manifest or lockfile that [`read_dependencies`] reads for `family`.
pub fn has_manifest(dir: &Path, family: Family) -> bool {
    let names: &[&str] = match family {
        Family::Python => python::MANIFESTS,
        Family::Node => &["package.json"],
        Family::Custom => &[],
    };
    names.iter().any(|n| dir.join(n).is_file())
}

/// Reads a whole file as UTF-8 text, without the byte-order mark some editors write.
fn read_text(path: &Path) -> Result<String> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// `p` without `.` components and with each `..` taken back where it can be (`a/./b/../c` → `a/c`), on the
/// text alone: a code directory need not exist.
fn lexical(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Names for a message, comma-separated: the first 12, then how many more.
fn list<S: AsRef<str>>(names: &[S]) -> String {
    let mut out: Vec<&str> = names.iter().take(12).map(AsRef::as_ref).collect();
    let more = names.len().saturating_sub(12);
    let more = format!("and {more} more");
    if names.len() > 12 {
        out.push(&more);
    }
    out.join(", ")
}

/// `s` cut to 60 characters for a message.
fn short(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() <= 60 {
        s.to_string()
    } else {
        let head: String = s.chars().take(57).collect();
        format!("{head}…")
    }
}
